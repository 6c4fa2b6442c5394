// Ending a unit ends its ties over the whole future: children placed under it later refuse the end,
// children it hands over have the event in their history, memberships end with it, and no change
// makes a unit its own ancestor on any day.
#include <gmock/gmock.h>

#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class TiesTest : public RegistryTest {
 protected:
  grpc::Status Apply(v1::ApplyEventRequest request, v1::OrganizationEvent* out = nullptr) {
    v1::OrganizationEvent ignored;
    request.set_legal_basis("Quyết định thử nghiệm");
    return stub().ApplyEvent(WithToken(admin_).get(), request, out ? out : &ignored);
  }
  grpc::Status Move(int64_t org, int64_t parent, common::v1::Date day) {
    v1::ApplyEventRequest move;
    *move.mutable_effective_date() = day;
    move.mutable_move()->set_organization_id(org);
    move.mutable_move()->set_new_parent_id(parent);
    return Apply(move);
  }
  grpc::Status Dissolve(int64_t org, common::v1::Date day) {
    v1::ApplyEventRequest dissolve;
    *dissolve.mutable_effective_date() = day;
    dissolve.mutable_dissolve()->set_organization_id(org);
    return Apply(dissolve);
  }
  grpc::Status MergeInto(int64_t predecessor, int64_t successor, common::v1::Date day,
                         v1::OrganizationEvent* out = nullptr) {
    v1::ApplyEventRequest merge;
    *merge.mutable_effective_date() = day;
    merge.mutable_merge()->add_predecessors()->set_organization_id(predecessor);
    merge.mutable_merge()->set_existing_successor_id(successor);
    return Apply(merge, out);
  }
  std::vector<int64_t> Members(int64_t group, common::v1::Date day) {
    v1::ListGroupMembersRequest request;
    request.set_group_id(group);
    *request.mutable_as_of() = day;
    v1::ListGroupMembersResponse response;
    EXPECT_TRUE(stub().ListGroupMembers(WithToken(admin_).get(), request, &response).ok());
    std::vector<int64_t> ids;
    for (const auto& o : response.organizations()) ids.push_back(o.id());
    return ids;
  }

  void SetUp() override {
    RegistryTest::SetUp();
    province_ = Create("Tỉnh Thử Quan Hệ", v1::PROVINCE, nation_id_, D(2025, 7, 1), "97").id();
  }
  int64_t province_ = 0;
};

