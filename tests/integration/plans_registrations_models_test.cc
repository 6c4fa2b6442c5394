// Registrations (đăng ký thi đua) with their rate over a population, and security models (mô hình)
// through their lifecycle, against the real registry and MariaDB.
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

TEST_F(PlansTest, TheRegistrationRateCountsEachUnitOnceAndNamesTheMissing) {
  auto reg = [&](int64_t unit, const std::string& request_id) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(request_id);
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(2026);
    request.mutable_registration()->set_standard_id(Antt());
    *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
    pv1::Registration out;
    const grpc::Status status =
        plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &out);
    return std::pair(status, out);
  };
  const auto [first, created] = reg(communes_[0], "dk-1");
  ASSERT_TRUE(first.ok()) << first.error_message();
  EXPECT_EQ(created.title(), "An toàn về an ninh, trật tự");  // the entry's name
  EXPECT_GT(created.create_time().seconds(), 0);              // as the listing shows it
  // A retry replays; the same unit, year and standard under another request is refused.
  const auto [replayed, again] = reg(communes_[0], "dk-1");
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(again.id(), created.id());
  const auto [duplicate, ignored] = reg(communes_[0], "dk-2");
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(duplicate).reason, "ALREADY_REGISTERED");
  ASSERT_TRUE(reg(communes_[1], "dk-3").first.ok());

  pv1::GetRegistrationRateRequest rate;
  auto* kinds = rate.mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(province_);
  for (auto k : {v1::COMMUNE, v1::WARD, v1::SPECIAL_ZONE}) kinds->add_kinds(k);
  rate.set_year(2026);
  rate.set_standard_id(Antt());
  *rate.mutable_as_of() = D(2026, 2, 1);
  pv1::RegistrationRate result;
  ASSERT_TRUE(plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result).ok());
  EXPECT_EQ(result.population(), 3);
  EXPECT_EQ(result.registered(), 2);
  EXPECT_NEAR(result.percent(), 200.0 / 3, 0.01);
  EXPECT_THAT(result.missing_organization_ids(), ElementsAre(communes_[2]));

  pv1::ListRegistrationsRequest list;
  list.set_year(2026);
  pv1::ListRegistrationsResponse listed;
  ASSERT_TRUE(plans_->stub().ListRegistrations(WithToken(editor_).get(), list, &listed).ok());
  EXPECT_EQ(listed.registrations_size(), 2);
}

TEST_F(PlansTest, ASecurityModelIsUpdatedUnderItsEtagAndListedByAreaAndStatus) {
  pv1::CreateSecurityModelRequest create;
  create.set_request_id("mh-1");
  auto* model = create.mutable_model();
  model->set_display_name("Camera an ninh khu dân cư");
  model->set_model_type("camera");
  model->set_owner_organization_id(communes_[1]);
  *model->mutable_started() = D(2025, 8, 1);
  model->set_status(pv1::ACTIVE);
  pv1::SecurityModel created;
  ASSERT_TRUE(plans_->stub().CreateSecurityModel(WithToken(editor_).get(), create, &created).ok());
  EXPECT_GT(created.id(), 0);

  auto list = [&](pv1::ModelStatus status) {
    pv1::ListSecurityModelsRequest request;
    request.set_area_organization_id(province_);
    request.set_status(status);
    pv1::ListSecurityModelsResponse response;
    EXPECT_TRUE(
        plans_->stub().ListSecurityModels(WithToken(editor_).get(), request, &response).ok());
    std::vector<std::string> names;
    for (const auto& m : response.models()) names.push_back(m.display_name());
    return names;
  };
  EXPECT_THAT(list(pv1::ACTIVE), ElementsAre("Camera an ninh khu dân cư"));

  pv1::UpdateSecurityModelRequest update;
  update.mutable_model()->set_id(created.id());
  update.mutable_model()->set_etag(created.etag());
  update.mutable_model()->set_status(pv1::INEFFECTIVE);
  update.mutable_update_mask()->add_paths("status");
  pv1::SecurityModel updated;
  ASSERT_TRUE(plans_->stub().UpdateSecurityModel(WithToken(editor_).get(), update, &updated).ok());
  EXPECT_EQ(updated.status(), pv1::INEFFECTIVE);
  EXPECT_NE(updated.etag(), created.etag());
  // The same update with the old etag lost the race.
  EXPECT_EQ(
      plans_->stub().UpdateSecurityModel(WithToken(editor_).get(), update, &updated).error_code(),
      grpc::StatusCode::ABORTED);
  EXPECT_THAT(list(pv1::ACTIVE), ::testing::IsEmpty());
  EXPECT_THAT(list(pv1::INEFFECTIVE), ElementsAre("Camera an ninh khu dân cư"));

  // An editor of another unit cannot touch it.
  update.mutable_model()->set_etag(updated.etag());
  EXPECT_EQ(plans_->stub()
                .UpdateSecurityModel(WithToken(Token(communes_[0])).get(), update, &updated)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace thidua::testing
