#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua::registry::importer {

// The type of an administrative unit. The official lists have no type column: the type is the
// word(s) the official name starts with ("Thị trấn Năm Căn", "Huyện Kiên Hải").
enum class UnitType {
  kProvince,       // tỉnh
  kCity,           // thành phố, of province or district level
  kRuralDistrict,  // huyện
  kUrbanDistrict,  // quận
  kTown,           // thị xã
  kCommune,        // xã
  kWard,           // phường
  kTownship,       // thị trấn
  kSpecialZone,    // đặc khu
};

// The type an official name starts with, compared case-insensitively: the old list writes twelve
// townships "Thị Trấn …" and the rest "Thị trấn …". Marks are ignored too (names are compared
// folded, see common/text.h); no two type words fold alike. A name that starts with no type word,
// or is nothing but one, is an error.
absl::StatusOr<UnitType> UnitTypeOfName(absl::string_view official_name);

// The Vietnamese word of a type, for messages: "thị trấn".
std::string UnitTypeWord(UnitType type);

}  // namespace thidua::registry::importer
