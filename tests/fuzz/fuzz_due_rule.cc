// Due rules ("trước ngày 15/11 hằng năm", "trong tháng 12/2025") from any numbers: the check
// refuses what is malformed, and a rule it accepts computes its deadlines for any year and day
// without overflow, each on or after the day asked when it says "next".
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "services/plans/domain/due_rule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using thidua::plans::DueRule;
  FuzzedDataProvider input(data, size);
  DueRule rule;
  rule.kind = input.PickValueInArray({DueRule::Kind::kNone, DueRule::Kind::kDate,
                                      DueRule::Kind::kYearly, DueRule::Kind::kInMonth});
  rule.date = absl::CivilDay(input.ConsumeIntegralInRange<int>(1, 9999),
                             input.ConsumeIntegralInRange<int>(1, 12),
                             input.ConsumeIntegralInRange<int>(1, 31));
  rule.day = input.ConsumeIntegral<int>();
  rule.month = input.ConsumeIntegral<int>();
  rule.year = input.ConsumeIntegral<int>();
  (void)rule.Describe();
  if (!thidua::plans::CheckDueRule(rule).empty()) return 0;
  // Years and days as the services take them: the registry's dates run from 1 to 9999.
  const int year = input.ConsumeIntegralInRange<int>(1, 9999);
  const absl::CivilDay day(year, input.ConsumeIntegralInRange<int>(1, 12),
                           input.ConsumeIntegralInRange<int>(1, 31));
  (void)rule.DeadlineIn(year);
  (void)rule.DeadlineFor(day);
  (void)rule.Recurring();
  if (auto next = rule.NextOnOrAfter(day); next.has_value() && *next < day) abort();
  return 0;
}
