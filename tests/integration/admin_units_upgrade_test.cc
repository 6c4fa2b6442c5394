// The upgrade of a registry that imported the earliest shipped version of the admin-units files
// (the files as published: no errata, no renames) to today's files, with users' data in it.
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/importer/admin_units_data.h"
#include "services/registry/importer/admin_units_import.h"
#include "services/registry/importer/admin_units_versions.h"
#include "tests/support/earlier_admin_units.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_database.h"
#include "tests/support/test_tokens.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;
namespace importer = registry::importer;

common::v1::Date D(int y, int m, int d) { return ToProto(absl::CivilDay(y, m, d)); }

// Every imported unit as it is stored, by its key: kind, versions, the import's RENAME events.
std::map<std::string, std::string> ImportedRows(db::Pool& pool) {
  std::map<std::string, std::string> rows;
  const std::string key = "CONCAT(c.value, ' ', c.valid_from, '..', c.valid_to)";
  const std::string coded = absl::StrCat(
      " FROM organization_codes c JOIN organizations o ON o.id = c.organization_id", " ");
  for (const std::string& r :
       Query(pool, absl::StrCat("SELECT ", key, ", o.kind", coded, "ORDER BY 1"))) {
    std::pair<std::string, std::string> kv = absl::StrSplit(r, absl::MaxSplits('|', 1));
    rows[kv.first] += absl::StrCat("kind ", kv.second, ";");
  }
  for (const std::string& r : Query(
           pool, absl::StrCat("SELECT ", key,
                              ", v.valid_from, v.valid_to, v.display_name, v.search_name, "
                              "COALESCE(pc.value, v.parent_id)",
                              coded,
                              "JOIN organization_versions v ON v.organization_id = o.id"
                              " LEFT JOIN organization_codes pc ON pc.organization_id = v.parent_id"
                              " ORDER BY 1, 2"))) {
    std::pair<std::string, std::string> kv = absl::StrSplit(r, absl::MaxSplits('|', 1));
    rows[kv.first] += absl::StrCat(" version ", kv.second, ";");
  }
  for (const std::string& r :
       Query(pool,
             absl::StrCat("SELECT ", key,
                          ", e.type, e.effective_date, e.legal_basis, e.note, e.recorded_by", coded,
                          "JOIN organization_event_participants p ON p.organization_id = o.id"
                          " JOIN organization_events e ON e.id = p.event_id WHERE e.type = ",
                          int{v1::RENAME}, " ORDER BY 1, 3"))) {
    std::pair<std::string, std::string> kv = absl::StrSplit(r, absl::MaxSplits('|', 1));
    rows[kv.first] += absl::StrCat(" rename ", kv.second, ";");
  }
  return rows;
}

// What users wrote, whole: their organisations, groups, members, aliases and events.
std::vector<std::string> UserRows(db::Pool& pool) {
  std::vector<std::string> all;
  for (const char* sql : {
           "SELECT o.id, o.kind, o.version, v.valid_from, v.valid_to, v.display_name, v.parent_id"
           " FROM organizations o JOIN organization_versions v ON v.organization_id = o.id"
           " WHERE o.id NOT IN (SELECT organization_id FROM organization_codes) ORDER BY 1, 4",
           "SELECT id, display_name, owner_id, version FROM organization_groups ORDER BY id",
           "SELECT * FROM group_members ORDER BY 1, 2, 3",
           "SELECT id, organization_id, alias_text, search_text FROM organization_aliases"
           " ORDER BY id",
           "SELECT e.*, p.organization_id, p.role FROM organization_events e JOIN"
           " organization_event_participants p ON p.event_id = e.id"
           " WHERE e.recorded_by <> 'import:admin-units-2025' ORDER BY e.id, p.organization_id",
       }) {
    for (std::string& row : Query(pool, sql)) all.push_back(std::move(row));
  }
  return all;
}

