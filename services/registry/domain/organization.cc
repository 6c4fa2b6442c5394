#include "services/registry/domain/organization.h"

#include "absl/strings/str_cat.h"

namespace thidua::registry {

const Version& Organization::VersionOn(CivilDay day) const {
  for (const Version& v : versions) {
    if (v.period.Contains(day)) return v;
  }
  return day < versions.front().period.from ? versions.front() : versions.back();
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
