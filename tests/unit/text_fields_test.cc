// The shared cleaning of request text (common/server/text_fields.h) and the rule that makes it
// hold for every service: each string field a request can carry declares its kind and length.
#include "common/server/text_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/served_services.h"
#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::server {
namespace {

namespace pb = google::protobuf;
using ::testing::HasSubstr;

TEST(DeclaredTextTest, EveryStringFieldOfEveryRequestDeclaresItsKindAndLength) {
  // Linking the generated code registers the files in the generated pool.
  (void)plans::v1::Plan::descriptor();
  (void)registry::v1::Organization::descriptor();
  (void)reporting::v1::Indicator::descriptor();
  for (const char* name : testing::kServedServices) {
    const pb::ServiceDescriptor* service =
        pb::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor& method = *service->method(i);
      EXPECT_THAT(UndeclaredTextFields(*method.input_type()), ::testing::IsEmpty())
          << method.full_name() << ": declare (thidua.common.v1.text) on these fields";
    }
  }
}

TEST(CleanTextFieldsTest, CleansNestedAndRepeatedFieldsInPlace) {
  plans::v1::CreatePlanRequest request;
  request.set_request_id("  keep me  ");
  auto* plan = request.mutable_plan();
  plan->set_title(
      "  K\xE1\xBA\xBF ho\xE1\xBA\xA1"
      "ch  tri\xE1\xBB\x83n khai ");                                  // "Kế hoạch triển khai"
  plan->add_distribution("Lo\xCC\x82m \xC4\x90o\xCC\x82\xCC\x80ng");  // decomposed
  plan->add_tasks()->set_title("Tuy\xC3\xAAn truy\xE1\xBB\x81n");
  Violations violations;
  CleanTextFields(request, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(request.request_id(), "  keep me  ");  // a token is never rewritten
  EXPECT_EQ(plan->title(),
            "K\xE1\xBA\xBF ho\xE1\xBA\xA1"
            "ch tri\xE1\xBB\x83n khai");
  EXPECT_EQ(plan->distribution(0), "L\xC3\xB4m \xC4\x90\xE1\xBB\x93ng");
}

TEST(CleanTextFieldsTest, NamesEveryFieldItRefusesByPath) {
  plans::v1::CreatePlanRequest request;
  request.mutable_plan()->set_title("Kế hoạch");
  request.mutable_plan()->add_tasks()->set_title("ok");
  request.mutable_plan()->add_tasks()->set_title("Tuy\xC3\xAAn\xE2\x80\x8B truy\xE1\xBB\x81n");
  request.mutable_plan()->add_distribution(std::string(301, 'x'));
  request.mutable_plan()->mutable_signer()->set_name("\xE2\x80\x94");  // only a dash
  Violations violations;
  CleanTextFields(request, violations);
  absl::Status status = violations.ToStatus();
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  grpc::Status wire = ToGrpcStatus(status);
  EXPECT_THAT(wire.error_details(), HasSubstr("plan.tasks[1].title"));
  EXPECT_THAT(wire.error_details(), HasSubstr("U+200B"));
  EXPECT_THAT(wire.error_details(), HasSubstr("plan.distribution[0]"));
  EXPECT_THAT(wire.error_details(), HasSubstr("plan.signer.name"));
  EXPECT_THAT(wire.error_details(), ::testing::Not(HasSubstr("plan.tasks[0]")));
}

// A field compared with an ascii column (its codes, period keys) refuses other text by name, which
// MariaDB would otherwise refuse to compare (error 1267, an INTERNAL to the caller).
TEST(CleanTextFieldsTest, AsciiFieldsRefuseOtherTextByName) {
  for (const std::string code :
       {"\xEF\xBC\xA1\xEF\xBC\xAE.\xC4\x90", "ANTQ.\xC4\x90", "caf\xC3\xA9"}) {
    reporting::v1::GetIndicatorRequest request;
    request.set_code(code);
    Violations violations;
    CleanTextFields(request, violations);
    ASSERT_EQ(violations.size(), 1u) << code;
    EXPECT_EQ(violations.list()[0].field, "code");
    EXPECT_THAT(violations.list()[0].english, HasSubstr("ASCII"));
  }
  reporting::v1::GetIndicatorRequest ascii;
  ascii.set_code("ANTQ.TT.BUOI");
  Violations none;
  CleanTextFields(ascii, none);
  EXPECT_TRUE(none.empty());
}

TEST(CleanTextFieldsTest, FieldMasksAreLeftToTheirReaders) {
  registry::v1::UpdateOrganizationRequest request;
  request.mutable_update_mask()->add_paths("contact.phone");
  request.mutable_organization()->set_display_name("  Ph\xC6\xB0\xE1\xBB\x9Dng 1 ");
  Violations violations;
  CleanTextFields(request, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(request.organization().display_name(), "Ph\xC6\xB0\xE1\xBB\x9Dng 1");
}

}  // namespace
}  // namespace thidua::server
