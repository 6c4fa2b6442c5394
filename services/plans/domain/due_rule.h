#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"

namespace thidua::plans {

using absl::CivilDay;

// When something is due, as plans word it:
//   kDate     "trước ngày 10/4/2023"           one date
//   kYearly   "trước ngày 15/11 hàng năm"       a day and month, every year of the plan's period
//   kInMonth  "trong tháng 12/2025", "trong tháng 12" (every year when no year is given)
//   kNone     no deadline
struct DueRule {
  enum class Kind { kNone, kDate, kYearly, kInMonth };
  Kind kind = Kind::kNone;
  CivilDay date;  // kDate
  int day = 0;    // kYearly
  int month = 0;  // kYearly, kInMonth
  int year = 0;   // kInMonth: 0 means every year

  static DueRule None() { return {}; }
  static DueRule On(CivilDay date) { return {Kind::kDate, date, 0, 0, 0}; }
  static DueRule Yearly(int day, int month) { return {Kind::kYearly, {}, day, month, 0}; }
  static DueRule InMonth(int month, int year = 0) { return {Kind::kInMonth, {}, 0, month, year}; }

  // The last day allowed for the occurrence belonging to `year`, or nullopt when the rule has no
  // occurrence that year (a one-off date in another year, or no deadline).
  std::optional<CivilDay> DeadlineIn(int year) const;
  // The deadline in force on `day`: a one-off rule's own date; a recurring rule's occurrence in
  // the year of `day`.
  std::optional<CivilDay> DeadlineFor(CivilDay day) const;
  // The first deadline on or after `day`, if any.
  std::optional<CivilDay> NextOnOrAfter(CivilDay day) const;
  // True when the rule can occur more than once.
  bool Recurring() const;
  // Vietnamese wording: "trước ngày 15/11 hằng năm".
  std::string Describe() const;
};

// Empty when the rule is well formed; otherwise the English reason (a 30 February, a month 13).
std::string CheckDueRule(const DueRule& rule);

}  // namespace thidua::plans
