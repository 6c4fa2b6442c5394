#include "services/registry/importer/admin_units_types.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text.h"

namespace thidua::registry::importer {
namespace {

struct TypeWord {
  UnitType type;
  const char* word;  // as the official lists write it
};

constexpr TypeWord kTypeWords[] = {
    {UnitType::kProvince, "tỉnh"},       {UnitType::kCity, "thành phố"},
    {UnitType::kRuralDistrict, "huyện"}, {UnitType::kUrbanDistrict, "quận"},
    {UnitType::kTown, "thị xã"},         {UnitType::kCommune, "xã"},
    {UnitType::kWard, "phường"},         {UnitType::kTownship, "thị trấn"},
    {UnitType::kSpecialZone, "đặc khu"},
};

}  // namespace

absl::StatusOr<UnitType> UnitTypeOfName(absl::string_view official_name) {
  const std::string folded = text::Fold(official_name);
  for (const TypeWord& t : kTypeWords) {
    // Whole folded words then a space: "thi xa" and "thi tran" share their first word, and the
    // "xa" of "Xã" must not match the start of a longer word.
    if (absl::StartsWith(folded, absl::StrCat(text::Fold(t.word), " "))) return t.type;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", official_name, "\" does not start with the type of a unit"));
}

std::string UnitTypeWord(UnitType type) {
  for (const TypeWord& t : kTypeWords) {
    if (t.type == type) return t.word;
  }
  return "?";
}

}  // namespace thidua::registry::importer
