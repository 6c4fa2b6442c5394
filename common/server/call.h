#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/auth/principal.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace thidua::server {

// What a handler knows about the call it serves.
struct Call {
  auth::Principal principal;
  std::string request_id;  // from the request or the `x-request-id` header; may be empty
  absl::Time deadline = absl::InfiniteFuture();  // the client's, capped at 30 s
  std::string method;
  // The caller's bearer token, forwarded when this service asks another on the caller's behalf,
  // so the peer applies the caller's own rights.
  std::string bearer_token;
  const grpc::ServerContextBase* context = nullptr;  // the call served; null outside a call

  // The caller has given up (cancelled, or its deadline passed): loops that ask other services
  // stop instead of working for nobody.
  bool GaveUp() const {
    return absl::Now() >= deadline || (context != nullptr && context->IsCancelled());
  }
};

// The `x-request-id` the call came with (the gateway sets one for every HTTP call), when it is a
// sane token: 1 to 100 visible ASCII characters; else empty. It names the call in the log lines of
// every service that handles it, and travels on to the peers asked on the caller's behalf.
std::string TraceIdOf(const grpc::ServerContextBase& context);
// Whether `id` is such a token (what the gateway accepts of an X-Request-Id header too).
bool IsSaneTraceId(absl::string_view id);

class ScopeResolver;

// The door every RPC passes through: authenticates the bearer token, applies the access the
// method declares in its proto (roles, scope; see thidua/common/v1/access.proto) before anything
// else, runs the handler and turns its status into a gRPC status with details. It does not log or
// count: the CallObserver interceptor does that for every call, and CallRunner notes for it what
// only CallRunner knows (the subject, the request id, the error's internal detail). It cannot be an
// interceptor itself, because a sync server's interceptor cannot end a call before its handler.
class CallRunner {
 public:
  // `service` is the full proto name of the service whose methods this runner serves
  // ("thidua.plans.v1.Plans"); `scopes` answers the declared scope checks.
  CallRunner(const auth::JwtVerifier& verifier, absl::string_view service, ScopeResolver& scopes);

  // `method` is the handler's own name (pass __func__), looked up in the service's descriptor;
  // `request` is the parsed request, or nullptr when server::ParseRequest refused it just now on
  // this thread (the answer then names the field that is not UTF-8; see UnparsedRequest).
  template <typename Fn>
  grpc::Status Run(grpc::ServerContextBase* context, absl::string_view method,
                   const google::protobuf::Message* request, Fn&& handler) const {
    Call call;
    absl::Status status = Begin(context, method, request, call);
    if (status.ok()) status = handler(static_cast<const Call&>(call));
    return Finish(call, status);
  }

 private:
  absl::Status Begin(grpc::ServerContextBase* context, absl::string_view method,
                     const google::protobuf::Message* request, Call& call) const;
  grpc::Status Finish(const Call& call, const absl::Status& status) const;

  const auth::JwtVerifier& verifier_;
  const google::protobuf::ServiceDescriptor* service_;
  ScopeResolver& scopes_;
};

}  // namespace thidua::server
