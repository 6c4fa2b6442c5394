// An online backup taken with deploy/local/backup while every writing service goes on writing,
// restored with deploy/local/restore into a fresh data directory (issue 11, "Backup and
// restore"): the services started on it hold every object acknowledged before the backup began,
// under the ids their clients were given, each once and with its audit row, nothing that no client
// asked for, and they serve new writes.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_stack.h"
#include "tests/faults/retrying_clients.h"

namespace thidua::testing {
namespace {

int Script(const std::string& name, const std::vector<std::string>& args,
           const std::filesystem::path& log) {
  return testing::Run(std::string(THIDUA_SOURCE_DIR) + "/deploy/local/" + name, args, log);
}

TEST(BackupRestore, ARestoredOnlineBackupServesEveryWriteAcknowledgedBeforeIt) {
  auto stack = FaultStack::Create("backup");
  ASSERT_NE(stack, nullptr);
  for (Service service : kWritingServices) ASSERT_TRUE(stack->Start(service));
  std::vector<std::unique_ptr<RetryingClients>> clients;
  for (Service service : kWritingServices) {
    clients.push_back(std::make_unique<RetryingClients>(
        stack->create(service), [&stack, service] { return stack->Channel(service); }, 3, 1'000'000,
        "b", absl::Seconds(2)));
  }
  absl::SleepFor(absl::Seconds(2));  // writes under way before the backup

  std::vector<std::map<std::string, int64_t>> before;
  for (auto& c : clients) before.push_back(c->acknowledged());
  const std::filesystem::path backup = stack->dir() / "backup";
  const absl::Time started = absl::Now();
  ASSERT_EQ(Script("backup", {backup.string(), stack->database_dir().string()},
                   stack->dir() / "backup-script.log"),
            0)
      << "see " << stack->dir() / "backup-script.log";
  const absl::Duration took = absl::Now() - started;
  absl::SleepFor(absl::Seconds(1));  // writes after the backup, which it must not hold
  for (auto& c : clients) c->Stop();
  for (auto& c : clients) c->Wait();

  for (Service service : kWritingServices) EXPECT_EQ(stack->Terminate(service), 0);
  ASSERT_EQ(stack->StopDatabase(), 0);
  ASSERT_EQ(Script("restore", {backup.string(), stack->database_dir().string()},
                   stack->dir() / "restore-script.log"),
            0)
      << "see " << stack->dir() / "restore-script.log";
  ASSERT_EQ(stack->StartDatabase(), 0);
  for (Service service : kWritingServices) ASSERT_TRUE(stack->Start(service));

  for (Service service : kWritingServices) {
    const size_t i = static_cast<size_t>(service);
    const CreateCall& create = stack->create(service);
    const std::map<std::string, std::vector<int64_t>> stored = create.stored(stack->pool(service));
    // Acknowledged before the backup: must be there. Acknowledged during or after it: may be.
    std::map<std::string, int64_t> expected = before[i];
    for (const auto& [request_id, id] : clients[i]->acknowledged()) {
      if (stored.count(request_id)) expected.emplace(request_id, id);
    }
    const Reconciliation r = Reconcile(*stack, create, expected, clients[i]->abandoned());
    std::cout << "FAULT backup service=" << NameOf(service)
              << " acknowledged_before=" << before[i].size()
              << " acknowledged_in_all=" << clients[i]->acknowledged().size()
              << " restored=" << stored.size() << " lost=" << r.lost
              << " duplicated=" << r.duplicated << " wrong_id=" << r.wrong_id
              << " never_acknowledged=" << r.unacknowledged << " audit_missing=" << r.audit_missing
              << " audit_extra=" << r.audit_extra
              << " backup_ms=" << absl::ToInt64Milliseconds(took) << std::endl;
    ASSERT_FALSE(before[i].empty()) << "no write before the backup: the test says nothing";
    EXPECT_TRUE(r.Clean()) << NameOf(service) << ": " << absl::StrJoin(r.examples, ", ");
    EXPECT_EQ(r.unacknowledged, 0) << absl::StrJoin(r.examples, ", ");

    // The restored service writes again, and a create acknowledged before the backup, retried,
    // gets its first answer instead of a second object.
    int64_t id = 0;
    const grpc::Status fresh =
        create.call(stack->Channel(service), "after-restore", absl::Seconds(5), &id);
    EXPECT_TRUE(fresh.ok()) << NameOf(service) << ": " << fresh.error_message();
    const auto& [request_id, first_id] = *before[i].begin();
    const grpc::Status retried =
        create.call(stack->Channel(service), request_id, absl::Seconds(5), &id);
    EXPECT_TRUE(retried.ok()) << NameOf(service) << ": " << retried.error_message();
    EXPECT_EQ(id, first_id) << NameOf(service) << " " << request_id;
  }
}

}  // namespace
}  // namespace thidua::testing
