#pragma once

#include <optional>

#include "absl/status/status.h"
#include "services/registry/domain/organization.h"

namespace thidua::registry {

// What hangs on a unit besides its own history: the units it manages (every version that names it
// as parent) and its group memberships. A unit that ends takes its ties with it, over the whole
// future: children it manages on its last day follow its full successor or keep it alive, a change
// that places a child under it later refuses the end, and its memberships end with it.

// The first day on or after `day` on which `child` is managed by `parent`; nullopt when it never
// is from `day` on.
std::optional<CivilDay> ManagedByFrom(const Organization& child, int64_t parent, CivilDay day);

// FAILED_PRECONDITION, reason LATER_TIES: `child` is managed by `parent` on `on`, a day after the
// parent's end, so the parent cannot end first.
absl::Status LaterTie(int64_t child, int64_t parent, CivilDay on);

// Moves `child`, managed by `from` on the day before `day`, under `to` from `day` on. Refused with
// LATER_TIES when a later change of the child's (already recorded) still involves `from`, since
// history is appended in date order and cannot be rewritten under it.
absl::Status HandOver(Organization& child, int64_t from, CivilDay day, int64_t to);

// Ends the memberships of `organization_id` in `group` on `day` - 1. Memberships that would only
// start on or after `day` never take effect and are removed. True when the group changed.
bool EndMemberships(Group& group, int64_t organization_id, CivilDay day);

// A membership starts on a day the unit exists (FAILED_PRECONDITION, reason MEMBER_NOT_VALID) and
// ends at the latest with the unit: an open end is cut to the unit's last day.
absl::Status FitMembership(const Organization& org, GroupMembership& membership);

}  // namespace thidua::registry
