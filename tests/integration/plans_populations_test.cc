// Populations of kinds under a scope, "lying within" it at any depth, "managed directly by" it, or
// "managed at its level", by it or through its agencies (seed 001, IV: "các cơ quan, đơn vị, doanh
// nghiệp, cơ sở giáo dục cấp tỉnh quản lý"), counting only units valid on the population's date;
// against the real registry and MariaDB.
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::UnorderedElementsAreArray;

class PlansPopulationsTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    education_ =
        Create("Sở Giáo dục và Đào tạo tỉnh Lâm Đồng", v1::DEPARTMENT, province_, D(2025, 7, 1))
            .id();
    college_ =
        Create("Trường Cao đẳng Đà Lạt", v1::EDUCATIONAL_INSTITUTION, province_, D(2025, 7, 1))
            .id();
    // Managed by the department, and by a commune: in the province, not managed by it.
    high_school_ = Create("Trường THPT Chuyên Thăng Long - Đà Lạt", v1::EDUCATIONAL_INSTITUTION,
                          education_, D(2025, 7, 1))
                       .id();
    primary_ = Create("Trường Tiểu học Lạc Dương", v1::EDUCATIONAL_INSTITUTION, communes_[1],
                      D(2025, 7, 1))
                   .id();
    // Managed by an agency of the commune: at commune level, not provincial.
    commune_office_ =
        Create("Phòng Văn hóa - Xã hội xã Lạc Dương", v1::DIVISION, communes_[1], D(2025, 7, 1))
            .id();
    kindergarten_ = Create("Trường Mầm non Lạc Dương", v1::EDUCATIONAL_INSTITUTION, commune_office_,
                           D(2025, 7, 1))
                        .id();
    lottery_ = Create("Công ty TNHH MTV Xổ số kiến thiết Lâm Đồng", v1::ENTERPRISE, province_,
                      D(2025, 7, 1))
                   .id();
    // Valid only until 31/12/2025, and only from 1/3/2026.
    closed_ = Create("Công ty Cổ phần Dịch vụ Đô thị Đà Lạt", v1::ENTERPRISE, province_,
                     D(2025, 7, 1), "", D(2025, 12, 31))
                  .id();
    later_ = Create("Trường Cao đẳng Y tế Lâm Đồng", v1::EDUCATIONAL_INSTITUTION, province_,
                    D(2026, 3, 1))
                 .id();
  }

  // The units of the population on `on`, as the registration rate names them (nobody registered).
  std::vector<int64_t> Units(pv1::ScopeRelation relation, std::vector<v1::OrganizationKind> kinds,
                             common::v1::Date on) {
    pv1::GetRegistrationRateRequest rate;
    auto* population = rate.mutable_population()->mutable_kinds();
    population->set_scope_organization_id(province_);
    for (auto k : kinds) population->add_kinds(k);
    population->set_relation(relation);
    rate.set_year(2026);
    rate.set_standard_id(Antt());
    *rate.mutable_as_of() = on;
    pv1::RegistrationRate result;
    const grpc::Status status =
        plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(result.registered(), 0);
    return {result.missing_organization_ids().begin(), result.missing_organization_ids().end()};
  }

  // The province's plan (its communes, wards and special zone required by December 2025) that
  // also requires the units of kProvincial standing to the province as `relation` says.
  pv1::Plan IssueWithOwnUnits(pv1::ScopeRelation relation);

  // The units required by a plan's cascade, as its compliance on 1/2/2026 lists them (none issued).
  std::vector<int64_t> Required(int64_t plan_id) {
    pv1::GetCascadeComplianceRequest request;
    request.set_plan_id(plan_id);
    *request.mutable_as_of() = D(2026, 2, 1);
    pv1::CascadeCompliance compliance;
    const grpc::Status status =
        plans_->stub().GetCascadeCompliance(WithToken(editor_).get(), request, &compliance);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<int64_t> required;
    for (const auto& u : compliance.units()) required.push_back(u.organization_id());
    EXPECT_EQ(compliance.missing(), static_cast<int>(required.size()));
    return required;
  }

  int64_t education_ = 0, college_ = 0, high_school_ = 0, primary_ = 0, commune_office_ = 0,
          kindergarten_ = 0, lottery_ = 0, closed_ = 0, later_ = 0;
};

const std::vector<v1::OrganizationKind> kProvincial = {v1::DEPARTMENT, v1::POLICE, v1::ENTERPRISE,
                                                       v1::EDUCATIONAL_INSTITUTION};

pv1::Plan PlansPopulationsTest::IssueWithOwnUnits(pv1::ScopeRelation relation) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  pv1::Plan plan = ProvincePlan(decision.id());
  auto* own = plan.add_cascade();
  auto* kinds = own->mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(province_);
  for (auto k : kProvincial) kinds->add_kinds(k);
  kinds->set_relation(relation);
  own->mutable_due()->mutable_in_month()->set_month(12);
  own->mutable_due()->mutable_in_month()->set_year(2025);
  return CreateAndIssue(plan, editor_, "0150/KH-UBND", D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
}