class AdminUnitsUpgradeTest : public ::testing::Test {
 protected:
  // One earlier import, users' data in it, one upgrade: the whole dataset takes seconds.
  static void SetUpTestSuite() {
    db_ = TestDatabase::Create().release();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    auto data = importer::ReadAdminUnits(kAdminUnitsDir);
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = new importer::AdminUnits(*std::move(data));
    ASSERT_TRUE(importer::ImportAdminUnits(db_->pool(), *data_).ok());
    fresh_ = new std::map<std::string, std::string>(ImportedRows(db_->pool()));
    MakeEarliestImport(db_->pool(), *data_);
    ids_before_ = new std::vector<std::string>(Ids());
    earliest_ = new std::map<std::string, std::string>(ImportedRows(db_->pool()));
    {
      RegistryReplica before(db_->options());
      AddUsersData(before);
    }
    users_before_ = new std::vector<std::string>(UserRows(db_->pool()));
    auto upgraded = importer::ImportAdminUnits(db_->pool(), *data_);
    ASSERT_TRUE(upgraded.ok()) << upgraded.status();
    summary_ = new importer::ImportSummary(*upgraded);
    replica_ = new RegistryReplica(db_->options());
  }
  static void TearDownTestSuite() {
    delete replica_;
    delete db_;
    delete data_;
    delete fresh_;
    delete earliest_;
    delete ids_before_;
    delete users_before_;
    delete summary_;
  }

  static std::vector<std::string> Ids() {
    return Query(db_->pool(),
                 "SELECT CONCAT(value, ' ', valid_from, '..', valid_to), organization_id"
                 " FROM organization_codes ORDER BY 1");
  }

  static int64_t Id(const std::string& code, const std::string& from = "1000-01-01") {
    auto rows = Query(db_->pool(), absl::StrCat("SELECT ", IdOf(code, from)));
    return rows.size() == 1 ? std::stoll(rows[0]) : 0;
  }

  static int64_t Nation() {
    return std::stoll(Query(db_->pool(), "SELECT MIN(id) FROM organizations WHERE kind = 1").at(0));
  }

  static std::string Admin() {
    return TestTokens::Get().Token(Nation(), {"registry-admin"}, "province-admin");
  }

