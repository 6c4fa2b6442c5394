#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/reporting/domain/period.h"
#include "services/reporting/domain/working_calendar.h"

namespace thidua::reporting {

// When a report of a period is due, as data (REPORTING.md, "Deadlines and lateness"):
//   kDayOfMonth    day `day` of the month `month_offset` months after the month the window ends
//                  in: "trước ngày 15/11" for the movement's year ending 14/11 is (15, 0); seed
//                  003's "trước ngày 10/11" for an NĐ 09 year ending 14/12 is (10, −1), before
//                  the window ends; "trước ngày 18 hằng tháng" is (18, 0). A day the month lacks
//                  ("trước ngày 30" of February) means through the month's last day.
//   kWorkingDays   the `working_days`-th working day after the window's last day ("2 ngày làm việc
//                  sau ngày chốt số liệu"), counted on the WorkingCalendar.
//   kDate          a date of its own (an ad hoc request).
// `before` keeps what the text said: "trước ngày X" (before X: the last day allowed is X−1) or
// "đến ngày X", "chậm nhất ngày X" (X included). The N-th working day is always included.
struct DeadlineRule {
  enum class Kind { kDayOfMonth, kWorkingDays, kDate };
  Kind kind = Kind::kDayOfMonth;
  int day = 0;           // kDayOfMonth: 1..31
  int month_offset = 0;  // kDayOfMonth: −11..12
  int working_days = 0;  // kWorkingDays: 1..60
  CivilDay date;         // kDate
  bool before = true;
};

// Empty when `rule` is well formed; otherwise the English reason.
std::string CheckDeadlineRule(const DeadlineRule& rule);

// A period's deadline: the day the rule names and the last day a report is on time.
struct Deadline {
  CivilDay named;         // the X of "trước ngày X" / "đến ngày X"
  CivilDay last_allowed;  // X−1 for "trước ngày X", else X
  bool before = true;
  // "trước ngày 15/11/2026", "đến hết ngày 10/06/2026".
  std::string Describe() const;
};

// The deadline of `period` under `rule`; INVALID_ARGUMENT (field `deadline`) for a rule that
// CheckDeadlineRule refuses; FAILED_PRECONDITION (HOLIDAYS_NOT_LOADED) when working days are
// counted through a year whose holidays are not loaded.
absl::StatusOr<Deadline> DeadlineOf(const DeadlineRule& rule, const Period& period,
                                    const WorkingCalendar& calendar);

// Vietnam calendar days from the last day allowed to the civil day (UTC+7) of `submitted`, the
// instant the server accepted the report; 0 when on time. At 23:30 UTC on 14/11 it is already
// 15/11 in Vietnam.
int DaysLate(const Deadline& deadline, absl::Time submitted);

}  // namespace thidua::reporting
