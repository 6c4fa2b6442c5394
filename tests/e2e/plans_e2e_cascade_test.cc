// Who must issue implementing plans, and over which units targets are measured: seed 001 over the
// communes, wards and special zone of Lâm Đồng in 2025-2026, seed 003 over Tuyên Quang as it stood
// in 2023. Expected sizes are counted from the official data files, not from the registry.
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/plans_e2e_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::UnorderedElementsAreArray;

// Rows of old-units.csv (before 1 July 2025) of a province, optionally of one district, whose
// commune name starts with `prefix` ("Phường ", "Thị trấn ", "Xã ").
int CountOldCommunes(const std::string& province, const std::string& district,
                     const std::string& prefix) {
  std::ifstream in(kAdminUnitsDir + "/old-units.csv");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (cells.size() != 6 || cells[0] != province) continue;
    if (!district.empty() && cells[2] != district) continue;
    if (absl::StartsWith(cells[5], prefix)) ++n;
  }
  return n;
}

// Units of these kinds under `scope` on a date, by administrative code.
std::map<std::string, rv1::Organization> UnitsByCode(rv1::Registry::Stub& registry, int64_t scope,
                                                     std::vector<rv1::OrganizationKind> kinds,
                                                     common::v1::Date as_of) {
  rv1::ListOrganizationsRequest request;
  request.set_ancestor_id(scope);
  for (auto k : kinds) request.add_kinds(k);
  *request.mutable_as_of() = as_of;
  request.set_page_size(1000);
  rv1::ListOrganizationsResponse response;
  const std::string token = TestTokens::Get().Token(0, {}, "reader");
  EXPECT_TRUE(registry.ListOrganizations(WithToken(token).get(), request, &response).ok());
  EXPECT_TRUE(response.next_page_token().empty());
  std::map<std::string, rv1::Organization> out;
  for (const auto& org : response.organizations()) out[AdminCode(org)] = org;
  return out;
}

std::map<int64_t, pv1::UnitCompliance> ByUnit(const pv1::CascadeCompliance& c) {
  std::map<int64_t, pv1::UnitCompliance> out;
  for (const auto& u : c.units()) out[u.organization_id()] = u;
  return out;
}

