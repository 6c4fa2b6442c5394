#pragma once
// A gRPC-Web server stream (grpc.health.v1.Health/Watch) through the gateway: the backend's
// messages reach the browser as they come, each its own data frame, then the trailer frame.

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/gateway/grpc_web.h"
#include "services/gateway/http_exchange.h"

namespace thidua::gateway {

class Gateway;

struct GrpcWebStreamCall {
  std::string grpc_path;  // "/grpc.health.v1.Health/Watch"
  std::string request;    // the one request message, serialized
  GrpcWebMode mode;
  absl::Time started;
  std::string request_id;
};

// Runs the call on gRPC's callback threads, writing to `exchange` (whose stream has started).
// A client that has gone, or reads too slowly, cancels the call; Gateway::Stop cancels it too.
// `ended` runs once, when the call is over.
void StartGrpcWebStream(const Gateway& gateway, grpc::GenericStub& stub,
                        std::shared_ptr<grpc::ClientContext> context,
                        std::shared_ptr<HttpExchange> exchange, GrpcWebStreamCall call,
                        std::function<void()> ended);

}  // namespace thidua::gateway
