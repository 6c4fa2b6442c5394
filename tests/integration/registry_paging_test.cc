// The registry's listings page by cursor (AIP-158) and search ranks by relevance, through the wire.
#include <gmock/gmock.h>

#include <optional>

#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class RegistryPagingTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    province_ = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68").id();
    for (const char* name : {"Xã Bảo Lâm", "Xã Cát Tiên", "Xã Đạ Huoai", "Xã Lạc Dương",
                             "Phường Xuân Hương - Đà Lạt"}) {
      const bool ward = std::string(name).rfind("Phường", 0) == 0;
      Create(name, ward ? v1::WARD : v1::COMMUNE, province_, D(2025, 7, 1));
    }
  }

  v1::ListOrganizationsRequest Children(int page_size) const {
    v1::ListOrganizationsRequest request;
    request.set_parent_id(province_);
    request.set_page_size(page_size);
    *request.mutable_as_of() = D(2026, 1, 1);
    return request;
  }

  grpc::Status List(const v1::ListOrganizationsRequest& request,
                    v1::ListOrganizationsResponse* response) {
    return stub().ListOrganizations(WithToken(admin_).get(), request, response);
  }

  std::vector<std::string> AllPages(v1::ListOrganizationsRequest request) {
    std::vector<std::string> names;
    for (int pages = 0; pages < 20; ++pages) {
      v1::ListOrganizationsResponse response;
      const grpc::Status status = List(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& o : response.organizations()) names.push_back(o.display_name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  int64_t province_ = 0;
};

TEST_F(RegistryPagingTest, PagesCoverEveryUnitOnceInOrder) {
  EXPECT_THAT(AllPages(Children(2)), ElementsAre("Phường Xuân Hương - Đà Lạt", "Xã Bảo Lâm",
                                                 "Xã Cát Tiên", "Xã Đạ Huoai", "Xã Lạc Dương"));
}

TEST_F(RegistryPagingTest, AUnitAddedBeforeTheCursorNeitherRepeatsNorSkipsARow) {
  v1::ListOrganizationsResponse first;
  ASSERT_TRUE(List(Children(2), &first).ok());
  ASSERT_EQ(first.organizations(1).display_name(), "Xã Bảo Lâm");
  Create("Phường 1 Bảo Lộc", v1::WARD, province_, D(2025, 7, 1));  // sorts before the cursor
  v1::ListOrganizationsRequest request = Children(2);
  request.set_page_token(first.next_page_token());
  v1::ListOrganizationsResponse second;
  ASSERT_TRUE(List(request, &second).ok());
  ASSERT_EQ(second.organizations_size(), 2);
  EXPECT_EQ(second.organizations(0).display_name(), "Xã Cát Tiên");
  EXPECT_EQ(second.organizations(1).display_name(), "Xã Đạ Huoai");
}

TEST_F(RegistryPagingTest, TokensAndSizesFollowThePolicy) {
  v1::ListOrganizationsResponse first;
  ASSERT_TRUE(List(Children(2), &first).ok());
  // A token of one query used with another is refused.
  v1::ListOrganizationsRequest other = Children(2);
  other.add_kinds(v1::COMMUNE);
  other.set_page_token(first.next_page_token());
  v1::ListOrganizationsResponse ignored;
  grpc::Status status = List(other, &ignored);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_token"));
  // The old offset tokens, and garbage, are refused.
  for (const char* token : {"b2Zmc2V0OjI", "b2Zmc2V0Oi0x", "%%%"}) {
    v1::ListOrganizationsRequest request = Children(2);
    request.set_page_token(token);
    EXPECT_EQ(List(request, &ignored).error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
  }
  status = List(Children(-1), &ignored);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_size"));
  v1::ListOrganizationsResponse all;
  ASSERT_TRUE(List(Children(1'000'000), &all).ok());  // capped at the maximum
  EXPECT_EQ(all.organizations_size(), 5);
}

TEST_F(RegistryPagingTest, SearchRanksTheUnitNamedByTheQueryFirst) {
  Create("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", v1::BOARD, province_, D(2025, 7, 1));
  Create("Công an tỉnh Lâm Đồng", v1::POLICE, province_, D(2025, 7, 1));
  v1::ListOrganizationsRequest request;
  request.set_query("lam dong");
  request.set_page_size(1);
  *request.mutable_as_of() = D(2026, 1, 1);
  EXPECT_THAT(AllPages(request),
              ElementsAre("Tỉnh Lâm Đồng", "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
                          "Công an tỉnh Lâm Đồng"));
}

TEST_F(RegistryPagingTest, AFormerNameFindsTheUnitAfterThoseNamedSoToday) {
  const int64_t hue = Create("Tỉnh Thừa Thiên Huế", v1::PROVINCE, nation_id_, D(2020, 1, 1)).id();
  v1::ApplyEventRequest rename;
  rename.set_legal_basis("Nghị quyết 175/2024/QH15");
  *rename.mutable_effective_date() = D(2025, 1, 1);
  rename.mutable_rename()->set_organization_id(hue);
  rename.mutable_rename()->set_new_display_name("Thành phố Huế");
  v1::OrganizationEvent event;
  ASSERT_TRUE(stub().ApplyEvent(WithToken(admin_).get(), rename, &event).ok());
  Create("Trường Đại học Thừa Thiên", v1::EDUCATIONAL_INSTITUTION, hue, D(2025, 7, 1));
  v1::ListOrganizationsRequest request;
  request.set_query("thua thien");
  *request.mutable_as_of() = D(2026, 1, 1);
  EXPECT_THAT(AllPages(request), ElementsAre("Trường Đại học Thừa Thiên", "Thành phố Huế"));
  request.set_query("thừa thiên huế");
  EXPECT_THAT(AllPages(request), ElementsAre("Thành phố Huế"));
}

TEST_F(RegistryPagingTest, TheTreePagesDepthFirst) {
  v1::GetTreeRequest request;
  request.set_root_id(nation_id_);
  *request.mutable_as_of() = D(2026, 1, 1);
  v1::GetTreeResponse whole;
  ASSERT_TRUE(stub().GetTree(WithToken(admin_).get(), request, &whole).ok());
  ASSERT_EQ(whole.nodes_size(), 7);
  EXPECT_TRUE(whole.next_page_token().empty());
  std::vector<std::string> expected, paged;
  for (const auto& n : whole.nodes()) expected.push_back(n.organization().display_name());
  request.set_page_size(3);
  for (int pages = 0; pages < 10; ++pages) {
    v1::GetTreeResponse page;
    ASSERT_TRUE(stub().GetTree(WithToken(admin_).get(), request, &page).ok());
    EXPECT_LE(page.nodes_size(), 3);
    for (const auto& n : page.nodes()) paged.push_back(n.organization().display_name());
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(paged, ElementsAreArray(expected));
}

TEST_F(RegistryPagingTest, GroupMembersAndHistoryPageByCursor) {
  // The province's five units in a group; one page of everything is the order each page size
  // must walk.
  v1::ListOrganizationsResponse children;
  ASSERT_TRUE(List(Children(100), &children).ok());
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Các xã, phường của tỉnh");
  create.mutable_group()->set_owner_id(province_);
  for (const auto& o : children.organizations()) {
    auto* member = create.mutable_group()->add_members();
    member->set_organization_id(o.id());
    *member->mutable_valid_from() = D(2025, 7, 1);
  }
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), create, &group).ok());
  auto members = [&](int size) {
    v1::ListGroupMembersRequest request;
    request.set_group_id(group.id());
    *request.mutable_as_of() = D(2026, 1, 1);
    request.set_page_size(size);
    std::vector<int64_t> ids;
    for (int pages = 0; pages < 20; ++pages) {
      v1::ListGroupMembersResponse page;
      EXPECT_TRUE(stub().ListGroupMembers(WithToken(admin_).get(), request, &page).ok());
      EXPECT_LE(page.organizations_size(), size);
      for (const auto& o : page.organizations()) ids.push_back(o.id());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return ids;
  };
  const std::vector<int64_t> all = members(1000);
  ASSERT_EQ(all.size(), 5u);
  for (int size : {1, 2, 4}) EXPECT_THAT(members(size), ElementsAreArray(all)) << size;

  // A unit renamed three times: its history, a page at a time.
  const int64_t unit = children.organizations(0).id();
  for (int year = 2026; year <= 2028; ++year) {
    v1::ApplyEventRequest rename;
    *rename.mutable_effective_date() = D(year, 1, 1);
    rename.set_legal_basis(absl::StrCat("Nghị quyết số ", year, "/NQ-HĐND"));
    rename.mutable_rename()->set_organization_id(unit);
    rename.mutable_rename()->set_new_display_name(absl::StrCat("Xã Đổi Tên Năm ", year));
    v1::OrganizationEvent event;
    ASSERT_TRUE(stub().ApplyEvent(WithToken(admin_).get(), rename, &event).ok());
  }
  auto history = [&](int size) {
    v1::ListOrganizationHistoryRequest request;
    request.set_organization_id(unit);
    request.set_page_size(size);
    std::vector<int64_t> ids;
    for (int pages = 0; pages < 20; ++pages) {
      v1::ListOrganizationHistoryResponse page;
      EXPECT_TRUE(stub().ListOrganizationHistory(WithToken(admin_).get(), request, &page).ok());
      EXPECT_LE(page.events_size(), size);
      for (const auto& e : page.events()) ids.push_back(e.id());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return ids;
  };
  const std::vector<int64_t> events = history(1000);
  ASSERT_GE(events.size(), 3u);
  for (int size : {1, 2}) EXPECT_THAT(history(size), ElementsAreArray(events)) << size;
}

TEST_F(RegistryPagingTest, AGroupHoldsAtMostFiveThousandMemberships) {
  // GetGroup returns every membership in one message, so a group is bounded instead of paged.
  v1::ListOrganizationsResponse children;
  ASSERT_TRUE(List(Children(1), &children).ok());
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Nhóm quá lớn");
  create.mutable_group()->set_owner_id(province_);
  for (int i = 0; i < 5001; ++i) {
    auto* member = create.mutable_group()->add_members();
    member->set_organization_id(children.organizations(0).id());
    const absl::CivilDay day = absl::CivilDay(2025, 7, 1) + i;
    *member->mutable_valid_from() = ToProto(day);
    *member->mutable_valid_to() = ToProto(day);
  }
  v1::Group group;
  const grpc::Status status = stub().CreateGroup(WithToken(admin_).get(), create, &group);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("group.members"));
}

TEST_F(RegistryPagingTest, ACodeWithoutADateListsEveryUnitThatHeldIt) {
  const int64_t hanoi =
      Create("Thành phố Hà Nội", v1::PROVINCE, nation_id_, D(2020, 1, 1), "01").id();
  const int64_t district =
      Create("Quận Ba Đình", v1::DISTRICT, hanoi, D(2020, 1, 1), "001", D(2025, 6, 30)).id();
  // Codes given without dates are held for the unit's validity.
  Create("Phường Trúc Bạch", v1::WARD, district, D(2020, 1, 1), "00004", D(2025, 6, 30));
  Create("Phường Ba Đình", v1::WARD, hanoi, D(2025, 7, 1), "00004");
  auto holders = [&](std::optional<common::v1::Date> as_of) {
    v1::ListOrganizationsRequest request;
    request.set_code_scheme(v1::ADMIN_UNIT);
    request.set_code_value("00004");
    if (as_of) *request.mutable_as_of() = *as_of;
    return AllPages(request);
  };
  EXPECT_THAT(holders(std::nullopt), ElementsAre("Phường Ba Đình", "Phường Trúc Bạch"));
  EXPECT_THAT(holders(D(2026, 1, 1)), ElementsAre("Phường Ba Đình"));
  EXPECT_THAT(holders(D(2024, 1, 1)), ElementsAre("Phường Trúc Bạch"));
}

}  // namespace
}  // namespace thidua::testing
