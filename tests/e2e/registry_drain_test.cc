// SIGTERM under load, against the registry binary: the health service says NOT_SERVING, calls in
// flight finish OK, calls after the stop began are refused with UNAVAILABLE (never INTERNAL), the
// process exits 0 within the grace, and after a restart on the same database every acknowledged
// write is there exactly once, and retrying any write with its request id creates nothing twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "services/registry/store/registry_store.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_database.h"
#include "tests/support/test_tokens.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;
namespace health = grpc::health::v1;

constexpr int kWriters = 4;
// service_main's grace: calls still running after it are cancelled.
constexpr absl::Duration kGrace = absl::Seconds(10);

// Holds `LOCK TABLES <table> WRITE` on a connection of its own until released: a write reaching
// the table then waits inside the server, so the call is certainly in flight.
class TableLock {
 public:
  TableLock(db::Pool& pool, const std::string& table)
      : thread_([this, &pool, table] {
          absl::Status status =
              pool.Run(absl::Now() + absl::Seconds(60), [&](db::Connection& conn) {
                conn.Execute("LOCK TABLES " + table + " WRITE");
                absl::MutexLock lock(&mu_);
                locked_ = true;
                mu_.Await(absl::Condition(&released_));
                conn.Execute("UNLOCK TABLES");
                return absl::OkStatus();
              });
          absl::MutexLock lock(&mu_);
          status_ = status;
          locked_ = true;  // also when LOCK TABLES failed: the constructor reports it
        }) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&locked_));
  }
  ~TableLock() {
    Release();
    thread_.join();
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
  }
  absl::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  absl::Mutex mu_;
  bool locked_ ABSL_GUARDED_BY(mu_) = false;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;  // last: it starts once the members above exist
};

