// The gateway's answers to failed calls: HTTP statuses from gRPC codes (google.rpc.Code's mapping),
// the google.rpc.Status JSON body, the language asked for, and what of a backend's status a caller
// may see.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "services/gateway/error_body.h"

namespace thidua::gateway {
namespace {

using Json = nlohmann::json;
using grpc::StatusCode;

TEST(HttpStatusOf, FollowsTheMappingOfGoogleRpcCode) {
  const std::vector<std::pair<StatusCode, int>> table = {
      {StatusCode::OK, 200},
      {StatusCode::INVALID_ARGUMENT, 400},
      {StatusCode::FAILED_PRECONDITION, 400},
      {StatusCode::OUT_OF_RANGE, 400},
      {StatusCode::UNAUTHENTICATED, 401},
      {StatusCode::PERMISSION_DENIED, 403},
      {StatusCode::NOT_FOUND, 404},
      {StatusCode::ALREADY_EXISTS, 409},
      {StatusCode::ABORTED, 409},
      {StatusCode::RESOURCE_EXHAUSTED, 429},
      {StatusCode::CANCELLED, 499},
      {StatusCode::UNKNOWN, 500},
      {StatusCode::INTERNAL, 500},
      {StatusCode::DATA_LOSS, 500},
      {StatusCode::UNIMPLEMENTED, 501},
      {StatusCode::UNAVAILABLE, 503},
      {StatusCode::DEADLINE_EXCEEDED, 504},
  };
  for (const auto& [code, http] : table) EXPECT_EQ(HttpStatusOf(code), http) << code;
}

TEST(PreferredLanguage, TakesTheHighestWeightedOfViAndEn) {
  EXPECT_EQ(PreferredLanguage(""), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("vi"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("en-US,en;q=0.9,vi;q=0.8"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("fr, vi;q=0.5, en;q=0.9"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("fr-FR"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("en;q=abc, vi;q=0.1"), Language::kVietnamese);
}

TEST(ErrorBody, IsTheStatusWithItsDetailsInTheLanguageAsked) {
  const grpc::Status status = ToGrpcStatus(
      Error(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT", "Bad name", "Tên sai",
            {{"organization.display_name", "must not be empty", "không được để trống"}}));
  const Json english = Json::parse(ErrorBody(status, Language::kEnglish));
  EXPECT_EQ(english["code"], 3);
  EXPECT_EQ(english["message"], "Bad name | Tên sai");
  std::vector<std::string> types;
  for (const Json& detail : english["details"]) types.push_back(detail["@type"]);
  EXPECT_THAT(types, ::testing::IsSupersetOf({"type.googleapis.com/google.rpc.ErrorInfo",
                                              "type.googleapis.com/google.rpc.BadRequest",
                                              "type.googleapis.com/google.rpc.LocalizedMessage"}));
  const Json vietnamese = Json::parse(ErrorBody(status, Language::kVietnamese));
  EXPECT_EQ(vietnamese["message"], "Tên sai | Bad name");
}

TEST(PublicStatus, KeepsAServicesErrorAndHidesWhatGrpcSaidItself) {
  const grpc::Status service = ToGrpcStatus(thidua::PermissionDenied());
  const grpc::Status kept = PublicStatus(service);
  EXPECT_EQ(kept.error_code(), service.error_code());
  EXPECT_EQ(kept.error_message(), service.error_message());
  EXPECT_EQ(kept.error_details(), service.error_details());
  EXPECT_TRUE(PublicStatus(grpc::Status::OK).ok());

  // What gRPC itself says: addresses, sizes, internals. Each becomes the code's fixed sentence.
  const std::vector<grpc::Status> made_by_grpc = {
      {StatusCode::UNAVAILABLE,
       "failed to connect to all addresses; last error: UNKNOWN: ipv4:10.0.3.7:50051: "
       "Failed to connect to remote host: Connection refused"},
      {StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"},
      {StatusCode::RESOURCE_EXHAUSTED, "Received message larger than max (5242881 vs. 4194304)"},
      {StatusCode::INTERNAL, "Failed to parse server response"},
      // Details that do not say the same code are not the service's.
      {StatusCode::UNAVAILABLE, "socket closed", service.error_details()},
  };
  for (const grpc::Status& raw : made_by_grpc) {
    const grpc::Status shown = PublicStatus(raw);
    EXPECT_EQ(shown.error_code(), raw.error_code());
    EXPECT_NE(shown.error_message(), raw.error_message());
    EXPECT_THAT(shown.error_message(), ::testing::HasSubstr(" | "));  // English | Tiếng Việt
    const Json body = Json::parse(ErrorBody(shown, Language::kEnglish));
    EXPECT_EQ(body["code"], static_cast<int>(raw.error_code()));
    EXPECT_THAT(body.dump(), ::testing::Not(::testing::HasSubstr("10.0.3.7")));
    EXPECT_THAT(body.dump(), ::testing::Not(::testing::HasSubstr("4194304")));
  }
}

}  // namespace
}  // namespace thidua::gateway
