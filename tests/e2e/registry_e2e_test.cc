// The registry binary as deploy/local/up runs it: the official 2025 import, then the public API
// answering the questions the seed documents raise.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "nlohmann/json.hpp"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_database.h"
#include "tests/support/test_tokens.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;
using ::testing::IsSupersetOf;
using ::testing::UnorderedElementsAre;

common::v1::Date D(int y, int m, int d) { return ToProto(absl::CivilDay(y, m, d)); }

class RegistryEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::Create().release();
    dir_ = std::filesystem::temp_directory_path() / ("thidua-e2e-" + db_->name());
    std::filesystem::create_directories(dir_);
    const std::vector<std::string> db_flags = {"--db_socket=" + TestDatabase::Socket(),
                                               "--db_user=root", "--db_name=" + db_->name()};
    std::vector<std::string> import = db_flags;
    import.push_back(absl::StrCat("--import_admin_units=", THIDUA_SOURCE_DIR,
                                  "/services/registry/data/admin-units-2025"));
    ASSERT_EQ(thidua::testing::Run(THIDUA_REGISTRY_BINARY, import, dir_ / "import.log"), 0);
    // Running the import again is safe: it recognises the dataset and changes nothing.
    ASSERT_EQ(thidua::testing::Run(THIDUA_REGISTRY_BINARY, import, dir_ / "import-again.log"), 0);
    std::vector<std::string> serve = db_flags;
    serve.push_back("--listen=127.0.0.1:0");
    serve.push_back("--metrics_listen=127.0.0.1:0");
    serve.push_back("--jwt_public_keys=" + TestTokens::Get().WritePublicKey(dir_));
    server_ = new Process(THIDUA_REGISTRY_BINARY, serve, dir_ / "registry.log");
    const std::string ready = server_->WaitForLog("registry serving", 60);
    ASSERT_FALSE(ready.empty()) << "the registry did not start";
    const int port = nlohmann::json::parse(ready)["port"];
    stub_ = v1::Registry::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                                      grpc::InsecureChannelCredentials()))
                .release();
  }

  static void TearDownTestSuite() {
    delete stub_;
    if (server_ != nullptr) {
      EXPECT_EQ(server_->Terminate(), 0) << "graceful stop on SIGTERM";
    }
    delete server_;
    delete db_;
    std::filesystem::remove_all(dir_);
  }

  static std::string Reader() { return TestTokens::Get().Token(0, {}, "reader"); }

  // Total number of organisations of these kinds valid on the date.
  static int Count(std::vector<v1::OrganizationKind> kinds, common::v1::Date as_of) {
    v1::ListOrganizationsRequest request;
    for (auto k : kinds) request.add_kinds(k);
    *request.mutable_as_of() = as_of;
    request.set_page_size(1);
    v1::ListOrganizationsResponse response;
    const grpc::Status status =
        stub_->ListOrganizations(WithToken(Reader()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total_size();
  }

  static v1::Organization Find(const std::string& query, v1::OrganizationKind kind,
                               common::v1::Date as_of = {}) {
    v1::ListOrganizationsRequest request;
    request.set_query(query);
    request.add_kinds(kind);
    *request.mutable_as_of() = as_of;
    v1::ListOrganizationsResponse response;
    EXPECT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), request, &response).ok());
    EXPECT_EQ(response.organizations_size(), 1) << query;
    return response.organizations_size() > 0 ? response.organizations(0) : v1::Organization();
  }

  static inline TestDatabase* db_ = nullptr;
  static inline std::filesystem::path dir_;
  static inline Process* server_ = nullptr;
  static inline v1::Registry::Stub* stub_ = nullptr;
};

const std::vector<v1::OrganizationKind> kCommuneLevel = {v1::COMMUNE, v1::WARD, v1::TOWNSHIP,
                                                         v1::SPECIAL_ZONE};

