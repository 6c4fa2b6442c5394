#include "services/registry/importer/admin_units_data.h"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/civil_date.h"
#include "nlohmann/json.hpp"
#include "services/registry/domain/organization.h"
#include "services/registry/importer/admin_units_errata.h"
#include "services/registry/importer/admin_units_types.h"

namespace thidua::registry::importer {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Table cells of the official Markdown wrap long names with <br>.
std::string CleanName(absl::string_view raw) {
  std::string name = absl::StrReplaceAll(raw, {{"<br>", " "}});
  std::string out;
  for (char c : name) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

absl::Status DataError(std::string what) {
  return absl::DataLossError(absl::StrCat("admin-units-2025: ", what));
}

// Every unit's name must start with a type its level has: a row whose columns are swapped (Kiên
// Hải's district was named "Xã An Sơn") stops the import instead of giving a district a xã's name.
absl::Status CheckTypes(const std::vector<Unit>& units, absl::string_view level,
                        const std::vector<UnitType>& allowed) {
  for (const Unit& u : units) {
    auto type = UnitTypeOfName(u.name);
    if (!type.ok())
      return DataError(absl::StrCat(level, " ", u.code, ": ", type.status().message()));
    if (std::find(allowed.begin(), allowed.end(), *type) == allowed.end()) {
      return DataError(absl::StrCat(level, " ", u.code, " \"", u.name, "\" is a ",
                                    UnitTypeWord(*type), ", not a unit of this level"));
    }
  }
  return absl::OkStatus();
}

// The types each level has: before 1 July 2025 province, district and commune level, after it
// province and commune level (see DOMAIN.md).
const std::vector<UnitType> kProvinceTypes = {UnitType::kProvince, UnitType::kCity};
const std::vector<UnitType> kOldDistrictTypes = {UnitType::kRuralDistrict, UnitType::kUrbanDistrict,
                                                 UnitType::kTown, UnitType::kCity};
const std::vector<UnitType> kOldCommuneTypes = {UnitType::kCommune, UnitType::kWard,
                                                UnitType::kTownship};
const std::vector<UnitType> kCommuneTypes = {UnitType::kCommune, UnitType::kWard,
                                             UnitType::kSpecialZone};

absl::Status CheckAllTypes(const AdminUnits& data) {
  absl::Status s = CheckTypes(data.old_provinces, "old province", kProvinceTypes);
  s.Update(CheckTypes(data.old_districts, "old district", kOldDistrictTypes));
  s.Update(CheckTypes(data.old_communes, "old commune", kOldCommuneTypes));
  s.Update(CheckTypes(data.new_provinces, "province", kProvinceTypes));
  s.Update(CheckTypes(data.new_communes, "commune", kCommuneTypes));
  return s;
}

// The renames fit the old lists (see AdminUnits). Latest first: the newest rename of a unit must
// end at the name the lists give it on 30 June 2025, each earlier one at the name the next one
// starts from.
absl::Status CheckRenames(const AdminUnits& data) {
  struct Old {
    const Unit* unit;
    const char* level;
    const std::vector<UnitType>* types;
  };
  std::map<std::string, Old> old_units;  // codes of different levels differ in length
  for (const Unit& u : data.old_provinces)
    old_units[u.code] = {&u, "old province", &kProvinceTypes};
  for (const Unit& u : data.old_districts)
    old_units[u.code] = {&u, "old district", &kOldDistrictTypes};
  for (const Unit& u : data.old_communes)
    old_units[u.code] = {&u, "old commune", &kOldCommuneTypes};
  std::vector<const Rename*> latest_first;
  for (const Rename& r : data.renames) latest_first.push_back(&r);
  std::sort(latest_first.begin(), latest_first.end(), [](const Rename* a, const Rename* b) {
    return a->code != b->code ? a->code < b->code : a->effective > b->effective;
  });
  std::map<std::string, const Rename*> next_rename;  // by code, once one has been checked
  for (const Rename* r : latest_first) {
    const std::string where = absl::StrCat("renames.tsv line ", r->line, ": ");
    auto old = old_units.find(r->code);
    if (old == old_units.end()) {
      return DataError(absl::StrCat(where, "stale: no old unit has code ", r->code));
    }
    if (r->effective >= kTwoLevelGovernment || r->effective <= kOpenStart) {
      return DataError(absl::StrCat(where, "dated ", ToIso(r->effective),
                                    ": a rename must fall after 1000-01-01 and on or before "
                                    "30/06/2025, the day whose names the lists give"));
    }
    auto next = next_rename.find(r->code);
    if (next != next_rename.end() && next->second->effective == r->effective) {
      return DataError(
          absl::StrCat(where, "unit ", r->code, " is renamed twice on ", ToIso(r->effective)));
    }
    const std::string& name =
        next == next_rename.end() ? old->second.unit->name : next->second->name_before;
    if (r->name_from != name) {
      return DataError(absl::StrCat(
          where, "stale: ", old->second.level, " ", r->code, " is named \"", name, "\" ",
          next == next_rename.end() ? "on 30/06/2025"
                                    : absl::StrCat("until line ", next->second->line, "'s rename"),
          ", not \"", r->name_from, "\"; if the source changed, correct or remove the rename"));
    }
    if (absl::Status s = CheckTypes({{r->code, r->name_before, ""}, {r->code, r->name_from, ""}},
                                    absl::StrCat(where, old->second.level), *old->second.types);
        !s.ok()) {
      return s;
    }
    next_rename[r->code] = r;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AdminUnits> ReadAdminUnits(const std::string& dir) {
  AdminUnits data;
  std::string all_files;
  std::map<std::string, std::string> files;
  for (const char* name : {"old-units.csv", "1027_CTK-CSCL.md", "915_CTK-CSCL.csv", "merges.json",
                           "errata.tsv", "renames.tsv"}) {
    auto content = ReadFile(absl::StrCat(dir, "/", name));
    if (!content.ok()) return content.status();
    absl::StrAppend(&all_files, *content);
    files[name] = *std::move(content);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(all_files.data(), all_files.size(), digest, &length, EVP_sha256(), nullptr);
  data.checksum =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
  // Known errors of the sources are corrected as errata.tsv records, before anything is read.
  auto errata = ParseErrata(files["errata.tsv"]);
  if (!errata.ok()) return errata.status();
  if (absl::Status s = ApplyErrata(*errata, files); !s.ok()) return s;
  auto renames = ParseRenames(files["renames.tsv"]);
  if (!renames.ok()) return renames.status();
  data.renames = *std::move(renames);

  // Old units: one row per commune with its district and province.
  std::set<std::string> seen_provinces, seen_districts;
  bool header = true;
  for (absl::string_view line : absl::StrSplit(files["old-units.csv"], '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f = absl::StrSplit(line, ',');
    if (f.size() != 6) return DataError(absl::StrCat("old-units.csv: bad row ", line));
    if (seen_provinces.insert(f[0]).second) data.old_provinces.push_back({f[0], f[1], ""});
    if (seen_districts.insert(f[2]).second) data.old_districts.push_back({f[2], f[3], f[0]});
    data.old_communes.push_back({f[4], f[5], f[2]});
  }

  // New communes: the official table rows "| Stt | Mã số | Tên | Tỉnh |".
  static const RE2 row(R"(\|\s*\d+\s*\|\s*(\d{5})\s*\|([^|]*)\|[^|]*\|\s*)");
  std::map<std::string, std::string> official_name;
  for (absl::string_view line : absl::StrSplit(files["1027_CTK-CSCL.md"], '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    std::string code, name;
    if (RE2::FullMatch(re2::StringPiece(line.data(), line.size()), row, &code, &name)) {
      official_name[code] = CleanName(name);
    }
  }
  std::set<std::string> province_codes_915;
  header = true;
  for (absl::string_view line : absl::StrSplit(files["915_CTK-CSCL.csv"], '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f = absl::StrSplit(line, ',');
    if (f.size() != 3) return DataError(absl::StrCat("915_CTK-CSCL.csv: bad row ", line));
    province_codes_915.insert(f[1]);
  }

  // Structure of the new units and their merges.
  nlohmann::json merges = nlohmann::json::parse(files["merges.json"], nullptr, false);
  if (merges.is_discarded() || !merges.contains("data"))
    return DataError("merges.json is not JSON");
  for (const auto& province : merges["data"]) {
    const std::string code = province["level1_id"];
    if (!province_codes_915.count(code)) {
      return DataError(absl::StrCat("province ", code, " is not in 915_CTK-CSCL.csv"));
    }
    data.new_provinces.push_back({code, province["name"], ""});
    Merge pm{code, {}};
    for (const auto& part : province["merges"])
      pm.parts.push_back({part["old_id"], part["type"] == "full"});
    data.province_merges.push_back(std::move(pm));
    for (const auto& commune : province["level2s"]) {
      const std::string ccode = commune["level2_id"];
      auto name = official_name.find(ccode);
      if (name == official_name.end()) {
        return DataError(absl::StrCat("commune ", ccode, " is not in 1027_CTK-CSCL.md"));
      }
      data.new_communes.push_back({ccode, name->second, code});
      Merge cm{ccode, {}};
      for (const auto& part : commune["merges"])
        cm.parts.push_back({part["old_id"], part["type"] == "full"});
      data.commune_merges.push_back(std::move(cm));
    }
  }
  if (data.new_communes.size() != official_name.size()) {
    return DataError(absl::StrCat("1027_CTK-CSCL.md lists ", official_name.size(),
                                  " communes, merges.json ", data.new_communes.size()));
  }

  // Districts without any commune (island districts) appear only as merge sources; they belong to
  // the old province whose district codes surround theirs (GSO numbers districts by province).
  std::map<std::string, std::string> district_province;
  for (const Unit& d : data.old_districts) district_province[d.code] = d.parent_code;
  std::set<std::string> old_commune_codes;
  for (const Unit& c : data.old_communes) old_commune_codes.insert(c.code);
  for (const auto& province : merges["data"]) {
    for (const auto& commune : province["level2s"]) {
      for (const auto& part : commune["merges"]) {
        const std::string old_code = part["old_id"];
        if (old_code.size() == 5) {
          if (!old_commune_codes.count(old_code)) {
            return DataError(absl::StrCat("merged commune ", old_code, " is not an old commune"));
          }
          continue;
        }
        if (old_code.size() != 3 || district_province.count(old_code)) continue;
        auto below = district_province.lower_bound(old_code);
        if (below == district_province.begin()) return DataError("district code below all");
        --below;
        std::string name = part["name"];
        data.old_districts.push_back({old_code, name, below->second});
        district_province[old_code] = below->second;
      }
    }
  }
  // Every old commune must go somewhere.
  std::set<std::string> covered;
  for (const Merge& m : data.commune_merges) {
    for (const auto& p : m.parts) covered.insert(p.old_code);
  }
  for (const Unit& c : data.old_communes) {
    if (!covered.count(c.code))
      return DataError(absl::StrCat("old commune ", c.code, " has no successor"));
  }
  if (absl::Status s = CheckAllTypes(data); !s.ok()) return s;
  if (absl::Status s = CheckRenames(data); !s.ok()) return s;
  return data;
}

}  // namespace thidua::registry::importer