  // A school under a commune that kept its unit (Nam Du, 31115, one of the Kiên Hải communes the
  // upgrade renames), a group of imported units including a township the upgrade retypes, an
  // alias of Huế, and Huế renamed by users from 2026.
  static void AddUsersData(RegistryReplica& replica) {
    const std::string admin = Admin();
    v1::CreateOrganizationRequest school;
    school.set_request_id("school-nam-du");
    school.mutable_organization()->set_display_name("Trường Tiểu học Nam Du");
    school.mutable_organization()->set_kind(v1::EDUCATIONAL_INSTITUTION);
    school.mutable_organization()->set_parent_id(Id("31115"));
    *school.mutable_organization()->mutable_valid_from() = D(2020, 9, 1);
    *school.mutable_organization()->mutable_valid_to() = D(2025, 6, 30);  // its commune's end
    v1::Organization created;
    grpc::Status s = replica.stub().CreateOrganization(WithToken(admin).get(), school, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    school_ = created.id();

    v1::CreateGroupRequest group;
    group.set_request_id("group-islands");
    group.mutable_group()->set_display_name("Các xã đảo và thị trấn điểm");
    group.mutable_group()->set_owner_id(Nation());
    for (const char* code : {"31108", "31111", "32191"}) {  // 32191 Thị Trấn Năm Căn
      auto* m = group.mutable_group()->add_members();
      m->set_organization_id(Id(code));
      *m->mutable_valid_from() = D(2024, 1, 1);
      *m->mutable_valid_to() = D(2025, 6, 30);
    }
    v1::Group g;
    s = replica.stub().CreateGroup(WithToken(admin).get(), group, &g);
    ASSERT_TRUE(s.ok()) << s.error_message();

    v1::GetOrganizationRequest get;
    get.set_id(Id("46"));
    v1::Organization hue;
    ASSERT_TRUE(replica.stub().GetOrganization(WithToken(admin).get(), get, &hue).ok());
    v1::AddOrganizationAliasRequest alias;
    alias.set_request_id("alias-hue");
    alias.set_organization_id(hue.id());
    alias.set_etag(hue.etag());
    alias.mutable_alias()->set_text("Cố đô Huế");
    alias.mutable_alias()->set_kind(v1::ABBREVIATION);
    s = replica.stub().AddOrganizationAlias(WithToken(admin).get(), alias, &hue);
    ASSERT_TRUE(s.ok()) << s.error_message();

    v1::ApplyEventRequest rename;
    rename.set_request_id("rename-hue-2026");
    *rename.mutable_effective_date() = D(2026, 1, 1);
    rename.set_legal_basis("Nghị quyết 1/2025/NQ-TEST");
    rename.mutable_rename()->set_organization_id(hue.id());
    rename.mutable_rename()->set_new_display_name("Thành phố Huế (đổi tên thử)");
    v1::OrganizationEvent event;
    s = replica.stub().ApplyEvent(WithToken(admin).get(), rename, &event);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static v1::Organization Get(int64_t id, common::v1::Date as_of = {}) {
    v1::GetOrganizationRequest request;
    request.set_id(id);
    *request.mutable_as_of() = as_of;
    v1::Organization out;
    EXPECT_TRUE(replica_->stub().GetOrganization(WithToken(Admin()).get(), request, &out).ok());
    return out;
  }

  static inline TestDatabase* db_ = nullptr;
  static inline RegistryReplica* replica_ = nullptr;
  static inline importer::AdminUnits* data_ = nullptr;
  static inline std::map<std::string, std::string>* fresh_ = nullptr;
  static inline std::map<std::string, std::string>* earliest_ = nullptr;
  static inline std::vector<std::string>* ids_before_ = nullptr;
  static inline std::vector<std::string>* users_before_ = nullptr;
  static inline importer::ImportSummary* summary_ = nullptr;
  static inline int64_t school_ = 0;
};

TEST_F(AdminUnitsUpgradeTest, TheFixtureIsTheEarlierImport) {
  // Twelve townships, Kiên Hải's district and four communes, and Huế differ from a fresh import:
  // without this the test below could pass on a fixture that differs in nothing.
  int differing = 0;
  for (const auto& [key, rows] : *fresh_) differing += earliest_->at(key) != rows;
  EXPECT_EQ(differing, 18);
  EXPECT_EQ(earliest_->size(), fresh_->size());
}

TEST_F(AdminUnitsUpgradeTest, UpgradedRowsAreAFreshImportsWithTheSameIds) {
  ASSERT_TRUE(summary_->upgraded.has_value());
  EXPECT_EQ(summary_->upgraded->from_checksum, importer::EarlierVersions()[0].checksum);
  EXPECT_EQ(summary_->upgraded->kinds, 12);
  EXPECT_EQ(summary_->upgraded->names, 5);  // Kiên Hải district and its four communes
  EXPECT_EQ(summary_->upgraded->renames, 1);
  EXPECT_EQ(Ids(), *ids_before_);
  // Every unit's rows as a fresh import writes them, except Huế, which users renamed since.
  std::map<std::string, std::string> now = ImportedRows(db_->pool());
  std::map<std::string, std::string> fresh = *fresh_;
  const std::string hue = "46 1000-01-01..9999-12-31";
  ASSERT_EQ(now.erase(hue), 1u);
  fresh.erase(hue);
  EXPECT_EQ(now.size(), fresh.size());
  int differing = 0;
  for (const auto& [key, rows] : fresh) {
    if (now[key] != rows && ++differing <= 3) {
      ADD_FAILURE() << key << "\n upgraded: " << now[key] << "\n    fresh: " << rows;
    }
  }
  EXPECT_EQ(differing, 0);
}

TEST_F(AdminUnitsUpgradeTest, TheTwelveThiTranAreTownships) {
  int townships = 0;
  for (const importer::Unit& c : data_->old_communes) {
    if (!absl::StartsWith(c.name, "Thị Trấn ")) continue;
    EXPECT_EQ(Get(Id(c.code), D(2025, 6, 30)).kind(), v1::TOWNSHIP) << c.code << " " << c.name;
    ++townships;
  }
  EXPECT_EQ(townships, 12);
}

TEST_F(AdminUnitsUpgradeTest, KienHaiIsADistrictOfFourCommunes) {
  const v1::Organization district = Get(Id("912"), D(2025, 6, 30));
  EXPECT_EQ(district.display_name(), "Huyện Kiên Hải");
  const std::map<std::string, std::string> communes = {{"31108", "Xã Hòn Tre"},
                                                       {"31111", "Xã Lại Sơn"},
                                                       {"31114", "Xã An Sơn"},
                                                       {"31115", "Xã Nam Du"}};
  for (const auto& [code, name] : communes) {
    const v1::Organization commune = Get(Id(code), D(2025, 6, 30));
    EXPECT_EQ(commune.display_name(), name);
    EXPECT_EQ(commune.parent_id(), district.id());
  }
  v1::ListOrganizationsRequest search;
  search.set_query("huyen kien hai");
  *search.mutable_as_of() = D(2025, 6, 30);
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(replica_->stub().ListOrganizations(WithToken(Admin()).get(), search, &found).ok());
  ASSERT_GE(found.organizations_size(), 1);
  EXPECT_EQ(found.organizations(0).id(), district.id());
}

TEST_F(AdminUnitsUpgradeTest, HueWasRenamedOn2025_01_01AndIsFoundByItsFormerName) {
  const int64_t hue = Id("46");
  EXPECT_EQ(Get(hue, D(2024, 12, 31)).display_name(), "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ(Get(hue, D(2025, 1, 1)).display_name(), "Thành phố Huế");
  EXPECT_EQ(Get(hue).display_name(), "Thành phố Huế (đổi tên thử)");  // users' rename stays
  v1::ListOrganizationHistoryRequest request;
  request.set_organization_id(hue);
  v1::ListOrganizationHistoryResponse history;
  ASSERT_TRUE(
      replica_->stub().ListOrganizationHistory(WithToken(Admin()).get(), request, &history).ok());
  std::vector<std::string> renames;
  for (const auto& e : history.events()) {
    if (e.type() != v1::RENAME) continue;
    renames.push_back(absl::StrCat(ToIso(FromProto(e.effective_date())->value()), " ",
                                   e.legal_basis(), " ", e.recorded_by()));
  }
  EXPECT_EQ(renames,
            (std::vector<std::string>{"2025-01-01 Nghị quyết 175/2024/QH15 import:admin-units-2025",
                                      "2026-01-01 Nghị quyết 1/2025/NQ-TEST province-admin"}));
  v1::ListOrganizationsRequest search;
  search.set_query("thua thien hue");
  search.add_kinds(v1::PROVINCE);
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(replica_->stub().ListOrganizations(WithToken(Admin()).get(), search, &found).ok());
  ASSERT_EQ(found.organizations_size(), 1);
  EXPECT_EQ(found.organizations(0).id(), hue);
}

TEST_F(AdminUnitsUpgradeTest, UsersDataIsUntouched) {
  EXPECT_EQ(UserRows(db_->pool()), *users_before_);
  EXPECT_EQ(Get(school_, D(2024, 1, 1)).parent_id(), Id("31115"));
  EXPECT_FALSE(users_before_->empty());
}

TEST_F(AdminUnitsUpgradeTest, CorrectionsAreAuditedNewEtagsAndAReload) {
  const std::string township = IdOf("32191");
  EXPECT_EQ(Query(db_->pool(), "SELECT version FROM organizations WHERE id = " + township),
            std::vector<std::string>{"2"});
  const auto audit = Query(db_->pool(),
                           "SELECT subject, JSON_VALUE(details, '$.kind.to') FROM audit_log"
                           " WHERE resource = CONCAT('organizations/', " +
                               township + ")");
  EXPECT_EQ(audit, std::vector<std::string>{"import:admin-units-2025|TOWNSHIP"});
  EXPECT_EQ(Query(db_->pool(), "SELECT COUNT(*) FROM audit_log WHERE method = 'UpgradeAdminUnits'"),
            std::vector<std::string>{"19"});  // 12 + 5 + Huế, and the dataset's own row
  EXPECT_EQ(Query(db_->pool(), "SELECT entity FROM changes ORDER BY seq DESC LIMIT 1"),
            std::vector<std::string>{"reload"});
  EXPECT_EQ(Query(db_->pool(), "SELECT checksum FROM reference_imports"),
            std::vector<std::string>{data_->checksum});
}

TEST_F(AdminUnitsUpgradeTest, ASecondRunChangesNothing) {
  const auto tables = [] {
    return Query(db_->pool(),
                 "CHECKSUM TABLE organizations, organization_versions, organization_codes,"
                 " organization_events, organization_event_participants, audit_log, changes,"
                 " reference_imports");
  };
  const auto before = tables();
  auto again = importer::ImportAdminUnits(db_->pool(), *data_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->already_imported);
  EXPECT_FALSE(again->upgraded.has_value());
  EXPECT_EQ(tables(), before);
}

// A registry whose earlier import differs from what the files say in a way the upgrade cannot
// decide, and one imported from files nobody shipped.
class AdminUnitsUpgradeRefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    auto data = importer::ReadAdminUnits(kAdminUnitsDir);
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = *std::move(data);
  }
  std::unique_ptr<TestDatabase> db_;
  importer::AdminUnits data_;
};

// Not a refusal: the second release's import (errata, no renames) gets the rename only.
TEST_F(AdminUnitsUpgradeRefusalTest, AnImportBeforeTheRenamesGetsTheRenameOnly) {
  ASSERT_TRUE(importer::ImportAdminUnits(db_->pool(), data_).ok());
  const auto fresh = ImportedRows(db_->pool());
  MakeImportBeforeRenames(db_->pool(), data_);
  ASSERT_NE(ImportedRows(db_->pool()), fresh);
  auto result = importer::ImportAdminUnits(db_->pool(), data_);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->upgraded.has_value());
  EXPECT_EQ(result->upgraded->from_checksum, importer::EarlierVersions()[1].checksum);
  EXPECT_EQ(result->upgraded->kinds, 0);
  EXPECT_EQ(result->upgraded->names, 0);
  EXPECT_EQ(result->upgraded->renames, 1);
  EXPECT_EQ(ImportedRows(db_->pool()), fresh);
}

