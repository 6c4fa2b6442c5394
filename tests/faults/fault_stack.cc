#include "tests/faults/fault_stack.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_tokens.h"
#include "thidua/plans/v1/plans.grpc.pb.h"
#include "thidua/registry/v1/registry.grpc.pb.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::testing {
namespace {

std::unique_ptr<grpc::ClientContext> Context(const std::string& token, absl::Duration deadline) {
  auto context = WithToken(token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  // A client that retries waits for the service to come back rather than failing at once while
  // its channel reconnects (fail-fast calls kept failing for most of each restart's aftermath).
  context->set_wait_for_ready(true);
  return context;
}

// Rows (id, name) of `table` whose name starts with `prefix`, keyed by the rest of the name: the
// request id the tests put there.
std::map<std::string, std::vector<int64_t>> NamedAfterRequests(db::Pool& pool,
                                                               const std::string& table,
                                                               const std::string& prefix) {
  std::map<std::string, std::vector<int64_t>> out;
  const absl::Status status = pool.Run(absl::Now() + absl::Seconds(30), [&](db::Connection& conn) {
    std::unique_ptr<sql::ResultSet> rows(
        conn.Prepare(absl::StrCat("SELECT id, display_name FROM ", table)).executeQuery());
    while (rows->next()) {
      const std::string name = rows->getString(2);
      if (absl::StartsWith(name, prefix)) {
        out[name.substr(prefix.size())].push_back(rows->getInt64(1));
      }
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

CreateCall CreateGroup(int64_t nation) {
  const std::string token = TestTokens::Get().Token(nation, {"registry-admin"}, "fault-admin");
  return {Service::kRegistry, "CreateGroup",
          [=](const std::shared_ptr<grpc::Channel>& channel, const std::string& request_id,
              absl::Duration deadline, int64_t* id) {
            registry::v1::CreateGroupRequest request;
            request.set_request_id(request_id);
            request.mutable_group()->set_display_name("Nhóm " + request_id);
            request.mutable_group()->set_owner_id(nation);
            registry::v1::Group out;
            const grpc::Status status = registry::v1::Registry::NewStub(channel)->CreateGroup(
                Context(token, deadline).get(), request, &out);
            *id = out.id();
            return status;
          },
          [](db::Pool& pool) { return NamedAfterRequests(pool, "organization_groups", "Nhóm "); }};
}

CreateCall CreateMovement(int64_t nation) {
  const std::string token = TestTokens::Get().Token(nation, {"plans-editor"}, "fault-editor");
  return {Service::kPlans, "CreateMovement",
          [=](const std::shared_ptr<grpc::Channel>& channel, const std::string& request_id,
              absl::Duration deadline, int64_t* id) {
            plans::v1::CreateMovementRequest request;
            request.set_request_id(request_id);
            request.mutable_movement()->set_display_name("Phong trào " + request_id);
            request.mutable_movement()->set_launching_organization_id(nation);
            plans::v1::Movement out;
            const grpc::Status status = plans::v1::Plans::NewStub(channel)->CreateMovement(
                Context(token, deadline).get(), request, &out);
            *id = out.id();
            return status;
          },
          [](db::Pool& pool) { return NamedAfterRequests(pool, "movements", "Phong trào "); }};
}

CreateCall CreateIndicator(int64_t nation) {
  const std::string token =
      TestTokens::Get().Token(nation, {"reporting-designer"}, "fault-designer");
  return {Service::kReporting, "CreateIndicator",
          [=](const std::shared_ptr<grpc::Channel>& channel, const std::string& request_id,
              absl::Duration deadline, int64_t* id) {
            reporting::v1::CreateIndicatorRequest request;
            request.set_request_id(request_id);
            reporting::v1::Indicator& indicator = *request.mutable_indicator();
            indicator.set_code("FAULT." + absl::AsciiStrToUpper(request_id));
            indicator.set_display_name("Chỉ tiêu " + request_id);
            indicator.set_value_type(reporting::v1::COUNT);
            indicator.set_aggregation(reporting::v1::SUM);
            reporting::v1::Indicator out;
            const grpc::Status status = reporting::v1::Reporting::NewStub(channel)->CreateIndicator(
                Context(token, deadline).get(), request, &out);
            *id = out.id();
            return status;
          },
          [](db::Pool& pool) { return NamedAfterRequests(pool, "indicators", "Chỉ tiêu "); }};
}

}  // namespace

const char* NameOf(Service service) {
  switch (service) {
    case Service::kRegistry:
      return "registry";
    case Service::kPlans:
      return "plans";
    case Service::kReporting:
      return "reporting";
  }
  return "";
}

int CreatesToMake(int short_default) {
  if (const char* env = std::getenv("THIDUA_FAULTS_CREATES")) return std::atoi(env);
  return short_default;
}

std::unique_ptr<FaultStack> FaultStack::Create(const std::string& name, bool admin_units) {
  auto stack = std::unique_ptr<FaultStack>(new FaultStack());
  stack->dir_ =
      std::filesystem::temp_directory_path() / absl::StrCat("thidua-faults-", name, "-", getpid());
  std::filesystem::remove_all(stack->dir_);
  std::filesystem::create_directories(stack->dir_);
  if (stack->StartDatabase() != 0) {
    ADD_FAILURE() << "MariaDB did not start; see " << stack->dir_ / "mariadb.log";
    return nullptr;
  }
  stack->database_started_ = true;
  for (Service service : kWritingServices) {
    stack->databases_[Index(service)] = TestDatabase::Create(stack->Socket());
    if (stack->databases_[Index(service)] == nullptr) return nullptr;
    stack->ports_[Index(service)] = UnusedLoopbackPort();
  }
  stack->key_file_ = TestTokens::Get().WritePublicKey(stack->dir_);
  if (admin_units) {
    if (!stack->ImportAdminUnits()) return nullptr;
  } else {
    Migrate(stack->pool(Service::kRegistry));
    stack->nation_ = InsertNation(stack->pool(Service::kRegistry));
  }
  if (stack->nation_ == 0) return nullptr;
  stack->creates_ = {CreateGroup(stack->nation_), CreateMovement(stack->nation_),
                     CreateIndicator(stack->nation_)};
  return stack;
}

bool FaultStack::ImportAdminUnits() {
  const std::vector<std::string> flags = {
      "--db_socket=" + Socket(), "--db_user=root",
      "--db_name=" + databases_[Index(Service::kRegistry)]->name(),
      absl::StrCat("--import_admin_units=", THIDUA_SOURCE_DIR,
                   "/services/registry/data/admin-units-2025")};
  const std::filesystem::path log = dir_ / "import.log";
  if (testing::Run(THIDUA_REGISTRY_BINARY, flags, log) != 0) {
    ADD_FAILURE() << "the import failed; see " << log;
    return false;
  }
  const absl::Status read =
      pool(Service::kRegistry).Run(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
        std::unique_ptr<sql::ResultSet> rows(
            conn.Prepare("SELECT MIN(id) FROM organizations WHERE kind = 1").executeQuery());
        if (rows->next()) nation_ = rows->getInt64(1);
        return absl::OkStatus();
      });
  EXPECT_TRUE(read.ok()) << read;
  return nation_ != 0;
}

FaultStack::~FaultStack() {
  for (auto& process : processes_) process.reset();
  if (database_started_) {
    StallDatabase(false);
    for (auto& database : databases_) database.reset();
    StopDatabase();
  }
  // THIDUA_FAULTS_KEEP=1 keeps the services' logs and the database for a look after a failure.
  if (std::getenv("THIDUA_FAULTS_KEEP") == nullptr) std::filesystem::remove_all(dir_);
}

bool FaultStack::Start(Service service) {
  const size_t i = Index(service);
  std::vector<std::string> flags = {"--db_socket=" + Socket(),
                                    "--db_user=root",
                                    "--db_name=" + databases_[i]->name(),
                                    absl::StrCat("--listen=127.0.0.1:", ports_[i]),
                                    "--metrics_listen=",
                                    "--jwt_public_keys=" + key_file_};
  if (service != Service::kRegistry) {
    flags.push_back(absl::StrCat("--registry=127.0.0.1:", ports_[Index(Service::kRegistry)]));
  }
  if (service == Service::kReporting) {
    flags.push_back(absl::StrCat("--plans=127.0.0.1:", ports_[Index(Service::kPlans)]));
  }
  const char* binaries[] = {THIDUA_REGISTRY_BINARY, THIDUA_PLANS_BINARY, THIDUA_REPORTING_BINARY};
  const std::string log = dir_ / absl::StrCat(NameOf(service), "-", ++starts_[i], ".log");
  processes_[i] = std::make_unique<Process>(binaries[i], flags, log);
  if (processes_[i]->WaitForLog(absl::StrCat(NameOf(service), " serving"), 60).empty()) {
    ADD_FAILURE() << NameOf(service) << " did not start; see " << log;
    return false;
  }
  return true;
}

void FaultStack::Kill(Service service) {
  auto& process = processes_[Index(service)];
  if (process == nullptr) return;
  kill(process->pid(), SIGKILL);
  process->Wait();
  process.reset();
}

int FaultStack::Terminate(Service service) {
  auto& process = processes_[Index(service)];
  const int code = process->Terminate();
  process.reset();
  return code;
}

bool FaultStack::Running(Service service) const { return processes_[Index(service)] != nullptr; }

pid_t FaultStack::pid(Service service) const {
  return Running(service) ? processes_[Index(service)]->pid() : -1;
}

int FaultStack::StartDatabase() {
  return testing::Run(std::string(THIDUA_SOURCE_DIR) + "/deploy/local/mariadb",
                      {"start", (dir_ / "db").string()}, (dir_ / "mariadb.log").string());
}

int FaultStack::StopDatabase() {
  return testing::Run(std::string(THIDUA_SOURCE_DIR) + "/deploy/local/mariadb",
                      {"stop", (dir_ / "db").string()}, (dir_ / "mariadb-stop.log").string());
}

namespace {
pid_t DatabasePid(const std::filesystem::path& dir) {
  std::ifstream in(dir / "db" / "mysqld.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}
}  // namespace

void FaultStack::KillDatabase() {
  const pid_t pid = DatabasePid(dir_);
  ASSERT_GT(pid, 0);
  kill(pid, SIGKILL);
  // Not this process's child: gone when /proc no longer lists it.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (std::filesystem::exists(absl::StrCat("/proc/", pid)) && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
}

void FaultStack::StallDatabase(bool stalled) {
  const pid_t pid = DatabasePid(dir_);
  if (pid > 0) kill(pid, stalled ? SIGSTOP : SIGCONT);
}

std::shared_ptr<grpc::Channel> FaultStack::Channel(Service service) const {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  // gRPC takes this as the shortest time a connection attempt is given, too: at 50 ms a
  // handshake on a busy machine was cut off ("tcp handshaker shutdown") over and over.
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 2000);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", ports_[Index(service)]),
                                   grpc::InsecureChannelCredentials(), args);
}

}  // namespace thidua::testing
