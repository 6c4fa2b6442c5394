#include "common/server/health_service.h"

#include <utility>
#include <vector>

namespace thidua::server {

namespace health = grpc::health::v1;

// One Watch call. Writes and the end are claimed under the watcher's lock and started outside it:
// gRPC may run a reaction (OnWriteDone) inside StartWrite, which takes the lock again. Only the
// claimant of a write or of the end starts it, and gRPC calls OnDone (which deletes the watcher)
// only after Finish, so a claimed watcher is alive until its claimant acts.
class HealthService::Watcher final : public grpc::ServerWriteReactor<health::HealthCheckResponse> {
 public:
  enum class Next { kNothing, kWrite, kFinish };

  Watcher(HealthService* service, bool known) : service_(service), known_(known) {}

  // The status to send next (only the latest matters), and whether the watch then ends.
  void Queue(Status status, bool end) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    // Only the whole server is known; another name is watched as SERVICE_UNKNOWN, as the
    // protocol says, until the server stops.
    pending_ = known_ ? status : health::HealthCheckResponse::SERVICE_UNKNOWN;
    end_ = end_ || end;
  }

  Next Claim() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || finished_) return Next::kNothing;
    if (pending_) {
      response_.set_status(*pending_);
      pending_.reset();
      writing_ = true;
      return Next::kWrite;
    }
    if (!end_) return Next::kNothing;
    finished_ = true;
    return Next::kFinish;
  }

  void Act(Next next) ABSL_LOCKS_EXCLUDED(mu_) {
    if (next == Next::kWrite) StartWrite(&response_);
    if (next == Next::kFinish) Finish(end_status_);
  }

  void OnWriteDone(bool ok) override {
    Next next;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) Abandon();
      next = Claim();
    }
    Act(next);
  }

  void OnCancel() override {
    Next next;
    {
      absl::MutexLock lock(&mu_);
      Abandon();
      next = Claim();
    }
    Act(next);
  }

  void OnDone() override {
    {
      absl::MutexLock lock(&service_->mu_);
      service_->watchers_.erase(this);
    }
    delete this;
  }

 private:
  friend class HealthService;  // takes mu_ to queue a status

  // The client went away: nothing more to send.
  void Abandon() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    pending_.reset();
    end_ = true;
    // Read without the lock by the end's claimant, so never changed once the end is claimed.
    if (!finished_) end_status_ = grpc::Status::CANCELLED;
  }

  // Its own state's lock; taken after the service's (which keeps it alive) when both are held.
  absl::Mutex mu_;
  HealthService* const service_;
  const bool known_;
  health::HealthCheckResponse response_;  // written by the write's claimant only
  std::optional<Status> pending_ ABSL_GUARDED_BY(mu_);
  bool end_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status end_status_ = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is stopping");
};

void HealthService::SetServing(bool serving) {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    serving_ = serving;
  }
  Broadcast();
}

void HealthService::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    serving_ = false;
    shut_down_ = true;
  }
  Broadcast();
}

void HealthService::Broadcast() {
  std::vector<std::pair<Watcher*, Watcher::Next>> actions;
  {
    absl::MutexLock lock(&mu_);
    for (Watcher* watcher : watchers_) {
      absl::MutexLock watcher_lock(&watcher->mu_);
      watcher->Queue(serving_ ? health::HealthCheckResponse::SERVING
                              : health::HealthCheckResponse::NOT_SERVING,
                     shut_down_);
      actions.emplace_back(watcher, watcher->Claim());
    }
  }
  for (auto& [watcher, next] : actions) watcher->Act(next);
}

grpc::ServerUnaryReactor* HealthService::Check(grpc::CallbackServerContext* context,
                                               const health::HealthCheckRequest* request,
                                               health::HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!request->service().empty()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
    return reactor;
  }
  {
    absl::MutexLock lock(&mu_);
    response->set_status(serving_ ? health::HealthCheckResponse::SERVING
                                  : health::HealthCheckResponse::NOT_SERVING);
  }
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<health::HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext*, const health::HealthCheckRequest* request) {
  auto* watcher = new Watcher(this, request->service().empty());
  Watcher::Next next;
  {
    absl::MutexLock lock(&mu_);
    watchers_.insert(watcher);
    absl::MutexLock watcher_lock(&watcher->mu_);
    watcher->Queue(
        serving_ ? health::HealthCheckResponse::SERVING : health::HealthCheckResponse::NOT_SERVING,
        shut_down_);
    next = watcher->Claim();
  }
  watcher->Act(next);
  return watcher;
}

}  // namespace thidua::server
