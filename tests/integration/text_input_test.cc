// Text as users type it, through the wire: decomposed input stored composed, invisible and
// direction characters refused by field, names of only spaces refused, look-alikes found, and
// titles compared by identity (case, tone placement, Unicode form) while accents, emoji and Nôm
// characters stay significant. The rules themselves are unit-tested in tests/unit/text_test.cc.
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class TextInputTest : public PlansTest {
 protected:
  grpc::Status CreateNamed(const std::string& name, v1::Organization* out) {
    v1::CreateOrganizationRequest request;
    request.mutable_organization()->set_display_name(name);
    request.mutable_organization()->set_kind(v1::DEPARTMENT);
    request.mutable_organization()->set_parent_id(province_);
    *request.mutable_organization()->mutable_valid_from() = D(2025, 7, 1);
    return stub().CreateOrganization(WithToken(admin_).get(), request, out);
  }

  std::vector<std::string> Search(const std::string& query) {
    v1::ListOrganizationsRequest request;
    request.set_query(query);
    *request.mutable_as_of() = D(2026, 1, 1);
    v1::ListOrganizationsResponse response;
    const grpc::Status status =
        stub().ListOrganizations(WithToken(admin_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& o : response.organizations()) names.push_back(o.display_name());
    return names;
  }

  grpc::Status Register(int64_t unit, const std::string& title, const std::string& request_id) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(request_id);
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(2026);
    request.mutable_registration()->set_title(title);
    *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
    pv1::Registration out;
    return plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &out);
  }

  int RegisteredFor(const std::string& title) {
    pv1::GetRegistrationRateRequest rate;
    rate.mutable_population()->mutable_units()->add_organization_ids(communes_[0]);
    rate.mutable_population()->mutable_units()->add_organization_ids(communes_[1]);
    rate.set_year(2026);
    rate.set_title(title);
    *rate.mutable_as_of() = D(2026, 2, 1);
    pv1::RegistrationRate result;
    const grpc::Status status =
        plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result.registered();
  }
};

TEST_F(TextInputTest, DecomposedNamesAreStoredComposedAndFound) {
  v1::Organization created;
  // "Sở Tư pháp tỉnh Lâm Đồng" typed on a "Unicode tổ hợp" keyboard, with stray spaces.
  ASSERT_TRUE(
      CreateNamed("  So\xCC\x9B\xCC\x89  Tu\xCC\x9B pha\xCC\x81p tỉnh Lâm Đồng ", &created).ok());
  EXPECT_EQ(created.display_name(), "Sở Tư pháp tỉnh Lâm Đồng");
  EXPECT_THAT(Search("so tu phap"), ElementsAre("Sở Tư pháp tỉnh Lâm Đồng"));
  EXPECT_THAT(Search("Sở Tư pháp"), ElementsAre("Sở Tư pháp tỉnh Lâm Đồng"));
}

TEST_F(TextInputTest, InvisibleCharactersAndEmptyNamesAreRefusedByField) {
  v1::Organization ignored;
  // An impostor whose name hides a zero-width space, or a right-to-left override.
  for (const char* name : {"Công an tỉnh Lâm\xE2\x80\x8B Đồng", "Công an \xE2\x80\xAEgnồĐ"}) {
    const grpc::Status status = CreateNamed(name, &ignored);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("organization.display_name"));
  }
  for (const char* name : {"    ", "\t\n", " — "}) {
    const grpc::Status status = CreateNamed(name, &ignored);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("organization.display_name"));
  }
}

TEST_F(TextInputTest, ALookAlikeNameIsFoundByTheRealSpelling) {
  v1::Organization created;
  ASSERT_TRUE(CreateNamed("Ban \xC3\x90\xE1\xBA\xA1i diện", &created).ok());  // Latin eth "Ð"
  EXPECT_THAT(Search("Đại diện"), ElementsAre("Ban \xC3\x90\xE1\xBA\xA1i diện"));
  EXPECT_THAT(Search("dai dien"), ElementsAre("Ban \xC3\x90\xE1\xBA\xA1i diện"));
}

TEST_F(TextInputTest, RegistrationTitlesAreOneTitleByIdentity) {
  ASSERT_TRUE(Register(communes_[0], "Khu dân cư Hòa Bình", "r-1").ok());
  // Tone placement, case and Unicode form do not make another title...
  for (const char* same : {"Khu dân cư Hoà Bình", "KHU DÂN CƯ HÒA BÌNH",
                           "Khu da\xCC\x82n cu\xCC\x9B Ho\xCC\x80"
                           "a Bi\xCC\x80nh"}) {
    const grpc::Status status = Register(communes_[0], same, std::string("r-") + same);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << same;
    EXPECT_EQ(DetailsOf(status).reason, "ALREADY_REGISTERED");
  }
  EXPECT_EQ(RegisteredFor("Khu dân cư Hoà Bình"), 1);
  // ... while accents, emoji and Nôm characters do, and never as a raw duplicate-key error.
  EXPECT_TRUE(Register(communes_[0], "Khu dân cư Hòa Bính", "r-2").ok());
  EXPECT_TRUE(Register(communes_[0], "Giải \xF0\x9F\x8F\x86", "r-3").ok());
  EXPECT_TRUE(Register(communes_[0], "Giải \xF0\x9F\xA5\x87", "r-4").ok());
  EXPECT_TRUE(Register(communes_[0], "Chữ \xF0\xA0\x80\xA7", "r-5").ok());
  EXPECT_TRUE(Register(communes_[0], "Chữ \xF0\xA1\xA8\xB8", "r-6").ok());
  EXPECT_EQ(RegisteredFor("Chữ \xF0\xA1\xA8\xB8"), 1);
  EXPECT_EQ(RegisteredFor("Chữ \xF0\xA0\x80\xA8"), 0);  // a title nobody registered
}

TEST_F(TextInputTest, EveryFieldIsBoundedInCodePointsAsItsColumn) {
  // 300 four-byte characters fill a title column of 300 exactly; one more is refused by field.
  std::string title;
  for (int i = 0; i < 300; ++i) title += "\xF0\xA0\x80\xA7";
  EXPECT_TRUE(Register(communes_[1], title, "long-1").ok());
  const grpc::Status status = Register(communes_[1], title + "a", "long-2");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.title"));
}

}  // namespace
}  // namespace thidua::testing