TEST_F(PlansEndToEnd, CommunesOfLamDongIssueTheirPlansOnTimeLateOrNotAtAll) {
  const int64_t province = Org("lam-dong");
  const auto expected = OfficialUnitsOf("68");
  ASSERT_EQ(expected.size(), 124u);
  auto units = UnitsByCode(*registry_stub_, province, {rv1::COMMUNE, rv1::WARD, rv1::SPECIAL_ZONE},
                           D(2025, 12, 15));
  std::set<std::string> codes;
  for (const auto& [code, org] : units) codes.insert(code);
  ASSERT_EQ(codes, expected);

  pv1::GetCascadeComplianceRequest early;
  early.set_plan_id(lam_dong_->plan_id);
  pv1::CascadeCompliance out;
  const grpc::Status draft =
      plans_stub_->GetCascadeCompliance(WithToken(Admin()).get(), early, &out);
  EXPECT_EQ(draft.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(draft).reason, "PLAN_NOT_ISSUED");

  const pv1::Plan plan = IssueLamDong();
  ASSERT_GT(plan.document_id(), 0);
  struct Issued {
    const char* code;
    common::v1::Date on;
    pv1::ComplianceState state;
  };
  const std::vector<Issued> issued = {
      {"24778", D(2025, 12, 16), pv1::ON_TIME},  // Phường Lâm Viên - Đà Lạt
      {"23272", D(2025, 12, 18), pv1::ON_TIME},  // Đặc khu Phú Quý
      {"24848", D(2025, 12, 31), pv1::ON_TIME},  // Xã Lạc Dương, on the last day
      {"22918", D(2026, 1, 5), pv1::LATE},       // Phường Mũi Né
      {"24670", D(2026, 1, 20), pv1::LATE},      // Xã Đắk Mil
  };
  std::map<std::string, int64_t> plan_of;
  for (const Issued& i : issued) {
    const rv1::Organization& unit = units.at(i.code);
    const pv1::Plan own =
        IssueImplementingPlan(unit.id(), unit.display_name(), plan.document_id(), i.on, 2025, 2030);
    ASSERT_EQ(own.status(), pv1::ISSUED) << unit.display_name();
    plan_of[i.code] = own.id();
  }

  pv1::CascadeCompliance c = Compliance(plan.id(), D(2026, 2, 1));
  EXPECT_EQ(c.deadline().year(), 2025);
  EXPECT_EQ(c.deadline().month(), 12);
  EXPECT_EQ(c.deadline().day(), 31);
  // 124 communes, wards and the special zone, and the 8 units managed at provincial level.
  EXPECT_EQ(c.required(), 132);
  EXPECT_EQ(c.on_time(), 3);
  EXPECT_EQ(c.late(), 2);
  EXPECT_EQ(c.missing(), 127);
  EXPECT_EQ(c.pending(), 0);
  auto by_unit = ByUnit(c);
  ASSERT_EQ(by_unit.size(), 132u);
  for (const Issued& i : issued) {
    const rv1::Organization& unit = units.at(i.code);
    const pv1::UnitCompliance& u = by_unit[unit.id()];
    EXPECT_EQ(u.state(), i.state) << unit.display_name();
    EXPECT_EQ(u.organization_name(), unit.display_name());
    EXPECT_EQ(u.implementing_plan_id(), plan_of[i.code]);
    EXPECT_EQ(u.issued().day(), i.on.day());
  }
  const pv1::UnitCompliance& cam_ly = by_unit[units.at("24787").id()];
  EXPECT_EQ(cam_ly.organization_name(), "Phường Cam Ly - Đà Lạt");
  EXPECT_EQ(cam_ly.state(), pv1::MISSING);
  EXPECT_EQ(cam_ly.implementing_plan_id(), 0);
  // Seed 001, IV: the agencies, units, enterprises and schools managed at provincial level are
  // required, the high school of the department too; a school managed by a commune lies in the
  // province but is not; the Front is not.
  for (const char* key :
       {"lam-dong-cat", "lam-dong-so-noi-vu", "lam-dong-so-vhttdl",
        "lam-dong-ban-tuyen-giao-dan-van", "lam-dong-so-gddt", "lam-dong-thpt-chuyen-thang-long",
        "lam-dong-cd-da-lat", "lam-dong-xskt"}) {
    EXPECT_EQ(by_unit[Org(key)].state(), pv1::MISSING) << key;
  }
  EXPECT_EQ(by_unit[Org("lam-dong-so-gddt")].organization_name(),
            "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng");
  EXPECT_EQ(by_unit.count(Org("lam-dong-th-lac-duong")), 0u);
  EXPECT_EQ(by_unit.count(Org("lam-dong-ubmttq")), 0u);
  EXPECT_EQ(by_unit.count(Org("lam-dong-cat-phong-tham-muu")), 0u);

  // Before the deadline, a unit without a plan is pending, not missing.
  c = Compliance(plan.id(), D(2025, 12, 20));
  EXPECT_EQ(c.on_time(), 2);
  EXPECT_EQ(c.late(), 0);
  EXPECT_EQ(c.missing(), 0);
  EXPECT_EQ(c.pending(), 130);
  by_unit = ByUnit(c);
  EXPECT_EQ(by_unit[units.at("24848").id()].state(), pv1::PENDING);
  EXPECT_EQ(by_unit[units.at("24787").id()].state(), pv1::PENDING);
  c = Compliance(plan.id(), D(2025, 12, 31));
  EXPECT_EQ(c.on_time(), 3);
  EXPECT_EQ(c.pending(), 129);
  // Between the two late plans: Đắk Mil is missing until it issues.
  c = Compliance(plan.id(), D(2026, 1, 10));
  EXPECT_EQ(c.on_time(), 3);
  EXPECT_EQ(c.late(), 1);
  EXPECT_EQ(c.missing(), 128);
  EXPECT_EQ(ByUnit(c)[units.at("24670").id()].state(), pv1::MISSING);
}

