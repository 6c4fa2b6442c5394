#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <vector>

namespace thidua::server {

// Every call passes CallRunner, which logs and counts it, except those that never reach a
// handler: a request gRPC cannot parse (a text field with invalid UTF-8, a truncated message) or a
// call refused by a resource limit. This interceptor sees those too: it logs and counts them like
// any call, and answers a request that did not parse with INVALID_ARGUMENT naming the request
// (gRPC itself says INTERNAL with no message, which blames the server for the client's bytes).
class UnhandledCallInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit UnhandledCallInterceptor(grpc::experimental::ServerRpcInfo* info);
  ~UnhandledCallInterceptor() override;  // forgets the call, however it ended
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override;

 private:
  grpc::experimental::ServerRpcInfo* info_;
  bool received_message_ = false;
};

// What GrpcServer installs on every server.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
UnhandledCallInterceptors();

// CallRunner notes each call it finished, so the interceptor leaves those alone.
void NoteHandled(const grpc::ServerContextBase* context);

}  // namespace thidua::server
