// The gateway: thidua's REST/JSON face for portals and mobile apps. Reads the services' compiled
// contracts (descriptor sets) and serves each RPC at its `(google.api.http)` binding, forwarding
// to the service's gRPC backend. Holds no data and verifies no token itself.
#include <grpcpp/create_channel.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/config.h"
#include "common/log.h"
#include "common/server/grpc_server.h"
#include "common/server/metrics.h"
#include "common/server/tls.h"
#include "common/server/unparsed_request.h"
#include "services/gateway/descriptor_sets.h"
#include "services/gateway/gateway_server.h"
#include "services/gateway/openapi.h"

int main(int argc, char** argv) {
  using namespace thidua;
  server::BlockTerminationSignals();
  server::SkipMutexDeadlockDetectionInRelease();
  server::RouteProtobufLog();  // protobuf's own lines as JSON log lines too
  Config config;
  config.Define("listen", "127.0.0.1:8080", "HTTP address, host:port (port 0: any free port)");
  config.Define("metrics_listen", "127.0.0.1:9150",
                "Prometheus metrics address, host:port; empty: none");
  config.Define("descriptor_sets", THIDUA_DEFAULT_DESCRIPTOR_SET,
                "comma-separated descriptor set files (protoc --descriptor_set_out "
                "--include_imports --include_source_info) holding the services' contracts");
  config.Define("backends",
                "thidua.registry.v1.Registry=127.0.0.1:50051,"
                "thidua.plans.v1.Plans=127.0.0.1:50052,"
                "thidua.reporting.v1.Reporting=127.0.0.1:50053",
                "comma-separated <service full name>=<gRPC target>; the services served are "
                "those named here that have HTTP bindings");
  config.Define("backend_connections", "4",
                "gRPC connections to each backend, used in turn (1-64)");
  config.Define("print_openapi", "false",
                "print the OpenAPI 3.1 document of the services named in --backends and exit");
  config.Define("tls_cert", "", "PEM certificate chain: serve HTTPS (empty: plain HTTP)");
  config.Define("tls_key", "", "PEM private key of --tls_cert");
  config.Define("backend_tls_ca", "",
                "PEM CA the backends' certificates chain to: call them over TLS (empty: plain "
                "text)");
  config.Define("backend_tls_cert", "", "PEM client certificate for mutual TLS with the backends");
  config.Define("backend_tls_key", "", "PEM private key of --backend_tls_cert");
  config.Define("threads", "2", "event-loop threads of the HTTP server (1-64)");
  config.Define("max_connections", "1024",
                "HTTP connections open at once (16-65536); each holds up to 64 KiB, no thread");
  config.Define("max_connections_per_ip", "0",
                "HTTP connections open at once from one address (0: no limit; clients behind one "
                "NAT or proxy share an address)");
  config.Define("max_body_kb", "1024", "largest request body accepted, in KiB (1-65536)");
  config.Define("max_buffered_mb", "64",
                "request bodies held at once, all connections together, in MiB (1-4096); beyond, "
                "503 before a body is read");
  config.Define("read_timeout_s", "10",
                "a connection that sends and receives nothing this long is closed (1-600)");
  config.Define("cors_origins", "",
                "comma-separated web origins whose pages may call (CORS), e.g. "
                "https://thidua.lamdong.gov.vn; * for any; empty: none");
  config.Define("docs_dir", THIDUA_DEFAULT_DOCS_DIR,
                "directory of the docs page served at /docs/ (index.html, swagger-ui/); empty: "
                "no docs page");
  config.Define("call_timeout_ms", "30000",
                "deadline of a call that states none (grpc-timeout), and cap of one that does");
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    if (absl::IsFailedPrecondition(s)) {
      fprintf(stdout, "%s", std::string(s.message()).c_str());
      return 0;
    }
    log::Error("bad flags", {{"error", std::string(s.message())}});
    return 2;
  }
  auto failed = [](const absl::Status& s) {
    log::Error("gateway failed to start", {{"error", std::string(s.message())}});
    return 1;
  };
  std::vector<std::string> files;
  auto pool = gateway::LoadDescriptorSets(
      absl::StrSplit(config.Get("descriptor_sets"), ',', absl::SkipEmpty()), &files);
  if (!pool.ok()) return failed(pool.status());
  auto backend_credentials = server::ChannelCredentialsFromFiles(
      config.Get("backend_tls_ca"), config.Get("backend_tls_cert"), config.Get("backend_tls_key"));
  if (!backend_credentials.ok()) return failed(backend_credentials.status());
  auto backend_connections = config.GetInt("backend_connections", 1, 64);
  if (!backend_connections.ok()) return failed(backend_connections.status());
  std::map<std::string, gateway::Gateway::Channels> backends;
  std::vector<std::string> services;
  for (absl::string_view item : absl::StrSplit(config.Get("backends"), ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      return failed(absl::InvalidArgumentError(
          absl::StrCat("--backends: \"", item, "\" is not <service>=<target>")));
    }
    services.push_back(parts[0]);
    for (int64_t i = 0; i < *backend_connections; ++i) {
      // A subchannel pool of its own: without it, channels to one target share one connection.
      grpc::ChannelArguments arguments;
      arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      backends[parts[0]].push_back(
          grpc::CreateCustomChannel(parts[1], *backend_credentials, arguments));
    }
  }
  auto routes = gateway::RouteTable::Build(**pool, services);
  if (!routes.ok()) return failed(routes.status());
  if (config.GetBool("print_openapi")) {
    fprintf(stdout, "%s\n", gateway::OpenApiDocument(*routes, "v1").dump(2).c_str());
    return 0;
  }
  gateway::GatewayOptions options;
  options.listen = config.Get("listen");
  auto threads = config.GetInt("threads", 1, 64);
  auto connections = config.GetInt("max_connections", 16, 65536);
  auto connections_per_ip = config.GetInt("max_connections_per_ip", 0, 65536);
  auto body_kb = config.GetInt("max_body_kb", 1, 65536);
  auto buffered_mb = config.GetInt("max_buffered_mb", 1, 4096);
  auto read_timeout = config.GetInt("read_timeout_s", 1, 600);
  auto call_timeout = config.GetInt("call_timeout_ms", 1, 600000);
  for (const auto* v : {&threads, &connections, &connections_per_ip, &body_kb, &buffered_mb,
                        &read_timeout, &call_timeout}) {
    if (!v->ok()) return failed(v->status());
  }
  options.threads = static_cast<int>(*threads);
  options.max_connections = static_cast<int>(*connections);
  options.max_connections_per_ip = static_cast<int>(*connections_per_ip);
  options.max_body_bytes = static_cast<size_t>(*body_kb) << 10;
  options.max_buffered_bytes = static_cast<size_t>(*buffered_mb) << 20;
  options.read_timeout = absl::Seconds(*read_timeout);
  options.call_timeout = absl::Milliseconds(*call_timeout);
  options.cors_origins = absl::StrSplit(config.Get("cors_origins"), ',', absl::SkipEmpty());
  options.docs_dir = config.Get("docs_dir");
  options.tls_cert_file = config.Get("tls_cert");
  options.tls_key_file = config.Get("tls_key");
  const size_t route_count = routes->routes().size();
  auto gateway = gateway::Gateway::Start(options, **pool, *std::move(routes), backends);
  if (!gateway.ok()) return failed(gateway.status());
  std::unique_ptr<server::MetricsHttpServer> metrics;
  if (const std::string listen = config.Get("metrics_listen"); !listen.empty()) {
    auto started = server::MetricsHttpServer::Start(listen);
    if (!started.ok()) return failed(started.status());
    metrics = *std::move(started);
  }
  log::Info("gateway serving", {{"port", (*gateway)->port()},
                                {"metrics_port", metrics ? metrics->port() : 0},
                                {"routes", route_count}});
  server::WaitForTerminationSignal();
  (*gateway)->Stop();
  log::Info("gateway stopped");
  return 0;
}