TEST_F(PlansPopulationsTest, ManagedDirectlyByIsTheScopesChildrenOnTheDate) {
  // On 1/2/2026 the closed enterprise is gone and the new college not yet there.
  EXPECT_THAT(Units(pv1::MANAGED_DIRECTLY_BY, kProvincial, D(2026, 2, 1)),
              UnorderedElementsAreArray({police_, home_affairs_, education_, college_, lottery_}));
  EXPECT_THAT(
      Units(pv1::MANAGED_DIRECTLY_BY, kProvincial, D(2026, 4, 1)),
      UnorderedElementsAreArray({police_, home_affairs_, education_, college_, lottery_, later_}));
  // A past date counts the units of that date, the enterprise closed since included: the
  // province acted for it then, so the rate may name it.
  EXPECT_THAT(
      Units(pv1::MANAGED_DIRECTLY_BY, kProvincial, D(2025, 10, 1)),
      UnorderedElementsAreArray({police_, home_affairs_, education_, college_, lottery_, closed_}));
}

TEST_F(PlansPopulationsTest, LyingWithinIsEveryDepthAndStaysTheDefault) {
  EXPECT_THAT(Units(pv1::LYING_WITHIN, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 4, 1)),
              UnorderedElementsAreArray({college_, high_school_, primary_, kindergarten_, later_}));
  EXPECT_THAT(Units(pv1::MANAGED_DIRECTLY_BY, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 4, 1)),
              UnorderedElementsAreArray({college_, later_}));
}

TEST_F(PlansPopulationsTest, ManagedAtLevelOfReachesTheDepartmentsSchoolsNotTheCommunes) {
  // The high school of Sở Giáo dục và Đào tạo is managed at provincial level; the primary school
  // of Xã Lạc Dương and the kindergarten of the commune's office are managed at commune level.
  EXPECT_THAT(Units(pv1::MANAGED_AT_LEVEL_OF, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 4, 1)),
              UnorderedElementsAreArray({college_, high_school_, later_}));
  // On the date only: on 1/2/2026 the closed enterprise is gone and the new college not yet there.
  EXPECT_THAT(Units(pv1::MANAGED_AT_LEVEL_OF, kProvincial, D(2026, 2, 1)),
              UnorderedElementsAreArray(
                  {police_, home_affairs_, education_, college_, high_school_, lottery_}));
  EXPECT_THAT(Units(pv1::MANAGED_AT_LEVEL_OF, kProvincial, D(2026, 4, 1)),
              UnorderedElementsAreArray(
                  {police_, home_affairs_, education_, college_, high_school_, lottery_, later_}));
}

TEST_F(PlansPopulationsTest, ManagedAtLevelOfFollowsTheChainOnTheDate) {
  // The high school passes to the commune on 1/3/2026: managed at provincial level before, at
  // commune level after, and lying within the province throughout.
  v1::ApplyEventRequest move;
  move.set_request_id("move-high-school");
  *move.mutable_effective_date() = D(2026, 3, 1);
  move.set_legal_basis("1/QĐ-UBND");
  move.mutable_move()->set_organization_id(high_school_);
  move.mutable_move()->set_new_parent_id(communes_[1]);
  v1::OrganizationEvent event;
  const grpc::Status moved = stub().ApplyEvent(WithToken(admin_).get(), move, &event);
  ASSERT_TRUE(moved.ok()) << moved.error_message();
  EXPECT_THAT(Units(pv1::MANAGED_AT_LEVEL_OF, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 2, 1)),
              UnorderedElementsAreArray({college_, high_school_}));
  EXPECT_THAT(Units(pv1::MANAGED_AT_LEVEL_OF, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 4, 1)),
              UnorderedElementsAreArray({college_, later_}));
  EXPECT_THAT(Units(pv1::LYING_WITHIN, {v1::EDUCATIONAL_INSTITUTION}, D(2026, 4, 1)),
              UnorderedElementsAreArray({college_, high_school_, primary_, kindergarten_, later_}));
}

TEST_F(PlansPopulationsTest, ACascadeRequiresCommunesAndTheProvincesOwnUnits) {
  // The communes, wards and special zone, and the units the province manages itself.
  const pv1::Plan issued = IssueWithOwnUnits(pv1::MANAGED_DIRECTLY_BY);
  ASSERT_EQ(issued.cascade_size(), 2);
  EXPECT_EQ(issued.cascade(1).population().kinds().relation(), pv1::MANAGED_DIRECTLY_BY);
  // Required on the deadline (31/12/2025): the closed enterprise still owed its plan.
  std::vector<int64_t> expected = communes_;
  for (int64_t id : {police_, home_affairs_, education_, college_, lottery_, closed_})
    expected.push_back(id);
  EXPECT_THAT(Required(issued.id()), UnorderedElementsAreArray(expected));
}

