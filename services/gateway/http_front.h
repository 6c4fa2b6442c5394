#pragma once
// The gateway's HTTP server: GNU libmicrohttpd, event-driven. A connection holds a slot and at
// most `header_memory_bytes` (plus its body while that is read), never a thread: requests wait
// for their backends suspended, so a few event-loop threads serve every connection, and slow or
// silent clients cost memory that is bounded rather than threads.

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/http_exchange.h"

struct MHD_Daemon;

namespace thidua::gateway {

struct HttpFrontOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 literal, or a name resolving to one
  int port = 0;                    // 0: any free port
  int threads = 2;                 // event-loop threads
  int max_connections = 1024;      // open at once; beyond, new ones are closed at once
  int max_connections_per_ip = 0;  // 0: no limit (clients behind one NAT share an address)
  // Per connection: the request line, headers, the parsed query and the read buffer. A request
  // whose head does not fit is answered by the library: 414 (request line) or 431 (headers);
  // with 64 KiB, a head of up to about 40 KiB fits, and a query of the gateway's 8 KiB however
  // many parameters it has (at 32 KiB, 7 KiB of short parameters left no room for the answer).
  size_t header_memory_bytes = 64 << 10;
  // The request bodies and answers held at once, all connections together (an answer is held
  // until its client has taken it); a request beyond gets HttpHandler::Busy before its body is
  // read, so clients that send or read slowly cannot make the server hold more.
  size_t max_buffered_bytes = 64 << 20;
  // A connection with nothing received or sent for this long is closed.
  absl::Duration idle_timeout = absl::Seconds(10);
  // A streamed answer whose client reads this far behind is ended.
  size_t max_stream_backlog_bytes = 64 << 10;
  // HTTPS with these PEM files; plain HTTP when empty.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// What the server asks of the application, on its event-loop threads: nothing here may block.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Once the head of a request is in, before its body is read: an answer now (a refusal), or
  // nullopt to read the body. `request.body` is empty.
  virtual std::optional<HttpResponse> Screen(const HttpRequest& request) const = 0;
  // The answer when the bodies and answers held already reach `max_buffered_bytes`; nullopt to
  // serve the request all the same (a health probe, whose answer is a few bytes).
  virtual std::optional<HttpResponse> Busy(const HttpRequest& request) const = 0;
  // The whole request: answer through `exchange`, now or later, from any thread.
  virtual void Serve(std::shared_ptr<HttpExchange> exchange) const = 0;
};

class HttpFront {
 public:
  // Listens and serves until Stop. `handler` must outlive the server.
  static absl::StatusOr<std::unique_ptr<HttpFront>> Start(const HttpFrontOptions& options,
                                                          const HttpHandler* handler);
  ~HttpFront();

  int port() const { return port_; }
  // Stops accepting, waits until every request being served has its answer (streams must be
  // ended by the handler), closes every connection and returns.
  void Stop();

  // Used by the connections (http_front.cc).
  struct Shared;

 private:
  HttpFront() = default;

  std::shared_ptr<Shared> shared_;  // also held by each request
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  std::string tls_cert_;
  std::string tls_key_;
};

}  // namespace thidua::gateway
