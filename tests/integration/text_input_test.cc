// Text as users type it, through the wire: decomposed input stored composed, invisible and
// direction characters refused by field, names of only spaces refused, look-alikes found, and
// catalogue names compared by identity (case, tone placement, Unicode form) while accents, emoji
// and Nôm characters stay significant. The rules themselves are unit-tested in
// tests/unit/text_test.cc.
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

  // A catalogue entry of the movement; the code is made from the request id.
  grpc::Status Standard(const std::string& name, const std::string& code) {
    return CreateStandard(code, name);
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

TEST_F(TextInputTest, StandardNamesAreOneNameByIdentity) {
  ASSERT_TRUE(Standard("Khu dân cư Hòa Bình", "KDC").ok());
  // Tone placement, case, Unicode form and punctuation do not make another name...
  int n = 0;
  for (const char* same : {"Khu dân cư Hoà Bình", "KHU DÂN CƯ HÒA BÌNH", "Khu dân cư, Hòa Bình",
                           "Khu da\xCC\x82n cu\xCC\x9B Ho\xCC\x80"
                           "a Bi\xCC\x80nh"}) {
    const grpc::Status status = Standard(same, absl::StrCat("KDC-", ++n));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << same;
    EXPECT_EQ(DetailsOf(status).reason, "STANDARD_NAME_TAKEN");
  }
  // ... while accents, emoji and Nôm characters do, and never as a raw duplicate-key error.
  EXPECT_TRUE(Standard("Khu dân cư Hòa Bính", "KDC-A").ok());
  EXPECT_TRUE(Standard("Giải \xF0\x9F\x8F\x86", "GIAI-1").ok());
  EXPECT_TRUE(Standard("Giải \xF0\x9F\xA5\x87", "GIAI-2").ok());
  EXPECT_TRUE(Standard("Chữ \xF0\xA0\x80\xA7", "CHU-1").ok());
  EXPECT_TRUE(Standard("Chữ \xF0\xA1\xA8\xB8", "CHU-2").ok());
}

TEST_F(TextInputTest, EveryFieldIsBoundedInCodePointsAsItsColumn) {
  // 300 four-byte characters fill a name column of 300 exactly; one more is refused by field.
  std::string name;
  for (int i = 0; i < 300; ++i) name += "\xF0\xA0\x80\xA7";
  EXPECT_TRUE(Standard(name, "LONG-1").ok());
  const grpc::Status status = Standard(name + "a", "LONG-2");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("standard.display_name"));
}

}  // namespace
}  // namespace thidua::testing
