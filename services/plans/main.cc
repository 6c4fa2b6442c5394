// The plans service: movements, plans, tasks, targets, cascades, registrations, security models.
#include "common/db/migration.h"
#include "common/server/grpc_server.h"
#include "common/service_main.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/task_store.h"
#include "services/registry/client/registry_flags.h"

namespace thidua::plans {
std::vector<db::Migration> Migrations();
}

int main(int argc, char** argv) {
  using namespace thidua;
  server::BlockTerminationSignals();
  Config config;
  DefineServiceFlags(config, "plans", "127.0.0.1:50052", "127.0.0.1:9152");
  DefineRegistryFlags(config);
  if (auto exit_code = ParseFlags(config, argc, argv)) return *exit_code;
  auto registry = RegistryClientFromFlags(config);
  if (!registry.ok()) return StartupFailed(registry.status());
  auto options = DatabaseOptions(config);
  if (!options.ok()) return StartupFailed(options.status());
  // Issuing rewrites a plan's index rows (delete, then insert): under REPEATABLE READ the gap
  // locks of concurrent issues deadlock. Every plans invariant rests on row locks (the plan row,
  // FOR UPDATE) and unique keys.
  options->read_committed = true;
  auto pool = db::Pool::Open(*options);
  if (!pool.ok()) return StartupFailed(pool.status());
  if (auto s = MigrateSchema(config, **pool, plans::Migrations()); !s.ok()) return StartupFailed(s);
  if (auto s = plans::store::IndexPlansMissingTaskRows(**pool); !s.ok()) return StartupFailed(s);
  if (auto s = plans::store::KeyStandardNames(**pool); !s.ok()) return StartupFailed(s);
  if (auto s = plans::store::KeyIssuingBodies(**pool); !s.ok()) return StartupFailed(s);
  if (config.GetBool("migrate_only")) return 0;
  auto verifier = VerifierFromConfig(config);
  if (!verifier.ok()) return StartupFailed(verifier.status());
  plans::PlansService service(**pool, **registry, **verifier);
  return ServeUntilTerminated("plans", config, **pool, {&service});
}
