#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/auth/principal.h"

namespace thidua::server {

// What a handler knows about the call it serves.
struct Call {
  auth::Principal principal;
  std::string request_id;  // from the request or the `x-request-id` header; may be empty
  absl::Time deadline;     // the client's deadline, capped at 30 s
  std::string method;
  // The caller's bearer token, forwarded when this service asks another on the caller's behalf,
  // so the peer applies the caller's own rights.
  std::string bearer_token;
};

// The door every RPC passes through: authenticates the bearer token, runs the handler, turns its
// status into a gRPC status with details, records metrics and writes one log line (method, code,
// latency, request id, subject).
class CallRunner {
 public:
  explicit CallRunner(const auth::JwtVerifier& verifier) : verifier_(verifier) {}

  template <typename Fn>
  grpc::Status Run(grpc::ServerContextBase* context, absl::string_view method,
                   absl::string_view request_id, Fn&& handler) const {
    const absl::Time start = absl::Now();
    Call call;
    absl::Status status = Begin(context, method, request_id, call);
    if (status.ok()) status = handler(static_cast<const Call&>(call));
    return Finish(call, status, start);
  }

 private:
  absl::Status Begin(grpc::ServerContextBase* context, absl::string_view method,
                     absl::string_view request_id, Call& call) const;
  grpc::Status Finish(const Call& call, const absl::Status& status, absl::Time start) const;

  const auth::JwtVerifier& verifier_;
};

}  // namespace thidua::server
