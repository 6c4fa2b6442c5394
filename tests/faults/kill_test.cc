// kill -9 of a service while 8 clients create objects through it, retrying each create with the
// same request id after any error (issue 11, "Faults"): afterwards every acknowledged create
// exists exactly once, under the id its client was given, nothing was created twice, and the
// audit log holds one row per object. Run for every service that writes; the short version makes
// 2,000 creates per service, tests/faults/run 10,000.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_stack.h"
#include "tests/faults/retrying_clients.h"

namespace thidua::testing {
namespace {

constexpr int kClients = 8;

class KillNine : public ::testing::TestWithParam<Service> {};

TEST_P(KillNine, EveryAcknowledgedCreateExistsOnceWithItsAuditRow) {
  const Service victim = GetParam();
  auto stack = FaultStack::Create(absl::StrCat("kill-", NameOf(victim)));
  ASSERT_NE(stack, nullptr);
  for (Service service : kWritingServices) ASSERT_TRUE(stack->Start(service));

  const int creates = CreatesToMake(2000);
  const CreateCall& create = stack->create(victim);
  RetryingClients clients(
      create, [&] { return stack->Channel(victim); }, kClients, creates, "k", absl::Seconds(2));

  // Kills at random moments, 100 to 500 ms of serving apart, until the creates are made.
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> serving_ms(100, 500);
  int kills = 0;
  std::vector<absl::Duration> restarts;
  while (!clients.Done()) {
    const absl::Time next = absl::Now() + absl::Milliseconds(serving_ms(random));
    while (!clients.Done() && absl::Now() < next) absl::SleepFor(absl::Milliseconds(5));
    if (clients.Done()) break;
    stack->Kill(victim);
    ++kills;
    const absl::Time killed = absl::Now();
    ASSERT_TRUE(stack->Start(victim)) << "after kill " << kills;
    restarts.push_back(absl::Now() - killed);
  }
  clients.Wait();

  const Reconciliation r = Reconcile(*stack, create, clients.acknowledged(), clients.abandoned());
  std::sort(restarts.begin(), restarts.end());
  const std::vector<Attempt> attempts = clients.attempts();
  std::cout << "FAULT kill-9 service=" << NameOf(victim) << " creates=" << creates
            << " acknowledged=" << r.acknowledged << " lost=" << r.lost
            << " duplicated=" << r.duplicated << " wrong_id=" << r.wrong_id
            << " never_acknowledged=" << r.unacknowledged << " audit_missing=" << r.audit_missing
            << " audit_extra=" << r.audit_extra << " kills=" << kills << " restart_median_ms="
            << (restarts.empty() ? 0 : absl::ToInt64Milliseconds(restarts[restarts.size() / 2]))
            << " attempts: " << CodesBetween(attempts, absl::InfinitePast(), absl::InfiniteFuture())
            << std::endl
            << "FAULT kill-9 service=" << NameOf(victim) << " errors: " << CommonErrors(attempts, 3)
            << std::endl;
  EXPECT_EQ(r.acknowledged, creates) << "abandoned: " << clients.abandoned().size();
  EXPECT_TRUE(r.Clean()) << absl::StrJoin(r.examples, ", ");
  EXPECT_EQ(r.unacknowledged, 0) << absl::StrJoin(r.examples, ", ");
  EXPECT_GE(kills, 3) << "too few kills to say anything: the creates ended too soon";
  // A retry never sees the service's inside: whatever failed, it failed as a caller may be told.
  for (const Attempt& attempt : attempts) {
    EXPECT_NE(attempt.code, grpc::StatusCode::INTERNAL) << attempt.message;
    EXPECT_NE(attempt.code, grpc::StatusCode::ALREADY_EXISTS)
        << "a retried create must get its first answer: " << attempt.message;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryWritingService, KillNine, ::testing::ValuesIn(kWritingServices),
                         [](const auto& info) { return std::string(NameOf(info.param)); });

}  // namespace
}  // namespace thidua::testing
