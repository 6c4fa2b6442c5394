// Create, read, list, update and authorization of organisations through gRPC and MariaDB.
#include <gmock/gmock.h>

#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST_F(RegistryTest, CreatedOrganisationIsReadBackWithEtagAndCodes) {
  const auto province = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68");
  ASSERT_GT(province.id(), 0);
  EXPECT_EQ(province.name(), "organizations/" + std::to_string(province.id()));
  const auto read = Get(province.id());
  EXPECT_EQ(read.display_name(), "Tỉnh Lâm Đồng");
  EXPECT_EQ(read.search_name(), "tinh lam dong");
  EXPECT_EQ(read.parent_id(), nation_id_);
  EXPECT_FALSE(read.etag().empty());
  ASSERT_EQ(read.codes_size(), 1);
  EXPECT_EQ(read.codes(0).value(), "68");
  EXPECT_TRUE(read.has_create_time());
  EXPECT_TRUE(read.has_valid_from());
  EXPECT_FALSE(read.has_valid_to());  // still valid: the end is absent, not an empty date
}

TEST_F(RegistryTest, AccentInsensitiveSearchFindsLamDong) {
  const auto lam_dong = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68");
  Create("Tỉnh Đồng Nai", v1::PROVINCE, nation_id_, D(2025, 7, 1), "75");
  v1::ListOrganizationsRequest request;
  request.set_query("lam dong");
  v1::ListOrganizationsResponse response;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), request, &response).ok());
  ASSERT_EQ(response.organizations_size(), 1);
  EXPECT_EQ(response.organizations(0).id(), lam_dong.id());
  request.set_query("ĐỒNG");  // upper case with marks folds the same way
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), request, &response).ok());
  EXPECT_EQ(response.total_size(), 2);
}

TEST_F(RegistryTest, RetriedCreateWithSameRequestIdReturnsTheFirstResult) {
  v1::CreateOrganizationRequest request;
  request.set_request_id("5b0f7c2e-retry");
  request.mutable_organization()->set_display_name("Sở Nội vụ");
  request.mutable_organization()->set_kind(v1::DEPARTMENT);
  request.mutable_organization()->set_parent_id(nation_id_);
  v1::Organization first, second;
  ASSERT_TRUE(stub().CreateOrganization(WithToken(admin_).get(), request, &first).ok());
  ASSERT_TRUE(stub().CreateOrganization(WithToken(admin_).get(), request, &second).ok());
  EXPECT_EQ(first.id(), second.id());
  v1::ListOrganizationsRequest list;
  list.set_query("so noi vu");
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), list, &found).ok());
  EXPECT_EQ(found.total_size(), 1);
}

