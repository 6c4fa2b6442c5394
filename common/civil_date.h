#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/clock.h"
#include "thidua/common/v1/date.pb.h"

namespace thidua {

// Civil dates of documents and deadlines are Vietnamese dates (UTC+7, no daylight saving).
absl::TimeZone VietnamTimeZone();
absl::CivilDay TodayInVietnam(const Clock& clock);

// An unset proto date (all zero) is nullopt; a partly set or impossible one is INVALID_ARGUMENT.
absl::StatusOr<std::optional<absl::CivilDay>> FromProto(const common::v1::Date& date);
common::v1::Date ToProto(absl::CivilDay day);
// Leaves `out` unset for nullopt.
void ToProto(const std::optional<absl::CivilDay>& day, common::v1::Date* out);

// "YYYY-MM-DD", the form SQL DATE columns take and give.
std::string ToIso(absl::CivilDay day);
std::optional<absl::CivilDay> ParseIso(absl::string_view iso);
// "dd/mm/yyyy", the form Vietnamese documents and messages use.
std::string ToVietnamese(absl::CivilDay day);

}  // namespace thidua
