#include "services/plans/domain/due_rule.h"

#include "absl/strings/str_format.h"

namespace thidua::plans {
namespace {

bool ValidDayOfMonth(int day, int month) {
  // 29 February is accepted for yearly rules; DeadlineIn moves it to the 28th in common years.
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

CivilDay LastDayOfMonth(int year, int month) {
  return CivilDay(absl::CivilMonth(year, month) + 1) - 1;
}

}  // namespace

std::optional<CivilDay> DueRule::DeadlineIn(int y) const {
  switch (kind) {
    case Kind::kNone:
      return std::nullopt;
    case Kind::kDate:
      if (date.year() != y) return std::nullopt;
      return date;
    case Kind::kYearly: {
      const CivilDay d(y, month, day);
      return d.month() == month ? d : LastDayOfMonth(y, month);  // 29/2 in a common year
    }
    case Kind::kInMonth:
      if (year != 0 && year != y) return std::nullopt;
      return LastDayOfMonth(y, month);
  }
  return std::nullopt;
}

std::optional<CivilDay> DueRule::DeadlineFor(CivilDay day) const {
  if (kind == Kind::kDate) return date;
  if (kind == Kind::kInMonth && year != 0) return DeadlineIn(year);
  return DeadlineIn(static_cast<int>(day.year()));
}

std::optional<CivilDay> DueRule::NextOnOrAfter(CivilDay from) const {
  for (int y = static_cast<int>(from.year()); y <= from.year() + 1; ++y) {
    if (auto d = DeadlineIn(y); d && *d >= from) return d;
  }
  if (kind == Kind::kDate && date >= from) return date;
  if (kind == Kind::kInMonth && year > from.year()) return LastDayOfMonth(year, month);
  return std::nullopt;
}

bool DueRule::Recurring() const {
  return kind == Kind::kYearly || (kind == Kind::kInMonth && year == 0);
}

std::string DueRule::Describe() const {
  switch (kind) {
    case Kind::kNone:
      return "không có thời hạn";
    case Kind::kDate:
      return absl::StrFormat("trước ngày %d/%d/%d", date.day(), date.month(), date.year());
    case Kind::kYearly:
      return absl::StrFormat("trước ngày %d/%d hằng năm", day, month);
    case Kind::kInMonth:
      return year == 0 ? absl::StrFormat("trong tháng %d hằng năm", month)
                       : absl::StrFormat("trong tháng %d/%d", month, year);
  }
  return "";
}

std::string CheckDueRule(const DueRule& rule) {
  switch (rule.kind) {
    case DueRule::Kind::kNone:
    case DueRule::Kind::kDate:
      return "";
    case DueRule::Kind::kYearly:
      return ValidDayOfMonth(rule.day, rule.month) ? "" : "day and month do not form a date";
    case DueRule::Kind::kInMonth:
      if (rule.month < 1 || rule.month > 12) return "month must be 1 to 12";
      if (rule.year != 0 && (rule.year < 1945 || rule.year > 2200)) return "year out of range";
      return "";
  }
  return "";
}

}  // namespace thidua::plans
