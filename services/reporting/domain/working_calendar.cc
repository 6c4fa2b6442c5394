#include "services/reporting/domain/working_calendar.h"

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua::reporting {
namespace {

absl::Status NotLoaded(int year) {
  return Error(absl::StatusCode::kFailedPrecondition, "HOLIDAYS_NOT_LOADED",
               absl::StrCat("The public holidays of ", year,
                            " are not loaded, so working days cannot be counted in it"),
               absl::StrCat("Chưa nạp ngày nghỉ lễ năm ", year,
                            " nên không tính được ngày làm việc trong năm đó"));
}

}  // namespace

bool IsWeekend(CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

absl::Status WorkingCalendar::LoadYear(int year, const std::vector<CivilDay>& days_off,
                                       const std::vector<CivilDay>& worked_weekend_days,
                                       absl::string_view field_prefix) {
  Violations violations;
  // Days off must be weekdays, days worked in exchange weekend days, all within `year`.
  auto check = [&](const std::vector<CivilDay>& days, const char* name, bool weekend) {
    for (size_t i = 0; i < days.size(); ++i) {
      const std::string field = absl::StrCat(field_prefix, name, "[", i, "]");
      const std::string day = ToVietnamese(days[i]);
      if (days[i].year() != year) {
        violations.Add(field, absl::StrCat("lies outside ", year),
                       absl::StrCat("không thuộc năm ", year));
      } else if (IsWeekend(days[i]) != weekend) {
        violations.Add(
            field,
            absl::StrCat(day, weekend ? " is not a weekend day" : " is a weekend day already"),
            absl::StrCat(day,
                         weekend ? " không phải ngày cuối tuần" : " đã là ngày nghỉ cuối tuần"));
      }
    }
  };
  check(days_off, "days_off", false);
  check(worked_weekend_days, "worked_weekend_days", true);
  if (!violations.empty()) return violations.ToStatus();
  const CivilDay first(year, 1, 1);
  const CivilDay after(year + 1, 1, 1);
  days_off_.erase(days_off_.lower_bound(first), days_off_.lower_bound(after));
  worked_weekend_days_.erase(worked_weekend_days_.lower_bound(first),
                             worked_weekend_days_.lower_bound(after));
  days_off_.insert(days_off.begin(), days_off.end());
  worked_weekend_days_.insert(worked_weekend_days.begin(), worked_weekend_days.end());
  years_.insert(year);
  return absl::OkStatus();
}

absl::StatusOr<bool> WorkingCalendar::IsWorkingDay(CivilDay day) const {
  if (!Knows(static_cast<int>(day.year()))) return NotLoaded(static_cast<int>(day.year()));
  if (IsWeekend(day)) return worked_weekend_days_.contains(day);
  return !days_off_.contains(day);
}

absl::StatusOr<CivilDay> WorkingCalendar::WorkingDaysAfter(CivilDay day, int n) const {
  // A year has at least 200 working days, so the count ends within the next few years or meets
  // one not loaded; n is bounded by the callers' validation.
  while (n > 0) {
    day += 1;
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) --n;
  }
  return day;
}

}  // namespace thidua::reporting
