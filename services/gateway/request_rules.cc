#include "services/gateway/request_rules.h"

#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/server/call.h"
#include "services/gateway/error_body.h"

namespace thidua::gateway {

std::string RequestIdOf(const HttpRequest& request) {
  const std::string given = request.Header("X-Request-Id");
  if (server::IsSaneTraceId(given)) return given;
  thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrCat(absl::Hex(random(), absl::kZeroPad16), absl::Hex(random(), absl::kZeroPad16));
}

std::optional<absl::Duration> GrpcTimeoutOf(const HttpRequest& request) {
  const std::string value = request.Header("grpc-timeout");
  if (value.size() < 2 || value.size() > 9) return std::nullopt;
  int64_t amount = 0;
  if (!absl::SimpleAtoi(absl::string_view(value).substr(0, value.size() - 1), &amount) ||
      amount < 0) {
    return std::nullopt;
  }
  switch (value.back()) {
    case 'H':
      return absl::Hours(amount);
    case 'M':
      return absl::Minutes(amount);
    case 'S':
      return absl::Seconds(amount);
    case 'm':
      return absl::Milliseconds(amount);
    case 'u':
      return absl::Microseconds(amount);
    case 'n':
      return absl::Nanoseconds(amount);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> AuthorizationOf(const HttpRequest& request) {
  std::string value = request.Header("Authorization");
  if (value.size() > 8192) return std::nullopt;
  for (char c : value) {
    if (c < ' ' || c > '~') return std::nullopt;
  }
  return value;
}

HttpResponse ErrorResponse(const grpc::Status& status, const HttpRequest& request,
                           int http_status) {
  HttpResponse response;
  response.status = http_status != 0 ? http_status : HttpStatusOf(status.error_code());
  // RFC 6750 §3: a 401 names the scheme the client should use.
  if (response.status == 401) response.SetHeader("WWW-Authenticate", "Bearer");
  response.SetContent(ErrorBody(status, PreferredLanguage(request.Header("Accept-Language"))),
                      kJson);
  return response;
}

std::optional<Refusal> RefusalOf(const HttpRequest& request) {
  if (request.HasHeader("Transfer-Encoding") ||
      ((request.method == "POST" || request.method == "PUT" || request.method == "PATCH") &&
       !request.HasHeader("Content-Length"))) {
    return Refusal{411,
                   Error(absl::StatusCode::kInvalidArgument, "LENGTH_REQUIRED",
                         "Send the body with a Content-Length (no chunked bodies)",
                         "Hãy gửi nội dung kèm Content-Length (không nhận nội dung chia khối)")};
  }
  if (request.HeaderCount("Content-Length") > 1 || request.HeaderCount("Authorization") > 1) {
    return Refusal{400, Error(absl::StatusCode::kInvalidArgument, "DUPLICATE_HEADER",
                              "Content-Length and Authorization may be sent once each",
                              "Mỗi tiêu đề Content-Length và Authorization chỉ được gửi một lần")};
  }
  if (request.Header("Authorization").size() > kMaxAuthorizationBytes) {
    return Refusal{431, Error(absl::StatusCode::kInvalidArgument, "HEADER_TOO_LARGE",
                              "The Authorization header is longer than 7 KiB",
                              "Tiêu đề Authorization dài quá 7 KiB")};
  }
  return std::nullopt;
}

bool IsJsonMediaType(absl::string_view content_type) {
  const std::string type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  return type == "application/json" || absl::EndsWith(type, "+json");
}

std::string ParameterWithRawEquals(absl::string_view target) {
  const size_t question = target.find('?');
  if (question == absl::string_view::npos) return "";
  for (absl::string_view pair : absl::StrSplit(target.substr(question + 1), '&')) {
    const size_t equals = pair.find('=');
    if (equals != absl::string_view::npos &&
        pair.find('=', equals + 1) != absl::string_view::npos) {
      return std::string(pair.substr(0, equals));
    }
  }
  return "";
}

}  // namespace thidua::gateway
