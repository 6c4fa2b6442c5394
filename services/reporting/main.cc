// The reporting service: indicators, templates, obligations, periods, the working calendar,
// submissions, roll-ups and target progress. Asks the registry and plans, never the reverse.
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/db/migration.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/service_main.h"
#include "services/plans/client/plans_client.h"
#include "services/registry/client/registry_flags.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/service/shipped_catalogue.h"

namespace thidua::reporting {
std::vector<db::Migration> Migrations();
}

int main(int argc, char** argv) {
  using namespace thidua;
  server::BlockTerminationSignals();
  Config config;
  DefineServiceFlags(config, "reporting", "127.0.0.1:50053", "127.0.0.1:9153");
  DefineRegistryFlags(config);
  DefinePlansFlags(config);
  config.Define("drill_time", "",
                "for drills, training and end-to-end tests only: the RFC 3339 time the service's "
                "calendar (periods, deadlines, lateness, due lists) starts from, running on from "
                "there; tokens and logs keep the real time. Empty: the real time");
  if (auto exit_code = ParseFlags(config, argc, argv)) return *exit_code;
  auto registry = RegistryClientFromFlags(config);
  if (!registry.ok()) return StartupFailed(registry.status());
  std::unique_ptr<Clock> drill_clock;
  if (const std::string drill = config.Get("drill_time"); !drill.empty()) {
    absl::Time start;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, drill, &start, &error)) {
      return StartupFailed(absl::InvalidArgumentError("--drill_time: " + error));
    }
    drill_clock = std::make_unique<ShiftedClock>(start - absl::Now());
    log::Warn("drill clock: periods, deadlines and lateness follow a shifted calendar",
              {{"drill_time", drill}});
  }
  auto plans = PlansClientFromFlags(config);
  if (!plans.ok()) return StartupFailed(plans.status());
  auto options = DatabaseOptions(config);
  if (!options.ok()) return StartupFailed(options.status());
  // Every invariant rests on row locks (FOR UPDATE) and unique keys, not on locked ranges.
  options->read_committed = true;
  auto pool = db::Pool::Open(*options);
  if (!pool.ok()) return StartupFailed(pool.status());
  if (auto s = MigrateSchema(config, **pool, reporting::Migrations()); !s.ok()) {
    return StartupFailed(s);
  }
  auto catalogue = reporting::ShippedCatalogue();
  if (!catalogue.ok()) return StartupFailed(catalogue.status());
  if (auto s = reporting::AddMissingToCatalogue(**pool, *catalogue); !s.ok()) {
    return StartupFailed(s);
  }
  auto calendar = reporting::ShippedWorkingCalendar();
  if (!calendar.ok()) return StartupFailed(calendar.status());
  auto added = reporting::AddMissingCalendarYears(**pool, *calendar);
  if (!added.ok()) return StartupFailed(added.status());
  if (!added->empty()) {
    log::Info("working calendar loaded", {{"years", absl::StrJoin(*added, ",")}});
  }
  if (config.GetBool("migrate_only")) return 0;
  auto verifier = VerifierFromConfig(config);
  if (!verifier.ok()) return StartupFailed(verifier.status());
  reporting::ReportingService service(**pool, **registry, **plans, **verifier,
                                      drill_clock ? *drill_clock : Clock::System());
  return ServeUntilTerminated("reporting", config, **pool, {&service});
}
