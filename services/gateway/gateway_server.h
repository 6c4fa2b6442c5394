#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/http_exchange.h"
#include "services/gateway/http_front.h"
#include "services/gateway/route_table.h"
#include "services/gateway/static_files.h"
#include "services/gateway/transcoder.h"

namespace thidua::gateway {

struct GatewayOptions {
  std::string listen = "127.0.0.1:0";  // "host:port"; port 0 picks a free one
  int threads = 2;                     // event-loop threads of the HTTP server
  // Connections open at once, in all and per client address (0: no limit per address). A
  // connection holds no thread, only a slot and up to 64 KiB for its request's head.
  int max_connections = 1024;
  int max_connections_per_ip = 0;
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413 before they are read
  // The bodies held at once, all requests together; beyond, 503 before a body is read.
  size_t max_buffered_bytes = 64 << 20;
  // A connection that sends and receives nothing for this long is closed.
  absl::Duration read_timeout = absl::Seconds(10);
  // The deadline of a call that states none (`grpc-timeout` header); a stated one is capped by it.
  absl::Duration call_timeout = absl::Seconds(30);
  // Web pages of these origins ("https://thidua.lamdong.gov.vn") may call from a browser (CORS);
  // "*" allows any. Credentials (cookies) are never allowed: calls carry a bearer token.
  std::vector<std::string> cors_origins;
  // Where the docs page (index.html and Swagger UI) is; empty: no /docs. Read once, at start.
  std::string docs_dir;
  // gRPC-Web server streams (grpc.health.v1.Health/Watch) open at once (RESOURCE_EXHAUSTED
  // beyond), each at most `stream_timeout` long (then DEADLINE_EXCEEDED; the client reconnects).
  int max_streams = 256;
  absl::Duration stream_timeout = absl::Minutes(2);
  // HTTPS with this PEM certificate chain and key; plain HTTP when empty.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// The REST/JSON face of thidua's gRPC services: each HTTP call is matched to an RPC by its
// `(google.api.http)` binding, transcoded (Transcoder), forwarded unchanged in meaning to the
// service's backend with the caller's bearer token and request id, and the answer or the
// google.rpc.Status returned as JSON. It holds no per-RPC code: a service joins by its descriptor
// and annotations. It verifies no token itself: the services do, for every call.
class Gateway final : public HttpHandler {
 public:
  // The channels to a backend, used in turn (each its own connection, so that calls to one
  // backend are not all framed on one HTTP/2 connection's lock).
  using Channels = std::vector<std::shared_ptr<grpc::Channel>>;
  // `backends`: one or more channels per service full name of `routes`.
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(
      const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
      RouteTable routes, std::map<std::string, Channels> backends);
  ~Gateway() override;

  int port() const { return front_->port(); }
  // Stops accepting, lets unary calls in flight finish, ends the streams, and returns.
  void Stop();

  // HttpHandler, on the HTTP server's threads.
  std::optional<HttpResponse> Screen(const HttpRequest& request) const override;
  std::optional<HttpResponse> Busy(const HttpRequest& request) const override;
  void Serve(std::shared_ptr<HttpExchange> exchange) const override;

  // A backend's status as the caller sees it (PublicStatus); gRPC's own text is logged instead.
  grpc::Status FromBackend(const grpc::Status& raw, const std::string& rpc,
                           const std::string& request_id) const;
  // Sends `response` with the headers every answer has (CORS, no sniffing or framing).
  void Send(HttpExchange& exchange, HttpResponse response) const;
  void Decorate(const HttpRequest& request, HttpResponse& response) const;
  // Work that outlives Serve (a call's completion) holds the gateway open: Stop waits for it.
  void Enter() const;
  void Leave() const;
  // A stream's context, cancelled by Stop; Track is false when stopping already.
  bool Track(grpc::ClientContext* stream) const;
  void Untrack(grpc::ClientContext* stream) const;

 private:
  struct Backend {
    std::vector<std::unique_ptr<grpc::GenericStub>> stubs;  // one per channel
    mutable std::atomic<size_t> next{0};
    grpc::GenericStub& Pick() const { return *stubs[next.fetch_add(1) % stubs.size()]; }
  };

  Gateway(const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
          RouteTable routes);
  // A REST call: matched to its RPC, transcoded, forwarded.
  void HandleRest(std::shared_ptr<HttpExchange> exchange) const;
  // A gRPC-Web call (POST /<service>/<method>): unary or server streaming, forwarded as is.
  void HandleGrpcWeb(std::shared_ptr<HttpExchange> exchange) const;
  // The backend of a gRPC-Web call; nullptr when none serves its service. A health check goes to
  // the backend of the service it names, as a check of that whole server (`request` rewritten).
  grpc::GenericStub* BackendOf(const google::protobuf::MethodDescriptor& method,
                               std::string& request) const;
  // /readyz: each backend's health; 200 when every one is SERVING, else 503.
  void Ready(std::shared_ptr<HttpExchange> exchange) const;
  void Preflight(HttpExchange& exchange) const;
  // CORS headers for an allowed Origin; false when the request's origin is not allowed.
  bool AllowOrigin(const HttpRequest& request, HttpResponse& response) const;

  GatewayOptions options_;
  const google::protobuf::DescriptorPool& pool_;
  RouteTable routes_;
  Transcoder transcoder_;
  std::map<std::string, std::unique_ptr<Backend>> backends_;  // by service full name
  std::string openapi_;                                       // the OpenAPI document, rendered once
  std::map<std::string, StaticFile> docs_;                    // by path, "/docs/index.html"
  mutable std::atomic<int> streams_{0};
  mutable absl::Mutex mu_;
  mutable int pending_ ABSL_GUARDED_BY(mu_) = 0;  // Enter minus Leave
  // The streams in flight, cancelled by Stop(): a stream whose client has left is noticed only
  // at its next message (HTTP/1.1 gives no other sign), so without this Stop() could wait for it.
  mutable std::set<grpc::ClientContext*> open_streams_ ABSL_GUARDED_BY(mu_);
  mutable bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::unique_ptr<HttpFront> front_;
};

}  // namespace thidua::gateway
