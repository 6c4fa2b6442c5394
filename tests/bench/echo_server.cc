// thidua-echo-server: the trivial gRPC server whose throughput is the benchmark's upper bound.
//
//   thidua-echo-server [--listen=127.0.0.1:0]
//
// It runs on the same GrpcServer as the services (sync server, health, reflection), so the only
// difference the benchmark sees is the services' own work: authentication, logging, the handler.
// Prints "PORT <n>" on stdout once serving, then serves until SIGTERM or SIGINT.

#include <grpcpp/grpcpp.h>

#include <iostream>

#include "common/config.h"
#include "common/server/grpc_server.h"
#include "thidua/bench/v1/echo.grpc.pb.h"

namespace {

class EchoService final : public thidua::bench::v1::Echo::Service {
 public:
  grpc::Status Ping(grpc::ServerContext*, const thidua::bench::v1::PingRequest*,
                    thidua::bench::v1::PingResponse*) override {
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts, so that gRPC's threads inherit the blocked signals too.
  thidua::server::BlockTerminationSignals();
  thidua::Config config;
  config.Define("listen", "127.0.0.1:0", "gRPC address; port 0 picks a free port");
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    std::cerr << s.message() << "\n";
    return s.code() == absl::StatusCode::kFailedPrecondition ? 0 : 2;
  }
  EchoService service;
  // No metrics endpoint: it would be one more listening port for the benchmark to keep track of.
  auto server = thidua::server::GrpcServer::Start({config.Get("listen"), ""}, {&service});
  if (!server.ok()) {
    std::cerr << "thidua-echo-server: " << server.status().message() << "\n";
    return 1;
  }
  // The port goes to stdout and is flushed at once: the caller waits for this line to start.
  std::cout << "PORT " << (*server)->port() << std::endl;
  thidua::server::WaitForTerminationSignal();
  (*server)->Shutdown(absl::Seconds(1));
  return 0;
}
