#pragma once

// The stack the fault tests break: a private MariaDB of their own (full durability, as
// deploy/local/up runs it, so a crash of the database loses only what it never acknowledged),
// the registry, plans and reporting binaries on fixed loopback ports (a killed service comes back
// where its clients look for it), real tokens, and the one create per service the tests repeat.
#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "tests/support/process.h"
#include "tests/support/test_database.h"

namespace thidua::testing {

enum class Service { kRegistry, kPlans, kReporting };
inline constexpr std::array<Service, 3> kWritingServices = {Service::kRegistry, Service::kPlans,
                                                            Service::kReporting};
const char* NameOf(Service service);

// A create that a client repeats with the same request id until it is acknowledged.
struct CreateCall {
  Service service;
  const char* method;  // as the audit log names it
  // Makes the object named after `request_id`; on OK, `*id` is its id.
  std::function<grpc::Status(const std::shared_ptr<grpc::Channel>&, const std::string& request_id,
                             absl::Duration deadline, int64_t* id)>
      call;
  // Every object this create made, by the request id its name carries -> the ids stored under it.
  std::function<std::map<std::string, std::vector<int64_t>>(db::Pool&)> stored;
};

class FaultStack {
 public:
  // Starts the private MariaDB and makes one database per service: in the registry's the nation
  // alone, or with `admin_units` the official 2025 units as deploy/local/up imports them. Null
  // when that failed (the test has failed too).
  static std::unique_ptr<FaultStack> Create(const std::string& name, bool admin_units = false);
  ~FaultStack();

  // Starts a service's binary on its port and waits until it serves; false if it did not.
  bool Start(Service service);
  // SIGKILL: nothing of the process runs again; its clients see the connection drop.
  void Kill(Service service);
  // SIGTERM; returns the exit code.
  int Terminate(Service service);
  bool Running(Service service) const;
  pid_t pid(Service service) const;

  // The database: stopped as an operator would, killed as a crash would, stalled and resumed.
  int StartDatabase();
  int StopDatabase();
  void KillDatabase();
  void StallDatabase(bool stalled);  // SIGSTOP / SIGCONT

  // A channel to a service that tries to reconnect every 50 to 100 ms (gRPC's default waits 1 s
  // and more between tries, which would measure the client, not the service).
  std::shared_ptr<grpc::Channel> Channel(Service service) const;
  // A root pool on a service's database, for the tests' own reading.
  db::Pool& pool(Service service) { return databases_[Index(service)]->pool(); }
  int64_t nation() const { return nation_; }
  const CreateCall& create(Service service) const { return creates_[Index(service)]; }
  const std::filesystem::path& dir() const { return dir_; }
  // Where the private MariaDB keeps its data and socket (deploy/local/mariadb's <dir>).
  std::filesystem::path database_dir() const { return dir_ / "db"; }

 private:
  FaultStack() = default;
  bool ImportAdminUnits();
  static size_t Index(Service service) { return static_cast<size_t>(service); }
  std::string Socket() const { return (dir_ / "db" / "mysqld.sock").string(); }

  std::filesystem::path dir_;
  std::string key_file_;
  int64_t nation_ = 0;
  std::array<int, 3> ports_{};
  std::array<int, 3> starts_{};  // how many times each was started: names its log file
  std::array<std::unique_ptr<TestDatabase>, 3> databases_;
  std::array<std::unique_ptr<Process>, 3> processes_;
  std::array<CreateCall, 3> creates_;
  bool database_started_ = false;
};

// How many creates a fault test makes: THIDUA_FAULTS_CREATES, else `short_default` (the short
// version ctest runs; tests/faults/run sets the full count).
int CreatesToMake(int short_default);

}  // namespace thidua::testing
