#pragma once

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/support/config.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/health_service.h"
#include "common/server/metrics.h"

namespace thidua::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:0";          // gRPC address; port 0 picks a free port
  std::string metrics_listen = "127.0.0.1:0";  // Prometheus text; empty: no metrics endpoint
  // Limits that keep a burst from taking the process down: calls beyond `max_threads` handler
  // threads, or beyond the memory quota, are refused at once with RESOURCE_EXHAUSTED instead of
  // queueing without bound; a request above `max_message_bytes` is refused before it is parsed.
  int max_threads = 64;
  // Handler threads kept waiting for the next call once a burst ends. gRPC's default keeps two and
  // ends every other thread after its call, so under steady concurrency each call would create and
  // destroy a thread (clone, a fresh stack, an empty malloc cache). Counted within `max_threads`.
  int idle_threads = 16;
  int64_t memory_quota_bytes = int64_t{512} << 20;
  int max_message_bytes = 4 << 20;
  int max_streams_per_connection = 100;
  // TLS (common/server/tls.h); plain text when null.
  std::shared_ptr<grpc::ServerCredentials> credentials = nullptr;
};

// A gRPC server with health checking, server reflection and a metrics endpoint. It refuses to start
// on a port another process holds: SO_REUSEPORT is off, so a second server fails loudly instead of
// silently sharing the port.
class GrpcServer {
 public:
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const ServerOptions& options, const std::vector<grpc::Service*>& services);
  ~GrpcServer();

  int port() const { return port_; }
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  // Marks the server NOT_SERVING and ends the health watches, lets calls in flight finish within
  // `grace` (new calls are refused with UNAVAILABLE), then stops.
  void Shutdown(absl::Duration grace);

 private:
  GrpcServer() = default;
  std::unique_ptr<HealthService> health_;  // first: it outlives the server and its calls
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MetricsHttpServer> metrics_;
  int port_ = 0;
  bool stopped_ = false;
};

// Process-wide, in builds with NDEBUG: no lock-order graph behind every absl::Mutex (Debian's
// Abseil keeps one by default, at about a tenth of a cheap call's CPU). GrpcServer::Start calls
// it; a client-only process (the benchmark) calls it itself.
void SkipMutexDeadlockDetectionInRelease();

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts afterwards; call first
// thing in main() so that WaitForTerminationSignal() receives them.
void BlockTerminationSignals();
// Returns the signal number once SIGTERM or SIGINT arrives.
int WaitForTerminationSignal();

}  // namespace thidua::server
