// How the units of a subtree stand to its scope: lying within, managed directly, managed at the
// scope's level (seed 001, IV: "cấp tỉnh quản lý").
#include "services/plans/population/scope_relation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace thidua::plans {
namespace {

namespace rv1 = registry::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

rv1::Organization Unit(int64_t id, rv1::OrganizationKind kind, int64_t parent) {
  rv1::Organization unit;
  unit.set_id(id);
  unit.set_kind(kind);
  unit.set_parent_id(parent);
  return unit;
}

// Lâm Đồng (1) on a day after 1/7/2025, as the registry lists its subtree (without the province).
constexpr int64_t kProvince = 1;
enum : int64_t {
  kCommittee = 2,       // UBND tỉnh, an agency of the province
  kOffice = 3,          // Văn phòng UBND tỉnh, under the committee
  kEducation = 4,       // Sở Giáo dục và Đào tạo
  kHighSchool = 5,      // a THPT of the department
  kCentre = 6,          // a centre (division) of the department
  kCentreSchool = 7,    // a school of that centre: three agencies up to the province
  kCollege = 8,         // Trường Cao đẳng Đà Lạt, managed by the province itself
  kCommune = 9,         // Xã Lạc Dương
  kPrimary = 10,        // Trường Tiểu học Lạc Dương, of the commune
  kCommuneOffice = 11,  // Phòng Văn hóa - Xã hội of the commune
  kKindergarten = 12,   // a school of that office: managed at commune level
  kLottery = 13,        // an enterprise of the province
  kPolice = 14,         // Công an tỉnh
  kStaffOffice = 15,    // its Phòng Tham mưu
};

std::vector<rv1::Organization> LamDong() {
  return {
      Unit(kCommittee, rv1::PEOPLES_COMMITTEE, kProvince),
      Unit(kOffice, rv1::COMMITTEE_OFFICE, kCommittee),
      Unit(kEducation, rv1::DEPARTMENT, kProvince),
      Unit(kHighSchool, rv1::EDUCATIONAL_INSTITUTION, kEducation),
      Unit(kCentre, rv1::DIVISION, kEducation),
      Unit(kCentreSchool, rv1::EDUCATIONAL_INSTITUTION, kCentre),
      Unit(kCollege, rv1::EDUCATIONAL_INSTITUTION, kProvince),
      Unit(kCommune, rv1::COMMUNE, kProvince),
      Unit(kPrimary, rv1::EDUCATIONAL_INSTITUTION, kCommune),
      Unit(kCommuneOffice, rv1::DIVISION, kCommune),
      Unit(kKindergarten, rv1::EDUCATIONAL_INSTITUTION, kCommuneOffice),
      Unit(kLottery, rv1::ENTERPRISE, kProvince),
      Unit(kPolice, rv1::POLICE, kProvince),
      Unit(kStaffOffice, rv1::POLICE_STAFF_OFFICE, kPolice),
  };
}

TEST(ScopeRelationTest, SchoolsManagedAtProvincialLevelIncludeTheDepartmentsNotTheCommunes) {
  const std::vector<int32_t> schools = {rv1::EDUCATIONAL_INSTITUTION};
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::MANAGED_AT_LEVEL_OF, schools, LamDong()),
              ElementsAre(kHighSchool, kCentreSchool, kCollege));
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::MANAGED_DIRECTLY_BY, schools, LamDong()),
              ElementsAre(kCollege));
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::LYING_WITHIN, schools, LamDong()),
              ElementsAre(kHighSchool, kCentreSchool, kCollege, kPrimary, kKindergarten));
}

TEST(ScopeRelationTest, SeedOnesKindsManagedAtProvincialLevel) {
  // The kinds of seed 001's cascade (IV): offices, departments, boards, police, military,
  // enterprises, schools, press. The staff office is of a kind not asked; the commune's school
  // and its office's kindergarten are managed at commune level.
  const std::vector<int32_t> kinds = {9, 10, 11, 13, 15, 18, 19, 20};
  EXPECT_THAT(
      UnitsStandingTo(kProvince, v1::MANAGED_AT_LEVEL_OF, kinds, LamDong()),
      ElementsAre(kOffice, kEducation, kHighSchool, kCentreSchool, kCollege, kLottery, kPolice));
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::MANAGED_DIRECTLY_BY, kinds, LamDong()),
              ElementsAre(kEducation, kCollege, kLottery, kPolice));
}

