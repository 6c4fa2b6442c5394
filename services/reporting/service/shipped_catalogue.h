#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/db/pool.h"
#include "thidua/reporting/v1/catalogue.pb.h"

namespace thidua::reporting {

// The national catalogue shipped with thidua (services/reporting/data/catalogue.txtpb, compiled
// into the binary): INTERNAL when the text does not parse.
absl::StatusOr<v1::Catalogue> ShippedCatalogue();

// Adds the entries of `catalogue` whose code is not stored yet, each checked as CreateIndicator
// and CreateTemplate check it, in one transaction with an audit row each; stored entries are left
// as they are (a code never changes meaning). FAILED_PRECONDITION naming the entry when one fails
// its checks: nothing is then added.
absl::Status AddMissingToCatalogue(db::Pool& pool, const v1::Catalogue& catalogue);

// The working calendar shipped with thidua (services/reporting/data/working_calendar.txtpb, its
// sources in WORKING-CALENDAR.md): INTERNAL when the text does not parse.
absl::StatusOr<v1::WorkingCalendarData> ShippedWorkingCalendar();

// Stores the years of `data` not stored yet, each checked as SetWorkingCalendar checks it, in one
// transaction with an audit row each, and returns them. A stored year is left as it is: an
// administrator's correction is never overwritten by a release. FAILED_PRECONDITION naming the
// year when one fails its checks: nothing is then stored.
absl::StatusOr<std::vector<int>> AddMissingCalendarYears(db::Pool& pool,
                                                         const v1::WorkingCalendarData& data);

}  // namespace thidua::reporting
