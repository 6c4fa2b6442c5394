// Text as users type it, through the wire: decomposed input stored composed, invisible and
// direction characters refused by field, names of only spaces refused, look-alikes found, and
// catalogue names compared by identity (case, tone placement, Unicode form) while accents, emoji
// and Nôm characters stay significant, in names and in what is counted under them; text at every
// maximum is stored, issued and found. The rules themselves are unit-tested in
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

TEST_F(TextInputTest, TheRateOfAnEntryNobodyRegisteredStaysZeroBesideANearTwin) {
  // Two entries told apart only by a Nôm character: under utf8mb4_unicode_ci every character
  // above U+FFFF weighs the same, and the second entry's rate read the first's registrations.
  pv1::Standard registered, twin;
  ASSERT_TRUE(CreateStandard("CHU-1", "Chữ \xF0\xA0\x80\xA7", &registered).ok());
  ASSERT_TRUE(CreateStandard("CHU-2", "Chữ \xF0\xA1\xA8\xB8", &twin).ok());
  pv1::CreateRegistrationRequest request;
  request.set_request_id("dk-chu-1");
  request.mutable_registration()->set_organization_id(communes_[0]);
  request.mutable_registration()->set_year(2026);
  request.mutable_registration()->set_standard_id(registered.id());
  *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
  pv1::Registration created;
  ASSERT_TRUE(plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &created).ok());
  for (const auto& [standard, expected] :
       {std::pair(registered.id(), 1), std::pair(twin.id(), 0)}) {
    pv1::GetRegistrationRateRequest rate;
    rate.mutable_population()->mutable_units()->add_organization_ids(communes_[0]);
    rate.set_year(2026);
    rate.set_standard_id(standard);
    *rate.mutable_as_of() = D(2026, 2, 1);
    pv1::RegistrationRate result;
    ASSERT_TRUE(plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result).ok());
    EXPECT_EQ(result.registered(), expected) << standard;
  }
}

TEST_F(TextInputTest, ADraftAtEveryMaximumIsStoredIssuedAndFound) {
  // What validation accepts the store holds, through IssuePlan: a title of 1,000 characters
  // (folded into its search column: "ﬁ" folds to two letters) and a task text of 20,000
  // four-byte characters.
  std::string title = "Kế hoạch ﬁnal ";  // 14 code points
  for (int i = 14; i < 1000; ++i) title += "ﬁ";
  std::string description;
  for (int i = 0; i < 20000; ++i) description += "\xF0\xA0\x80\xA7";
  pv1::Plan plan;
  plan.set_issuer_organization_id(province_);
  plan.set_title(title);
  plan.set_period_from_year(2026);
  plan.set_period_to_year(2026);
  pv1::Task* task = plan.add_tasks();
  task->set_title(std::string(1000, 'a'));
  task->set_description(description);
  task->set_lead_organization_id(police_);
  const pv1::Plan issued = CreateAndIssue(plan, editor_, "99/KH-UBND", D(2026, 1, 5));
  ASSERT_EQ(issued.status(), pv1::ISSUED);
  EXPECT_EQ(issued.title(), title);
  EXPECT_EQ(issued.tasks(0).description(), description);

  pv1::ListTasksRequest tasks;
  tasks.set_assignee_organization_id(police_);
  pv1::ListTasksResponse listed;
  ASSERT_TRUE(plans_->stub().ListTasks(WithToken(editor_).get(), tasks, &listed).ok());
  ASSERT_EQ(listed.tasks_size(), 1);
  EXPECT_EQ(listed.tasks(0).description(), description);
  pv1::ListPlansRequest search;
  search.set_query("ke hoach final");
  pv1::ListPlansResponse found;
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(editor_).get(), search, &found).ok());
  ASSERT_EQ(found.plans_size(), 1);
  EXPECT_EQ(found.plans(0).id(), issued.id());
}

}  // namespace
}  // namespace thidua::testing
