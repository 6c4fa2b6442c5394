// Registry group RPCs that had no test of their own: GetGroup, ListGroups and RemoveGroupMember,
// through real gRPC and MariaDB: the main path read back through the API, then the errors a client
// meets (bad input naming the field, a stale etag, an unknown id, a caller out of scope).
#include "tests/integration/untested_rpcs_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST_F(UntestedRpcsTest, GetGroupShowsTheCreatedGroupWithItsMembers) {
  const auto created = CreateGroup("Các xã, phường điểm về an ninh trật tự", province_,
                                   {communes_[0], communes_[1]});
  ASSERT_GT(created.id(), 0);
  const v1::Group read = GetGroup(created.id());
  EXPECT_EQ(read.id(), created.id());
  EXPECT_EQ(read.name(), absl::StrCat("groups/", created.id()));
  EXPECT_EQ(read.display_name(), "Các xã, phường điểm về an ninh trật tự");
  EXPECT_EQ(read.owner_id(), province_);
  EXPECT_EQ(read.etag(), created.etag());
  EXPECT_FALSE(read.etag().empty());
  EXPECT_TRUE(read.has_create_time());
  ASSERT_EQ(read.members_size(), 2);
  std::vector<int64_t> ids;
  for (const auto& m : read.members()) {
    ids.push_back(m.organization_id());
    EXPECT_EQ(Iso(m.valid_from()), "2025-7-1");
    EXPECT_FALSE(m.has_valid_to());  // still a member: no end, not an empty date
  }
  EXPECT_THAT(ids, UnorderedElementsAre(communes_[0], communes_[1]));
  // Anyone authenticated reads a group, without a registry role.
  v1::GetGroupRequest request;
  request.set_id(created.id());
  v1::Group seen;
  ASSERT_TRUE(stub().GetGroup(WithToken(Token(other_commune_)).get(), request, &seen).ok());
  EXPECT_EQ(seen.members_size(), 2);
}