// Sessions of `database` waiting for a table lock: the server's writes held by a TableLock.
int64_t WaitingForLock(db::Pool& pool, const std::string& database) {
  int64_t waiting = -1;
  const absl::Status status = pool.Run(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
    auto& query = conn.Prepare(
        "SELECT COUNT(*) FROM information_schema.processlist WHERE db = ? AND state = 'Waiting "
        "for table metadata lock'");
    query.setString(1, database);
    std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
    if (rows->next()) waiting = rows->getInt64(1);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return waiting;
}

// One writer's outcome: the writes acknowledged (request id -> group id) and how it was stopped.
struct Writes {
  std::map<std::string, int64_t> acknowledged;
  std::string refused;  // the request id of the call that was refused, if any
  grpc::Status last;    // the status that stopped the writer
};

class RegistryDrain : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    nation_id_ = InsertNation(db_->pool());  // the owner of the groups written here
    ASSERT_NE(nation_id_, 0);
    dir_ = std::filesystem::temp_directory_path() / ("thidua-drain-" + db_->name());
    std::filesystem::create_directories(dir_);
    key_ = TestTokens::Get().WritePublicKey(dir_);
    admin_ = TestTokens::Get().Token(nation_id_, {"registry-admin"}, "national-admin");
  }

  void TearDown() override {
    server_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Starts the registry binary on the test database; returns its port, or 0.
  int Start(const std::string& log_name) {
    const std::vector<std::string> flags = {"--db_socket=" + TestDatabase::Socket(),
                                            "--db_user=root",
                                            "--db_name=" + db_->name(),
                                            "--listen=127.0.0.1:0",
                                            "--metrics_listen=",
                                            "--jwt_public_keys=" + key_};
    server_ = std::make_unique<Process>(THIDUA_REGISTRY_BINARY, flags, dir_ / log_name);
    const std::string ready = server_->WaitForLog("registry serving", 60);
    EXPECT_FALSE(ready.empty()) << "the registry did not start";
    return ready.empty() ? 0 : nlohmann::json::parse(ready)["port"].get<int>();
  }

  static std::shared_ptr<grpc::Channel> Channel(int port) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                               grpc::InsecureChannelCredentials());
  }

  grpc::Status CreateGroup(v1::Registry::Stub& stub, const std::string& request_id,
                           int64_t* id) const {
    v1::CreateGroupRequest request;
    request.set_request_id(request_id);
    request.mutable_group()->set_display_name("Nhóm " + request_id);
    request.mutable_group()->set_owner_id(nation_id_);
    v1::Group group;
    const grpc::Status status = stub.CreateGroup(WithToken(admin_).get(), request, &group);
    *id = group.id();
    return status;
  }

  // How many groups of each name the registry lists.
  std::map<std::string, int> GroupsByName(v1::Registry::Stub& stub) const {
    std::map<std::string, int> out;
    v1::ListGroupsRequest request;
    request.set_owner_id(nation_id_);
    request.set_page_size(100);
    do {
      v1::ListGroupsResponse page;
      const grpc::Status status = stub.ListGroups(WithToken(admin_).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& g : page.groups()) ++out[g.display_name()];
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  std::filesystem::path dir_;
  std::string key_;
  std::string admin_;
  int64_t nation_id_ = 0;
  std::unique_ptr<Process> server_;
};

TEST_F(RegistryDrain, SigtermFinishesCallsInFlightRefusesNewOnesAndLosesNoWrite) {
  const int port = Start("registry.log");
  ASSERT_NE(port, 0);
  auto channel = Channel(port);
  auto stub = v1::Registry::NewStub(channel);

  // A load balancer's view: a Watch of the server's health, open across the stop.
  std::vector<health::HealthCheckResponse::ServingStatus> seen;
  absl::Mutex seen_mu;
  grpc::ClientContext watch_context;
  auto health_stub = health::Health::NewStub(Channel(port));
  auto watch = health_stub->Watch(&watch_context, health::HealthCheckRequest());
  std::thread watcher([&] {
    health::HealthCheckResponse response;
    while (watch->Read(&response)) {
      absl::MutexLock lock(&seen_mu);
      seen.push_back(response.status());
    }
  });
  {
    absl::MutexLock lock(&seen_mu);
    seen_mu.Await(absl::Condition(
        +[](decltype(seen)* s) { return !s->empty(); }, &seen));
    ASSERT_EQ(seen.front(), health::HealthCheckResponse::SERVING);
  }

  // Writers create groups with request ids, as fast as they can, until a call is refused.
  absl::Mutex mu;
  std::vector<Writes> writes(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int n = 0;; ++n) {
        const std::string request_id = absl::StrCat("drain-", w, "-", n);
        int64_t id = 0;
        const grpc::Status status = CreateGroup(*stub, request_id, &id);
        absl::MutexLock lock(&mu);
        if (!status.ok()) {
          writes[w].refused = request_id;
          writes[w].last = status;
          return;
        }
        writes[w].acknowledged[request_id] = id;
      }
    });
  }
  {
    // Some load first, so the stop comes mid-stream.
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](std::vector<Writes>* w) {
          for (const auto& one : *w) {
            if (one.acknowledged.size() < 3) return false;
          }
          return true;
        },
        &writes));
  }

  // On an early return, the threads must not outlive the test: the server goes, so their calls end.
  absl::Cleanup join = [&] {
    server_.reset();
    watch_context.TryCancel();
    for (auto& t : writers) {
      if (t.joinable()) t.join();
    }
    if (watcher.joinable()) watcher.join();
  };

  // Hold every writer's next call inside the server, then stop it.
  TableLock lock(db_->pool(), "organization_groups");
  ASSERT_TRUE(lock.status().ok()) << lock.status();
  const absl::Time wait_until = absl::Now() + absl::Seconds(30);
  while (WaitingForLock(db_->pool(), db_->name()) < kWriters && absl::Now() < wait_until) {
    absl::SleepFor(absl::Milliseconds(20));  // polls the database for a state, up to a deadline
  }
  ASSERT_EQ(WaitingForLock(db_->pool(), db_->name()), kWriters);
  const absl::Time stop = absl::Now();
  ASSERT_EQ(kill(server_->pid(), SIGTERM), 0);

  {
    // Health says NOT_SERVING once the drain begins.
    absl::MutexLock lock(&seen_mu);
    ASSERT_TRUE(seen_mu.AwaitWithTimeout(
        absl::Condition(
            +[](decltype(seen)* s) { return s->back() != health::HealthCheckResponse::SERVING; },
            &seen),
        absl::Seconds(5)));
    EXPECT_EQ(seen.back(), health::HealthCheckResponse::NOT_SERVING);
  }

  // New calls. One sent as the stop begins may cross the server's GOAWAY on the wire: gRPC's core
  // then drops it with CANCELLED before any handler (it is never run). Once one is refused with
  // UNAVAILABLE the client knows the server is stopping, and every later call is UNAVAILABLE, on
  // the writers' channel and on a new one alike; never INTERNAL.
  grpc::Status refused;
  while (refused.error_code() != grpc::StatusCode::UNAVAILABLE &&
         absl::Now() < stop + absl::Seconds(5)) {
    v1::ListGroupsRequest list;
    list.set_owner_id(nation_id_);
    v1::ListGroupsResponse ignored;
    refused = stub->ListGroups(WithToken(admin_).get(), list, &ignored);
    EXPECT_THAT(refused.error_code(),
                ::testing::AnyOf(grpc::StatusCode::OK, grpc::StatusCode::CANCELLED,
                                 grpc::StatusCode::UNAVAILABLE))
        << refused.error_message();
  }
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  int64_t id = 0;
  const grpc::Status late = CreateGroup(*stub, "late-on-the-same-channel", &id);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::UNAVAILABLE) << late.error_message();
  auto fresh = v1::Registry::NewStub(Channel(port));
  const grpc::Status late_fresh = CreateGroup(*fresh, "late-on-a-new-channel", &id);
  EXPECT_EQ(late_fresh.error_code(), grpc::StatusCode::UNAVAILABLE) << late_fresh.error_message();

  // The calls held in flight finish once the database lets them, and the process exits cleanly
  // within the grace.
  lock.Release();
  for (auto& t : writers) t.join();
  EXPECT_EQ(server_->Wait(), 0) << "graceful stop on SIGTERM";
  EXPECT_LT(absl::Now() - stop, kGrace);
  watcher.join();
  // The watch ended with the drain's start, not at the grace's end.
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);

  size_t acknowledged = 0;
  for (int w = 0; w < kWriters; ++w) {
    // Every writer's held call was acknowledged, and its next call, after the stop, refused.
    EXPECT_EQ(writes[w].last.error_code(), grpc::StatusCode::UNAVAILABLE)
        << writes[w].refused << ": " << writes[w].last.error_message();
    EXPECT_GE(writes[w].acknowledged.size(), 4u);
    acknowledged += writes[w].acknowledged.size();
  }
  // The old process logged each acknowledged write once, with its request id.
  std::map<std::string, int> logged;
  std::ifstream log(dir_ / "registry.log");
  for (std::string line; std::getline(log, line);) {
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || json.value("msg", "") != "call") continue;
    EXPECT_NE(json.value("code", ""), "INTERNAL") << line;
    if (json.value("method", "") == "CreateGroup" && json.value("code", "") == "OK") {
      ++logged[json.value("request_id", "")];
    }
  }
  EXPECT_EQ(logged.size(), acknowledged);

  // A new process on the same database has every acknowledged write once and no refused one.
  const int again = Start("registry-again.log");
  ASSERT_NE(again, 0);
  stub = v1::Registry::NewStub(Channel(again));
  std::map<std::string, int> groups = GroupsByName(*stub);
  EXPECT_EQ(groups.size(), acknowledged);
  for (const auto& one : writes) {
    for (const auto& [request_id, group_id] : one.acknowledged) {
      EXPECT_EQ(logged[request_id], 1) << request_id;
      EXPECT_EQ(groups["Nhóm " + request_id], 1) << request_id;
      // A client retrying after the drain gets the first answer, not a second group.
      int64_t retried = 0;
      ASSERT_TRUE(CreateGroup(*stub, request_id, &retried).ok()) << request_id;
      EXPECT_EQ(retried, group_id) << request_id;
    }
    EXPECT_EQ(groups.count("Nhóm " + one.refused), 0u) << one.refused;
    // The refused write, retried, is written once.
    ASSERT_TRUE(CreateGroup(*stub, one.refused, &id).ok()) << one.refused;
  }
  groups = GroupsByName(*stub);
  EXPECT_EQ(groups.size(), acknowledged + kWriters);
  for (const auto& [name, count] : groups) EXPECT_EQ(count, 1) << name;
  EXPECT_EQ(server_->Terminate(), 0);
  server_.reset();
}

}  // namespace
}  // namespace thidua::testing
