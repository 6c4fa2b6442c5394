#include "tests/support/access_matrix.h"

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/server/access.h"
#include "common/server/raw_message.h"

namespace thidua::testing {
namespace {

namespace pb = google::protobuf;

constexpr int64_t kUnknownId = 987'654'321;

AccessOutcome Call(grpc::GenericStub& stub, const pb::MethodDescriptor& method,
                   const pb::Message& request, const std::string& token) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  AccessOutcome out;
  const grpc::Status status = server::RawUnaryCall(
      stub, context, absl::StrCat("/", method.service()->full_name(), "/", method.name()),
      request.SerializeAsString(), &out.response);
  out.code = status.error_code();
  out.message = status.error_message();
  out.details = status.error_details();
  return out;
}

// Sets the integer at a dotted path (creating the messages on the way).
void SetIntegerAt(pb::Message& message, const std::string& path, int64_t value) {
  pb::Message* current = &message;
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const pb::FieldDescriptor* field = current->GetDescriptor()->FindFieldByName(parts[i]);
    ASSERT_NE(field, nullptr) << path;
    if (i + 1 < parts.size()) {
      current = current->GetReflection()->MutableMessage(current, field);
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64) {
      current->GetReflection()->SetInt64(current, field, value);
    } else {
      current->GetReflection()->SetInt32(current, field, static_cast<int32_t>(value));
    }
  }
}

std::string CodeName(int code) {
  static const char* kNames[] = {"OK",
                                 "CANCELLED",
                                 "UNKNOWN",
                                 "INVALID_ARGUMENT",
                                 "DEADLINE_EXCEEDED",
                                 "NOT_FOUND",
                                 "ALREADY_EXISTS",
                                 "PERMISSION_DENIED",
                                 "RESOURCE_EXHAUSTED",
                                 "FAILED_PRECONDITION",
                                 "ABORTED",
                                 "OUT_OF_RANGE",
                                 "UNIMPLEMENTED",
                                 "INTERNAL",
                                 "UNAVAILABLE",
                                 "DATA_LOSS",
                                 "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : absl::StrCat(code);
}

void Row(const pb::MethodDescriptor& method, const char* principal, const AccessOutcome& outcome) {
  std::printf("ACCESS %-26s %-22s %s\n", method.name().c_str(), principal,
              CodeName(outcome.code).c_str());
}

}  // namespace

void CheckAccessMatrix(const std::shared_ptr<grpc::Channel>& channel,
                       const pb::ServiceDescriptor& service, const AccessFixture& fixture) {
  grpc::GenericStub stub(channel);
  for (int i = 0; i < service.method_count(); ++i) {
    const pb::MethodDescriptor& method = *service.method(i);
    SCOPED_TRACE(method.full_name());
    const common::v1::Access* access = server::DeclaredAccess(method);
    ASSERT_NE(access, nullptr) << "declares no (thidua.common.v1.access)";
    auto found = fixture.requests.find(method.name());
    ASSERT_NE(found, fixture.requests.end()) << "the fixture has no request for this method";
    const pb::Message& request = *found->second;

    const AccessOutcome anonymous = Call(stub, method, request, "");
    Row(method, "no token", anonymous);
    EXPECT_EQ(anonymous.code, grpc::StatusCode::UNAUTHENTICATED);

    if (!access->roles().empty()) {
      const AccessOutcome roleless = Call(stub, method, request, fixture.owner_without_roles);
      Row(method, "owner, no role", roleless);
      EXPECT_EQ(roleless.code, grpc::StatusCode::PERMISSION_DENIED);
    }
    if (access->public_read()) continue;

    const AccessOutcome outsider = Call(stub, method, request, fixture.outsider);
    Row(method, "another unit", outsider);
    if (outsider.code == grpc::StatusCode::OK) {
      for (const std::string& secret : fixture.secrets) {
        EXPECT_EQ(outsider.response.find(secret), std::string::npos)
            << "an outsider received \"" << secret << "\"";
      }
    } else {
      EXPECT_EQ(outsider.code, grpc::StatusCode::PERMISSION_DENIED) << outsider.message;
    }
    if (!access->object_field().empty()) {
      std::unique_ptr<pb::Message> unknown(request.New());
      unknown->CopyFrom(request);
      SetIntegerAt(*unknown, access->object_field(), kUnknownId);
      const AccessOutcome missing = Call(stub, method, *unknown, fixture.outsider);
      Row(method, "another unit, no such", missing);
      EXPECT_EQ(missing.code, outsider.code);
      EXPECT_EQ(missing.message, outsider.message);
      EXPECT_EQ(missing.details, outsider.details);
    }
  }
  for (int i = 0; i < service.method_count(); ++i) {
    const pb::MethodDescriptor& method = *service.method(i);
    auto found = fixture.requests.find(method.name());
    if (found == fixture.requests.end()) continue;
    auto own = fixture.owner_of.find(method.name());
    const AccessOutcome owner = Call(stub, method, *found->second,
                                     own == fixture.owner_of.end() ? fixture.owner : own->second);
    Row(method, "owner", owner);
    EXPECT_NE(owner.code, grpc::StatusCode::PERMISSION_DENIED)
        << method.name() << " refuses its owner: " << owner.message;
    EXPECT_NE(owner.code, grpc::StatusCode::UNAUTHENTICATED) << method.name();
    EXPECT_NE(owner.code, grpc::StatusCode::INTERNAL) << method.name() << ": " << owner.message;
  }
}

}  // namespace thidua::testing
