#pragma once

#include "absl/status/statusor.h"
#include "common/errors.h"
#include "services/registry/domain/organization.h"
#include "services/registry/store/registry_store.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::registry {

// Proto ⇄ domain. Output mapping shows an organisation as it stood on `day`.
void ToProto(const Organization& org, CivilDay day, v1::Organization* out);
void ToProto(const Group& group, v1::Group* out);
void ToProto(const store::EventRecord& event, v1::OrganizationEvent* out);

// A unit holds a code only while it exists: unset or wider code bounds become the unit's own, so a
// code of a unit created from 1/7/2025 does not block the unit that held it until 30/6/2025.
void ClipCodesToValidity(Organization& org);

// Input mapping collects bad fields into `violations` under `prefix` instead of failing early, so a
// client learns every mistake of a request at once.
Organization FromProto(const v1::Organization& in, absl::string_view prefix,
                       Violations& violations);
std::vector<Code> CodesFromProto(const v1::Organization& in, absl::string_view prefix,
                                 Violations& violations);
Contact ContactFromProto(const v1::Contact& in);

// A required date: a violation when missing or impossible.
CivilDay RequiredDay(const common::v1::Date& date, absl::string_view field, Violations& violations);
// An optional date: `fallback` when unset, a violation when impossible.
CivilDay OptionalDay(const common::v1::Date& date, CivilDay fallback, absl::string_view field,
                     Violations& violations);

}  // namespace thidua::registry
