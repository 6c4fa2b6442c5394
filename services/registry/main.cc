// The registry service: organisations, their hierarchy and history, groups, reference data.
#include "common/db/migration.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/service_main.h"
#include "services/registry/importer/admin_units_import.h"
#include "services/registry/model/change_follower.h"
#include "services/registry/service/registry_service.h"

namespace thidua::registry {
std::vector<db::Migration> Migrations();
}

int main(int argc, char** argv) {
  using namespace thidua;
  server::BlockTerminationSignals();
  Config config;
  DefineServiceFlags(config, "registry", "127.0.0.1:50051", "127.0.0.1:9151");
  config.Define("follow_interval_ms", "200", "how often to apply other replicas' writes")
      .Define("import_admin_units", "",
              "import the 2025 administrative units from this folder (or upgrade an import "
              "of an earlier version of its files), then exit");
  if (auto exit_code = ParseFlags(config, argc, argv)) return *exit_code;
  auto interval = config.GetInt("follow_interval_ms", 10, 60000);
  if (!interval.ok()) return StartupFailed(interval.status());
  auto options = DatabaseOptions(config);
  if (!options.ok()) return StartupFailed(options.status());
  auto pool = db::Pool::Open(*options);
  if (!pool.ok()) return StartupFailed(pool.status());
  if (auto s = MigrateSchema(config, **pool, registry::Migrations()); !s.ok()) {
    return StartupFailed(s);
  }
  if (config.GetBool("migrate_only")) return 0;

  if (const std::string dir = config.Get("import_admin_units"); !dir.empty()) {
    auto data = registry::importer::ReadAdminUnits(dir);
    if (!data.ok()) return StartupFailed(data.status());
    auto summary = registry::importer::ImportAdminUnits(**pool, *data);
    if (!summary.ok()) return StartupFailed(summary.status());
    if (const auto& up = summary->upgraded) {
      log::Info("admin units upgraded from earlier files",
                {{"from_checksum", up->from_checksum},
                 {"kinds", up->kinds},
                 {"names", up->names},
                 {"renames", up->renames},
                 {"seconds", absl::ToDoubleSeconds(summary->took)}});
      return 0;
    }
    log::Info(summary->already_imported ? "admin units already imported" : "admin units imported",
              {{"organizations", summary->organizations},
               {"events", summary->events},
               {"lineage_edges", summary->lineage_edges},
               {"seconds", absl::ToDoubleSeconds(summary->took)}});
    return 0;
  }

  auto verifier = VerifierFromConfig(config);
  if (!verifier.ok()) return StartupFailed(verifier.status());
  registry::ReadModel model;
  registry::ChangeFollower follower(**pool, model, absl::Milliseconds(*interval));
  if (auto s = follower.LoadAll(); !s.ok()) return StartupFailed(s);
  log::Info("registry loaded", {{"organizations", model.size()}});
  follower.Start();
  registry::RegistryService service(**pool, model, **verifier);
  const int exit_code = ServeUntilTerminated("registry", config, **pool, {&service});
  follower.Stop();
  return exit_code;
}
