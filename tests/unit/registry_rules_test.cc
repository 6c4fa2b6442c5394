// Domain rules of the registry: kinds and hierarchy over time, events, codes.
#include <gtest/gtest.h>

#include <map>

#include "common/text.h"
#include "services/registry/domain/events.h"
#include "services/registry/domain/rules.h"

namespace thidua::registry {
namespace {

Organization Make(int64_t id, Kind kind, int64_t parent, Period period = {}) {
  Organization org;
  org.id = id;
  org.kind = kind;
  org.validity = period;
  org.versions.push_back({period, "Đơn vị " + std::to_string(id), text::Fold("Don vi"), parent});
  return org;
}

class RulesTest : public ::testing::Test {
 protected:
  void Put(Organization org) { orgs_[org.id] = std::move(org); }
  Lookup lookup() {
    return [this](int64_t id) -> const Organization* {
      auto it = orgs_.find(id);
      return it == orgs_.end() ? nullptr : &it->second;
    };
  }
  std::string Reason(const absl::Status& status) {
    return status.ok() ? "OK" : std::string(status.message());
  }
  std::map<int64_t, Organization> orgs_;
};

const Period kOld{kOpenStart, CivilDay(2025, 6, 30)};
const Period kNew{CivilDay(2025, 7, 1), kOpenEnd};

TEST_F(RulesTest, CommuneSitsUnderADistrictBeforeTheReformAndUnderAProvinceAfter) {
  Put(Make(1, v1::NATION, 0));
  Put(Make(2, v1::PROVINCE, 1));
  Put(Make(3, v1::DISTRICT, 2, kOld));
  EXPECT_TRUE(CheckHierarchy(Make(10, v1::COMMUNE, 3, kOld), lookup()).ok());
  EXPECT_TRUE(CheckHierarchy(Make(11, v1::WARD, 2, kNew), lookup()).ok());
  EXPECT_EQ(CheckHierarchy(Make(12, v1::COMMUNE, 2, kOld), lookup()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckHierarchy(Make(13, v1::COMMUNE, 3, kNew), lookup()).code(),
            absl::StatusCode::kFailedPrecondition);
  // A commune spanning the reform under a district breaks the rule on its last side.
  EXPECT_FALSE(CheckHierarchy(Make(14, v1::COMMUNE, 3), lookup()).ok());
}

TEST_F(RulesTest, DistrictsAndTownshipsEndBeforeTheReform) {
  Put(Make(1, v1::NATION, 0));
  Put(Make(2, v1::PROVINCE, 1));
  EXPECT_TRUE(CheckHierarchy(Make(3, v1::DISTRICT, 2, kOld), lookup()).ok());
  EXPECT_FALSE(CheckHierarchy(Make(4, v1::DISTRICT, 2), lookup()).ok());
}

TEST_F(RulesTest, ParentMustBeValidOverTheWholePeriodAndNoCycles) {
  Put(Make(1, v1::NATION, 0));
  Put(Make(2, v1::PROVINCE, 1, kOld));
  const absl::Status outlived = CheckHierarchy(Make(5, v1::DEPARTMENT, 2), lookup());
  EXPECT_NE(Reason(outlived).find("not valid"), std::string::npos) << Reason(outlived);
  Put(Make(6, v1::DEPARTMENT, 1));
  Put(Make(7, v1::DIVISION, 6));
  Organization moved = orgs_[6];
  moved.versions.front().parent_id = 7;  // the department under its own division
  EXPECT_EQ(CheckHierarchy(moved, lookup()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(CheckHierarchy(Make(8, v1::DIVISION, 8), lookup()).ok());
}

TEST_F(RulesTest, UnknownParentIsNotFound) {
  EXPECT_EQ(CheckHierarchy(Make(5, v1::DEPARTMENT, 404), lookup()).code(),
            absl::StatusCode::kNotFound);
}

TEST(CodeFormatTest, EachSchemeHasItsShape) {
  EXPECT_EQ(CheckCodeFormat(v1::ADMIN_UNIT, "08"), "");
  EXPECT_EQ(CheckCodeFormat(v1::ADMIN_UNIT, "072"), "");
  EXPECT_EQ(CheckCodeFormat(v1::ADMIN_UNIT, "02239"), "");
  EXPECT_NE(CheckCodeFormat(v1::ADMIN_UNIT, "8"), "");
  EXPECT_NE(CheckCodeFormat(v1::ADMIN_UNIT, "0223a"), "");
  EXPECT_EQ(CheckCodeFormat(v1::QCVN_102, "000.00.00.H56"), "");
  EXPECT_NE(CheckCodeFormat(v1::QCVN_102, "H56"), "");
  EXPECT_EQ(CheckCodeFormat(v1::TAX_CODE, "0101234567"), "");
  EXPECT_EQ(CheckCodeFormat(v1::TAX_CODE, "0101234567-001"), "");
  EXPECT_NE(CheckCodeFormat(v1::TAX_CODE, "01012345"), "");
  EXPECT_NE(CheckCodeFormat(v1::CODE_SCHEME_UNSPECIFIED, "1"), "");
}

TEST(FieldsTest, CollectsEveryViolation) {
  Organization org = Make(1, v1::ORGANIZATION_KIND_UNSPECIFIED, 0);
  org.versions.front().display_name = "X";
  org.contact.website = "ftp://x";
  org.validity = {CivilDay(2025, 1, 2), CivilDay(2025, 1, 1)};
  org.codes.push_back({v1::TAX_CODE, "12", {}});
  Violations violations;
  ValidateFields(org, "organization", violations);
  const std::string message(violations.ToStatus().message());
  for (const char* field :
       {"organization.display_name", "organization.kind", "organization.contact.website",
        "organization.valid_to", "organization.codes[0].value"}) {
    EXPECT_NE(message.find(field), std::string::npos) << field << " in " << message;
  }
}

TEST(EventsTest, RenameSplitsTheLatestPeriod) {
  Organization org = Make(1, v1::DEPARTMENT, 0, {CivilDay(2008, 4, 1), kOpenEnd});
  ASSERT_TRUE(Rename(org, CivilDay(2025, 3, 1), "Sở Nội vụ", "SNV").ok());
  ASSERT_EQ(org.versions.size(), 2u);
  EXPECT_EQ(org.versions[0].period.to, CivilDay(2025, 2, 28));
  EXPECT_EQ(org.VersionOn(CivilDay(2025, 3, 1)).display_name, "Sở Nội vụ");
  EXPECT_EQ(org.VersionOn(CivilDay(2025, 3, 1)).search_name, "so noi vu");
  EXPECT_EQ(org.short_name, "SNV");
  // Same day or earlier than the latest change: out of order.
  EXPECT_FALSE(Rename(org, CivilDay(2025, 3, 1), "Sở Khác", "").ok());
}

TEST(EventsTest, EndOnClosesValidityAndCodes) {
  Organization org = Make(1, v1::PROVINCE, 0);
  org.codes.push_back({v1::ADMIN_UNIT, "70", {}});
  ASSERT_TRUE(EndOn(org, CivilDay(2025, 7, 1)).ok());
  EXPECT_EQ(org.validity.to, CivilDay(2025, 6, 30));
  EXPECT_EQ(org.codes[0].period.to, CivilDay(2025, 6, 30));
  EXPECT_FALSE(org.ValidOn(CivilDay(2025, 7, 1)));
  // Nothing happens to a unit that no longer exists.
  const absl::Status late = Move(org, CivilDay(2025, 8, 1), 5);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
}

TEST(EventsTest, MoveChangesTheParentFromTheDate) {
  Organization org = Make(1, v1::COMMUNE, 3);
  ASSERT_TRUE(Move(org, CivilDay(2025, 7, 1), 2).ok());
  EXPECT_EQ(org.VersionOn(CivilDay(2025, 6, 30)).parent_id, 3);
  EXPECT_EQ(org.VersionOn(CivilDay(2025, 7, 1)).parent_id, 2);
}

}  // namespace
}  // namespace thidua::registry
