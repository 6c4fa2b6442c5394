// Domain rules of the registry: kinds and hierarchy over time, events, codes.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/text.h"
#include "services/registry/domain/events.h"
#include "services/registry/domain/rules.h"
#include "services/registry/domain/ties.h"

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

TEST(CodeFormatTest, ALongValueIsRefusedWithItsSchemesShape) {
  const std::string digits(1'000'000, '0');
  EXPECT_EQ(CheckCodeFormat(v1::ADMIN_UNIT, digits),
            "an administrative-unit code has 2, 3 or 5 digits");
  EXPECT_NE(CheckCodeFormat(v1::TAX_CODE, digits), "");
}

// The contact patterns (RE2) accept what they accepted under std::regex, and a long value is
// refused before a pattern reads it.
TEST(FieldsTest, PhoneAndEmailHaveTheirShape) {
  auto contact_fields = [](const std::string& phone, const std::string& email) {
    Organization org = Make(1, v1::DEPARTMENT, 0);
    org.contact.phone = phone;
    org.contact.email = email;
    Violations violations;
    ValidateFields(org, "organization", violations);
    return std::string(violations.ToStatus().message());
  };
  EXPECT_EQ(contact_fields("(0263) 3822.111", "vanphong@lamdong.gov.vn"), "");
  EXPECT_EQ(contact_fields("+84 263 382 2111", "sonv@lamdong.gov.vn"), "");
  for (const char* phone : {"12345", "0263 abc 111", "123456789012345678901"}) {
    EXPECT_NE(contact_fields(phone, "").find("contact.phone"), std::string::npos) << phone;
  }
  for (const char* email : {"vanphong", "van phong@lamdong.gov.vn", "a@b", "a@@b.vn"}) {
    EXPECT_NE(contact_fields("", email).find("contact.email"), std::string::npos) << email;
  }
  const std::string long_phone(1'000'000, '1');
  EXPECT_NE(contact_fields(long_phone, "").find("contact.phone"), std::string::npos);
  const std::string long_email = std::string(1'000'000, 'a') + "@lamdong.gov.vn";
  EXPECT_NE(contact_fields("", long_email).find("contact.email"), std::string::npos);
}

TEST(FieldsTest, CollectsEveryViolation) {
  Organization org = Make(1, v1::ORGANIZATION_KIND_UNSPECIFIED, 0);
  org.versions.front().display_name = "X";
  org.contact.website = "ftp://x";
  org.validity = {CivilDay(2025, 1, 2), CivilDay(2025, 1, 1)};
  org.codes.push_back({v1::TAX_CODE, "12", {}});
  Violations violations;
  ValidateFields(org, "organization", violations);
  // Every violation travels in the details (the message repeats the first few only).
  const std::string details = ToGrpcStatus(violations.ToStatus()).error_details();
  for (const char* field :
       {"organization.display_name", "organization.kind", "organization.contact.website",
        "organization.valid_to", "organization.codes[0].value"}) {
    EXPECT_NE(details.find(field), std::string::npos) << field;
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

TEST_F(RulesTest, AncestryIsWalkedOverTheWholePeriodAndStopsOnStoredCycles) {
  Put(Make(1, v1::NATION, 0));
  Organization a = Make(2, v1::DEPARTMENT, 1);
  ASSERT_TRUE(Move(a, CivilDay(2027, 1, 1), 3).ok());  // A under B from 2027
  Put(a);
  Put(Make(3, v1::DEPARTMENT, 1));
  // B under A from mid-2026 reaches B again through A's version of 2027.
  EXPECT_EQ(ManagedOverOn(2, {CivilDay(2026, 6, 1), kOpenEnd}, 3, lookup()), CivilDay(2027, 1, 1));
  EXPECT_EQ(ManagedOverOn(2, {CivilDay(2026, 6, 1), CivilDay(2026, 12, 31)}, 3, lookup()),
            std::nullopt);
  // A cycle already stored (bad data) ends the walk instead of looping.
  Put(Make(4, v1::DEPARTMENT, 5));
  Put(Make(5, v1::DEPARTMENT, 4));
  EXPECT_EQ(ManagedOverOn(4, {kOpenStart, kOpenEnd}, 99, lookup()), std::nullopt);
}

TEST(TiesTest, AChildUnderTheEndingUnitLaterRefusesTheEnd) {
  Organization child = Make(7, v1::BOARD, 1);
  ASSERT_TRUE(Move(child, CivilDay(2027, 1, 1), 2).ok());
  EXPECT_EQ(ManagedByFrom(child, 2, CivilDay(2026, 12, 1)), CivilDay(2027, 1, 1));
  EXPECT_EQ(ManagedByFrom(child, 1, CivilDay(2026, 12, 1)), CivilDay(2026, 12, 1));
  EXPECT_EQ(ManagedByFrom(child, 1, CivilDay(2027, 1, 1)), std::nullopt);
  const absl::Status later = HandOver(child, 2, CivilDay(2026, 12, 1), 3);
  EXPECT_NE(later.message().find("01/01/2027"), std::string::npos) << later;
  Organization plain = Make(8, v1::BOARD, 2);
  ASSERT_TRUE(HandOver(plain, 2, CivilDay(2026, 12, 1), 3).ok());
  EXPECT_EQ(plain.VersionOn(CivilDay(2026, 12, 1)).parent_id, 3);
  EXPECT_EQ(plain.VersionOn(CivilDay(2026, 11, 30)).parent_id, 2);
}

TEST(TiesTest, MembershipsEndTheDayBeforeAndThoseNotYetStartedGo) {
  Group group;
  group.members = {{1, {CivilDay(2025, 7, 1), kOpenEnd}},
                   {1, {CivilDay(2027, 1, 1), kOpenEnd}},
                   {2, {CivilDay(2025, 7, 1), kOpenEnd}},
                   {1, {CivilDay(2025, 7, 1), CivilDay(2025, 12, 31)}}};
  EXPECT_TRUE(EndMemberships(group, 1, CivilDay(2026, 12, 1)));
  ASSERT_EQ(group.members.size(), 3u);
  EXPECT_EQ(group.members[0].period.to, CivilDay(2026, 11, 30));
  EXPECT_EQ(group.members[1].organization_id, 2);
  EXPECT_EQ(group.members[1].period.to, kOpenEnd);
  EXPECT_EQ(group.members[2].period.to, CivilDay(2025, 12, 31));
  EXPECT_FALSE(EndMemberships(group, 1, CivilDay(2026, 12, 1)));

  const Organization limited =
      Make(3, v1::COMMUNE, 1, {CivilDay(2025, 7, 1), CivilDay(2026, 6, 30)});
  GroupMembership open{3, {CivilDay(2026, 1, 1), kOpenEnd}};
  ASSERT_TRUE(FitMembership(limited, open).ok());
  EXPECT_EQ(open.period.to, CivilDay(2026, 6, 30));
  GroupMembership after{3, {CivilDay(2026, 7, 1), kOpenEnd}};
  EXPECT_EQ(FitMembership(limited, after).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace thidua::registry
