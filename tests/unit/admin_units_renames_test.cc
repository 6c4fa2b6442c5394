// The renames of the admin-units dataset: how renames.tsv is read, that the shipped one gives
// Thành phố Huế its earlier name Tỉnh Thừa Thiên Huế with a RENAME event, and that a rename the
// lists no longer confirm stops the import.
#include "services/registry/importer/admin_units_renames.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/text.h"
#include "services/registry/importer/admin_units_data.h"
#include "services/registry/importer/admin_units_import.h"

namespace thidua::registry::importer {
namespace {

constexpr char kHeader[] = "code\teffective\tname_before\tname_from\tlegal_basis\tsource\n";

TEST(AdminUnitsRenamesTest, ParsesOneRenameALine) {
  auto renames = ParseRenames(absl::StrCat(
      "# comment\n\n", kHeader,
      "46\t2025-01-01\tTỉnh Thừa Thiên Huế\tThành phố Huế\tNghị quyết 175/2024/QH15\tbáo chí\n"));
  ASSERT_TRUE(renames.ok()) << renames.status();
  ASSERT_EQ(renames->size(), 1u);
  const Rename& r = (*renames)[0];
  EXPECT_EQ(r.line, 4);
  EXPECT_EQ(r.code, "46");
  EXPECT_EQ(r.effective, absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(r.name_before, "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ(r.name_from, "Thành phố Huế");
  EXPECT_EQ(r.legal_basis, "Nghị quyết 175/2024/QH15");
  EXPECT_EQ(r.source, "báo chí");
}

TEST(AdminUnitsRenamesTest, StoresNamesAsTheApiWould) {
  // Decomposed marks (as "Unicode tổ hợp" keyboards type them) and doubled spaces.
  auto renames = ParseRenames(absl::StrCat(kHeader,
                                           "46\t2025-01-01\tTỉnh  Thừa Thiên Huế\tTha\u0300nh "
                                           "pho\u0302\u0301 Hue\u0302\u0301\tNQ\tx\n"));
  ASSERT_TRUE(renames.ok()) << renames.status();
  EXPECT_EQ((*renames)[0].name_before, "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ((*renames)[0].name_from, "Thành phố Huế");
}

TEST(AdminUnitsRenamesTest, RefusesMalformedFiles) {
  EXPECT_FALSE(ParseRenames("46\t2025-01-01\tTỉnh A\tTỉnh B\tNQ\tx\n").ok());  // no header
  EXPECT_FALSE(ParseRenames("").ok());
  for (const char* line : {
           "46\t2025-01-01\tTỉnh A\tTỉnh B\tNQ\n",        // no source
           "46\t2025-01-01\tTỉnh A\tTỉnh B\tNQ\tx\ty\n",  // a column too many
           "46\t2025-01-01\tTỉnh A\tTỉnh B\t\tx\n",       // no legal basis
           "4\t2025-01-01\tTỉnh A\tTỉnh B\tNQ\tx\n",      // not a GSO code
           "4a\t2025-01-01\tTỉnh A\tTỉnh B\tNQ\tx\n",
           "46\t01/01/2025\tTỉnh A\tTỉnh B\tNQ\tx\n",  // not YYYY-MM-DD
           "46\t2025-02-30\tTỉnh A\tTỉnh B\tNQ\tx\n",
           "46\t2025-01-01\tTỉnh A\tTỉnh A\tNQ\tx\n",        // renames nothing
           "46\t2025-01-01\tTỉnh A\u200b\tTỉnh B\tNQ\tx\n",  // an invisible character
       }) {
    EXPECT_FALSE(ParseRenames(absl::StrCat(kHeader, line)).ok()) << line;
  }
}

// The dataset shipped in the repository, read and built as the registry imports it.
class ShippedRenamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto read = ReadAdminUnits(THIDUA_ADMIN_UNITS_DIR);
    ASSERT_TRUE(read.ok()) << read.status();
    data_ = new AdminUnits(*std::move(read));
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  static AdminUnits* data_;
};
AdminUnits* ShippedRenamesTest::data_ = nullptr;

// Nghị quyết 175/2024/QH15: Tỉnh Thừa Thiên Huế became Thành phố Huế on 1 January 2025, the same
// unit (code 46, its whole territory), which the 2025 reorganisation then left whole.
TEST_F(ShippedRenamesTest, HueWasThuaThienHueUntil2024) {
  auto hue = ImportedOldUnit(*data_, "46");
  ASSERT_TRUE(hue.ok()) << hue.status();
  ASSERT_EQ(hue->versions.size(), 2u);
  const Version& before = hue->versions[0];
  const Version& after = hue->versions[1];
  EXPECT_EQ(before.period, (Period{kOpenStart, absl::CivilDay(2024, 12, 31)}));
  EXPECT_EQ(before.display_name, "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ(before.search_name, text::Fold("Tỉnh Thừa Thiên Huế"));
  EXPECT_EQ(after.period, (Period{absl::CivilDay(2025, 1, 1), kOpenEnd}));
  EXPECT_EQ(after.display_name, "Thành phố Huế");
  EXPECT_EQ(after.search_name, text::Fold("Thành phố Huế"));
  EXPECT_EQ(before.parent_id, after.parent_id);  // the nation, throughout

  // Its events besides: the MOVEs of the communes that continued into it on 1 July 2025, where it
  // is the new parent.
  std::vector<ImportedEvent> renames;
  for (const ImportedEvent& e : hue->events) {
    if (e.type == v1::RENAME) {
      renames.push_back(e);
    } else {
      EXPECT_EQ(e.type, v1::MOVE);
      EXPECT_EQ(e.role, "new_parent");
    }
  }
  ASSERT_EQ(renames.size(), 1u);
  const ImportedEvent& rename = renames[0];
  EXPECT_EQ(rename.effective_date, absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(rename.legal_basis, "Nghị quyết 175/2024/QH15");
  EXPECT_EQ(rename.role, "subject");
  EXPECT_NE(rename.note.find("Đổi tên Tỉnh Thừa Thiên Huế thành Thành phố Huế. Nguồn: "),
            std::string::npos)
      << rename.note;
  EXPECT_NE(rename.note.find("30/11/2024"), std::string::npos) << rename.note;
}

TEST_F(ShippedRenamesTest, TheCountsStayTheSame) {
  auto counts = KindsInForce(*data_, "2024-12-31");
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ((*counts)[v1::PROVINCE], 63);
}

// Units built by hand, to rename what the shipped data does not: a commune twice, and a commune
// that continues past 1 July 2025 under its name.
AdminUnits TwoCommunes() {
  AdminUnits data;
  data.old_provinces = {{"01", "Tỉnh Một", ""}};
  data.old_districts = {{"001", "Huyện Hai", "01"}};
  data.old_communes = {{"00001", "Xã Ba", "001"}, {"00002", "Phường Bốn", "001"}};
  data.new_provinces = {{"01", "Tỉnh Một", ""}};
  data.new_communes = {{"00001", "Xã Ba", "01"}, {"00002", "Phường Năm", "01"}};
  data.province_merges = {{"01", {{"01", true}}}};
  data.commune_merges = {{"00001", {{"00001", true}}}, {"00002", {{"00002", true}}}};
  return data;
}

Rename RenameOf(const std::string& code, absl::CivilDay day, const std::string& before,
                const std::string& from) {
  return {1, code, day, before, from, "NQ", "nguồn"};
}

TEST(HandBuiltRenamesTest, EachRenameSplitsTheVersionBearingItsNewName) {
  AdminUnits data = TwoCommunes();
  // Listed earliest first; applied latest first.
  data.renames = {RenameOf("00002", absl::CivilDay(2010, 3, 1), "Xã Bốn Cũ", "Thị trấn Bốn"),
                  RenameOf("00002", absl::CivilDay(2020, 1, 1), "Thị trấn Bốn", "Phường Bốn")};
  auto unit = ImportedOldUnit(data, "00002");
  ASSERT_TRUE(unit.ok()) << unit.status();
  ASSERT_EQ(unit->versions.size(), 3u);
  EXPECT_EQ(unit->versions[0].period, (Period{kOpenStart, absl::CivilDay(2010, 2, 28)}));
  EXPECT_EQ(unit->versions[0].display_name, "Xã Bốn Cũ");
  EXPECT_EQ(unit->versions[1].period,
            (Period{absl::CivilDay(2010, 3, 1), absl::CivilDay(2019, 12, 31)}));
  EXPECT_EQ(unit->versions[1].display_name, "Thị trấn Bốn");
  EXPECT_EQ(unit->versions[2].period,
            (Period{absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 6, 30)}));
  EXPECT_EQ(unit->versions[2].display_name, "Phường Bốn");
  int renames = 0;
  for (const ImportedEvent& e : unit->events) renames += e.type == v1::RENAME;
  EXPECT_EQ(renames, 2);
}

TEST(HandBuiltRenamesTest, AContinuingUnitKeepsItsVersionFromJuly2025) {
  AdminUnits data = TwoCommunes();
  data.renames = {RenameOf("00001", absl::CivilDay(2024, 1, 1), "Xã Ba Cũ", "Xã Ba")};
  auto unit = ImportedOldUnit(data, "00001");
  ASSERT_TRUE(unit.ok()) << unit.status();
  ASSERT_EQ(unit->versions.size(), 3u);
  EXPECT_EQ(unit->versions[0].display_name, "Xã Ba Cũ");
  EXPECT_EQ(unit->versions[0].period.to, absl::CivilDay(2023, 12, 31));
  EXPECT_EQ(unit->versions[1].period,
            (Period{absl::CivilDay(2024, 1, 1), absl::CivilDay(2025, 6, 30)}));
  EXPECT_EQ(unit->versions[2].period.from, kTwoLevelGovernment);
  EXPECT_EQ(unit->versions[2].display_name, "Xã Ba");
}

TEST(HandBuiltRenamesTest, ARenameOfAnotherNameFailsTheBuild) {
  AdminUnits data = TwoCommunes();
  data.renames = {RenameOf("00001", absl::CivilDay(2024, 1, 1), "Xã Ba Cũ", "Xã Sáu")};
  auto unit = ImportedOldUnit(data, "00001");
  ASSERT_FALSE(unit.ok());
  EXPECT_NE(unit.status().message().find("Xã Sáu"), std::string::npos) << unit.status();
}

// A copy of the shipped dataset in a temporary folder, to change one file of it.
class RenamesDatasetCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("admin-units-renames-", ::testing::UnitTest::GetInstance()->random_seed(),
                        "-", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::copy(THIDUA_ADMIN_UNITS_DIR, dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read(const std::string& file) {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }
  void Write(const std::string& file, const std::string& content) {
    std::ofstream(dir_ / file, std::ios::binary | std::ios::trunc) << content;
  }
  // The import's error with `renames.tsv` holding these lines, or "" when it succeeds.
  std::string ErrorWith(const std::string& lines) {
    Write("renames.tsv", absl::StrCat(kHeader, lines));
    auto data = ReadAdminUnits(dir_.string());
    return data.ok() ? "" : std::string(data.status().message());
  }

  std::filesystem::path dir_;
};

TEST_F(RenamesDatasetCopyTest, AListThatNoLongerConfirmsTheRenameStopsTheImport) {
  // As if the lists were of 2024: province 46 bears the name the rename starts from.
  Write("old-units.csv", absl::StrReplaceAll(Read("old-units.csv"),
                                             {{"46,Thành phố Huế,", "46,Tỉnh Thừa Thiên Huế,"}}));
  auto data = ReadAdminUnits(dir_.string());
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(data.status().message().find("renames.tsv line 22: stale: old province 46 is named "
                                         "\"Tỉnh Thừa Thiên Huế\" on 30/06/2025"),
            std::string::npos)
      << data.status();
}

TEST_F(RenamesDatasetCopyTest, StaleOrUncheckableRenamesStopTheImport) {
  const std::string ok = "46\t2025-01-01\tTỉnh Thừa Thiên Huế\tThành phố Huế\tNQ\tx\n";
  EXPECT_EQ(ErrorWith(ok), "");
  EXPECT_NE(ErrorWith("46\t2025-01-01\tTỉnh Thừa Thiên Huế\tThành phố Huế Mới\tNQ\tx\n")
                .find("renames.tsv line 2: stale: old province 46 is named \"Thành phố Huế\""),
            std::string::npos);
  EXPECT_NE(ErrorWith("99\t2025-01-01\tTỉnh A\tThành phố A\tNQ\tx\n")
                .find("renames.tsv line 2: stale: no old unit has code 99"),
            std::string::npos);
  // After 30 June 2025 the lists cannot confirm a name.
  EXPECT_NE(ErrorWith("46\t2025-07-01\tTỉnh Thừa Thiên Huế\tThành phố Huế\tNQ\tx\n")
                .find("renames.tsv line 2: dated 2025-07-01"),
            std::string::npos);
  // An earlier name of another level: a district is no province.
  EXPECT_NE(ErrorWith("46\t2025-01-01\tHuyện Thừa Thiên Huế\tThành phố Huế\tNQ\tx\n")
                .find("renames.tsv line 2: old province 46 \"Huyện Thừa Thiên Huế\" is a huyện"),
            std::string::npos);
  // A chain must join up: the earlier rename ends at the name the later one starts from.
  EXPECT_NE(ErrorWith(ok + "46\t2010-01-01\tTỉnh Huế Xưa\tTỉnh Huế\tNQ\tx\n")
                .find("renames.tsv line 3: stale: old province 46 is named \"Tỉnh Thừa Thiên "
                      "Huế\" until line 2's rename"),
            std::string::npos);
  EXPECT_EQ(ErrorWith(ok + "46\t2010-01-01\tTỉnh Huế Xưa\tTỉnh Thừa Thiên Huế\tNQ\tx\n"), "");
  EXPECT_NE(ErrorWith(ok + "46\t2025-01-01\tTỉnh Huế Xưa\tTỉnh Thừa Thiên Huế\tNQ\tx\n")
                .find("renamed twice"),
            std::string::npos);
}

TEST_F(RenamesDatasetCopyTest, TheRenamesArePartOfTheChecksum) {
  auto shipped = ReadAdminUnits(dir_.string());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  Write("renames.tsv", Read("renames.tsv") + "# one more comment\n");
  auto changed = ReadAdminUnits(dir_.string());
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_NE(shipped->checksum, changed->checksum);
}

TEST_F(RenamesDatasetCopyTest, TheRenamesFileIsRequired) {
  std::filesystem::remove(dir_ / "renames.tsv");
  EXPECT_FALSE(ReadAdminUnits(dir_.string()).ok());
}

}  // namespace
}  // namespace thidua::registry::importer