TEST_F(AdminUnitsUpgradeRefusalTest, UnknownFilesAreRefusedAndNothingIsWritten) {
  const std::string unknown(64, 'a');
  Exec(db_->pool(), {"INSERT INTO reference_imports (dataset, checksum, summary) VALUES"
                     " ('admin-units-2025', '" +
                     unknown + "', 'x')"});
  auto result = importer::ImportAdminUnits(db_->pool(), data_);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(result.status().message(),
                                "imported from different files (checksum aaaaaaaaaaaa)"))
      << result.status().message();
  EXPECT_TRUE(absl::StrContains(result.status().message(), "0a7e9634af84"))
      << result.status().message();
  EXPECT_EQ(Query(db_->pool(), "SELECT COUNT(*) FROM organizations"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(Query(db_->pool(), "SELECT checksum FROM reference_imports"),
            std::vector<std::string>{unknown});
}

TEST_F(AdminUnitsUpgradeRefusalTest, AUnitTheFilesNoLongerHaveStopsTheUpgrade) {
  ASSERT_TRUE(importer::ImportAdminUnits(db_->pool(), data_).ok());
  MakeEarliestImport(db_->pool(), data_);
  // A commune the earlier files had and these do not, as the import writes one (no audit row),
  // and an administrative unit users created, which is theirs and no concern of the upgrade.
  const std::string district = IdOf("912");
  Exec(db_->pool(),
       {"INSERT INTO organizations (kind, valid_from, valid_to) VALUES (" +
            std::to_string(v1::COMMUNE) + ", '1000-01-01', '2025-06-30')",
        "INSERT INTO organization_versions (organization_id, valid_from, valid_to, display_name,"
        " search_name, parent_id) SELECT LAST_INSERT_ID(), '1000-01-01', '2025-06-30',"
        " 'Xã Hòn Thơm', 'xa hon thom', " +
            district,
        "INSERT INTO organization_codes (organization_id, scheme, value, valid_from, valid_to)"
        " SELECT MAX(id), " +
            std::to_string(v1::ADMIN_UNIT) +
            ", '31199', '1000-01-01', '2025-06-30' FROM organizations"});
  const std::string vanished = Query(db_->pool(), "SELECT MAX(id) FROM organizations").at(0);
  Exec(db_->pool(),
       {"INSERT INTO organizations (kind, valid_from, valid_to) VALUES (" +
            std::to_string(v1::COMMUNE) + ", '2026-01-01', '9999-12-31')",
        "INSERT INTO organization_codes (organization_id, scheme, value, valid_from, valid_to)"
        " SELECT MAX(id), " +
            std::to_string(v1::ADMIN_UNIT) +
            ", '31198', '2026-01-01', '9999-12-31' FROM organizations",
        "INSERT INTO audit_log (subject, organization_id, method, request_id, resource, details)"
        " SELECT 'province-admin', 1, 'CreateOrganization', 'r', CONCAT('organizations/', MAX(id)),"
        " '{}' FROM organizations"});
  const auto before = ImportedRows(db_->pool());
  auto result = importer::ImportAdminUnits(db_->pool(), data_);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::string(result.status().message()).find(" more"), std::string::npos);
  EXPECT_TRUE(absl::StrContains(
      result.status().message(),
      absl::StrCat(": organisation ", vanished,
                   " (code 31199 (1000-01-01..2025-06-30)) was imported from the earlier files "
                   "and the files no longer have it. Nothing was changed.")))
      << result.status().message();
  EXPECT_EQ(ImportedRows(db_->pool()), before);
  EXPECT_EQ(Query(db_->pool(), "SELECT checksum FROM reference_imports"),
            std::vector<std::string>{std::string(importer::EarlierVersions()[0].checksum)});
}

TEST_F(AdminUnitsUpgradeRefusalTest, TheMessageNamesTenAndCountsTheRest) {
  // An earlier import that lost every unit: the files' 14,000 units are missing.
  Exec(db_->pool(), {"INSERT INTO reference_imports (dataset, checksum, summary) VALUES"
                     " ('admin-units-2025', '" +
                     std::string(importer::EarlierVersions()[1].checksum) + "', 'x')"});
  auto result = importer::ImportAdminUnits(db_->pool(), data_);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(result.status().message());
  int named = 0;
  for (size_t at = message.find("of the files is not in the registry"); at != std::string::npos;
       at = message.find("of the files is not in the registry", at + 1)) {
    ++named;
  }
  EXPECT_EQ(named, 10);
  EXPECT_TRUE(absl::StrContains(message, "; and 14026 more.")) << message;
  EXPECT_LT(message.size(), 2000u);
}

}  // namespace
}  // namespace thidua::testing
