// A request gRPC cannot parse never reaches a handler: it is still answered INVALID_ARGUMENT
// naming the request (not gRPC's bare INTERNAL), and logged and counted like any call.
#include <grpcpp/generic/generic_stub.h>

#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class MalformedRequestTest : public PlansTest {
 protected:
  grpc::Status Send(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", plans_->port()),
                                               grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", editor_));
    std::string response;
    return server::RawUnaryCall(stub, context, method, bytes, &response);
  }
};

TEST_F(MalformedRequestTest, InvalidUtf8IsInvalidArgumentAndCounted) {
  // ListPlansRequest.query (field 5, a string) holding the byte 0xFF, which is never UTF-8.
  const std::string bytes("\x2a\x01\xff", 3);
  const grpc::Status status = Send("/thidua.plans.v1.Plans/ListPlans", bytes);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(DetailsOf(status).fields, Contains("request"));
  EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  EXPECT_THAT(server::Metrics::Global().RenderPrometheus(),
              HasSubstr("method=\"ListPlans\",code=\"INVALID_ARGUMENT\""));
}

TEST_F(MalformedRequestTest, TruncatedBytesAreInvalidArgument) {
  // A length-delimited field announcing 100 bytes and carrying 2.
  const std::string bytes("\x2a\x64hi", 4);
  const grpc::Status status = Send("/thidua.plans.v1.Plans/ListPlans", bytes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
}

}  // namespace
}  // namespace thidua::testing
