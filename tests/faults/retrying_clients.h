#pragma once

// Clients as a careful integration would write them: each create carries a request id, and after
// any error (a dropped connection, UNAVAILABLE, a deadline) the same create is sent again with the
// same request id until it is acknowledged. Every attempt is recorded, so a test can say what
// callers saw while a fault lasted.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/faults/fault_stack.h"

namespace thidua::testing {

struct Attempt {
  absl::Time end;
  grpc::StatusCode code;
  absl::Duration latency;
  std::string message;  // kept for errors only
};

class RetryingClients {
 public:
  // `clients` threads make up to `creates` objects between them, with request ids
  // "<prefix>-<client>-<n>", each call given `deadline`; they stop early at Stop().
  RetryingClients(const CreateCall& create, std::function<std::shared_ptr<grpc::Channel>()> channel,
                  int clients, int creates, const std::string& prefix, absl::Duration deadline);
  ~RetryingClients();

  // Lets each client finish the create it is on (until acknowledged), then stop.
  void Stop();
  // Waits until every client has stopped: all creates made, or Stop().
  void Wait();
  bool Done() const { return running_.load() == 0; }
  int acknowledged_count() const { return acknowledged_count_.load(); }

  // After Wait(): request id -> the id the service acknowledged.
  std::map<std::string, int64_t> acknowledged() const;
  std::vector<Attempt> attempts() const;
  // Request ids abandoned because the test's own time ran out (never acknowledged).
  std::vector<std::string> abandoned() const;

 private:
  void Run(int client, int first, int count, const std::string& prefix);

  const CreateCall& create_;
  std::function<std::shared_ptr<grpc::Channel>()> channel_;
  const absl::Duration deadline_;
  std::atomic<bool> stop_{false};
  std::atomic<int> running_{0};
  std::atomic<int> acknowledged_count_{0};
  mutable absl::Mutex mu_;
  std::map<std::string, int64_t> acknowledged_ ABSL_GUARDED_BY(mu_);
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> abandoned_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;  // last: they start once the members above exist
};

// What a service stored against what its clients were told, after a fault.
struct Reconciliation {
  int acknowledged = 0;
  int lost = 0;                       // acknowledged, not stored
  int duplicated = 0;                 // stored more than once
  int wrong_id = 0;                   // stored under another id than the one acknowledged
  int unacknowledged = 0;             // stored, never acknowledged (allowed only for abandoned ids)
  int audit_missing = 0;              // objects without their audit row
  int audit_extra = 0;                // audit rows beyond one per object
  std::vector<std::string> examples;  // a few ids of each fault, for the failure message
  bool Clean() const {
    return lost == 0 && duplicated == 0 && wrong_id == 0 && audit_missing == 0 && audit_extra == 0;
  }
};
Reconciliation Reconcile(FaultStack& stack, const CreateCall& create,
                         const std::map<std::string, int64_t>& acknowledged,
                         const std::vector<std::string>& abandoned);

// The most frequent error messages of the attempts, with their counts: "14× Connection refused".
std::string CommonErrors(const std::vector<Attempt>& attempts, int how_many);

// "UNAVAILABLE=12 DEADLINE_EXCEEDED=3": the codes of the attempts in [from, to).
std::string CodesBetween(const std::vector<Attempt>& attempts, absl::Time from, absl::Time to);

}  // namespace thidua::testing
