#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/route_table.h"
#include "services/gateway/transcoder.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace thidua::gateway {

struct GatewayOptions {
  std::string listen = "127.0.0.1:0";  // "host:port"; port 0 picks a free one
  // Connections served at once. A keep-alive connection holds its thread between requests (up to
  // `idle_timeout`), so this bounds the clients, not only the calls, in flight.
  int threads = 64;
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413 before they are read whole
  // A client that sends nothing for this long is dropped, so a silent one holds no thread. (The
  // library times each read, not the whole request: a client trickling bytes is bounded only by
  // `threads`; a reverse proxy in front bounds whole requests.)
  absl::Duration read_timeout = absl::Seconds(10);
  absl::Duration idle_timeout = absl::Seconds(5);
  // The deadline of a call that states none (`grpc-timeout` header); a stated one is capped by it.
  absl::Duration call_timeout = absl::Seconds(30);
  // Web pages of these origins ("https://thidua.lamdong.gov.vn") may call from a browser (CORS);
  // "*" allows any. Credentials (cookies) are never allowed: calls carry a bearer token.
  std::vector<std::string> cors_origins;
  // Where the docs page (index.html and Swagger UI) is; empty: no /docs.
  std::string docs_dir;
  // gRPC-Web server streams (grpc.health.v1.Health/Watch) each hold a connection's thread for
  // their whole life: at most this many at once, and never more than a quarter of `threads`
  // (RESOURCE_EXHAUSTED beyond), each at most
  // `stream_timeout` long (then DEADLINE_EXCEEDED; the client reconnects).
  int max_streams = 16;
  // HTTPS with this PEM certificate chain and key; plain HTTP when empty.
  std::string tls_cert_file;
  std::string tls_key_file;
  absl::Duration stream_timeout = absl::Minutes(2);
};

// The REST/JSON face of thidua's gRPC services: each HTTP call is matched to an RPC by its
// `(google.api.http)` binding, transcoded (Transcoder), forwarded unchanged in meaning to the
// service's backend with the caller's bearer token and request id, and the answer or the
// google.rpc.Status returned as JSON. It holds no per-RPC code: a service joins by its descriptor
// and annotations. It verifies no token itself: the services do, for every call.
class Gateway {
 public:
  // `backends`: a channel per service full name of `routes`.
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(
      const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
      RouteTable routes, std::map<std::string, std::shared_ptr<grpc::Channel>> backends);
  ~Gateway();

  int port() const { return port_; }
  // Stops accepting, lets requests in flight finish, and returns.
  void Stop();

 private:
  Gateway(const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
          RouteTable routes);
  void Handle(const httplib::Request& request, httplib::Response& response) const;
  // A gRPC-Web call (POST /<service>/<method>): unary or server streaming, forwarded as is.
  void HandleGrpcWeb(const httplib::Request& request, httplib::Response& response) const;
  // The backend of a gRPC-Web call; nullptr when none serves its service. A health check goes to
  // the backend of the service it names, as a check of that whole server (`request` rewritten).
  grpc::GenericStub* BackendOf(const google::protobuf::MethodDescriptor& method,
                               std::string& request) const;
  // /readyz: each backend's health; 200 when every one is SERVING, else 503.
  void Ready(httplib::Response& response) const;
  // A backend's status as the caller sees it (PublicStatus); gRPC's own text is logged instead.
  grpc::Status FromBackend(const grpc::Status& raw, const std::string& rpc,
                           const std::string& request_id) const;
  // CORS headers for an allowed Origin; false when the request's origin is not allowed.
  bool AllowOrigin(const httplib::Request& request, httplib::Response& response) const;

  GatewayOptions options_;
  const google::protobuf::DescriptorPool& pool_;
  RouteTable routes_;
  Transcoder transcoder_;
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> stubs_;  // by service full name
  std::string openapi_;  // the OpenAPI document, rendered once
  mutable std::atomic<int> streams_{0};
  // The streams in flight, cancelled by Stop(): a stream whose client has left is noticed only
  // at its next message (HTTP/1.1 gives no other sign), so without this Stop() could wait for it.
  mutable absl::Mutex streams_mu_;
  mutable std::set<grpc::ClientContext*> open_streams_ ABSL_GUARDED_BY(streams_mu_);
  mutable bool stopping_ ABSL_GUARDED_BY(streams_mu_) = false;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  int port_ = 0;
};

}  // namespace thidua::gateway
