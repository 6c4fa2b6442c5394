#include "common/happened.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace thidua {

void CheckHappened(absl::CivilDay day, absl::CivilDay today, absl::string_view field,
                   Violations& violations) {
  if (day <= today) return;
  const std::string shown =
      absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), static_cast<int>(day.year()));
  violations.Add(
      std::string(field),
      absl::StrCat("records what happened and cannot be after today (", shown, ")"),
      absl::StrCat("ghi nhận việc đã xảy ra nên không thể sau ngày hôm nay (", shown, ")"));
}

}  // namespace thidua
