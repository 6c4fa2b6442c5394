// The registry service: organisations, their hierarchy and history, groups, reference data.
#include <iostream>

#include "absl/strings/str_split.h"
#include "common/auth/jwt.h"
#include "common/config.h"
#include "common/db/migration.h"
#include "common/db/pool.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "services/registry/importer/admin_units_import.h"
#include "services/registry/model/change_follower.h"
#include "services/registry/service/registry_service.h"

namespace thidua::registry {
std::vector<db::Migration> Migrations();
}

namespace {

using thidua::Config;

Config Flags() {
  Config config;
  config.Define("listen", "127.0.0.1:50051", "gRPC address")
      .Define("metrics_listen", "127.0.0.1:9151", "Prometheus metrics address (empty: none)")
      .Define("db_host", "127.0.0.1", "MariaDB/MySQL host")
      .Define("db_port", "3306", "MariaDB/MySQL port")
      .Define("db_socket", "", "Unix socket of the database (overrides host and port)")
      .Define("db_name", "registry", "database (schema) of the registry")
      .Define("db_user", "registry", "database user")
      .Define("db_password", "", "database password")
      .Define("db_pool_size", "8", "database connections")
      .Define("jwt_public_keys", "", "comma-separated PEM files of the token issuers' public keys")
      .Define("jwt_issuer", "thidua-dev", "required token issuer")
      .Define("jwt_audience", "thidua", "required token audience")
      .Define("follow_interval_ms", "200", "how often to apply other replicas' writes")
      .Define("migrate_only", "false", "apply migrations and exit")
      .Define("import_admin_units", "",
              "import the 2025 administrative units from this folder, then exit");
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
  auto interval = config.GetInt("follow_interval_ms", 10, 60000);
  for (const auto* v : {&port, &pool_size, &interval}) {
    if (!v->ok()) return Fail(v->status());
  }
  db::Options db_options{config.Get("db_host"),       static_cast<int>(*port),
                         config.Get("db_socket"),     config.Get("db_user"),
                         config.Get("db_password"),   config.Get("db_name"),
                         static_cast<int>(*pool_size)};
  auto pool = db::Pool::Open(db_options);
  if (!pool.ok()) return Fail(pool.status());
  if (auto s = db::Migrate(**pool, registry::Migrations()); !s.ok()) return Fail(s);
  if (config.GetBool("migrate_only")) return 0;

  if (const std::string dir = config.Get("import_admin_units"); !dir.empty()) {
    auto data = registry::importer::ReadAdminUnits(dir);
    if (!data.ok()) return Fail(data.status());
    auto summary = registry::importer::ImportAdminUnits(**pool, *data);
    if (!summary.ok()) return Fail(summary.status());
    log::Info(summary->already_imported ? "admin units already imported" : "admin units imported",
              {{"organizations", summary->organizations},
               {"events", summary->events},
               {"lineage_edges", summary->lineage_edges},
               {"seconds", absl::ToDoubleSeconds(summary->took)}});
    return 0;
  }

  std::vector<std::string> key_files =
      absl::StrSplit(config.Get("jwt_public_keys"), ',', absl::SkipEmpty());
  auto verifier = auth::JwtVerifier::FromPemFiles(
      key_files, {config.Get("jwt_issuer"), config.Get("jwt_audience")});
  if (!verifier.ok()) return Fail(verifier.status());

  registry::ReadModel model;
  registry::ChangeFollower follower(**pool, model, absl::Milliseconds(*interval));
  if (auto s = follower.LoadAll(); !s.ok()) return Fail(s);
  follower.Start();
  registry::RegistryService service(**pool, model, **verifier);
  auto server =
      server::GrpcServer::Start({config.Get("listen"), config.Get("metrics_listen")}, {&service});
  if (!server.ok()) return Fail(server.status());
  log::Info("registry serving", {{"port", (*server)->port()},
                                 {"metrics_port", (*server)->metrics_port()},
                                 {"organizations", model.size()}});
  server::WaitForTerminationSignal();
  (*server)->Shutdown(absl::Seconds(10));
  follower.Stop();
  log::Info("registry stopped");
  return 0;
}
