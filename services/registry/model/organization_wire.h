#pragma once

#include <string>

#include "services/registry/domain/organization.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::registry {

// The API form of an organisation with its version number `index` in force.
void Encode(const Organization& org, size_t index, v1::Organization* out);
// Fills `org.wire` with the serialized API form of every version.
void EncodeWire(Organization& org);

}  // namespace thidua::registry
