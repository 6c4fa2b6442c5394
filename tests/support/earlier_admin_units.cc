#include "tests/support/earlier_admin_units.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/domain/organization.h"
#include "services/registry/importer/admin_units_versions.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;
namespace importer = registry::importer;

// Quoted for SQL: the test's own values, which hold no quote.
std::string Quote(const std::string& s) { return absl::StrCat("'", s, "'"); }

}  // namespace

const std::string kAdminUnitsDir =
    std::string(THIDUA_SOURCE_DIR) + "/services/registry/data/admin-units-2025";

std::vector<std::string> Query(db::Pool& pool, const std::string& sql) {
  std::vector<std::string> rows;
  EXPECT_TRUE(pool.Run(absl::Now() + absl::Seconds(30),
                       [&](db::Connection& conn) {
                         std::unique_ptr<sql::ResultSet> rs(conn.Prepare(sql).executeQuery());
                         const int columns = static_cast<int>(rs->getMetaData()->getColumnCount());
                         while (rs->next()) {
                           std::string row;
                           for (int c = 1; c <= columns; ++c) {
                             absl::StrAppend(&row, c > 1 ? "|" : "", std::string(rs->getString(c)));
                           }
                           rows.push_back(std::move(row));
                         }
                         return absl::OkStatus();
                       })
                  .ok());
  return rows;
}

void Exec(db::Pool& pool, const std::vector<std::string>& statements) {
  ASSERT_TRUE(pool.Transact(absl::Now() + absl::Seconds(60),
                            [&](db::Connection& conn) {
                              for (const std::string& s : statements) conn.Execute(s);
                              return absl::OkStatus();
                            })
                  .ok());
}

std::string IdOf(const std::string& code, const std::string& valid_from) {
  return absl::StrCat(
      "(SELECT organization_id FROM organization_codes WHERE scheme = ", int{v1::ADMIN_UNIT},
      " AND value = ", Quote(code), " AND valid_from = ", Quote(valid_from), ")");
}

namespace {

// The renames, undone: the version of the earlier name and the RENAME event go, the later name runs
// from the unit's start (every old unit's first version starts on 1000-01-01, and no unit of the
// files is renamed twice).
void UndoRenames(const importer::AdminUnits& today, std::vector<std::string>& sql) {
  for (const importer::Rename& r : today.renames) {
    const std::string id = IdOf(r.code);
    const std::string day = ToIso(r.effective);
    sql.push_back(absl::StrCat(
        "DELETE p, e FROM organization_event_participants p JOIN organization_events e"
        " ON e.id = p.event_id WHERE e.type = ",
        int{v1::RENAME}, " AND e.effective_date = ", Quote(day), " AND p.organization_id = ", id));
    sql.push_back(absl::StrCat("DELETE FROM organization_versions WHERE valid_to = ",
                               Quote(ToIso(r.effective - 1)), " AND organization_id = ", id));
    sql.push_back(absl::StrCat(
        "UPDATE organization_versions SET valid_from = '1000-01-01' WHERE valid_from = ",
        Quote(day), " AND organization_id = ", id));
  }
}

void RecordChecksum(absl::string_view checksum, std::vector<std::string>& sql) {
  sql.push_back(
      absl::StrCat("UPDATE reference_imports SET checksum = ", Quote(std::string(checksum))));
}

}  // namespace

void MakeImportBeforeRenames(db::Pool& pool, const importer::AdminUnits& today) {
  std::vector<std::string> sql;
  UndoRenames(today, sql);
  RecordChecksum(importer::EarlierVersions()[1].checksum, sql);
  Exec(pool, sql);
}

void MakeEarliestImport(db::Pool& pool, const importer::AdminUnits& today) {
  std::vector<std::string> sql;
  for (const importer::Unit& c : today.old_communes) {
    if (absl::StartsWith(c.name, "Thị Trấn ")) {
      sql.push_back(absl::StrCat("UPDATE organizations SET kind = ", int{v1::COMMUNE},
                                 " WHERE id = ", IdOf(c.code)));
    }
  }
  std::map<std::string, std::string> today_name;
  for (const auto* units : {&today.old_districts, &today.old_communes}) {
    for (const importer::Unit& u : *units) today_name[u.code] = u.name;
  }
  std::ifstream in(kAdminUnitsDir + "/old-units.csv");
  std::stringstream published;
  published << in.rdbuf();
  std::map<std::string, std::string> earlier_name;  // districts by their first row, communes
  bool header = true;
  for (absl::string_view line : absl::StrSplit(published.str(), '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || std::exchange(header, false)) continue;
    std::vector<std::string> f = absl::StrSplit(line, ',');
    earlier_name.emplace(f[2], f[3]);
    earlier_name.emplace(f[4], f[5]);
  }
  for (const auto& [code, name] : earlier_name) {
    if (today_name[code] == name) continue;
    sql.push_back(
        absl::StrCat("UPDATE organization_versions SET display_name = ", Quote(name),
                     ", search_name = ", Quote(text::Fold(name)),
                     " WHERE valid_to <= '2025-06-30' AND organization_id = ", IdOf(code)));
  }
  UndoRenames(today, sql);
  RecordChecksum(importer::EarlierVersions()[0].checksum, sql);
  Exec(pool, sql);
}

}  // namespace thidua::testing