TEST_F(RegistryTest, BadInputIsRefusedWithEveryFieldViolation) {
  v1::CreateOrganizationRequest request;
  auto* org = request.mutable_organization();
  org->set_display_name("X");
  org->set_parent_id(nation_id_);
  auto* code = org->add_codes();
  code->set_scheme(v1::QCVN_102);
  code->set_value("H56");
  org->mutable_contact()->set_email("not-an-email");
  org->mutable_valid_from()->set_year(2025);
  org->mutable_valid_from()->set_month(2);
  org->mutable_valid_from()->set_day(30);
  v1::Organization out;
  const grpc::Status status = stub().CreateOrganization(WithToken(admin_).get(), request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const ErrorDetails details = DetailsOf(status);
  EXPECT_EQ(details.reason, "INVALID_ARGUMENT");
  EXPECT_THAT(details.fields,
              UnorderedElementsAre("organization.valid_from", "organization.display_name",
                                   "organization.kind", "organization.contact.email",
                                   "organization.codes[0].value"));
  EXPECT_THAT(details.vietnamese, ::testing::HasSubstr("không hợp lệ"));
}

TEST_F(RegistryTest, KindRulesFollowTheTwoLevelReform) {
  const auto province = Create("Tỉnh Tuyên Quang", v1::PROVINCE, nation_id_, {}, "08");
  const auto district =
      Create("Huyện Na Hang", v1::DISTRICT, province.id(), {}, "072", D(2025, 6, 30));
  // Before 1/7/2025 a commune sits under a district...
  Create("Xã Thượng Nông", v1::COMMUNE, district.id(), {}, "02239", D(2025, 6, 30));
  // ... and not directly under the province,
  v1::CreateOrganizationRequest request;
  auto* org = request.mutable_organization();
  org->set_display_name("Xã Sai Quy Tắc");
  org->set_kind(v1::COMMUNE);
  org->set_parent_id(province.id());
  *org->mutable_valid_from() = D(2020, 1, 1);
  *org->mutable_valid_to() = D(2024, 1, 1);
  v1::Organization out;
  grpc::Status status = stub().CreateOrganization(WithToken(admin_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "KIND_RULE");
  // while from 1/7/2025 a commune sits under the province, and a district may not live on.
  Create("Xã Thượng Nông", v1::COMMUNE, province.id(), D(2025, 7, 1));
  org->set_kind(v1::DISTRICT);
  org->clear_valid_to();
  status = stub().CreateOrganization(WithToken(admin_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RegistryTest, CallsWithoutAValidTokenAreUnauthenticated) {
  v1::GetOrganizationRequest request;
  request.set_id(nation_id_);
  v1::Organization out;
  EXPECT_EQ(stub().GetOrganization(WithToken("").get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub().GetOrganization(WithToken("e30.e30.").get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryTest, WritesAreLimitedToTheScopeOfTheActingOrganisation) {
  const auto province = Create("Tỉnh Tuyên Quang", v1::PROVINCE, nation_id_, D(2025, 7, 1), "08");
  const auto commune_a = Create("Xã Na Hang", v1::COMMUNE, province.id(), D(2025, 7, 1));
  const auto commune_b = Create("Xã Thượng Lâm", v1::COMMUNE, province.id(), D(2025, 7, 1));
  const std::string officer =
      TestTokens::Get().Token(commune_a.id(), {"registry-admin"}, "officer");
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_id(commune_b.id());
  update.mutable_organization()->set_etag(commune_b.etag());
  update.mutable_organization()->set_short_name("UBND xã");
  update.mutable_update_mask()->add_paths("short_name");
  v1::Organization out;
  grpc::Status status = stub().UpdateOrganization(WithToken(officer).get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  // An id that does not exist is refused the same way: nothing to probe.
  update.mutable_organization()->set_id(987654321);
  EXPECT_EQ(stub().UpdateOrganization(WithToken(officer).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Inside its own scope the officer may write.
  update.mutable_organization()->set_id(commune_a.id());
  update.mutable_organization()->set_etag(commune_a.etag());
  EXPECT_TRUE(stub().UpdateOrganization(WithToken(officer).get(), update, &out).ok());
  // A reader without the admin role writes nothing, even in scope.
  const std::string reader = TestTokens::Get().Token(nation_id_, {"auditor"}, "auditor");
  EXPECT_EQ(stub().UpdateOrganization(WithToken(reader).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RegistryTest, UpdateNeedsTheCurrentEtag) {
  const auto org = Create("Công an tỉnh Lâm Đồng", v1::POLICE, nation_id_);
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_id(org.id());
  update.mutable_organization()->set_etag(org.etag());
  update.mutable_organization()->set_short_name("CAT");
  update.mutable_organization()->mutable_contact()->set_phone("0263 382 2222");
  update.mutable_update_mask()->add_paths("short_name");
  update.mutable_update_mask()->add_paths("contact.phone");
  v1::Organization updated;
  ASSERT_TRUE(stub().UpdateOrganization(WithToken(admin_).get(), update, &updated).ok());
  EXPECT_EQ(updated.short_name(), "CAT");
  EXPECT_EQ(updated.contact().phone(), "0263 382 2222");
  EXPECT_NE(updated.etag(), org.etag());
  // The same etag again is stale now.
  const grpc::Status stale = stub().UpdateOrganization(WithToken(admin_).get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(DetailsOf(stale).reason, "ETAG_MISMATCH");
  // Names change through events, not updates.
  update.mutable_update_mask()->add_paths("display_name");
  EXPECT_EQ(stub().UpdateOrganization(WithToken(admin_).get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A path that names no field is refused, not an OK that changed nothing under a new etag.
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("contact.fax");
  const grpc::Status fax = stub().UpdateOrganization(WithToken(admin_).get(), update, &updated);
  EXPECT_EQ(fax.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(fax).fields, ElementsAre("update_mask"));
}

TEST_F(RegistryTest, EveryWriteIsAudited) {
  const auto org = Create("Sở Giáo dục và Đào tạo", v1::DEPARTMENT, nation_id_);
  int rows = 0;
  ASSERT_TRUE(db_->pool()
                  .Run(absl::Now() + absl::Seconds(5),
                       [&](db::Connection& conn) {
                         auto& q = conn.Prepare(
                             "SELECT COUNT(*) FROM audit_log WHERE resource = ? AND subject = ?");
                         q.setString(1, org.name());
                         q.setString(2, "national-admin");
                         std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
                         rs->next();
                         rows = rs->getInt(1);
                         return absl::OkStatus();
                       })
                  .ok());
  EXPECT_EQ(rows, 1);
  // The log is append-only, even for the service's own database user.
  const absl::Status erase =
      db_->pool().Run(absl::Now() + absl::Seconds(5), [&](db::Connection& conn) {
        conn.Execute("DELETE FROM audit_log");
        return absl::OkStatus();
      });
  EXPECT_FALSE(erase.ok());
}

TEST_F(RegistryTest, ListingPagesAndFiltersByKindAndCode) {
  const auto province = Create("Tỉnh Sơn La", v1::PROVINCE, nation_id_, D(2025, 7, 1), "14");
  for (int i = 1; i <= 5; ++i) {
    Create("Xã Thử " + std::to_string(i), v1::COMMUNE, province.id(), D(2025, 7, 1));
  }
  Create("Sở Tư pháp", v1::DEPARTMENT, province.id());
  v1::ListOrganizationsRequest request;
  request.set_parent_id(province.id());
  request.add_kinds(v1::COMMUNE);
  request.set_page_size(2);
  std::vector<std::string> names;
  for (int page = 0; page < 5; ++page) {
    v1::ListOrganizationsResponse response;
    ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), request, &response).ok());
    EXPECT_EQ(response.total_size(), 5);
    for (const auto& o : response.organizations()) names.push_back(o.display_name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre("Xã Thử 1", "Xã Thử 2", "Xã Thử 3", "Xã Thử 4", "Xã Thử 5"));
  v1::ListOrganizationsRequest by_code;
  by_code.set_code_scheme(v1::ADMIN_UNIT);
  by_code.set_code_value("14");
  v1::ListOrganizationsResponse found;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), by_code, &found).ok());
  ASSERT_EQ(found.organizations_size(), 1);
  EXPECT_EQ(found.organizations(0).id(), province.id());
  by_code.set_page_token("garbage");
  EXPECT_EQ(stub().ListOrganizations(WithToken(admin_).get(), by_code, &found).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RegistryTest, ARepeatedListingSeesEveryWriteInBetween) {
  const auto province = Create("Tỉnh Gia Lai", v1::PROVINCE, nation_id_, D(2025, 7, 1), "52");
  v1::ListOrganizationsRequest request;
  request.set_parent_id(province.id());
  v1::ListOrganizationsResponse before, after;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), request, &before).ok());
  Create("Phường Pleiku", v1::WARD, province.id(), D(2025, 7, 1));
  // The same request again: answered from the response cache unless the write invalidated it.
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), request, &after).ok());
  EXPECT_EQ(after.total_size(), before.total_size() + 1);
}

TEST_F(RegistryTest, TwoReplicasOnOneDatabaseStayCoherent) {
  RegistryReplica other(db_->options());
  const auto org = Create("Ban Dân tộc", v1::BOARD, nation_id_);
  // The writer reads its own write at once (Create returned after publishing it).
  EXPECT_EQ(Get(org.id()).display_name(), "Ban Dân tộc");
  // The other replica sees it within one second.
  const absl::Time start = absl::Now();
  grpc::Status status;
  v1::Organization seen;
  do {
    v1::GetOrganizationRequest request;
    request.set_id(org.id());
    status = other.stub().GetOrganization(WithToken(admin_).get(), request, &seen);
    if (status.ok()) break;
    absl::SleepFor(absl::Milliseconds(10));
  } while (absl::Now() - start < absl::Seconds(1));
  ASSERT_TRUE(status.ok()) << "not visible on the other replica within 1 s";
  EXPECT_EQ(seen.display_name(), "Ban Dân tộc");
  // An update on the other replica flows back too.
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_id(org.id());
  update.mutable_organization()->set_etag(seen.etag());
  update.mutable_organization()->set_short_name("BDT");
  update.mutable_update_mask()->add_paths("short_name");
  v1::Organization updated;
  ASSERT_TRUE(other.stub().UpdateOrganization(WithToken(admin_).get(), update, &updated).ok());
  const absl::Time again = absl::Now();
  while (Get(org.id()).short_name() != "BDT" && absl::Now() - again < absl::Seconds(1)) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Get(org.id()).short_name(), "BDT");
}

}  // namespace
}  // namespace thidua::testing