TEST_F(PlansPopulationsTest, ACascadeRequiresTheUnitsManagedAtProvincialLevel) {
  // Seed 001, IV as it reads: "các cơ quan, đơn vị, doanh nghiệp, cơ sở giáo dục cấp tỉnh quản
  // lý", with the high school of the department and without the commune's schools.
  const pv1::Plan issued = IssueWithOwnUnits(pv1::MANAGED_AT_LEVEL_OF);
  ASSERT_EQ(issued.cascade_size(), 2);
  EXPECT_EQ(issued.cascade(1).population().kinds().relation(), pv1::MANAGED_AT_LEVEL_OF);
  std::vector<int64_t> expected = communes_;
  for (int64_t id : {police_, home_affairs_, education_, college_, high_school_, lottery_, closed_})
    expected.push_back(id);
  EXPECT_THAT(Required(issued.id()), UnorderedElementsAreArray(expected));
}

// Seen: a group of three where one was dissolved and one merged still counted three in the
// registration rate and the cascade's compliance (two shown MISSING).
TEST_F(PlansPopulationsTest, AGroupCountsOnlyTheMembersValidOnTheDate) {
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Các xã điểm của tỉnh");
  create.mutable_group()->set_owner_id(province_);
  for (int i = 0; i < 3; ++i) {
    auto* member = create.mutable_group()->add_members();
    member->set_organization_id(communes_[i]);
    *member->mutable_valid_from() = D(2025, 7, 1);
  }
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), create, &group).ok());
  v1::OrganizationEvent ignored;
  v1::ApplyEventRequest dissolve;
  *dissolve.mutable_effective_date() = D(2026, 6, 1);
  dissolve.set_legal_basis("Nghị quyết thử nghiệm");
  dissolve.mutable_dissolve()->set_organization_id(communes_[0]);
  ASSERT_TRUE(stub().ApplyEvent(WithToken(admin_).get(), dissolve, &ignored).ok());
  v1::ApplyEventRequest merge = dissolve;
  merge.mutable_merge()->add_predecessors()->set_organization_id(communes_[1]);
  merge.mutable_merge()->set_existing_successor_id(communes_[2]);
  const grpc::Status merged = stub().ApplyEvent(WithToken(admin_).get(), merge, &ignored);
  ASSERT_TRUE(merged.ok()) << merged.error_message();

  auto rate_on = [&](common::v1::Date day) {
    pv1::GetRegistrationRateRequest rate;
    rate.mutable_population()->set_group_id(group.id());
    rate.set_year(2026);
    rate.set_standard_id(Antt());
    *rate.mutable_as_of() = day;
    pv1::RegistrationRate result;
    const grpc::Status status =
        plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  };
  EXPECT_EQ(rate_on(D(2026, 5, 1)).population(), 3);
  const pv1::RegistrationRate after = rate_on(D(2026, 7, 1));
  EXPECT_EQ(after.population(), 1);
  EXPECT_THAT(after.missing_organization_ids(), ::testing::ElementsAre(communes_[2]));

  // A cascade over the group, due in September 2026, requires only the member left by then.
  pv1::Plan plan;
  plan.set_issuer_organization_id(province_);
  plan.set_title("Kế hoạch triển khai tại các xã điểm");
  plan.set_period_from_year(2026);
  plan.set_period_to_year(2026);
  auto* cascade = plan.add_cascade();
  cascade->mutable_population()->set_group_id(group.id());
  cascade->mutable_due()->mutable_in_month()->set_month(9);
  cascade->mutable_due()->mutable_in_month()->set_year(2026);
  const pv1::Plan issued = CreateAndIssue(plan, editor_, "0160/KH-UBND", D(2026, 2, 1));
  pv1::GetCascadeComplianceRequest request;
  request.set_plan_id(issued.id());
  *request.mutable_as_of() = D(2026, 10, 1);
  pv1::CascadeCompliance compliance;
  const grpc::Status status =
      plans_->stub().GetCascadeCompliance(WithToken(editor_).get(), request, &compliance);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<int64_t> required;
  for (const auto& unit : compliance.units()) required.push_back(unit.organization_id());
  EXPECT_THAT(required, ::testing::ElementsAre(communes_[2]));
  EXPECT_EQ(compliance.missing(), 1);
}

TEST_F(PlansPopulationsTest, AnUnknownRelationIsRefusedByField) {
  pv1::GetRegistrationRateRequest rate;
  auto* population = rate.mutable_population()->mutable_kinds();
  population->set_scope_organization_id(province_);
  population->add_kinds(v1::DEPARTMENT);
  population->set_relation(static_cast<pv1::ScopeRelation>(7));
  rate.set_year(2026);
  rate.set_standard_id(Antt());
  pv1::RegistrationRate result;
  const grpc::Status status =
      plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ::testing::ElementsAre("population.kinds.relation"));
}

}  // namespace
}  // namespace thidua::testing