TEST_F(UntestedRpcsTest, GetGroupOfAnUnknownIdIsNotFound) {
  v1::GetGroupRequest request;
  request.set_id(987654321);
  v1::Group out;
  const grpc::Status status = stub().GetGroup(WithToken(admin_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_FOUND");
  EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  EXPECT_EQ(stub().GetGroup(WithToken("").get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(UntestedRpcsTest, ListGroupsFiltersByOwnerAndByAnAccentInsensitiveQuery) {
  CreateGroup("Xã điểm về an ninh trật tự", province_, {communes_[0]});
  CreateGroup("Đơn vị đăng ký Phong trào", province_, {police_, home_affairs_});
  CreateGroup("Xã biên giới", other_province_, {other_commune_});
  v1::ListGroupsRequest request;
  request.set_owner_id(province_);
  // Ordered by folded name: "don vi ..." before "xa diem ...".
  EXPECT_THAT(GroupNames(request),
              ElementsAre("Đơn vị đăng ký Phong trào", "Xã điểm về an ninh trật tự"));
  request.set_owner_id(other_province_);
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới"));
  request.set_owner_id(communes_[2]);  // owns nothing
  EXPECT_THAT(GroupNames(request), IsEmpty());

  request.clear_owner_id();
  EXPECT_EQ(GroupNames(request).size(), 3u);
  request.set_query("xa");
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới", "Xã điểm về an ninh trật tự"));
  request.set_query("xa diem");
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("XÃ ĐIỂM");  // marks and upper case fold the same way
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("an ninh xa");  // words in any order
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("dang ky");
  EXPECT_THAT(GroupNames(request), ElementsAre("Đơn vị đăng ký Phong trào"));
  request.set_query("khong co nhom nay");
  EXPECT_THAT(GroupNames(request), IsEmpty());
  // Owner and query together.
  request.set_query("xa");
  request.set_owner_id(other_province_);
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới"));
}

TEST_F(UntestedRpcsTest, ListGroupsPagesAndRefusesABadPageToken) {
  for (const char* name : {"Nhóm A", "Nhóm B", "Nhóm C"}) CreateGroup(name, province_, {});
  v1::ListGroupsRequest request;
  request.set_owner_id(province_);
  request.set_page_size(2);
  std::vector<std::string> names;
  for (int page = 0; page < 4; ++page) {
    v1::ListGroupsResponse response;
    ASSERT_TRUE(stub().ListGroups(WithToken(admin_).get(), request, &response).ok());
    for (const auto& g : response.groups()) names.push_back(g.display_name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre("Nhóm A", "Nhóm B", "Nhóm C"));

  v1::ListGroupsResponse response;
  request.set_page_token("garbage");
  grpc::Status status = stub().ListGroups(WithToken(admin_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_token"));
  request.clear_page_token();
  request.set_page_size(-1);
  status = stub().ListGroups(WithToken(admin_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_size"));
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberEndsTheMembershipOnItsLastDay) {
  const auto group = CreateGroup("Xã điểm về an ninh trật tự", province_,
                                 {communes_[0], communes_[1]}, D(2025, 7, 1));
  v1::Group after;
  const grpc::Status status = stub().RemoveGroupMember(
      WithToken(admin_).get(), Removal(group, communes_[0], D(2025, 12, 31)), &after);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(after.etag(), group.etag());
  // The membership is ended, not erased: it keeps its history.
  const v1::Group read = GetGroup(group.id());
  EXPECT_EQ(read.etag(), after.etag());
  ASSERT_EQ(read.members_size(), 2);
  for (const auto& m : read.members()) {
    EXPECT_EQ(Iso(m.valid_from()), "2025-7-1");
    if (m.organization_id() == communes_[0]) {
      EXPECT_EQ(Iso(m.valid_to()), "2025-12-31");
    } else {
      EXPECT_FALSE(m.has_valid_to());
    }
  }
  // The last day is still a day of membership; the next one is not.
  EXPECT_THAT(MemberIds(group.id(), D(2025, 9, 1)),
              UnorderedElementsAre(communes_[0], communes_[1]));
  EXPECT_THAT(MemberIds(group.id(), D(2025, 12, 31)),
              UnorderedElementsAre(communes_[0], communes_[1]));
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[1]));
  // The registry's listing by group agrees.
  v1::ListOrganizationsRequest list;
  list.set_group_id(group.id());
  *list.mutable_as_of() = D(2026, 3, 1);
  v1::ListOrganizationsResponse members;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), list, &members).ok());
  ASSERT_EQ(members.organizations_size(), 1);
  EXPECT_EQ(members.organizations(0).id(), communes_[1]);
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberNeedsTheCurrentEtag) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0], communes_[1]});
  v1::Group after;
  ASSERT_TRUE(stub()
                  .RemoveGroupMember(WithToken(admin_).get(),
                                     Removal(group, communes_[0], D(2025, 12, 31)), &after)
                  .ok());
  // The etag of the group as created is stale now.
  v1::Group out;
  const grpc::Status stale = stub().RemoveGroupMember(
      WithToken(admin_).get(), Removal(group, communes_[1], D(2025, 12, 31)), &out);
  ASSERT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  EXPECT_EQ(DetailsOf(stale).reason, "ETAG_MISMATCH");
  EXPECT_EQ(GetGroup(group.id()).etag(), after.etag());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[1]));
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberRefusesBadInputNamingTheField) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]});
  auto fields = [&](const v1::RemoveGroupMemberRequest& request) {
    v1::Group out;
    const grpc::Status status = stub().RemoveGroupMember(WithToken(admin_).get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    return DetailsOf(status).fields;
  };
  auto request = Removal(group, communes_[0], D(2025, 12, 31));
  request.clear_etag();
  EXPECT_THAT(fields(request), ElementsAre("etag"));
  request = Removal(group, communes_[0], {});
  EXPECT_THAT(fields(request), ElementsAre("last_day"));
  request = Removal(group, communes_[0], NoSuchDay());
  EXPECT_THAT(fields(request), ElementsAre("last_day"));
  request.clear_etag();
  EXPECT_THAT(fields(request), UnorderedElementsAre("etag", "last_day"));
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberOfANonMemberOrAnUnknownGroupIsRefused) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]}, D(2025, 7, 1));
  auto remove = [&](int64_t organization, common::v1::Date last_day) {
    v1::Group out;
    return stub().RemoveGroupMember(WithToken(admin_).get(), Removal(group, organization, last_day),
                                    &out);
  };
  // A unit that never was a member.
  grpc::Status status = remove(communes_[2], D(2025, 12, 31));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");
  // A member, but not yet on that day.
  status = remove(communes_[0], D(2025, 6, 30));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");
  // An id that is no organisation at all.
  EXPECT_EQ(remove(987654321, D(2025, 12, 31)).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());

  // No longer a member after its last day.
  v1::Group after;
  ASSERT_TRUE(stub()
                  .RemoveGroupMember(WithToken(admin_).get(),
                                     Removal(group, communes_[0], D(2025, 12, 31)), &after)
                  .ok());
  v1::Group out;
  status = stub().RemoveGroupMember(WithToken(admin_).get(),
                                    Removal(after, communes_[0], D(2026, 6, 30)), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");

  // An unknown group, for the national administrator who could see it.
  auto unknown = Removal(after, communes_[0], D(2025, 12, 31));
  unknown.set_group_id(987654321);
  status = stub().RemoveGroupMember(WithToken(admin_).get(), unknown, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberIsLimitedToAdministratorsOfTheOwner) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]});
  const auto request = Removal(group, communes_[0], D(2025, 12, 31));
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"another province's registry admin", other_admin_},
      {"a commune's registry admin under the owner",
       TestTokens::Get().Token(communes_[0], {"registry-admin"}, "commune-admin")},
      {"the owner's plans editor, without the registry role", editor_},
      {"a national auditor", TestTokens::Get().Token(nation_id_, {"auditor"}, "auditor")},
  };
  v1::Group out;
  for (const auto& [who, token] : callers) {
    const grpc::Status status = stub().RemoveGroupMember(WithToken(token).get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
  }
  // Out of scope, an unknown group is denied the same way: nothing to probe.
  auto unknown = request;
  unknown.set_group_id(987654321);
  const grpc::Status denied =
      stub().RemoveGroupMember(WithToken(other_admin_).get(), request, &out);
  const grpc::Status missing =
      stub().RemoveGroupMember(WithToken(other_admin_).get(), unknown, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(missing.error_message(), denied.error_message());
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[0]));
  // The owner's own administrator may.
  ASSERT_TRUE(stub().RemoveGroupMember(WithToken(province_admin_).get(), request, &out).ok());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), IsEmpty());
}

// ================================ ListDocuments ================================

}  // namespace
}  // namespace thidua::testing
