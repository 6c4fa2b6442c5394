// The errata of the admin-units dataset: how errata.tsv is read and applied, that the shipped
// errata correct the Kiên Hải rows, and that an erratum its source no longer matches stops the
// import.
#include "services/registry/importer/admin_units_errata.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/registry/importer/admin_units_data.h"

namespace thidua::registry::importer {
namespace {

constexpr char kHeader[] = "file\trow\tfield\twrong\tcorrected\treason\n";
constexpr char kCsv[] =
    "code,district,commune\n"
    "001,Xã An Sơn,Huyện Kiên Hải\r\n"
    "002,Huyện Kiên Hải,Xã Hòn Tre\n"
    "003,Huyện Kiên Hải,Xã Lại Sơn\n";

std::vector<Erratum> Parse(const std::string& lines) {
  auto errata = ParseErrata(absl::StrCat("# comment\n\n", kHeader, lines));
  EXPECT_TRUE(errata.ok()) << errata.status();
  return errata.ok() ? *errata : std::vector<Erratum>{};
}

absl::Status Apply(const std::string& lines, std::string* csv_out = nullptr) {
  std::map<std::string, std::string> files = {{"units.csv", kCsv}, {"other.md", "| a |"}};
  absl::Status s = ApplyErrata(Parse(lines), files);
  if (csv_out) *csv_out = files["units.csv"];
  return s;
}

TEST(AdminUnitsErrataTest, ParsesOneCorrectionALine) {
  const auto errata = Parse("units.csv\tcode=001\tdistrict\tXã An Sơn\tHuyện Kiên Hải\tswapped\n");
  ASSERT_EQ(errata.size(), 1u);
  const Erratum& e = errata[0];
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.file, "units.csv");
  EXPECT_EQ(e.key_column, "code");
  EXPECT_EQ(e.key_value, "001");
  EXPECT_EQ(e.field, "district");
  EXPECT_EQ(e.wrong, "Xã An Sơn");
  EXPECT_EQ(e.corrected, "Huyện Kiên Hải");
  EXPECT_EQ(e.reason, "swapped");
}

TEST(AdminUnitsErrataTest, RefusesMalformedFiles) {
  EXPECT_FALSE(ParseErrata("units.csv\tcode=001\tdistrict\ta\tb\twhy\n").ok());  // no header
  EXPECT_FALSE(ParseErrata("").ok());
  for (const char* line : {
           "units.csv\tcode=001\tdistrict\ta\tb\n",          // no reason
           "units.csv\tcode=001\tdistrict\ta\tb\twhy\tx\n",  // a column too many
           "units.csv\t001\tdistrict\ta\tb\twhy\n",          // row is not column=value
           "units.csv\tcode=\tdistrict\ta\tb\twhy\n",
           "units.csv\tcode=001\tdistrict\ta\ta\twhy\n",    // corrects nothing
           "units.csv\tcode=001\tdistrict\ta\tb,c\twhy\n",  // would break the CSV row
       }) {
    EXPECT_FALSE(ParseErrata(absl::StrCat(kHeader, line)).ok()) << line;
  }
}

TEST(AdminUnitsErrataTest, CorrectsOnlyTheFieldOfItsRow) {
  std::string csv;
  ASSERT_TRUE(Apply("units.csv\tcode=001\tdistrict\tXã An Sơn\tHuyện Kiên Hải\tswapped\n"
                    "units.csv\tcode=001\tcommune\tHuyện Kiên Hải\tXã An Sơn\tswapped\n",
                    &csv)
                  .ok());
  EXPECT_EQ(csv,
            "code,district,commune\n"
            "001,Huyện Kiên Hải,Xã An Sơn\r\n"
            "002,Huyện Kiên Hải,Xã Hòn Tre\n"
            "003,Huyện Kiên Hải,Xã Lại Sơn\n");
}

TEST(AdminUnitsErrataTest, AStaleErratumFailsNamingItsLine) {
  // The source already holds the corrected value: it was fixed upstream.
  absl::Status s = Apply("units.csv\tcode=002\tdistrict\tXã Hòn Tre\tHuyện Kiên Hải\tswapped\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("errata.tsv line 4: stale"), std::string::npos) << s;
  EXPECT_NE(s.message().find("Huyện Kiên Hải"), std::string::npos) << s;
  // The row is gone.
  s = Apply("units.csv\tcode=004\tdistrict\tXã Nam Du\tHuyện Kiên Hải\tswapped\n");
  EXPECT_NE(s.message().find("stale"), std::string::npos) << s;
  // The same correction twice: the second finds the corrected value.
  EXPECT_FALSE(Apply("units.csv\tcode=001\tdistrict\tXã An Sơn\tHuyện Kiên Hải\tswapped\n"
                     "units.csv\tcode=001\tdistrict\tXã An Sơn\tHuyện Kiên Hải\tswapped\n")
                   .ok());
}

TEST(AdminUnitsErrataTest, FailsOnWhatItCannotApply) {
  EXPECT_FALSE(Apply("other.md\tcode=001\tdistrict\ta\tb\twhy\n").ok());     // not CSV
  EXPECT_FALSE(Apply("missing.csv\tcode=001\tdistrict\ta\tb\twhy\n").ok());  // no such file
  EXPECT_FALSE(Apply("units.csv\tcode=001\tprovince\ta\tb\twhy\n").ok());    // no such column
  EXPECT_FALSE(Apply("units.csv\tdistrict=Huyện Kiên Hải\tcode\t002\t009\twhy\n").ok());  // 2 rows
}

// The dataset shipped in the repository, read as the registry reads it.
TEST(AdminUnitsErrataTest, TheShippedErrataCorrectKienHai) {
  auto data = ReadAdminUnits(THIDUA_ADMIN_UNITS_DIR);
  ASSERT_TRUE(data.ok()) << data.status();
  std::map<std::string, std::string> name;
  for (const auto* units : {&data->old_districts, &data->old_communes}) {
    for (const Unit& u : *units) name[u.code] = u.name;
  }
  EXPECT_EQ(name["912"], "Huyện Kiên Hải");
  EXPECT_EQ(name["31108"], "Xã Hòn Tre");
  EXPECT_EQ(name["31111"], "Xã Lại Sơn");
  EXPECT_EQ(name["31114"], "Xã An Sơn");
  EXPECT_EQ(name["31115"], "Xã Nam Du");
}

// A copy of the shipped dataset in a temporary folder, to change one file of it.
class DatasetCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("admin-units-", ::testing::UnitTest::GetInstance()->random_seed(), "-",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
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

  std::filesystem::path dir_;
};

TEST_F(DatasetCopyTest, ASourceCorrectedUpstreamStopsTheImport) {
  Write("old-units.csv",
        absl::StrReplaceAll(Read("old-units.csv"), {{"912,Xã An Sơn,31114,Huyện Kiên Hải",
                                                     "912,Huyện Kiên Hải,31114,Xã An Sơn"}}));
  auto data = ReadAdminUnits(dir_.string());
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("stale: old-units.csv row commune_code=31114"),
            std::string::npos)
      << data.status();
}

TEST_F(DatasetCopyTest, WithoutTheErrataTheSwappedRowsStopTheImport) {
  Write("errata.tsv", kHeader);
  auto data = ReadAdminUnits(dir_.string());
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("old district 912"), std::string::npos) << data.status();
}

TEST_F(DatasetCopyTest, TheErrataArePartOfTheChecksum) {
  auto shipped = ReadAdminUnits(dir_.string());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  Write("errata.tsv", Read("errata.tsv") + "# one more comment\n");
  auto changed = ReadAdminUnits(dir_.string());
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_NE(shipped->checksum, changed->checksum);
}

TEST_F(DatasetCopyTest, TheErrataFileIsRequired) {
  std::filesystem::remove(dir_ / "errata.tsv");
  EXPECT_FALSE(ReadAdminUnits(dir_.string()).ok());
}

}  // namespace
}  // namespace thidua::registry::importer
