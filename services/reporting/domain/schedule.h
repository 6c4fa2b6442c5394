#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "services/reporting/domain/deadline.h"
#include "services/reporting/domain/period.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// An obligation's periods and deadlines, as the domain reads them from its PeriodRule,
// DeadlineRule and years (thidua.reporting.v1.Obligation).
struct Schedule {
  PeriodKind kind = PeriodKind::kYear;
  Regime regime;
  DeadlineRule deadline;
  int first_year = 0;
  int last_year = 0;  // 0: open-ended
  // kAdHoc: the one window.
  CivilDay ad_hoc_first;
  CivilDay ad_hoc_last;

  // Every period owed whose window overlaps [from, to], in order (at most 200).
  std::vector<Period> PeriodsOverlapping(CivilDay from, CivilDay to) const;
  // The first period owed; ScheduleOf refuses a schedule without one.
  std::optional<Period> FirstPeriod() const;
  // The period of a key (see Key), if the obligation owes it.
  std::optional<Period> PeriodOfKey(absl::string_view key) const;
};

// Reads an obligation's schedule, adding a violation per bad field under `prefix`
// ("obligation."): the kind, the regime, the ad hoc window, the deadline rule, the years.
// nullopt when a violation was added.
std::optional<Schedule> ScheduleOf(const v1::Obligation& obligation, absl::string_view prefix,
                                   Violations& v);

// A period's stable key: "2026", "2026-H1", "2026-9M", "2026-Q1", "2026-M03", "2023-2025",
// "ADHOC".
std::string Key(const Period& period);

// The period as the contract shows it, with its deadline and its state on `as_of`.
v1::Period PeriodMessage(int64_t obligation_id, const Period& period, const Deadline& deadline,
                         CivilDay as_of);

// The period as the contract shows it while its deadline cannot be counted (working days in a
// year whose days off are not loaded): no deadline, and its state by its window alone (DUE once
// the window has ended).
v1::Period PeriodWithoutDeadline(int64_t obligation_id, const Period& period, CivilDay as_of);

// The deadline falls before the window's last day: the remaining days' figures are estimates.
bool WithEstimates(const Period& period, const Deadline& deadline);

// The state of a period with `deadline` on `day` (thidua.reporting.v1.PeriodState).
v1::PeriodState StateOn(const Period& period, const Deadline& deadline, CivilDay day);

}  // namespace thidua::reporting
