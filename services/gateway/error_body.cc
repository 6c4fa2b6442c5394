#include "services/gateway/error_body.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace thidua::gateway {

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    default:
      return 500;
  }
}

Language PreferredLanguage(absl::string_view accept_language) {
  // "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7": the first highest-weighted of vi and en.
  double best_q = 0;
  Language best = Language::kEnglish;
  for (absl::string_view item : absl::StrSplit(accept_language, ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    const std::string tag = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view p = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&p, "q=") && !absl::SimpleAtod(p, &q)) q = 0;
    }
    const std::string primary = tag.substr(0, tag.find('-'));
    if ((primary == "vi" || primary == "en") && q > best_q) {
      best_q = q;
      best = primary == "vi" ? Language::kVietnamese : Language::kEnglish;
    }
  }
  return best;
}

grpc::Status PublicStatus(const grpc::Status& from_backend) {
  if (from_backend.ok()) return from_backend;
  google::rpc::Status details;
  if (details.ParseFromString(from_backend.error_details()) &&
      details.code() == static_cast<int>(from_backend.error_code())) {
    return from_backend;
  }
  // Without its details, common's ToGrpcStatus gives the code's fixed sentence.
  return ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(from_backend.error_code()),
                                   from_backend.error_message()));
}

std::string ErrorBody(const grpc::Status& status, Language language) {
  google::rpc::Status body;
  if (!body.ParseFromString(status.error_details()) ||
      body.code() != static_cast<int>(status.error_code())) {
    body.Clear();
    body.set_code(static_cast<int>(status.error_code()));
    body.set_message(status.error_message());
  }
  if (language == Language::kVietnamese) {
    // The services write "English | Tiếng Việt"; the vi-VN LocalizedMessage holds the second.
    for (const auto& detail : body.details()) {
      google::rpc::LocalizedMessage localized;
      if (!detail.UnpackTo(&localized) || localized.locale() != "vi-VN") continue;
      absl::string_view english = body.message();
      if (absl::ConsumeSuffix(&english, absl::StrCat(" | ", localized.message()))) {
        body.set_message(absl::StrCat(localized.message(), " | ", english));
      }
      break;
    }
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(body, &json).ok()) {
    // A detail of a type this binary does not know: the code and message still go back.
    body.clear_details();
    (void)google::protobuf::util::MessageToJsonString(body, &json);
  }
  return json;
}

}  // namespace thidua::gateway
