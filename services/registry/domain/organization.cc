#include "services/registry/domain/organization.h"

#include "absl/strings/str_cat.h"

namespace thidua::registry {

size_t Organization::VersionIndexOn(CivilDay day) const {
  for (size_t i = 0; i < versions.size(); ++i) {
    if (versions[i].period.Contains(day)) return i;
  }
  return day < versions.front().period.from ? 0 : versions.size() - 1;
}

std::string EtagOf(int64_t version) { return absl::StrCat("\"", version, "\""); }

bool IsCommuneLevel(Kind kind) {
  return kind == v1::COMMUNE || kind == v1::WARD || kind == v1::TOWNSHIP ||
         kind == v1::SPECIAL_ZONE;
}

bool IsAdministrativeUnit(Kind kind) {
  return kind == v1::NATION || kind == v1::PROVINCE || kind == v1::DISTRICT || IsCommuneLevel(kind);
}

}  // namespace thidua::registry
