#pragma once

#include "absl/status/status.h"
#include "services/registry/domain/organization.h"

namespace thidua::registry {

// Pure rules of the history events, applied to in-memory organisations; the store persists the
// result. Events on one organisation are applied in date order: an event dated on or before the
// start of its latest period is refused (FAILED_PRECONDITION, reason EVENT_OUT_OF_ORDER), as is an
// event on a day the organisation was not valid (reason NOT_VALID_ON_DATE).

// The organisation must be valid on `day` and its latest period must have started before `day`.
absl::Status CheckEventDate(const Organization& org, CivilDay day);

// From `day` on, the organisation has a new name (and short name when not empty).
absl::Status Rename(Organization& org, CivilDay day, const std::string& display_name,
                    const std::string& short_name);

// From `day` on, the organisation is managed by `new_parent`.
absl::Status Move(Organization& org, CivilDay day, int64_t new_parent);

// The organisation's last valid day becomes `day` - 1.
absl::Status EndOn(Organization& org, CivilDay day);

}  // namespace thidua::registry
