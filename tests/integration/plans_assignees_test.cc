// A plan gives tasks to its issuer and the units lying within it, on create, update and amend.
#include <gmock/gmock.h>

#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class PlansAssigneesTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    other_province_ = Create("Tỉnh Gia Lai", v1::PROVINCE, nation_id_, D(2025, 7, 1), "52").id();
    other_commune_ = Create("Xã Ia Grai", v1::COMMUNE, other_province_, D(2025, 7, 1)).id();
    decision_ = Register("2447/QĐ-TTg", D(2025, 10, 13), "Thủ tướng Chính phủ", nation_id_).id();
  }
  int64_t other_province_ = 0, other_commune_ = 0, decision_ = 0;
};

TEST_F(PlansAssigneesTest, TasksGoOnlyToTheIssuerAndTheUnitsWithinIt) {
  pv1::Plan plan = ProvincePlan(decision_);
  plan.mutable_tasks(0)->set_lead_organization_id(other_commune_);
  plan.mutable_tasks(0)->add_coordinating_organization_ids(communes_[0]);
  plan.mutable_tasks(0)->add_coordinating_organization_ids(other_province_);
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = plan;
  pv1::Plan draft;
  const grpc::Status refused = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(refused).fields,
              ElementsAre("plan.tasks[0].lead_organization_id",
                          "plan.tasks[0].coordinating_organization_ids[2]"));

  // The province itself, its agencies and its communes are all fine.
  plan = ProvincePlan(decision_);
  plan.mutable_tasks(0)->add_coordinating_organization_ids(province_);
  plan.mutable_tasks(0)->add_coordinating_organization_ids(communes_[1]);
  *create.mutable_plan() = plan;
  ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft).ok());

  // An update cannot bring another province's unit in either.
  pv1::UpdatePlanRequest update;
  *update.mutable_plan() = draft;
  update.mutable_plan()->mutable_tasks(0)->set_lead_organization_id(other_commune_);
  update.mutable_update_mask()->add_paths("tasks");
  pv1::Plan updated;
  const grpc::Status moved = plans_->stub().UpdatePlan(WithToken(editor_).get(), update, &updated);
  EXPECT_EQ(moved.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(moved).fields, ElementsAre("plan.tasks[0].lead_organization_id"));
}

TEST_F(PlansAssigneesTest, TheNationsPlanMayAssignAnyUnit) {
  pv1::Plan plan = ProvincePlan(decision_);
  plan.set_issuer_organization_id(nation_id_);
  plan.clear_cascade();
  plan.clear_targets();
  plan.mutable_tasks(0)->set_lead_organization_id(other_province_);
  plan.mutable_tasks(0)->add_coordinating_organization_ids(province_);
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = plan;
  pv1::Plan draft;
  const grpc::Status created =
      plans_->stub().CreatePlan(WithToken(Token(nation_id_)).get(), create, &draft);
  EXPECT_TRUE(created.ok()) << created.error_message();
}

}  // namespace
}  // namespace thidua::testing
