// The import command as deploy/local/up runs it on a registry that imported the earliest files:
// it upgrades, says so in the line up prints, then does nothing; unknown files stop it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/registry/importer/admin_units_data.h"
#include "tests/support/earlier_admin_units.h"
#include "tests/support/process.h"
#include "tests/support/test_database.h"

namespace thidua::testing {
namespace {

class AdminUnitsUpgradeEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    dir_ = std::filesystem::temp_directory_path() / ("thidua-upgrade-" + db_->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs the import command; its exit code, and its last log line in `last`.
  int Import(const std::string& name, nlohmann::json& last) {
    const std::string log = dir_ / (name + ".log");
    const int code =
        thidua::testing::Run(THIDUA_REGISTRY_BINARY,
                             {"--db_socket=" + TestDatabase::Socket(), "--db_user=root",
                              "--db_name=" + db_->name(), "--import_admin_units=" + kAdminUnitsDir},
                             log);
    std::ifstream in(log);
    std::string line, previous;
    while (std::getline(in, line)) {
      if (!line.empty()) previous = line;
    }
    last = nlohmann::json::parse(previous, nullptr, false);
    return code;
  }

  std::unique_ptr<TestDatabase> db_;
  std::filesystem::path dir_;
};

TEST_F(AdminUnitsUpgradeEndToEnd, AnEarlierImportIsUpgradedOnceByTheImportCommand) {
  nlohmann::json line;
  ASSERT_EQ(Import("import", line), 0) << line.dump();
  auto today = registry::importer::ReadAdminUnits(kAdminUnitsDir);
  ASSERT_TRUE(today.ok()) << today.status();
  MakeEarliestImport(db_->pool(), *today);
  ASSERT_EQ(Import("upgrade", line), 0) << line.dump();
  // The fields deploy/local/up prints.
  EXPECT_EQ(line.value("msg", ""), "admin units upgraded from earlier files") << line.dump();
  EXPECT_EQ(line.value("from_checksum", "").substr(0, 12), "0a7e9634af84");
  EXPECT_EQ(line.value("kinds", 0), 12);
  EXPECT_EQ(line.value("names", 0), 5);
  EXPECT_EQ(line.value("renames", 0), 1);
  ASSERT_EQ(Import("again", line), 0) << line.dump();
  EXPECT_EQ(line.value("msg", ""), "admin units already imported") << line.dump();
}

TEST_F(AdminUnitsUpgradeEndToEnd, UnknownFilesStopTheCommandWithWhatUpLooksFor) {
  nlohmann::json line;
  ASSERT_EQ(Import("import", line), 0) << line.dump();
  Exec(db_->pool(), {"UPDATE reference_imports SET checksum = REPEAT('b', 64)"});
  ASSERT_EQ(Import("unknown", line), 1);
  EXPECT_TRUE(absl::StrContains(line.value("error", ""), "imported from different files"))
      << line.dump();
}

}  // namespace
}  // namespace thidua::testing
