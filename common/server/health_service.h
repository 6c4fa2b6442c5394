#pragma once

#include <grpcpp/support/server_callback.h>

#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace thidua::server {

// The standard health service (grpc.health.v1.Health) for the server as a whole (service name
// ""), in place of gRPC's default one: in gRPC 1.51 that one never ends a Watch, so a single open
// watch (a load balancer's) held every drain for its whole grace, after which gRPC cancels the
// calls still running. Here the drain's start tells every watcher NOT_SERVING and then ends its
// watch with UNAVAILABLE, so the drain ends with the last real call.
class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  HealthService() = default;
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;

  // Tells every watcher.
  void SetServing(bool serving);
  // NOT_SERVING for good: every watcher is told so, then its watch ends.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;
  using Status = grpc::health::v1::HealthCheckResponse::ServingStatus;

  void Broadcast() ABSL_LOCKS_EXCLUDED(mu_);

  absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace thidua::server
