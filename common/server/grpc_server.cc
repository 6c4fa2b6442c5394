#include "common/server/grpc_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <csignal>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/server/call_observer.h"
#include "common/server/health_service.h"
#include "common/server/unparsed_request.h"

namespace thidua::server {

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services) {
  SkipMutexDeadlockDetectionInRelease();
  RouteProtobufLog();
  // Ours, not gRPC's default health service: see HealthService.
  grpc::EnableDefaultHealthCheckService(false);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  grpc::ServerBuilder builder;
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota("thidua");
  quota.SetMaxThreads(options.max_threads);
  quota.Resize(static_cast<size_t>(options.memory_quota_bytes));
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::min(options.idle_threads, options.max_threads));
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_streams_per_connection);
  builder.experimental().SetInterceptorCreators(CallObservers());
  builder.AddListeningPort(
      options.listen, options.credentials ? options.credentials : grpc::InsecureServerCredentials(),
      &server->port_);
  server->health_ = std::make_unique<HealthService>();
  builder.RegisterService(server->health_.get());
  for (grpc::Service* service : services) builder.RegisterService(service);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, " (is another server using it?)"));
  }
  if (!options.metrics_listen.empty()) {
    auto metrics = MetricsHttpServer::Start(options.metrics_listen);
    if (!metrics.ok()) {
      server->Shutdown(absl::ZeroDuration());
      return metrics.status();
    }
    server->metrics_ = *std::move(metrics);
  }
  server->health_->SetServing(true);
  return server;
}

GrpcServer::~GrpcServer() { Shutdown(absl::ZeroDuration()); }

void GrpcServer::Shutdown(absl::Duration grace) {
  if (stopped_ || !server_) return;
  stopped_ = true;
  // Load balancers watching health stop sending calls here, and the watches end: they are calls
  // too, and would hold the drain for the whole grace.
  health_->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
  metrics_.reset();
}

void SkipMutexDeadlockDetectionInRelease() {
#ifdef NDEBUG
  // Debian's Abseil is built with its deadlock detector on: every lock of every absl::Mutex,
  // gRPC's own included, then updates a lock-order graph, about a tenth of the CPU of a cheap
  // call. Release builds leave lock order to the clang thread-safety build and the tests.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  sigwait(&set, &signal);
  log::Info("termination signal received; draining", {{"signal", signal}});
  return signal;
}

}  // namespace thidua::server
