#include "services/reporting/domain/deadline.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua::reporting {

std::string CheckDeadlineRule(const DeadlineRule& rule) {
  switch (rule.kind) {
    case DeadlineRule::Kind::kDayOfMonth:
      if (rule.day < 1 || rule.day > 31) return "day must be 1 to 31";
      if (rule.month_offset < -11 || rule.month_offset > 12) {
        return "month_offset must be -11 to 12";
      }
      return "";
    case DeadlineRule::Kind::kWorkingDays:
      if (rule.working_days < 1 || rule.working_days > 60) return "working_days must be 1 to 60";
      return "";
    case DeadlineRule::Kind::kDate:
      return "";
  }
  return "unknown kind";
}

absl::StatusOr<Deadline> DeadlineOf(const DeadlineRule& rule, const Period& period,
                                    const WorkingCalendar& calendar) {
  if (std::string problem = CheckDeadlineRule(rule); !problem.empty()) {
    return InvalidArgument({{"deadline", problem, "quy tắc thời hạn không hợp lệ"}});
  }
  Deadline out;
  out.before = rule.before;
  switch (rule.kind) {
    case DeadlineRule::Kind::kDayOfMonth: {
      const absl::CivilMonth month = absl::CivilMonth(period.last) + rule.month_offset;
      const CivilDay last_of_month = CivilDay(month + 1) - 1;
      out.named = CivilDay(month) + (rule.day - 1);
      if (out.named > last_of_month) {  // "trước ngày 30" of February: through its last day
        out.named = last_of_month;
        out.before = false;
      }
      break;
    }
    case DeadlineRule::Kind::kWorkingDays: {
      absl::StatusOr<CivilDay> day = calendar.WorkingDaysAfter(period.last, rule.working_days);
      if (!day.ok()) return day.status();
      out.named = *day;
      out.before = false;
      break;
    }
    case DeadlineRule::Kind::kDate:
      out.named = rule.date;
      break;
  }
  out.last_allowed = out.before ? out.named - 1 : out.named;
  return out;
}

std::string Deadline::Describe() const {
  return absl::StrCat(before ? "trước ngày " : "đến hết ngày ", ToVietnamese(named));
}

int DaysLate(const Deadline& deadline, absl::Time submitted) {
  const CivilDay day = absl::ToCivilDay(submitted, VietnamTimeZone());
  return static_cast<int>(std::max<absl::civil_diff_t>(0, day - deadline.last_allowed));
}

}  // namespace thidua::reporting
