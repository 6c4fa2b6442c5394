#pragma once

#include <initializer_list>

#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"

namespace thidua::server {

// Checks the update mask of an Update method (AIP-134): it names at least one path; every path
// names a field of `resource`, nested through message fields ("contact.phone"); and every path is
// one of `updatable`, where "contact.*" admits the fields under contact. One violation of field
// "update_mask" per bad path, naming it: "contact.fax" is refused, never an OK that changed
// nothing.
void CheckUpdateMask(const google::protobuf::FieldMask& mask,
                     const google::protobuf::Descriptor& resource,
                     std::initializer_list<absl::string_view> updatable, Violations& violations);

}  // namespace thidua::server
