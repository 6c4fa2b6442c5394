#pragma once

#include <string>

#include "absl/status/status.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// The checks every year of the working calendar passes, from SetWorkingCalendar or from the
// calendar shipped with thidua: a year in 2000..2100, a source named, valid dates listed once
// (at most 60 a list), all inside the year, days off on weekdays and days worked at weekends.
// INVALID_ARGUMENT naming the field under `prefix` ("calendar.days_off[3]"). On success the lists
// are sorted, so a year reads the same however it was typed.
absl::Status CheckCalendarYear(v1::WorkingCalendarYear& year, const std::string& prefix);

}  // namespace thidua::reporting
