// Aliases of organisations ("TP HCM" for Thành phố Hồ Chí Minh) through real gRPC and MariaDB:
// added and removed by an administrator with the etag, found by ListOrganizations with and without
// accents, spaces and dots, loaded at start-up and followed by other replicas.
#include <gmock/gmock.h>

#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

class AliasesTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    city_ = Create("Thành phố Hồ Chí Minh", v1::PROVINCE, nation_id_, D(2025, 7, 1), "79");
    ward_ = Create("Phường Sài Gòn", v1::WARD, city_.id(), D(2025, 7, 1));
    museum_ = Create("Bảo tàng Hồ Chí Minh", v1::CENTRAL_AGENCY, nation_id_);
    other_province_ = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68");
    city_admin_ = TestTokens::Get().Token(city_.id(), {"registry-admin"}, "hcm-admin");
  }

  grpc::Status Add(const std::string& token, int64_t id, const std::string& etag,
                   const std::string& text, v1::Organization* out,
                   const std::string& request_id = "", v1::AliasKind kind = v1::ABBREVIATION) {
    v1::AddOrganizationAliasRequest request;
    request.set_request_id(request_id);
    request.set_organization_id(id);
    request.set_etag(etag);
    request.mutable_alias()->set_text(text);
    request.mutable_alias()->set_kind(kind);
    return stub().AddOrganizationAlias(WithToken(token).get(), request, out);
  }

  grpc::Status Remove(const std::string& token, int64_t id, const std::string& etag,
                      const std::string& text, v1::Organization* out,
                      const std::string& request_id = "") {
    v1::RemoveOrganizationAliasRequest request;
    request.set_request_id(request_id);
    request.set_organization_id(id);
    request.set_etag(etag);
    request.set_text(text);
    return stub().RemoveOrganizationAlias(WithToken(token).get(), request, out);
  }

  // Adds aliases one after the other to the city; returns the city as last written.
  v1::Organization AddAll(const std::vector<std::string>& texts) {
    v1::Organization current = Get(city_.id());
    for (const std::string& text : texts) {
      v1::Organization out;
      const grpc::Status status = Add(city_admin_, city_.id(), current.etag(), text, &out);
      EXPECT_TRUE(status.ok()) << text << ": " << status.error_message();
      current = out;
    }
    return current;
  }

  static std::vector<std::string> Texts(const v1::Organization& org) {
    std::vector<std::string> out;
    for (const auto& alias : org.aliases()) out.push_back(alias.text());
    return out;
  }

  // The ids a search lists, in order, on `registry`.
  std::vector<int64_t> Search(const std::string& query, v1::Registry::Stub* registry = nullptr) {
    v1::ListOrganizationsRequest request;
    request.set_query(query);
    v1::ListOrganizationsResponse response;
    const grpc::Status status = (registry ? *registry : stub())
                                    .ListOrganizations(WithToken(admin_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<int64_t> ids;
    for (const auto& org : response.organizations()) ids.push_back(org.id());
    return ids;
  }

  v1::Organization city_, ward_, museum_, other_province_;
  std::string city_admin_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(AliasesTest, AnAdministratorAddsAnAliasWithTheEtag) {
  v1::Organization out;
  const grpc::Status status =
      Add(city_admin_, city_.id(), city_.etag(), "TP HCM", &out, "", v1::OFFICIAL_SHORT_NAME);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(out.aliases_size(), 1);
  EXPECT_EQ(out.aliases(0).text(), "TP HCM");
  EXPECT_EQ(out.aliases(0).kind(), v1::OFFICIAL_SHORT_NAME);
  EXPECT_NE(out.etag(), city_.etag());
  EXPECT_EQ(out.display_name(), "Thành phố Hồ Chí Minh");
  // Read back: the replica that wrote reads its own write.
  EXPECT_THAT(Texts(Get(city_.id())), ElementsAre("TP HCM"));
  // The old etag is stale now.
  const grpc::Status stale = Add(city_admin_, city_.id(), city_.etag(), "TPHCM", &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
}

TEST_F(AliasesTest, TheSameAliasByIdentityIsAlreadyThere) {
  const v1::Organization city = AddAll({"TP HCM"});
  v1::Organization out;
  for (const std::string same : {"TP HCM", "tp hcm", "TP.HCM", "TP. HCM", "tp-hcm"}) {
    const grpc::Status status = Add(city_admin_, city_.id(), city.etag(), same, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << same;
    EXPECT_EQ(DetailsOf(status).reason, "ALIAS_EXISTS") << same;
    EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  }
  // Written together it is another text (identity keeps letters), and is accepted.
  EXPECT_TRUE(Add(city_admin_, city_.id(), city.etag(), "TPHCM", &out).ok());
  EXPECT_THAT(Texts(out), ElementsAre("TP HCM", "TPHCM"));
}

TEST_F(AliasesTest, TwentyAliasesAtMost) {
  std::vector<std::string> texts;
  for (int i = 1; i <= 20; ++i) texts.push_back("Tên " + std::to_string(i));
  const v1::Organization city = AddAll(texts);
  ASSERT_EQ(city.aliases_size(), 20);
  v1::Organization out;
  const grpc::Status status = Add(city_admin_, city_.id(), city.etag(), "Tên 21", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("alias"));
}

TEST_F(AliasesTest, BadRequestsNameTheirFields) {
  v1::Organization out;
  const grpc::Status status = Add(city_admin_, city_.id(), "", "", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ::testing::UnorderedElementsAre("etag", "alias.text"));
  // Longer than its column (100 characters).
  const grpc::Status long_text =
      Add(city_admin_, city_.id(), city_.etag(), std::string(101, 'a'), &out);
  EXPECT_EQ(long_text.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AliasesTest, AnAdministratorRemovesAnAliasByItsIdentity) {
  const v1::Organization city = AddAll({"TP HCM", "TPHCM"});
  v1::Organization out;
  // Any writing the same by identity removes it.
  const grpc::Status status = Remove(city_admin_, city_.id(), city.etag(), "tp. hcm", &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Texts(out), ElementsAre("TPHCM"));
  EXPECT_THAT(Search("tp hcm"), ElementsAre(city_.id()));  // still found by "TPHCM"
  // One it does not have is NOT_FOUND; a stale etag ABORTED.
  EXPECT_EQ(Remove(city_admin_, city_.id(), out.etag(), "Sài Gòn", &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Remove(city_admin_, city_.id(), city.etag(), "TPHCM", &out).error_code(),
            grpc::StatusCode::ABORTED);
  const v1::Organization now = Get(city_.id());
  ASSERT_TRUE(Remove(city_admin_, city_.id(), now.etag(), "TPHCM", &out).ok());
  EXPECT_THAT(Texts(out), IsEmpty());
  EXPECT_THAT(Search("tphcm"), IsEmpty());
}

TEST_F(AliasesTest, AnotherProvincesAdministratorGetsTheGenericDenial) {
  const std::string outsider =
      TestTokens::Get().Token(other_province_.id(), {"registry-admin"}, "lam-dong-admin");
  v1::Organization out;
  const grpc::Status add = Add(outsider, city_.id(), city_.etag(), "TP HCM", &out);
  EXPECT_EQ(add.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status unknown = Add(outsider, 987654321, city_.etag(), "TP HCM", &out);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(add.error_message(), unknown.error_message());  // nothing to tell them apart
  const v1::Organization city = AddAll({"TP HCM"});
  EXPECT_EQ(Remove(outsider, city_.id(), city.etag(), "TP HCM", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Nor may a reader without the role, in scope.
  const std::string reader = TestTokens::Get().Token(city_.id(), {}, "hcm-reader");
  EXPECT_EQ(Add(reader, city_.id(), city.etag(), "TPHCM", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(Texts(Get(city_.id())), ElementsAre("TP HCM"));
}

TEST_F(AliasesTest, ARetryWithTheSameRequestIdGetsTheFirstAnswer) {
  v1::Organization first, second;
  ASSERT_TRUE(Add(city_admin_, city_.id(), city_.etag(), "TP HCM", &first, "alias-retry-1").ok());
  // The etag has changed since, yet the retry is answered as the first call was.
  const grpc::Status retry =
      Add(city_admin_, city_.id(), city_.etag(), "TP HCM", &second, "alias-retry-1");
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(second.etag(), first.etag());
  EXPECT_THAT(Texts(Get(city_.id())), ElementsAre("TP HCM"));
  // The same id with another payload is refused.
  const grpc::Status reused =
      Add(city_admin_, city_.id(), first.etag(), "TPHCM", &second, "alias-retry-1");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(reused).reason, "REQUEST_ID_REUSED");
  // Removal replays alike.
  v1::Organization removed, again;
  ASSERT_TRUE(Remove(city_admin_, city_.id(), first.etag(), "TP HCM", &removed, "alias-rm").ok());
  ASSERT_TRUE(Remove(city_admin_, city_.id(), first.etag(), "TP HCM", &again, "alias-rm").ok());
  EXPECT_EQ(again.etag(), removed.etag());
  EXPECT_THAT(Texts(Get(city_.id())), IsEmpty());
}

TEST_F(AliasesTest, SearchFindsTheCityByWhatPeopleType) {
  AddAll({"TP HCM"});
  for (const std::string query : {"tp hcm", "TP HCM", "tphcm", "TPHCM", "TP.HCM", "tp.hcm"}) {
    const auto ids = Search(query);
    ASSERT_FALSE(ids.empty()) << query;
    EXPECT_EQ(ids.front(), city_.id()) << query;
  }
  // Its name still names it first: "Hồ Chí Minh" lists the city before the museum.
  EXPECT_THAT(Search("Hồ Chí Minh"), ElementsAre(city_.id(), museum_.id()));
  EXPECT_THAT(Search("ho chi minh"), ElementsAre(city_.id(), museum_.id()));
  // A query the alias does not begin finds nothing by it.
  EXPECT_THAT(Search("hcmc"), IsEmpty());
}

TEST_F(AliasesTest, AUnitNamedByItsAliasRanksWithUnitsNamedByTheirName) {
  // "Sài Gòn" names the city by its alias (tier 0, a province) and the ward by its name (tier 0, a
  // ward): at equal match the higher level comes first.
  v1::Organization city = Get(city_.id());
  v1::Organization out;
  ASSERT_TRUE(Add(city_admin_, city_.id(), city.etag(), "Sài Gòn", &out, "", v1::COMMON_NAME).ok());
  EXPECT_THAT(Search("sai gon"), ElementsAre(city_.id(), ward_.id()));
  EXPECT_THAT(Search("SÀI GÒN"), ElementsAre(city_.id(), ward_.id()));
}

TEST_F(AliasesTest, AliasesAreLoadedAtStartAndFollowedByOtherReplicas) {
  RegistryReplica other(db_->options());
  AddAll({"TP HCM"});
  ASSERT_TRUE(other.follower().PollOnce().ok());
  EXPECT_THAT(Search("tphcm", &other.stub()), ElementsAre(city_.id()));
  // A replica started afterwards loads it with everything else.
  RegistryReplica fresh(db_->options());
  EXPECT_THAT(Search("tphcm", &fresh.stub()), ElementsAre(city_.id()));
  // Removal reaches the other replica too.
  v1::Organization out;
  ASSERT_TRUE(Remove(city_admin_, city_.id(), Get(city_.id()).etag(), "TP HCM", &out).ok());
  ASSERT_TRUE(other.follower().PollOnce().ok());
  EXPECT_THAT(Search("tphcm", &other.stub()), IsEmpty());
}

}  // namespace
}  // namespace thidua::testing
