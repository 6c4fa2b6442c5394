// The database crashed (kill -9) and stalled (SIGSTOP) under load from retrying clients of every
// writing service (issue 11, "Faults"): while it is gone, callers get UNAVAILABLE or their own
// DEADLINE_EXCEEDED (never INTERNAL) no later than their deadline; once it is back every service
// serves again within 5 s without being restarted; nothing acknowledged is lost or doubled.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_stack.h"
#include "tests/faults/retrying_clients.h"

namespace thidua::testing {
namespace {

constexpr int kClientsPerService = 3;
constexpr absl::Duration kDeadline = absl::Seconds(1);
// What a call may take beyond its deadline: the client's own timer and scheduling on 2 cores.
constexpr absl::Duration kLateness = absl::Milliseconds(300);
constexpr absl::Duration kRecovery = absl::Seconds(5);

class DatabaseFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = FaultStack::Create("database");
    ASSERT_NE(stack_, nullptr);
    for (Service service : kWritingServices) ASSERT_TRUE(stack_->Start(service));
    for (Service service : kWritingServices) {
      clients_.push_back(std::make_unique<RetryingClients>(
          stack_->create(service), [this, service] { return stack_->Channel(service); },
          kClientsPerService, 1'000'000, "d", kDeadline));
    }
  }

  // Lets the clients run for `duration`.
  static void Load(absl::Duration duration) { absl::SleepFor(duration); }

  // The first attempt acknowledged at or after `from`, per service; InfiniteFuture when none.
  absl::Time FirstOkAfter(Service service, absl::Time from) const {
    absl::Time first = absl::InfiniteFuture();
    for (const Attempt& attempt : clients_[static_cast<size_t>(service)]->attempts()) {
      if (attempt.code == grpc::StatusCode::OK && attempt.end >= from) {
        first = std::min(first, attempt.end);
      }
    }
    return first;
  }

  // Waits until every service acknowledged a create after `from`, at most `kRecovery` and a
  // margin, and checks that each did within `kRecovery`.
  void Recovered(absl::Time from, const char* fault) {
    const absl::Time until = from + kRecovery + absl::Seconds(5);
    absl::Duration slowest;
    for (;;) {
      slowest = absl::ZeroDuration();
      for (Service service : kWritingServices) {
        slowest = std::max(slowest, FirstOkAfter(service, from) - from);
      }
      if (slowest != absl::InfiniteDuration() || absl::Now() > until) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    for (Service service : kWritingServices) {
      const absl::Duration took = FirstOkAfter(service, from) - from;
      std::cout << "FAULT " << fault << " service=" << NameOf(service)
                << " recovery_ms=" << absl::ToInt64Milliseconds(took) << std::endl;
      EXPECT_LT(took, kRecovery) << NameOf(service) << " after " << fault;
      EXPECT_TRUE(stack_->Running(service)) << "never restarted";
    }
  }

  // While the database was away, [from, to): no call acknowledged, none answered INTERNAL or
  // with a code a caller could not act on, none answered later than its deadline allows.
  void ExpectCleanRefusals(absl::Time from, absl::Time to, const char* fault) {
    for (Service service : kWritingServices) {
      const std::vector<Attempt> attempts = clients_[static_cast<size_t>(service)]->attempts();
      std::cout << "FAULT " << fault << " service=" << NameOf(service)
                << " while_down: " << CodesBetween(attempts, from, to) << std::endl;
      for (const Attempt& attempt : attempts) {
        if (attempt.end < from || attempt.end >= to) continue;
        EXPECT_TRUE(attempt.code == grpc::StatusCode::UNAVAILABLE ||
                    attempt.code == grpc::StatusCode::DEADLINE_EXCEEDED)
            << NameOf(service) << " during " << fault << ": " << attempt.code << " "
            << attempt.message;
        EXPECT_LE(attempt.latency, kDeadline + kLateness)
            << NameOf(service) << " during " << fault << " answered after its deadline";
      }
    }
  }

  void ExpectNothingLost() {
    for (auto& clients : clients_) clients->Stop();
    for (auto& clients : clients_) clients->Wait();
    for (Service service : kWritingServices) {
      RetryingClients& clients = *clients_[static_cast<size_t>(service)];
      const Reconciliation r =
          Reconcile(*stack_, stack_->create(service), clients.acknowledged(), clients.abandoned());
      std::cout << "FAULT database service=" << NameOf(service)
                << " acknowledged=" << r.acknowledged << " lost=" << r.lost
                << " duplicated=" << r.duplicated << " wrong_id=" << r.wrong_id
                << " audit_missing=" << r.audit_missing << " audit_extra=" << r.audit_extra
                << " all_attempts: "
                << CodesBetween(clients.attempts(), absl::InfinitePast(), absl::InfiniteFuture())
                << std::endl;
      EXPECT_TRUE(r.Clean()) << NameOf(service) << ": " << absl::StrJoin(r.examples, ", ");
      EXPECT_EQ(r.unacknowledged, 0) << absl::StrJoin(r.examples, ", ");
      EXPECT_TRUE(clients.abandoned().empty());
      for (const Attempt& attempt : clients.attempts()) {
        EXPECT_NE(attempt.code, grpc::StatusCode::INTERNAL) << attempt.message;
      }
    }
  }

  void TearDown() override {
    for (auto& clients : clients_) clients->Stop();
    if (stack_ != nullptr) stack_->StallDatabase(false);  // a failed test may leave it stopped
    clients_.clear();
    stack_.reset();
  }

  std::unique_ptr<FaultStack> stack_;
  std::vector<std::unique_ptr<RetryingClients>> clients_;
};

TEST_F(DatabaseFaults, CrashedDatabaseRefusesCleanlyAndServicesResumeWithoutRestart) {
  Load(absl::Seconds(2));
  stack_->KillDatabase();
  const absl::Time down = absl::Now();
  Load(absl::Seconds(3));
  // Calls that had reached the database when it died may end a moment after; from 100 ms on, the
  // refusals are the services' own.
  const absl::Time restarting = absl::Now();
  ASSERT_EQ(stack_->StartDatabase(), 0) << "crash recovery failed; see the stack's mariadb.log";
  const absl::Time back = absl::Now();
  ExpectCleanRefusals(down + absl::Milliseconds(100), restarting, "database_crash");
  Recovered(back, "database_crash");
  Load(absl::Seconds(1));
  ExpectNothingLost();
}

TEST_F(DatabaseFaults, StalledDatabaseKeepsDeadlinesAndThePoolRecovers) {
  Load(absl::Seconds(2));
  stack_->StallDatabase(true);
  const absl::Time stalled = absl::Now();
  Load(absl::Seconds(10));
  const absl::Time resuming = absl::Now();
  stack_->StallDatabase(false);
  // Every call answered during the stall was answered in time, and refused cleanly.
  ExpectCleanRefusals(stalled + absl::Milliseconds(100), resuming, "database_stall");
  Recovered(resuming, "database_stall");
  Load(absl::Seconds(1));
  ExpectNothingLost();
}

}  // namespace
}  // namespace thidua::testing
