// The earlier versions of the admin-units files a registry can be upgraded from.
#include "services/registry/importer/admin_units_versions.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "services/registry/importer/admin_units_data.h"

namespace thidua::registry::importer {
namespace {

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

std::string Concatenated(const std::vector<std::string>& names) {
  std::string all;
  for (const std::string& name : names) {
    std::ifstream in(std::string(THIDUA_ADMIN_UNITS_DIR) + "/" + name, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    all += content.str();
  }
  return all;
}

TEST(AdminUnitsVersionsTest, TheFirstIsThePublishedFilesAsTheFirstReleaseHashedThem) {
  ASSERT_FALSE(EarlierVersions().empty());
  EXPECT_EQ(EarlierVersions()[0].checksum,
            Sha256Hex(Concatenated(
                {"old-units.csv", "1027_CTK-CSCL.md", "915_CTK-CSCL.csv", "merges.json"})));
}

TEST(AdminUnitsVersionsTest, TodaysFilesAreNoEarlierVersionAndKnownByTheirChecksum) {
  auto data = ReadAdminUnits(THIDUA_ADMIN_UNITS_DIR);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(FindEarlierVersion(data->checksum), nullptr);
  // A change to any file of the dataset changes this checksum, and registries that imported the
  // files as they were must then be upgraded: add this checksum to EarlierVersions()
  // (admin_units_versions.cc) with what the files lacked, make sure UpgradeAdminUnits can bring
  // such an import to the new files, then write the new checksum here.
  EXPECT_EQ(data->checksum, "98f28a951c38dcb9e4b44da9339db35c324ca54b9bb997430d02eac793b1840d");
}

TEST(AdminUnitsVersionsTest, AnUnknownChecksumIsNoEarlierVersion) {
  EXPECT_EQ(FindEarlierVersion(std::string(64, '0')), nullptr);
  EXPECT_NE(FindEarlierVersion(EarlierVersions().back().checksum), nullptr);
}

}  // namespace
}  // namespace thidua::registry::importer
