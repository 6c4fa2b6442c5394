#pragma once
// What the gateway reads from an HTTP request before calling a backend, and its error answer:
// the request id, the deadline, the token, framing it refuses, media type and query checks.

#include <grpcpp/support/status.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/gateway/http_exchange.h"

namespace thidua::gateway {

// The media type of every JSON answer.
inline constexpr char kJson[] = "application/json; charset=utf-8";

// Room under gRPC's 8 KiB of request metadata for the token, beside the request id and gRPC's
// own: a longer Authorization header is a 431 here rather than RESOURCE_EXHAUSTED (429, "retry")
// from the backend.
inline constexpr size_t kMaxAuthorizationBytes = 7 * 1024;
// Longest path and query taken: longer is 414 (a request line beyond the HTTP server's head
// memory is refused by the server itself).
inline constexpr size_t kMaxTargetBytes = 8 << 10;
// The largest body read from a caller without a bearer token.
inline constexpr size_t kMaxAnonymousBodyBytes = 1 << 10;

// A caller's X-Request-Id when it is a sane token (at most 100 visible ASCII characters), else a
// new random one: it names the call in every service's log line.
std::string RequestIdOf(const HttpRequest& request);
// The `grpc-timeout` header ("250m", "5S": digits and a unit of H, M, S, m, u, n); nullopt when
// absent or malformed.
std::optional<absl::Duration> GrpcTimeoutOf(const HttpRequest& request);
// The Authorization header as gRPC metadata may carry it: visible ASCII and spaces, at most 8 KiB.
// Anything else would make gRPC refuse the call outright; nullopt here is a 401 instead.
std::optional<std::string> AuthorizationOf(const HttpRequest& request);
// The answer of a failed call: its google.rpc.Status as JSON, in the language the caller prefers.
// `http_status` 0: the status of the code (HttpStatusOf); else one HTTP has and gRPC has not (411,
// 413, 414, 415, 431).
HttpResponse ErrorResponse(const grpc::Status& status, const HttpRequest& request,
                           int http_status = 0);
// A JSON body's media type: application/json or any +json type (RFC 6839), parameters aside.
bool IsJsonMediaType(absl::string_view content_type);
// The first query parameter of `target` whose value holds a raw '=' ("a=1=2"): HTTP libraries
// split it at the first or the last one, and which the caller meant is unknowable. Empty when none.
std::string ParameterWithRawEquals(absl::string_view target);

// What the gateway refuses of a request's framing before its body is read: a body without a
// Content-Length (chunked: its size is known only once read whole), two Content-Lengths or two
// Authorization headers (which one a proxy in front acted on is unknowable), and a token longer
// than gRPC can carry. nullopt: nothing to refuse.
struct Refusal {
  int http_status;
  absl::Status error;
};
std::optional<Refusal> RefusalOf(const HttpRequest& request);

}  // namespace thidua::gateway
