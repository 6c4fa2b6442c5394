// The renames of the admin-units dataset through the API: the shipped dataset imported into a fresh
// database, then Thành phố Huế asked for by date, by its earlier name and for its history.
#include <gtest/gtest.h>

#include "common/civil_date.h"
#include "services/registry/importer/admin_units_data.h"
#include "services/registry/importer/admin_units_import.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_database.h"
#include "tests/support/test_tokens.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;

common::v1::Date D(int y, int m, int d) { return ToProto(absl::CivilDay(y, m, d)); }

class AdminUnitsRenamesApiTest : public ::testing::Test {
 protected:
  // One import for the suite: the whole dataset takes seconds.
  static void SetUpTestSuite() {
    db_ = TestDatabase::Create().release();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    auto data = registry::importer::ReadAdminUnits(std::string(THIDUA_SOURCE_DIR) +
                                                   "/services/registry/data/admin-units-2025");
    ASSERT_TRUE(data.ok()) << data.status();
    auto summary = registry::importer::ImportAdminUnits(db_->pool(), *data);
    ASSERT_TRUE(summary.ok()) << summary.status();
    replica_ = new RegistryReplica(db_->options());
  }
  static void TearDownTestSuite() {
    delete replica_;
    delete db_;
    replica_ = nullptr;
    db_ = nullptr;
  }

  static std::string Reader() { return TestTokens::Get().Token(0, {}, "reader"); }

  // The provinces a query finds on a date (today when unset), best first.
  static std::vector<v1::Organization> Provinces(const std::string& query,
                                                 common::v1::Date as_of = {}) {
    v1::ListOrganizationsRequest request;
    request.set_query(query);
    request.add_kinds(v1::PROVINCE);
    *request.mutable_as_of() = as_of;
    v1::ListOrganizationsResponse response;
    const grpc::Status status =
        replica_->stub().ListOrganizations(WithToken(Reader()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.organizations().begin(), response.organizations().end()};
  }

  static v1::Organization Get(int64_t id, common::v1::Date as_of = {}) {
    v1::GetOrganizationRequest request;
    request.set_id(id);
    *request.mutable_as_of() = as_of;
    v1::Organization out;
    const grpc::Status status =
        replica_->stub().GetOrganization(WithToken(Reader()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Thành phố Huế, found by its GSO code today.
  static int64_t Hue() {
    v1::ListOrganizationsRequest request;
    request.set_code_scheme(v1::ADMIN_UNIT);
    request.set_code_value("46");
    request.add_kinds(v1::PROVINCE);
    v1::ListOrganizationsResponse response;
    EXPECT_TRUE(
        replica_->stub().ListOrganizations(WithToken(Reader()).get(), request, &response).ok());
    EXPECT_EQ(response.organizations_size(), 1);
    return response.organizations_size() > 0 ? response.organizations(0).id() : 0;
  }

  static inline TestDatabase* db_ = nullptr;
  static inline RegistryReplica* replica_ = nullptr;
};

TEST_F(AdminUnitsRenamesApiTest, HueBoreItsProvincialNameUntil2025) {
  const int64_t hue = Hue();
  ASSERT_NE(hue, 0);
  EXPECT_EQ(Get(hue, D(2024, 12, 31)).display_name(), "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ(Get(hue, D(2025, 1, 1)).display_name(), "Thành phố Huế");
  EXPECT_EQ(Get(hue).display_name(), "Thành phố Huế");
  // The 2025 reorganisation left it whole: still the same organisation, still code 46.
  EXPECT_EQ(Get(hue, D(2025, 7, 1)).display_name(), "Thành phố Huế");
}

TEST_F(AdminUnitsRenamesApiTest, TheEarlierNameFindsHue) {
  const int64_t hue = Hue();
  for (const char* query : {"Thừa Thiên Huế", "thua thien hue"}) {
    const auto today = Provinces(query);
    ASSERT_EQ(today.size(), 1u) << query;
    EXPECT_EQ(today[0].id(), hue);
    EXPECT_EQ(today[0].display_name(), "Thành phố Huế");
  }
  const auto in_2024 = Provinces("thua thien hue", D(2024, 6, 1));
  ASSERT_EQ(in_2024.size(), 1u);
  EXPECT_EQ(in_2024[0].display_name(), "Tỉnh Thừa Thiên Huế");
}

TEST_F(AdminUnitsRenamesApiTest, HistorySaysHueWasRenamedAndWhy) {
  const int64_t hue = Hue();
  v1::ListOrganizationHistoryRequest request;
  request.set_organization_id(hue);
  v1::ListOrganizationHistoryResponse history;
  ASSERT_TRUE(
      replica_->stub().ListOrganizationHistory(WithToken(Reader()).get(), request, &history).ok());
  std::vector<v1::OrganizationEvent> renames;
  for (const auto& e : history.events()) {
    if (e.type() == v1::RENAME) renames.push_back(e);
  }
  ASSERT_EQ(renames.size(), 1u);
  const v1::OrganizationEvent& rename = renames[0];
  EXPECT_EQ(FromProto(rename.effective_date()).value(), absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(rename.legal_basis(), "Nghị quyết 175/2024/QH15");
  EXPECT_NE(rename.note().find("Đổi tên Tỉnh Thừa Thiên Huế thành Thành phố Huế. Nguồn: "),
            std::string::npos)
      << rename.note();
  EXPECT_EQ(rename.recorded_by(), "import:admin-units-2025");
  ASSERT_EQ(rename.participants_size(), 1);
  EXPECT_EQ(rename.participants(0).organization_id(), hue);
  EXPECT_EQ(rename.participants(0).role(), "subject");
}

}  // namespace
}  // namespace thidua::testing