TEST_F(RegistryEndToEnd, ImportCountsMatchTheOfficialLists) {
  const auto before = D(2025, 6, 30);
  EXPECT_EQ(Count({v1::PROVINCE}, before), 63);
  // 691 districts with communes in old-units.csv and 5 island districts without any (Bạch Long
  // Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) that merges.json merges into special zones.
  EXPECT_EQ(Count({v1::DISTRICT}, before), 696);
  EXPECT_EQ(Count(kCommuneLevel, before), 10047);
  const auto after = D(2025, 7, 1);
  EXPECT_EQ(Count({v1::PROVINCE}, after), 34);
  EXPECT_EQ(Count({v1::DISTRICT}, after), 0);
  EXPECT_EQ(Count(kCommuneLevel, after), 3321);
  EXPECT_EQ(Count({v1::NATION}, after), 1);
}

TEST_F(RegistryEndToEnd, BinhPhuocOf2022IsSucceededByDongNai) {
  const auto binh_phuoc = Find("binh phuoc", v1::PROVINCE, D(2022, 5, 1));
  EXPECT_EQ(binh_phuoc.display_name(), "Tỉnh Bình Phước");
  v1::ResolveSuccessorsRequest request;
  request.set_organization_id(binh_phuoc.id());
  v1::ResolveSuccessorsResponse response;
  ASSERT_TRUE(stub_->ResolveSuccessors(WithToken(Reader()).get(), request, &response).ok());
  ASSERT_EQ(response.organizations_size(), 1);
  EXPECT_EQ(response.organizations(0).organization().display_name(), "Tỉnh Đồng Nai");
  EXPECT_EQ(response.organizations(0).share(), v1::FULL);
}

TEST_F(RegistryEndToEnd, LamDongTodayCoversBinhThuanDakNongAndLamDong) {
  const auto lam_dong = Find("lam dong", v1::PROVINCE);
  EXPECT_EQ(lam_dong.display_name(), "Tỉnh Lâm Đồng");
  v1::GetLineageRequest request;
  request.set_organization_id(lam_dong.id());
  v1::GetLineageResponse response;
  ASSERT_TRUE(stub_->GetLineage(WithToken(Reader()).get(), request, &response).ok());
  std::vector<std::string> provinces;
  for (const auto& link : response.predecessors()) {
    if (link.organization().kind() == v1::PROVINCE)
      provinces.push_back(link.organization().display_name());
  }
  EXPECT_THAT(provinces, UnorderedElementsAre("Tỉnh Bình Thuận", "Tỉnh Đắk Nông", "Tỉnh Lâm Đồng"));
}

TEST_F(RegistryEndToEnd, TuyenQuangIn2023HasSevenDistrictsWithSeed003Communes) {
  const auto as_of = D(2023, 4, 10);
  v1::ListOrganizationsRequest by_code;
  by_code.set_code_scheme(v1::ADMIN_UNIT);
  by_code.set_code_value("08");
  *by_code.mutable_as_of() = as_of;
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), by_code, &found).ok());
  ASSERT_EQ(found.organizations_size(), 1);
  const int64_t tuyen_quang = found.organizations(0).id();

  v1::ListOrganizationsRequest districts;
  districts.set_parent_id(tuyen_quang);
  districts.add_kinds(v1::DISTRICT);
  *districts.mutable_as_of() = as_of;
  v1::ListOrganizationsResponse listed;
  ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), districts, &listed).ok());
  std::map<std::string, int64_t> district_ids;
  for (const auto& d : listed.organizations()) district_ids[d.display_name()] = d.id();
  EXPECT_EQ(district_ids.size(), 7u);
  // The communes seed 003 names, each under the district it names.
  const std::vector<std::pair<std::string, std::string>> seed003 = {
      {"Xã Thượng Nông", "Huyện Na Hang"}, {"Xã Linh Phú", "Huyện Chiêm Hóa"},
      {"Xã Tri Phú", "Huyện Chiêm Hóa"},   {"Xã Trung Minh", "Huyện Yên Sơn"},
      {"Xã Hùng Lợi", "Huyện Yên Sơn"},    {"Xã Minh Hương", "Huyện Hàm Yên"},
      {"Xã Yên Lâm", "Huyện Hàm Yên"},     {"Xã Yên Phú", "Huyện Hàm Yên"},
      {"Xã Tân Thành", "Huyện Hàm Yên"},   {"Xã Đông Thọ", "Huyện Sơn Dương"}};
  for (const auto& [commune, district] : seed003) {
    ASSERT_TRUE(district_ids.count(district)) << district;
    v1::ListOrganizationsRequest children;
    children.set_parent_id(district_ids[district]);
    children.set_query(commune);
    *children.mutable_as_of() = as_of;
    v1::ListOrganizationsResponse hits;
    ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), children, &hits).ok());
    std::vector<std::string> names;
    for (const auto& h : hits.organizations()) names.push_back(h.display_name());
    EXPECT_THAT(names, ::testing::Contains(commune)) << commune << " under " << district;
  }
  // Without a date, code 08 names both units that held it: the province until 30/6/2025 and the
  // one merged with Hà Giang since (a code is not an identity).
  by_code.clear_as_of();
  ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), by_code, &found).ok());
  ASSERT_EQ(found.organizations_size(), 2);
  // Today Tuyên Quang has no districts at all.
  *by_code.mutable_as_of() = D(2026, 1, 1);
  ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), by_code, &found).ok());
  ASSERT_EQ(found.organizations_size(), 1);
  districts.set_parent_id(found.organizations(0).id());
  districts.clear_as_of();
  ASSERT_TRUE(stub_->ListOrganizations(WithToken(Reader()).get(), districts, &listed).ok());
  EXPECT_EQ(listed.total_size(), 0);
  v1::GetTreeRequest tree;
  tree.set_root_id(found.organizations(0).id());
  tree.set_max_depth(1);
  v1::GetTreeResponse nodes;
  ASSERT_TRUE(stub_->GetTree(WithToken(Reader()).get(), tree, &nodes).ok());
  for (const auto& n : nodes.nodes()) EXPECT_NE(n.organization().kind(), v1::DISTRICT);
  EXPECT_GT(nodes.nodes_size(), 100);  // its communes, directly under the province
}