TEST_F(TiesTest, AUnitPlacedUnderAnotherLaterKeepsItFromEndingFirst) {
  const auto parent = Create("Sở Thử A", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto successor = Create("Sở Thử B", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto child = Create("Ban Thử", v1::BOARD, province_, D(2025, 7, 1));
  ASSERT_TRUE(Move(child.id(), parent.id(), D(2027, 1, 1)).ok());

  const grpc::Status dissolved = Dissolve(parent.id(), D(2026, 12, 1));
  EXPECT_EQ(dissolved.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(dissolved).reason, "HAS_CHILDREN");
  const grpc::Status merged = MergeInto(parent.id(), successor.id(), D(2026, 12, 1));
  EXPECT_EQ(merged.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(merged).reason, "LATER_TIES");
  // Nothing was written: the parent is still valid and the child still joins it.
  EXPECT_FALSE(Get(parent.id()).has_valid_to());
  EXPECT_EQ(Get(child.id(), D(2027, 2, 1)).parent_id(), parent.id());
  // A unit already ended cannot receive a child later either.
  const auto empty = Create("Sở Thử C", v1::DEPARTMENT, province_, D(2025, 7, 1));
  ASSERT_TRUE(Dissolve(empty.id(), D(2026, 12, 1)).ok());
  const auto other = Create("Ban Thử Khác", v1::BOARD, province_, D(2025, 7, 1));
  const grpc::Status late = Move(other.id(), empty.id(), D(2027, 1, 1));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(late).reason, "PARENT_NOT_VALID");
}

TEST_F(TiesTest, ChildrenHandedOverByAMergeHaveTheEventInTheirHistory) {
  const auto parent = Create("Sở Thử Sáp Nhập", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto successor = Create("Sở Thử Tiếp Nhận", v1::DEPARTMENT, province_, D(2025, 7, 1));
  std::vector<int64_t> children;
  for (const char* name : {"Chi cục Một", "Chi cục Hai", "Chi cục Ba"}) {
    children.push_back(Create(name, v1::DIVISION, parent.id(), D(2025, 7, 1)).id());
  }
  v1::OrganizationEvent event;
  ASSERT_TRUE(MergeInto(parent.id(), successor.id(), D(2026, 1, 1), &event).ok());
  for (int64_t child : children) {
    EXPECT_EQ(Get(child).parent_id(), successor.id());
    EXPECT_EQ(Get(child, D(2025, 12, 31)).parent_id(), parent.id());
    v1::ListOrganizationHistoryRequest request;
    request.set_organization_id(child);
    v1::ListOrganizationHistoryResponse history;
    ASSERT_TRUE(stub().ListOrganizationHistory(WithToken(admin_).get(), request, &history).ok());
    ASSERT_EQ(history.events_size(), 2) << child;
    const auto& merge = history.events(1);
    EXPECT_EQ(merge.id(), event.id());
    EXPECT_EQ(merge.legal_basis(), "Quyết định thử nghiệm");
    bool handed_over = false;
    for (const auto& p : merge.participants()) {
      handed_over |= p.organization_id() == child && p.role() == "handed_over";
    }
    EXPECT_TRUE(handed_over) << child;
  }
}

TEST_F(TiesTest, NoUnitIsItsOwnAncestorOnAnyDay) {
  const auto a = Create("Sở Thử Một", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto b = Create("Sở Thử Hai", v1::DEPARTMENT, province_, D(2025, 7, 1));
  // A under B from 2027, then B under A from mid-2026: on 1/2/2027 each would manage the other.
  ASSERT_TRUE(Move(a.id(), b.id(), D(2027, 1, 1)).ok());
  const grpc::Status cycle = Move(b.id(), a.id(), D(2026, 6, 1));
  EXPECT_EQ(cycle.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(cycle).reason, "CYCLE");
  EXPECT_EQ(Get(b.id(), D(2027, 2, 1)).parent_id(), province_);
  // The other order is refused as well, and a deeper ring too.
  const auto c = Create("Sở Thử Ba", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto d = Create("Sở Thử Bốn", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto e = Create("Sở Thử Năm", v1::DEPARTMENT, province_, D(2025, 7, 1));
  ASSERT_TRUE(Move(c.id(), d.id(), D(2026, 3, 1)).ok());
  ASSERT_TRUE(Move(d.id(), e.id(), D(2026, 9, 1)).ok());
  const grpc::Status ring = Move(e.id(), c.id(), D(2026, 5, 1));
  EXPECT_EQ(DetailsOf(ring).reason, "CYCLE");
  // Moving under a unit that used to lie below is fine from the day it no longer does.
  const auto f = Create("Sở Thử Sáu", v1::DEPARTMENT, province_, D(2025, 7, 1));
  const auto g = Create("Ban Thử Bảy", v1::BOARD, province_, D(2025, 7, 1));
  ASSERT_TRUE(Move(g.id(), f.id(), D(2026, 3, 1)).ok());
  ASSERT_TRUE(Move(g.id(), province_, D(2026, 6, 1)).ok());
  EXPECT_TRUE(Move(f.id(), g.id(), D(2026, 7, 1)).ok());
}

TEST_F(TiesTest, MembershipsEndWithTheirUnit) {
  const auto a = Create("Xã Thử Giải Thể", v1::COMMUNE, province_, D(2025, 7, 1));
  const auto b = Create("Xã Thử Sáp Nhập", v1::COMMUNE, province_, D(2025, 7, 1));
  const auto c = Create("Xã Thử Tiếp Nhận", v1::COMMUNE, province_, D(2025, 7, 1));
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Các xã thử nghiệm");
  create.mutable_group()->set_owner_id(province_);
  for (int64_t id : {a.id(), b.id(), c.id()}) {
    auto* m = create.mutable_group()->add_members();
    m->set_organization_id(id);
    *m->mutable_valid_from() = D(2025, 7, 1);
  }
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), create, &group).ok());
  ASSERT_TRUE(Dissolve(a.id(), D(2026, 12, 1)).ok());
  ASSERT_TRUE(MergeInto(b.id(), c.id(), D(2026, 12, 1)).ok());

  EXPECT_EQ(Members(group.id(), D(2026, 11, 30)).size(), 3u);
  EXPECT_THAT(Members(group.id(), D(2027, 1, 1)), ElementsAre(c.id()));
  v1::ListOrganizationsRequest by_group;
  by_group.set_group_id(group.id());
  *by_group.mutable_as_of() = D(2027, 1, 1);
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), by_group, &found).ok());
  EXPECT_EQ(found.organizations_size(), 1);
  // The group itself records the end, so its etag moved on.
  v1::GetGroupRequest get;
  get.set_id(group.id());
  v1::Group now;
  ASSERT_TRUE(stub().GetGroup(WithToken(admin_).get(), get, &now).ok());
  EXPECT_NE(now.etag(), group.etag());
  for (const auto& m : now.members()) {
    if (m.organization_id() == a.id()) {
      EXPECT_EQ(m.valid_to().month(), 11);
    }
  }

  // A membership starts while its unit exists, and ends with it at the latest.
  v1::AddGroupMemberRequest add;
  add.set_group_id(group.id());
  add.set_etag(now.etag());
  add.mutable_member()->set_organization_id(a.id());
  *add.mutable_member()->mutable_valid_from() = D(2027, 1, 1);
  v1::Group updated;
  const grpc::Status gone = stub().AddGroupMember(WithToken(admin_).get(), add, &updated);
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(gone).reason, "MEMBER_NOT_VALID");
  const auto limited =
      Create("Xã Thử Có Hạn", v1::COMMUNE, province_, D(2025, 7, 1), "", D(2026, 12, 31));
  add.mutable_member()->set_organization_id(limited.id());
  *add.mutable_member()->mutable_valid_from() = D(2026, 1, 1);
  ASSERT_TRUE(stub().AddGroupMember(WithToken(admin_).get(), add, &updated).ok());
  for (const auto& m : updated.members()) {
    if (m.organization_id() == limited.id()) {
      EXPECT_EQ(m.valid_to().year(), 2026);
    }
  }
}

}  // namespace
}  // namespace thidua::testing
