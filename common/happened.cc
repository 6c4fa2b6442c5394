#include "common/happened.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace thidua {

void CheckHappened(absl::CivilDay day, absl::CivilDay today, absl::string_view field,
                   Violations& violations) {
  if (day <= today) return;
  auto shown = [](absl::CivilDay d) {
    return absl::StrFormat("%02d/%02d/%04d", d.day(), d.month(), static_cast<int>(d.year()));
  };
  violations.Add(std::string(field),
                 absl::StrCat("records what happened, so ", shown(day), " cannot be after today (",
                              shown(today), ")"),
                 absl::StrCat("ghi nhận việc đã xảy ra nên ngày ", shown(day),
                              " không thể sau ngày hôm nay (", shown(today), ")"));
}

}  // namespace thidua
