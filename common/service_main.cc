#include "common/service_main.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/idempotency.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/server/tls.h"

namespace thidua {

void DefineServiceFlags(Config& config, absl::string_view service, absl::string_view listen,
                        absl::string_view metrics_listen) {
  config.Define("listen", std::string(listen), "gRPC address")
      .Define("metrics_listen", std::string(metrics_listen),
              "Prometheus metrics address (empty: none)")
      .Define("db_host", "127.0.0.1", "MariaDB/MySQL host")
      .Define("db_port", "3306", "MariaDB/MySQL port")
      .Define("db_socket", "", "Unix socket of the database (overrides host and port)")
      .Define("db_name", std::string(service), "database (schema) of the service")
      .Define("db_user", std::string(service), "database user")
      .Define("db_password", "", "database password")
      .Define("db_pool_size", "8", "database connections")
      .Define("jwt_public_keys", "",
              "comma-separated PEM files of the token issuers' public keys, each optionally "
              "named as kid=file (default: its RFC 7638 thumbprint); a token's kid selects its key")
      .Define("jwt_issuer", "thidua-dev", "required token issuer")
      .Define("jwt_audience", "thidua", "required token audience")
      .Define("jwt_max_lifetime_hours", "24",
              "longest validity a token may have, from its iat (or from now without one)")
      .Define("max_threads", "64", "handler threads; calls beyond them get RESOURCE_EXHAUSTED")
      .Define("memory_quota_mb", "512", "memory gRPC may use for calls in flight")
      .Define("max_message_mb", "4", "largest request accepted")
      .Define("idempotency_retention_days", "30",
              "how long a write's request_id is remembered for retries (at least 30 days)")
      .Define("migrate_db_user", "",
              "database user that applies migrations (DDL rights); empty: the serving user. Give "
              "it to a --migrate_only run, not to the serving process")
      .Define("migrate_db_password", "", "password of --migrate_db_user")
      .Define("migrate_only", "false", "apply migrations and exit")
      .Define("tls_cert", "", "PEM certificate chain: serve gRPC over TLS (empty: plain text)")
      .Define("tls_key", "", "PEM private key of --tls_cert")
      .Define("tls_client_ca", "",
              "PEM CA: require client certificates it signed (mutual TLS); needs --tls_cert")
      .Define("peer_tls_ca", "",
              "PEM CA the other services' certificates chain to: ask them over TLS (empty: plain "
              "text)")
      .Define("peer_tls_cert", "", "PEM client certificate for mutual TLS with the other services")
      .Define("peer_tls_key", "", "PEM private key of --peer_tls_cert");
}

std::optional<int> ParseFlags(Config& config, int argc, char** argv) {
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    std::cerr << s.message() << "\n";
    return s.code() == absl::StatusCode::kFailedPrecondition ? 0 : 2;  // --help is not an error
  }
  // Before any client of another service is made: they all open their channels with these.
  auto peer = server::ChannelCredentialsFromFiles(
      config.Get("peer_tls_ca"), config.Get("peer_tls_cert"), config.Get("peer_tls_key"));
  if (!peer.ok()) return StartupFailed(peer.status());
  server::SetPeerCredentials(*std::move(peer));
  return std::nullopt;
}

absl::StatusOr<db::Options> DatabaseOptions(const Config& config) {
  auto port = config.GetInt("db_port", 1, 65535);
  if (!port.ok()) return port.status();
  auto pool_size = config.GetInt("db_pool_size", 1, 256);
  if (!pool_size.ok()) return pool_size.status();
  return db::Options{config.Get("db_host"),       static_cast<int>(*port),
                     config.Get("db_socket"),     config.Get("db_user"),
                     config.Get("db_password"),   config.Get("db_name"),
                     static_cast<int>(*pool_size)};
}

absl::Status MigrateSchema(const Config& config, db::Pool& serving,
                           const std::vector<db::Migration>& migrations) {
  if (config.Get("migrate_db_user").empty()) return db::Migrate(serving, migrations);
  // Its own short-lived connection: the serving pool never holds these credentials.
  db::Options options = serving.options();
  options.user = config.Get("migrate_db_user");
  options.password = config.Get("migrate_db_password");
  options.pool_size = 1;
  auto pool = db::Pool::Open(options);
  if (!pool.ok()) return pool.status();
  return db::Migrate(**pool, migrations);
}

absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> VerifierFromConfig(const Config& config) {
  std::vector<std::string> keys =
      absl::StrSplit(config.Get("jwt_public_keys"), ',', absl::SkipEmpty());
  auto max_lifetime = config.GetInt("jwt_max_lifetime_hours", 1, 24 * 366);
  if (!max_lifetime.ok()) return max_lifetime.status();
  auth::JwtVerifierOptions options;
  options.issuer = config.Get("jwt_issuer");
  options.audience = config.Get("jwt_audience");
  options.max_lifetime = absl::Hours(*max_lifetime);
  return auth::JwtVerifier::FromPemFiles(keys, options);
}

int StartupFailed(const absl::Status& status) {
  log::Error("start-up failed", {{"error", std::string(status.message())}});
  return 1;
}

int ServeUntilTerminated(absl::string_view service, const Config& config, db::Pool& pool,
                         const std::vector<grpc::Service*>& services) {
  auto retention_days = config.GetInt("idempotency_retention_days", 30, 3650);
  if (!retention_days.ok()) return StartupFailed(retention_days.status());
  db::KeyJanitor janitor(pool, absl::Hours(24 * *retention_days));
  server::ServerOptions options;
  options.listen = config.Get("listen");
  options.metrics_listen = config.Get("metrics_listen");
  auto threads = config.GetInt("max_threads", 4, 4096);
  auto quota = config.GetInt("memory_quota_mb", 16, 65536);
  auto message = config.GetInt("max_message_mb", 1, 64);
  for (const auto* limit : {&threads, &quota, &message}) {
    if (!limit->ok()) return StartupFailed(limit->status());
  }
  options.max_threads = static_cast<int>(*threads);
  auto credentials = server::ServerCredentialsFromFiles(
      config.Get("tls_cert"), config.Get("tls_key"), config.Get("tls_client_ca"));
  if (!credentials.ok()) return StartupFailed(credentials.status());
  options.credentials = *std::move(credentials);
  options.memory_quota_bytes = *quota << 20;
  options.max_message_bytes = static_cast<int>(*message << 20);
  auto server = server::GrpcServer::Start(options, services);
  if (!server.ok()) return StartupFailed(server.status());
  log::Info(absl::StrCat(service, " serving"),
            {{"port", (*server)->port()}, {"metrics_port", (*server)->metrics_port()}});
  server::WaitForTerminationSignal();
  (*server)->Shutdown(absl::Seconds(10));
  log::Info(absl::StrCat(service, " stopped"));
  return 0;
}

}  // namespace thidua
