// The plans service: movements, plans, tasks, targets, cascades, registrations, security models.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <iostream>

#include "absl/strings/str_split.h"
#include "common/auth/jwt.h"
#include "common/config.h"
#include "common/db/migration.h"
#include "common/db/pool.h"
#include "common/log.h"
#include "common/registry_client.h"
#include "common/server/grpc_server.h"
#include "services/plans/service/plans_service.h"

namespace thidua::plans {
std::vector<db::Migration> Migrations();
}

namespace {

thidua::Config Flags() {
  thidua::Config config;
  config.Define("listen", "127.0.0.1:50052", "gRPC address")
      .Define("metrics_listen", "127.0.0.1:9152", "Prometheus metrics address (empty: none)")
      .Define("registry", "127.0.0.1:50051", "address of the registry service")
      .Define("registry_timeout_ms", "2000", "deadline of each registry call")
      .Define("db_host", "127.0.0.1", "MariaDB/MySQL host")
      .Define("db_port", "3306", "MariaDB/MySQL port")
      .Define("db_socket", "", "Unix socket of the database (overrides host and port)")
      .Define("db_name", "plans", "database (schema) of the plans service")
      .Define("db_user", "plans", "database user")
      .Define("db_password", "", "database password")
      .Define("db_pool_size", "8", "database connections")
      .Define("jwt_public_keys", "", "comma-separated PEM files of the token issuers' public keys")
      .Define("jwt_issuer", "thidua-dev", "required token issuer")
      .Define("jwt_audience", "thidua", "required token audience")
      .Define("migrate_only", "false", "apply migrations and exit");
  return config;
}

int Fail(const absl::Status& status) {
  thidua::log::Error("start-up failed", {{"error", std::string(status.message())}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace thidua;
  server::BlockTerminationSignals();
  Config config = Flags();
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    std::cerr << s.message() << "\n";
    return s.code() == absl::StatusCode::kFailedPrecondition ? 0 : 2;
  }
  auto port = config.GetInt("db_port", 1, 65535);
  auto pool_size = config.GetInt("db_pool_size", 1, 256);
  auto timeout = config.GetInt("registry_timeout_ms", 10, 60000);
  for (const auto* v : {&port, &pool_size, &timeout}) {
    if (!v->ok()) return Fail(v->status());
  }
  auto pool =
      db::Pool::Open({config.Get("db_host"), static_cast<int>(*port), config.Get("db_socket"),
                      config.Get("db_user"), config.Get("db_password"), config.Get("db_name"),
                      static_cast<int>(*pool_size)});
  if (!pool.ok()) return Fail(pool.status());
  if (auto s = db::Migrate(**pool, plans::Migrations()); !s.ok()) return Fail(s);
  if (config.GetBool("migrate_only")) return 0;

  std::vector<std::string> key_files =
      absl::StrSplit(config.Get("jwt_public_keys"), ',', absl::SkipEmpty());
  auto verifier = auth::JwtVerifier::FromPemFiles(
      key_files, {config.Get("jwt_issuer"), config.Get("jwt_audience")});
  if (!verifier.ok()) return Fail(verifier.status());
  // The registry may start later or be down for a while: calls that need it say UNAVAILABLE.
  RegistryClient registry(
      grpc::CreateChannel(config.Get("registry"), grpc::InsecureChannelCredentials()),
      absl::Milliseconds(*timeout));
  plans::PlansService service(**pool, registry, **verifier);
  auto server =
      server::GrpcServer::Start({config.Get("listen"), config.Get("metrics_listen")}, {&service});
  if (!server.ok()) return Fail(server.status());
  log::Info("plans serving",
            {{"port", (*server)->port()}, {"metrics_port", (*server)->metrics_port()}});
  server::WaitForTerminationSignal();
  (*server)->Shutdown(absl::Seconds(10));
  log::Info("plans stopped");
  return 0;
}
