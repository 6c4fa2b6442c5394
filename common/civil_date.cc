#include "common/civil_date.h"

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace thidua {

absl::TimeZone VietnamTimeZone() {
  static const absl::TimeZone zone = absl::FixedTimeZone(7 * 3600);
  return zone;
}

absl::CivilDay TodayInVietnam(const Clock& clock) {
  return absl::ToCivilDay(clock.Now(), VietnamTimeZone());
}

absl::StatusOr<std::optional<absl::CivilDay>> FromProto(const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return std::nullopt;
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d-%d-%d is not a date", date.year(), date.month(), date.day()));
  }
  return day;
}

common::v1::Date ToProto(absl::CivilDay day) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

void ToProto(const std::optional<absl::CivilDay>& day, common::v1::Date* out) {
  if (day) *out = ToProto(*day);
}

std::string ToIso(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseIso(absl::string_view iso) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(std::string(iso), &day)) return std::nullopt;
  return day;
}

std::string ToVietnamese(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), day.year());
}

}  // namespace thidua
