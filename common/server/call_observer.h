#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace thidua::server {

// What only the handler's side of a call knows, handed to the CallObserver for its log line.
struct CallNote {
  std::string subject;     // the authenticated caller; empty when authentication failed
  std::string request_id;  // from the request or the `x-request-id` header; may be empty
  // Why the call failed, as the log may say it and the caller may not (SQL, a driver message, why
  // a token was refused); empty on success.
  std::string error;
};

// The one place every call is logged and counted, whether it reached a handler or not: a request
// gRPC cannot parse (a text field with invalid UTF-8, a truncated message) and a call refused by a
// resource limit never reach CallRunner, and gRPC's own services (health, reflection) have none.
// At the status's sending it records the method (from ServerRpcInfo), the code of the status sent
// and the time since the call was matched, and writes one JSON log line: method, code, latency_ms,
// and either request_id, subject and error from the call's note, or "handled": false and gRPC's
// message for a call no CallRunner saw. It also answers a request that did not parse with
// INVALID_ARGUMENT naming the field that is not UTF-8, or the request when its bytes are malformed
// (see UnparsedRequest): gRPC itself says INTERNAL with no message, which blames the server for the
// client's bytes.
class CallObserver final : public grpc::experimental::Interceptor {
 public:
  explicit CallObserver(grpc::experimental::ServerRpcInfo* info);  // opens the call's note
  ~CallObserver() override;  // drops the note, however the call ended
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override;

 private:
  void Observe(grpc::experimental::InterceptorBatchMethods* methods);

  grpc::experimental::ServerRpcInfo* info_;
  const absl::Time start_;
  // Why the request did not parse, when gRPC could not parse it.
  std::optional<absl::Status> unparsed_;
  bool received_any_ = false;
};

// What GrpcServer installs on every server.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> CallObservers();

// Gives the observer of the call served under `context` what the handler's side knows. gRPC's
// ServerContext has no slot for per-call user data (grpc/grpc#21558), so notes are kept by context
// while the call's observer lives. False when no observer watches the call: a server built without
// GrpcServer, whose calls nobody logs or counts.
bool NoteCall(const grpc::ServerContextBase* context, CallNote note);

}  // namespace thidua::server