TEST_F(RegistryEndToEnd, BadInputGetsTheRightCodeAndFieldViolations) {
  v1::ListOrganizationsRequest request;
  request.set_page_size(-1);
  request.mutable_as_of()->set_year(2025);
  request.mutable_as_of()->set_month(13);
  request.mutable_as_of()->set_day(1);
  request.add_kinds(static_cast<v1::OrganizationKind>(999));
  v1::ListOrganizationsResponse response;
  const grpc::Status status =
      stub_->ListOrganizations(WithToken(Reader()).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, UnorderedElementsAre("as_of", "kinds[0]", "page_size"));
  v1::GetOrganizationRequest missing;
  missing.set_id(99999999);
  v1::Organization org;
  const grpc::Status not_found = stub_->GetOrganization(WithToken(Reader()).get(), missing, &org);
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(DetailsOf(not_found).vietnamese, ::testing::HasSubstr("Không tìm thấy"));
}

TEST_F(RegistryEndToEnd, CommuneOfficerCannotWriteOutsideTheirCommune) {
  const auto own = Find("phuong lam vien da lat", v1::WARD);
  const auto other = Find("xa lac duong", v1::COMMUNE);
  const std::string officer =
      TestTokens::Get().Token(own.id(), {"registry-admin"}, "can-bo-phuong");
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_id(other.id());
  update.mutable_organization()->set_etag(other.etag());
  update.mutable_organization()->mutable_contact()->set_phone("0263 3822 222");
  update.mutable_update_mask()->add_paths("contact.phone");
  v1::Organization out;
  EXPECT_EQ(stub_->UpdateOrganization(WithToken(officer).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CreateOrganizationRequest create;
  create.mutable_organization()->set_display_name("Thôn Lạc Dương 1");
  create.mutable_organization()->set_kind(v1::RESIDENTIAL_AREA);
  create.mutable_organization()->set_parent_id(other.id());
  EXPECT_EQ(stub_->CreateOrganization(WithToken(officer).get(), create, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Within their own ward, the same officer may register a residential area.
  create.mutable_organization()->set_display_name("Tổ dân phố 1");
  create.mutable_organization()->set_parent_id(own.id());
  EXPECT_TRUE(stub_->CreateOrganization(WithToken(officer).get(), create, &out).ok());
}

}  // namespace
}  // namespace thidua::testing