TEST_F(PlansEndToEnd, TargetsOfSeed003CountTuyenQuangAsItStoodIn2023) {
  const pv1::Plan plan = GetPlan(tuyen_quang_->plan_id);
  ASSERT_EQ(plan.targets_size(), 11);
  auto population = [&](int target, common::v1::Date as_of) {
    pv1::GetTargetPopulationRequest request;
    request.set_plan_id(plan.id());
    request.set_target_id(plan.targets(target).id());
    *request.mutable_as_of() = as_of;
    pv1::TargetPopulation response;
    const grpc::Status status =
        plans_stub_->GetTargetPopulation(WithToken(Admin()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.size(), response.organization_ids_size());
    return response;
  };
  // Agencies, enterprises, schools: the organisations of those kinds the file creates.
  std::set<std::string> agency_kinds;
  for (int32_t k : plan.targets(4).population().kinds().kinds())
    agency_kinds.insert(rv1::OrganizationKind_Name(static_cast<rv1::OrganizationKind>(k)));
  int agencies = 0;
  for (const auto& org : tuyen_quang_->json["organizations"]) {
    if (org.contains("create") && agency_kinds.count(org["create"]["kind"].get<std::string>()))
      ++agencies;
  }
  EXPECT_EQ(agencies, 7);         // five departments, the newspaper and the broadcaster
  std::vector<int64_t> affected;  // the communes once affected by "Dương Văn Mình"
  for (const auto& member : tuyen_quang_->json["groups"][0]["create"]["members"]) {
    const std::string placeholder = member["organization_id"];
    affected.push_back(Org(placeholder.substr(std::string("@org:").size())));
  }
  ASSERT_EQ(affected.size(), 10u);

  const auto as_of = D(2023, 4, 10);
  const int wards = CountOldCommunes("08", "", "Phường ");
  const int townships = CountOldCommunes("08", "", "Thị trấn ");
  EXPECT_EQ(wards, 10);
  EXPECT_EQ(townships, 6);
  const std::vector<int> expected = {
      0,          // communes recognised 2021-2025: an empty group
      10,         // the Dương Văn Mình group
      wards,      // 30% of the wards by 2025
      townships,  // 50% of the townships by 2025
      agencies,   // 15% of agencies, enterprises, schools by 2025
      4,          // Lâm Bình, Na Hang, Sơn Dương, TP Tuyên Quang
      0,          // communes reaching the new-rural standard
      0,          // ... and the advanced one
      CountOldCommunes("08", "070", "Phường "),  // wards of the city of Tuyên Quang
      townships,                                 // 01 township in 2024, 02 in 2025
      agencies,                                  // per block of provincial agencies
  };
  for (int i = 0; i < plan.targets_size(); ++i) {
    EXPECT_EQ(population(i, as_of).size(), expected[i]) << plan.targets(i).measure();
  }
  EXPECT_THAT(population(1, as_of).organization_ids(), UnorderedElementsAreArray(affected));
  EXPECT_THAT(population(5, as_of).organization_ids(),
              UnorderedElementsAreArray(
                  {Org("tuyen-quang-2023-lam-binh"), Org("tuyen-quang-2023-na-hang"),
                   Org("tuyen-quang-2023-son-duong"), Org("tuyen-quang-2023-tp-tuyen-quang")}));
  // Still so in 2024; from 1 July 2025 the old province, its districts and townships are gone.
  EXPECT_EQ(population(1, D(2024, 6, 1)).size(), 10);
  EXPECT_EQ(population(3, D(2024, 6, 1)).size(), townships);
  EXPECT_EQ(population(1, D(2025, 7, 1)).size(), 0);
  EXPECT_EQ(population(2, D(2025, 7, 1)).size(), 0);
  EXPECT_EQ(population(3, D(2025, 7, 1)).size(), 0);
}

TEST_F(PlansEndToEnd, DistrictsAndDepartmentsOfTuyenQuangOwedTheirPlansBy10April2023) {
  const pv1::Plan plan = GetPlan(tuyen_quang_->plan_id);
  ASSERT_GT(plan.document_id(), 0);
  const int districts = 7;  // 070-076 in old-units.csv
  const int departments = 5;
  const pv1::Plan na_hang = IssueImplementingPlan(Org("tuyen-quang-2023-na-hang"), "huyện Na Hang",
                                                  plan.document_id(), D(2023, 3, 30), 2023, 2025);
  const pv1::Plan son_duong =
      IssueImplementingPlan(Org("tuyen-quang-2023-son-duong"), "huyện Sơn Dương",
                            plan.document_id(), D(2023, 4, 20), 2023, 2025);

  pv1::CascadeCompliance c = Compliance(plan.id(), D(2023, 5, 1));
  EXPECT_EQ(c.deadline().month(), 4);
  EXPECT_EQ(c.deadline().day(), 10);
  EXPECT_EQ(c.required(), districts + departments);
  EXPECT_EQ(c.on_time(), 1);
  EXPECT_EQ(c.late(), 1);
  EXPECT_EQ(c.missing(), districts + departments - 2);
  auto by_unit = ByUnit(c);
  EXPECT_EQ(by_unit[Org("tuyen-quang-2023-na-hang")].organization_name(), "Huyện Na Hang");
  EXPECT_EQ(by_unit[Org("tuyen-quang-2023-na-hang")].implementing_plan_id(), na_hang.id());
  EXPECT_EQ(by_unit[Org("tuyen-quang-2023-son-duong")].state(), pv1::LATE);
  EXPECT_EQ(by_unit[Org("tuyen-quang-2023-son-duong")].implementing_plan_id(), son_duong.id());
  EXPECT_EQ(by_unit[Org("tuyen-quang-2023-so-noi-vu")].state(), pv1::MISSING);
  c = Compliance(plan.id(), D(2023, 4, 1));
  EXPECT_EQ(c.on_time(), 1);
  EXPECT_EQ(c.pending(), districts + departments - 1);
}

}  // namespace
}  // namespace thidua::testing
