// A request gRPC cannot parse never reaches a handler: it is still answered INVALID_ARGUMENT naming
// the field whose text is not UTF-8 by its path (or the request, when its bytes are malformed),
// not gRPC's bare INTERNAL, and logged and counted like any call. Both ways in are covered: gRPC's
// own parse (plans, sync handlers) and thidua's (the registry's raw hot reads).
#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/str_replace.h"
#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Marks the spot where the serialized request gets bytes that are never UTF-8.
constexpr char kMark[] = "@@UTF8@@";

// `message` serialized, with every kMark replaced by as many 0xFF bytes: lengths stay right.
std::string WithInvalidUtf8(const google::protobuf::Message& message) {
  return absl::StrReplaceAll(message.SerializeAsString(),
                             {{kMark, std::string(sizeof(kMark) - 1, '\xff')}});
}

class MalformedRequestTest : public PlansTest {
 protected:
  grpc::Status Send(int port, const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", editor_));
    std::string response;
    return server::RawUnaryCall(stub, context, method, bytes, &response);
  }
  grpc::Status SendToPlans(const std::string& method, const std::string& bytes) {
    return Send(plans_->port(), "/thidua.plans.v1.Plans/" + method, bytes);
  }
};

TEST_F(MalformedRequestTest, InvalidUtf8IsInvalidArgumentNamingTheFieldAndCounted) {
  pv1::ListPlansRequest request;
  request.set_query(kMark);
  const grpc::Status status = SendToPlans("ListPlans", WithInvalidUtf8(request));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("query"));
  EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  EXPECT_THAT(server::Metrics::Global().RenderPrometheus(),
              HasSubstr("method=\"ListPlans\",code=\"INVALID_ARGUMENT\""));
}

TEST_F(MalformedRequestTest, ANestedFieldIsNamedByItsPath) {
  pv1::CreatePlanRequest request;
  request.set_request_id("nested-utf8");
  *request.mutable_plan() = ProvincePlan(1);
  request.mutable_plan()->mutable_tasks(0)->set_title(kMark);
  const grpc::Status status = SendToPlans("CreatePlan", WithInvalidUtf8(request));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("plan.tasks.title"));

  request.mutable_plan()->mutable_tasks(0)->set_title("Báo cáo");
  request.mutable_plan()->mutable_signer()->set_name(kMark);
  const grpc::Status signer = SendToPlans("CreatePlan", WithInvalidUtf8(request));
  EXPECT_THAT(DetailsOf(signer).fields, ElementsAre("plan.signer.name"));
}

TEST_F(MalformedRequestTest, TruncatedBytesNameTheRequestNotAnEarlierCallsField) {
  // Each truncated call follows one that left a UTF-8 note: no note may outlive its call.
  pv1::ListPlansRequest bad_text;
  bad_text.set_query(kMark);
  for (int i = 0; i < 8; ++i) {
    SendToPlans("ListPlans", WithInvalidUtf8(bad_text));
    // A length-delimited field announcing 100 bytes and carrying 2.
    const grpc::Status status = SendToPlans("ListPlans", std::string("\x2a\x64hi", 4));
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("request"));
  }
}

TEST_F(MalformedRequestTest, RegistryHotReadsThatParseThemselvesNameTheFieldToo) {
  v1::ListOrganizationsRequest list;
  list.set_code_value(kMark);
  const grpc::Status status = Send(
      replica_->port(), "/thidua.registry.v1.Registry/ListOrganizations", WithInvalidUtf8(list));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("code_value"));

  const grpc::Status truncated = Send(
      replica_->port(), "/thidua.registry.v1.Registry/GetOrganization", std::string("\x0a\x05", 2));
  ASSERT_EQ(truncated.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << truncated.error_message();
  EXPECT_THAT(DetailsOf(truncated).fields, ElementsAre("request"));
}

}  // namespace
}  // namespace thidua::testing
