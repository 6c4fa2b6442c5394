#pragma once

#include <grpcpp/impl/codegen/service_type.h>

#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/jwt.h"
#include "common/config.h"
#include "common/db/migration.h"
#include "common/db/pool.h"

namespace thidua {

// What every service binary shares at start-up: the same flags (listen, metrics_listen, db_*,
// jwt_*, migrate_only) read the same way, and the same serve-until-SIGTERM loop.

// Declares the shared flags; `service` names the default database and user.
void DefineServiceFlags(Config& config, absl::string_view service, absl::string_view listen,
                        absl::string_view metrics_listen);
// Parses argv; an exit code when the process should stop now (help printed, bad flags).
std::optional<int> ParseFlags(Config& config, int argc, char** argv);
absl::StatusOr<db::Options> DatabaseOptions(const Config& config);
absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> VerifierFromConfig(const Config& config);
// Applies the pending migrations with --migrate_db_user's own connection when given (a serving
// user has no DDL rights), else through the serving pool. With nothing pending, only reads.
absl::Status MigrateSchema(const Config& config, db::Pool& serving,
                           const std::vector<db::Migration>& migrations);
// Logs why start-up failed; returns the exit code.
int StartupFailed(const absl::Status& status);
// Serves `services` on the configured addresses until SIGTERM or SIGINT, then drains for 10 s.
// Meanwhile purges the idempotency keys of `pool` older than --idempotency_retention_days.
int ServeUntilTerminated(absl::string_view service, const Config& config, db::Pool& pool,
                         const std::vector<grpc::Service*>& services);

}  // namespace thidua
