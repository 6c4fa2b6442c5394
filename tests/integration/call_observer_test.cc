// Every call is logged and counted once, by the CallObserver interceptor GrpcServer installs: calls
// a handler served carry what CallRunner noted (subject, request id, the error's internal detail),
// and calls no handler saw (gRPC's own health service, a request that did not parse) are marked
// "handled": false.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "nlohmann/json.hpp"
#include "tests/integration/registry_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// How many calls of `method` ended with `code`, as /metrics renders them.
uint64_t Calls(const std::string& method, const std::string& code) {
  const std::string text = server::Metrics::Global().RenderPrometheus();
  const std::string prefix =
      absl::StrCat("thidua_grpc_calls_total{method=\"", method, "\",code=\"", code, "\"} ");
  const size_t at = text.find(prefix);
  if (at == std::string::npos) return 0;
  const size_t end = text.find('\n', at);
  uint64_t n = 0;
  EXPECT_TRUE(absl::SimpleAtoi(text.substr(at + prefix.size(), end - at - prefix.size()), &n));
  return n;
}

// The "call" log lines of `method` written to stderr while it lives. The observer writes a call's
// line before its status is sent, so the line is there once the client has the answer.
class CallLog {
 public:
  CallLog() : path_(std::filesystem::temp_directory_path() / absl::StrCat("call-log-", getpid())) {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    FILE* file = std::fopen(path_.c_str(), "w");
    dup2(fileno(file), STDERR_FILENO);
    std::fclose(file);
  }
  ~CallLog() {
    Restore();
    std::filesystem::remove(path_);
  }

  std::vector<nlohmann::json> Lines(const std::string& method) {
    Restore();
    std::vector<nlohmann::json> out;
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
      auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (json.is_object() && json.value("msg", "") == "call" && json.value("method", "") == method)
        out.push_back(json);
    }
    return out;
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    saved_ = -1;
  }

  std::filesystem::path path_;
  int saved_ = -1;
};

class CallObserverTest : public RegistryTest {
 protected:
  v1::CreateGroupRequest Group(const std::string& request_id) {
    v1::CreateGroupRequest request;
    request.set_request_id(request_id);
    request.mutable_group()->set_display_name("Nhóm quan sát");
    request.mutable_group()->set_owner_id(nation_id_);
    return request;
  }
};

TEST_F(CallObserverTest, HandledCallIsCountedOnceAndLoggedWithItsNote) {
  const uint64_t before = Calls("CreateGroup", "OK");
  CallLog log;
  v1::Group group;
  const grpc::Status status =
      stub().CreateGroup(WithToken(admin_).get(), Group("observer-1"), &group);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto lines = log.Lines("CreateGroup");
  EXPECT_EQ(Calls("CreateGroup", "OK"), before + 1);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["code"], "OK");
  EXPECT_EQ(lines[0]["request_id"], "observer-1");
  EXPECT_EQ(lines[0]["subject"], "national-admin");
  EXPECT_GT(lines[0]["latency_ms"].get<double>(), 0);
  EXPECT_FALSE(lines[0].contains("handled"));
  EXPECT_FALSE(lines[0].contains("error"));
}

TEST_F(CallObserverTest, RefusalIsLoggedWithItsReasonThatTheCallerNeverSees) {
  const uint64_t before = Calls("CreateGroup", "UNAUTHENTICATED");
  CallLog log;
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "header-7");
  v1::Group group;
  const grpc::Status status = stub().CreateGroup(&context, Group(""), &group);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), Not(HasSubstr("authorization")));
  const auto lines = log.Lines("CreateGroup");
  EXPECT_EQ(Calls("CreateGroup", "UNAUTHENTICATED"), before + 1);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(lines[0]["code"], "UNAUTHENTICATED");
  EXPECT_EQ(lines[0]["request_id"], "header-7");
  EXPECT_EQ(lines[0]["subject"], "");
  EXPECT_EQ(lines[0]["error"], "no authorization header");
}

TEST_F(CallObserverTest, UnparseableRequestIsLoggedAsUnhandled) {
  const uint64_t before = Calls("CreateGroup", "INVALID_ARGUMENT");
  CallLog log;
  grpc::GenericStub generic(grpc::CreateChannel(absl::StrCat("127.0.0.1:", replica_->port()),
                                                grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", admin_));
  std::string response;
  // CreateGroupRequest.request_id (field 1, a string) holding the byte 0xFF, never UTF-8.
  const grpc::Status status =
      server::RawUnaryCall(generic, context, "/thidua.registry.v1.Registry/CreateGroup",
                           std::string("\x0a\x01\xff", 3), &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  const auto lines = log.Lines("CreateGroup");
  EXPECT_EQ(Calls("CreateGroup", "INVALID_ARGUMENT"), before + 1);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(lines[0]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(lines[0]["handled"], false);
  EXPECT_EQ(lines[0]["level"], "warn");
  // The log says why, as the caller was told: gRPC itself gives no message.
  EXPECT_THAT(lines[0]["error"].get<std::string>(), HasSubstr("request_id"));
}

TEST_F(CallObserverTest, GrpcsOwnServicesAreObservedToo) {
  const uint64_t before = Calls("Check", "OK");
  CallLog log;
  grpc::GenericStub generic(grpc::CreateChannel(absl::StrCat("127.0.0.1:", replica_->port()),
                                                grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  std::string response;
  // An empty HealthCheckRequest asks for the server as a whole.
  const grpc::Status status =
      server::RawUnaryCall(generic, context, "/grpc.health.v1.Health/Check", "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto lines = log.Lines("Check");
  EXPECT_EQ(Calls("Check", "OK"), before + 1);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(lines[0]["handled"], false);
}

}  // namespace
}  // namespace thidua::testing
