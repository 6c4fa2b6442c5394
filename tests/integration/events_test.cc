// History: rename, move, dissolve, merge and split events, and the questions asked of history.
#include <gmock/gmock.h>

#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class EventsTest : public RegistryTest {
 protected:
  grpc::Status Apply(v1::ApplyEventRequest request, v1::OrganizationEvent* out = nullptr) {
    v1::OrganizationEvent ignored;
    if (request.legal_basis().empty()) request.set_legal_basis("1656/NQ-UBTVQH15");
    return stub().ApplyEvent(WithToken(admin_).get(), request, out ? out : &ignored);
  }
};

TEST_F(EventsTest, RenameKeepsTheOldNameReadableForEarlierDates) {
  const auto org =
      Create("Sở Lao động - Thương binh và Xã hội", v1::DEPARTMENT, nation_id_, D(2008, 4, 1));
  v1::ApplyEventRequest rename;
  *rename.mutable_effective_date() = D(2025, 3, 1);
  rename.mutable_rename()->set_organization_id(org.id());
  rename.mutable_rename()->set_new_display_name("Sở Nội vụ");
  v1::OrganizationEvent event;
  ASSERT_TRUE(Apply(rename, &event).ok());
  EXPECT_EQ(event.type(), v1::RENAME);
  EXPECT_EQ(Get(org.id(), D(2024, 12, 31)).display_name(), "Sở Lao động - Thương binh và Xã hội");
  EXPECT_EQ(Get(org.id(), D(2025, 3, 1)).display_name(), "Sở Nội vụ");
  EXPECT_EQ(Get(org.id()).display_name(), "Sở Nội vụ");
  // An event dated before the latest change is out of order.
  *rename.mutable_effective_date() = D(2024, 1, 1);
  const grpc::Status late = Apply(rename);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(late).reason, "EVENT_OUT_OF_ORDER");
  v1::ListOrganizationHistoryRequest history;
  history.set_organization_id(org.id());
  v1::ListOrganizationHistoryResponse events;
  ASSERT_TRUE(stub().ListOrganizationHistory(WithToken(admin_).get(), history, &events).ok());
  ASSERT_EQ(events.events_size(), 2);
  EXPECT_EQ(events.events(0).type(), v1::ESTABLISH);
  EXPECT_EQ(events.events(1).legal_basis(), "1656/NQ-UBTVQH15");
  EXPECT_EQ(events.events(1).recorded_by(), "national-admin");
}

TEST_F(EventsTest, MergeEndsPredecessorsMovesTheirChildrenAndRecordsLineage) {
  const auto province = Create("Tỉnh Bình Phước", v1::PROVINCE, nation_id_, {}, "70");
  const auto other = Create("Tỉnh Đồng Nai", v1::PROVINCE, nation_id_, {}, "75");
  const auto board = Create("Ban Dân tộc", v1::BOARD, province.id());
  v1::ApplyEventRequest merge;
  *merge.mutable_effective_date() = D(2025, 7, 1);
  merge.set_legal_basis("202/2025/QH15");
  merge.set_request_id("merge-70-75");
  auto* p1 = merge.mutable_merge()->add_predecessors();
  p1->set_organization_id(province.id());
  auto* p2 = merge.mutable_merge()->add_predecessors();
  p2->set_organization_id(other.id());
  merge.mutable_merge()->mutable_new_successor()->set_display_name("Tỉnh Đồng Nai");
  merge.mutable_merge()->mutable_new_successor()->set_kind(v1::PROVINCE);
  merge.mutable_merge()->mutable_new_successor()->set_parent_id(nation_id_);
  v1::OrganizationEvent event;
  ASSERT_TRUE(Apply(merge, &event).ok());
  // A retry returns the same event and changes nothing.
  v1::OrganizationEvent replay;
  ASSERT_TRUE(Apply(merge, &replay).ok());
  EXPECT_EQ(replay.id(), event.id());
  int64_t successor = 0;
  for (const auto& p : event.participants()) {
    if (p.role() == "created") successor = p.organization_id();
  }
  ASSERT_GT(successor, 0);
  EXPECT_EQ(Get(province.id(), D(2025, 6, 30)).valid_to().day(), 30);
  EXPECT_EQ(Get(board.id(), D(2022, 5, 1)).parent_id(), province.id());
  EXPECT_EQ(Get(board.id()).parent_id(), successor);

  v1::ResolveSuccessorsRequest resolve;
  resolve.set_organization_id(province.id());
  v1::ResolveSuccessorsResponse carriers;
  ASSERT_TRUE(stub().ResolveSuccessors(WithToken(admin_).get(), resolve, &carriers).ok());
  ASSERT_EQ(carriers.organizations_size(), 1);
  EXPECT_EQ(carriers.organizations(0).organization().id(), successor);

  v1::GetLineageRequest lineage;
  lineage.set_organization_id(successor);
  v1::GetLineageResponse links;
  ASSERT_TRUE(stub().GetLineage(WithToken(admin_).get(), lineage, &links).ok());
  std::vector<int64_t> predecessors;
  for (const auto& l : links.predecessors()) predecessors.push_back(l.organization().id());
  EXPECT_THAT(predecessors, UnorderedElementsAre(province.id(), other.id()));
  // An ended unit takes no further events.
  v1::ApplyEventRequest rename;
  *rename.mutable_effective_date() = D(2025, 8, 1);
  rename.mutable_rename()->set_organization_id(province.id());
  rename.mutable_rename()->set_new_display_name("Tỉnh Không Còn");
  const grpc::Status refused = Apply(rename);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(refused).reason, "NOT_VALID_ON_DATE");
}

