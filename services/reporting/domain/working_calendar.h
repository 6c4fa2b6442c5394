#pragma once

#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace thidua::reporting {

using absl::CivilDay;

// Which days are worked, from data. Saturdays and Sundays are off. The public holidays (Bộ luật
// Lao động 2019, Art. 112) and the days off the Government announces each year around them (Tết
// Nguyên Đán follows the lunar calendar, and days are swapped to make long breaks) are loaded per
// year, never computed: so are the Saturdays worked in exchange (làm bù). A question about a year
// whose days were not loaded is FAILED_PRECONDITION (reason HOLIDAYS_NOT_LOADED), never answered
// as if that year had no holiday.
class WorkingCalendar {
 public:
  // Loads `year`, replacing what was loaded for it. `days_off`: weekdays off (holidays and the
  // days announced with them); `worked_weekend_days`: Saturdays or Sundays worked in exchange.
  // INVALID_ARGUMENT when a day lies outside `year`, a day off is a weekend day, or a worked day
  // is not one, naming the field "<field_prefix>days_off[i]" and its index in the list given.
  absl::Status LoadYear(int year, const std::vector<CivilDay>& days_off,
                        const std::vector<CivilDay>& worked_weekend_days,
                        absl::string_view field_prefix = "");

  bool Knows(int year) const { return years_.contains(year); }

  // Whether `day` is worked; FAILED_PRECONDITION when its year is not loaded.
  absl::StatusOr<bool> IsWorkingDay(CivilDay day) const;

  // The `n`-th working day after `day` (`day` itself not counted; n ≥ 1): "2 ngày làm việc sau
  // ngày chốt số liệu". FAILED_PRECONDITION when a year the count crosses is not loaded.
  absl::StatusOr<CivilDay> WorkingDaysAfter(CivilDay day, int n) const;

 private:
  absl::flat_hash_set<int> years_;
  absl::btree_set<CivilDay> days_off_;
  absl::btree_set<CivilDay> worked_weekend_days_;
};

// True on Saturdays and Sundays.
bool IsWeekend(CivilDay day);

}  // namespace thidua::reporting