TEST(ScopeRelationTest, NoKindsMeansEveryKind) {
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::MANAGED_AT_LEVEL_OF, {}, LamDong()),
              ElementsAre(kCommittee, kOffice, kEducation, kHighSchool, kCentre, kCentreSchool,
                          kCollege, kCommune, kLottery, kPolice, kStaffOffice));
}

TEST(ScopeRelationTest, ACommuneManagesAtItsOwnLevel) {
  // The same rule with a commune as the scope: its own school and its office's kindergarten.
  std::vector<rv1::Organization> subtree = {
      Unit(kPrimary, rv1::EDUCATIONAL_INSTITUTION, kCommune),
      Unit(kCommuneOffice, rv1::DIVISION, kCommune),
      Unit(kKindergarten, rv1::EDUCATIONAL_INSTITUTION, kCommuneOffice),
  };
  EXPECT_THAT(
      UnitsStandingTo(kCommune, v1::MANAGED_AT_LEVEL_OF, {rv1::EDUCATIONAL_INSTITUTION}, subtree),
      ElementsAre(kPrimary, kKindergarten));
}

TEST(ScopeRelationTest, BeforeTheReformADistrictEndsTheChainToo) {
  // Tuyên Quang in 2023: a district's department of education manages its schools at district
  // level, below the province's.
  const int64_t district = 20, division = 21, school = 22, provincial_school = 23;
  const std::vector<rv1::Organization> subtree = {
      Unit(district, rv1::DISTRICT, kProvince),
      Unit(division, rv1::DIVISION, district),
      Unit(school, rv1::EDUCATIONAL_INSTITUTION, division),
      Unit(provincial_school, rv1::EDUCATIONAL_INSTITUTION, kProvince),
  };
  EXPECT_THAT(
      UnitsStandingTo(kProvince, v1::MANAGED_AT_LEVEL_OF, {rv1::EDUCATIONAL_INSTITUTION}, subtree),
      ElementsAre(provincial_school));
}

TEST(ScopeRelationTest, AChainThatLoopsOrLeavesTheSubtreeIsNotManagedByTheScope) {
  const std::vector<rv1::Organization> subtree = {
      Unit(30, rv1::DEPARTMENT, 31),
      Unit(31, rv1::BOARD, 30),                    // a loop, as a malformed listing could hold
      Unit(32, rv1::EDUCATIONAL_INSTITUTION, 99),  // its parent is not in the subtree
  };
  EXPECT_THAT(UnitsStandingTo(kProvince, v1::MANAGED_AT_LEVEL_OF, {}, subtree), IsEmpty());
}

TEST(ScopeRelationTest, AnUnknownRelationHoldsNobody) {
  EXPECT_THAT(UnitsStandingTo(kProvince, static_cast<v1::ScopeRelation>(7), {}, LamDong()),
              IsEmpty());
}

TEST(ScopeRelationTest, AdministrativeUnitsAreTerritorialAgenciesAreNot) {
  for (auto kind : {rv1::NATION, rv1::PROVINCE, rv1::DISTRICT, rv1::COMMUNE, rv1::WARD,
                    rv1::TOWNSHIP, rv1::SPECIAL_ZONE, rv1::RESIDENTIAL_AREA}) {
    EXPECT_TRUE(IsTerritorial(kind)) << rv1::OrganizationKind_Name(kind);
  }
  for (auto kind : {rv1::PEOPLES_COMMITTEE, rv1::COMMITTEE_OFFICE, rv1::DEPARTMENT, rv1::BOARD,
                    rv1::DIVISION, rv1::POLICE, rv1::POLICE_STAFF_OFFICE, rv1::MILITARY_COMMAND,
                    rv1::FATHERLAND_FRONT, rv1::SOCIO_POLITICAL_ORG, rv1::ENTERPRISE,
                    rv1::EDUCATIONAL_INSTITUTION, rv1::PRESS, rv1::CENTRAL_AGENCY}) {
    EXPECT_FALSE(IsTerritorial(kind)) << rv1::OrganizationKind_Name(kind);
  }
}

}  // namespace
}  // namespace thidua::plans