TEST_F(EventsTest, SplitIsPartialAndDissolveNeedsAnEmptyUnit) {
  const auto province = Create("Tỉnh Thử", v1::PROVINCE, nation_id_, D(2025, 7, 1), "99");
  const auto old_commune = Create("Xã Cũ", v1::COMMUNE, province.id(), D(2025, 7, 1));
  const auto neighbour = Create("Xã Bên", v1::COMMUNE, province.id(), D(2025, 7, 1));
  Create("Thôn 1", v1::RESIDENTIAL_AREA, old_commune.id(), D(2025, 7, 1));
  v1::ApplyEventRequest dissolve;
  *dissolve.mutable_effective_date() = D(2026, 1, 1);
  dissolve.mutable_dissolve()->set_organization_id(old_commune.id());
  const grpc::Status busy = Apply(dissolve);
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(busy).reason, "HAS_CHILDREN");

  const auto empty_commune = Create("Xã Trống", v1::COMMUNE, province.id(), D(2025, 7, 1));
  v1::ApplyEventRequest split;
  *split.mutable_effective_date() = D(2026, 1, 1);
  split.mutable_split()->set_organization_id(empty_commune.id());
  split.mutable_split()->add_successors()->set_existing_id(neighbour.id());
  auto* fresh = split.mutable_split()->add_successors()->mutable_new_organization();
  fresh->set_display_name("Xã Mới");
  fresh->set_kind(v1::COMMUNE);
  fresh->set_parent_id(province.id());
  ASSERT_TRUE(Apply(split).ok());
  v1::ResolveSuccessorsRequest resolve;
  resolve.set_organization_id(empty_commune.id());
  v1::ResolveSuccessorsResponse carriers;
  ASSERT_TRUE(stub().ResolveSuccessors(WithToken(admin_).get(), resolve, &carriers).ok());
  ASSERT_EQ(carriers.organizations_size(), 2);
  for (const auto& c : carriers.organizations()) EXPECT_EQ(c.share(), v1::PARTIAL);
  // As of the day before, the commune still carries its own duties.
  *resolve.mutable_as_of() = D(2025, 12, 31);
  ASSERT_TRUE(stub().ResolveSuccessors(WithToken(admin_).get(), resolve, &carriers).ok());
  ASSERT_EQ(carriers.organizations_size(), 1);
  EXPECT_EQ(carriers.organizations(0).organization().id(), empty_commune.id());

  // The batch form answers the same per id, in the request's order, and names unknown ids.
  v1::BatchResolveSuccessorsRequest batch;
  batch.add_organization_ids(neighbour.id());
  batch.add_organization_ids(987654321);
  batch.add_organization_ids(empty_commune.id());
  v1::BatchResolveSuccessorsResponse results;
  ASSERT_TRUE(stub().BatchResolveSuccessors(WithToken(admin_).get(), batch, &results).ok());
  ASSERT_EQ(results.results_size(), 2);
  EXPECT_EQ(results.results(0).organization_id(), neighbour.id());
  ASSERT_EQ(results.results(0).organizations_size(), 1);
  EXPECT_EQ(results.results(0).organizations(0).organization().id(), neighbour.id());
  EXPECT_EQ(results.results(0).organizations(0).generation(), 0);
  EXPECT_EQ(results.results(1).organization_id(), empty_commune.id());
  EXPECT_EQ(results.results(1).organizations_size(), 2);
  EXPECT_THAT(results.missing_ids(), ElementsAre(987654321));
  for (int i = 0; i < 1000; ++i) batch.add_organization_ids(neighbour.id());
  const grpc::Status too_many =
      stub().BatchResolveSuccessors(WithToken(admin_).get(), batch, &results);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EventsTest, ARepeatedOrSelfReferencingParticipantIsAFieldViolation) {
  const auto province = Create("Tỉnh Thử", v1::PROVINCE, nation_id_, D(2025, 7, 1), "99");
  const auto a = Create("Xã A", v1::COMMUNE, province.id(), D(2025, 7, 1));
  const auto b = Create("Xã B", v1::COMMUNE, province.id(), D(2025, 7, 1));
  auto fields_of = [&](const v1::ApplyEventRequest& request) {
    const grpc::Status status = Apply(request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    return DetailsOf(status).fields;
  };
  v1::ApplyEventRequest split;
  *split.mutable_effective_date() = D(2026, 1, 1);
  split.mutable_split()->set_organization_id(a.id());
  split.mutable_split()->add_successors()->set_existing_id(b.id());
  split.mutable_split()->add_successors()->set_existing_id(b.id());
  EXPECT_THAT(fields_of(split), ::testing::ElementsAre("split.successors[1].existing_id"));
  split.mutable_split()->mutable_successors(1)->set_existing_id(a.id());
  EXPECT_THAT(fields_of(split), ::testing::ElementsAre("split.successors[1].existing_id"));

  v1::ApplyEventRequest merge;
  *merge.mutable_effective_date() = D(2026, 1, 1);
  merge.mutable_merge()->add_predecessors()->set_organization_id(a.id());
  merge.mutable_merge()->add_predecessors()->set_organization_id(a.id());
  merge.mutable_merge()->set_existing_successor_id(b.id());
  EXPECT_THAT(fields_of(merge), ::testing::ElementsAre("merge.predecessors[1].organization_id"));
  merge.mutable_merge()->mutable_predecessors(1)->set_organization_id(b.id());
  EXPECT_THAT(fields_of(merge), ::testing::ElementsAre("merge.predecessors[1].organization_id"));
}

TEST_F(EventsTest, TreeAndAncestorsFollowTheDate) {
  const auto province = Create("Tỉnh Tuyên Quang", v1::PROVINCE, nation_id_, {}, "08");
  const auto district =
      Create("Huyện Na Hang", v1::DISTRICT, province.id(), {}, "072", D(2025, 6, 30));
  const auto kept =
      Create("Xã Thượng Lâm", v1::COMMUNE, district.id(), {}, "02242", D(2025, 6, 30));
  v1::GetTreeRequest tree;
  tree.set_root_id(province.id());
  *tree.mutable_as_of() = D(2023, 4, 10);
  v1::GetTreeResponse nodes;
  ASSERT_TRUE(stub().GetTree(WithToken(admin_).get(), tree, &nodes).ok());
  ASSERT_EQ(nodes.nodes_size(), 3);
  EXPECT_EQ(nodes.nodes(1).organization().id(), district.id());
  EXPECT_EQ(nodes.nodes(2).depth(), 2);
  tree.clear_as_of();
  ASSERT_TRUE(stub().GetTree(WithToken(admin_).get(), tree, &nodes).ok());
  EXPECT_EQ(nodes.nodes_size(), 1);
  v1::ListAncestorsRequest ancestors;
  ancestors.set_organization_id(kept.id());
  *ancestors.mutable_as_of() = D(2023, 4, 10);
  v1::ListAncestorsResponse chain;
  ASSERT_TRUE(stub().ListAncestors(WithToken(admin_).get(), ancestors, &chain).ok());
  ASSERT_EQ(chain.ancestors_size(), 3);
  EXPECT_EQ(chain.ancestors(0).id(), district.id());
  EXPECT_EQ(chain.ancestors(2).id(), nation_id_);
}

TEST_F(EventsTest, GroupsHaveMembershipOverTime) {
  const auto province = Create("Tỉnh Tuyên Quang", v1::PROVINCE, nation_id_, D(2025, 7, 1), "08");
  const auto a = Create("Xã Thượng Nông", v1::COMMUNE, province.id(), D(2025, 7, 1));
  const auto b = Create("Xã Yên Lâm", v1::COMMUNE, province.id(), D(2025, 7, 1));
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Các xã từng bị ảnh hưởng của tổ chức bất hợp pháp");
  create.mutable_group()->set_owner_id(province.id());
  auto* m = create.mutable_group()->add_members();
  m->set_organization_id(a.id());
  *m->mutable_valid_from() = D(2025, 7, 1);
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), create, &group).ok());
  v1::AddGroupMemberRequest add;
  add.set_group_id(group.id());
  add.set_etag(group.etag());
  add.mutable_member()->set_organization_id(b.id());
  *add.mutable_member()->mutable_valid_from() = D(2026, 1, 1);
  v1::Group updated;
  ASSERT_TRUE(stub().AddGroupMember(WithToken(admin_).get(), add, &updated).ok());
  EXPECT_EQ(stub().AddGroupMember(WithToken(admin_).get(), add, &updated).error_code(),
            grpc::StatusCode::ABORTED);  // stale etag
  v1::ListGroupMembersRequest members;
  members.set_group_id(group.id());
  *members.mutable_as_of() = D(2025, 12, 1);
  v1::ListGroupMembersResponse listed;
  ASSERT_TRUE(stub().ListGroupMembers(WithToken(admin_).get(), members, &listed).ok());
  EXPECT_EQ(listed.organizations_size(), 1);
  *members.mutable_as_of() = D(2026, 2, 1);
  ASSERT_TRUE(stub().ListGroupMembers(WithToken(admin_).get(), members, &listed).ok());
  EXPECT_EQ(listed.organizations_size(), 2);
  v1::ListOrganizationsRequest by_group;
  by_group.set_group_id(group.id());
  *by_group.mutable_as_of() = D(2026, 2, 1);
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), by_group, &found).ok());
  EXPECT_EQ(found.total_size(), 2);
}

}  // namespace
}  // namespace thidua::testing
