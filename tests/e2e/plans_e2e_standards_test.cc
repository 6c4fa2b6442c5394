// The movement's catalogue of standards and titles as 00-root-2447.json enters it, and seed 002's
// registrations, which name the entry "An toàn về an ninh, trật tự" however the seed spells it.
#include "tests/e2e/plans_e2e_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

TEST_F(PlansEndToEnd, Seed002RegistersEveryDivisionForTheCataloguesEntry) {
  const int64_t movement = loader_->Movement("toan-dan-bvantq");
  pv1::ListStandardsRequest list;
  list.set_movement_id(movement);
  pv1::ListStandardsResponse catalogue;
  ASSERT_TRUE(plans_stub_->ListStandards(WithToken(Reader()).get(), list, &catalogue).ok());
  std::vector<std::string> codes;
  for (const auto& s : catalogue.standards()) codes.push_back(s.code());
  EXPECT_THAT(codes, ElementsAre("ANTT", "DIEN-HINH"));
  const pv1::Standard& antt = catalogue.standards(0);
  EXPECT_EQ(antt.id(), loader_->Standard("antt"));
  EXPECT_EQ(antt.display_name(), "An toàn về an ninh, trật tự");
  EXPECT_THAT(antt.legal_source(), ::testing::HasSubstr("124/2021/TT-BCA"));
  EXPECT_THAT(antt.recipients(), ElementsAre(pv1::COLLECTIVE));

  // Seed 002 writes "An toàn về an ninh trật tự" once: that is the same entry, not another.
  pv1::CreateStandardRequest twin;
  twin.mutable_standard()->set_movement_id(movement);
  twin.mutable_standard()->set_code("ANTT-2");
  twin.mutable_standard()->set_display_name("An toàn về an ninh trật tự");
  twin.mutable_standard()->add_recipients(pv1::COLLECTIVE);
  pv1::Standard ignored;
  const grpc::Status status = plans_stub_->CreateStandard(WithToken(Admin()).get(), twin, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(status).reason, "STANDARD_NAME_TAKEN");

  auto son_la = loader_->Enter(SeedPath("002-son-la-vp-ubnd.json"));
  ASSERT_TRUE(son_la.ok()) << son_la.status();
  // "Năm 2026, đảm bảo 100% các phòng, đơn vị trực thuộc đăng ký": both divisions it names.
  pv1::GetRegistrationRateRequest rate;
  auto* kinds = rate.mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(Org("son-la-vp-ubnd"));
  kinds->add_kinds(rv1::DIVISION);
  rate.set_year(2026);
  rate.set_standard_id(antt.id());
  pv1::RegistrationRate result;
  ASSERT_TRUE(plans_stub_->GetRegistrationRate(WithToken(Admin()).get(), rate, &result).ok());
  EXPECT_EQ(result.population(), 2);
  EXPECT_EQ(result.registered(), 2);
  EXPECT_DOUBLE_EQ(result.percent(), 100);

  pv1::ListRegistrationsRequest registrations;
  registrations.set_standard_id(antt.id());
  pv1::ListRegistrationsResponse listed;
  ASSERT_TRUE(
      plans_stub_->ListRegistrations(WithToken(Admin()).get(), registrations, &listed).ok());
  ASSERT_EQ(listed.registrations_size(), 2);
  for (const auto& r : listed.registrations()) {
    EXPECT_EQ(r.title(), "An toàn về an ninh, trật tự");
    EXPECT_EQ(r.plan_id(), son_la->plan_id);
  }
}

}  // namespace
}  // namespace thidua::testing
