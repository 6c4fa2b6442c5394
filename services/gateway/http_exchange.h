#pragma once
// One HTTP request and its answer, as the gateway sees them: plain values, whatever library
// reads and writes the bytes (HttpFront).

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace thidua::gateway {

struct HttpRequest {
  std::string method;  // "GET", "POST"...
  std::string target;  // the path and query as sent, still percent-encoded
  std::string path;    // `target` up to its '?'
  // In the order received, names as sent; several lines of one name stay several entries.
  std::vector<std::pair<std::string, std::string>> headers;
  // The query's parameters, percent-decoded ('+' as a space), in order per name.
  std::multimap<std::string, std::string> query;
  std::string body;

  // The first value of header `name` (case-insensitive); empty when absent.
  std::string Header(absl::string_view name) const;
  bool HasHeader(absl::string_view name) const;
  int HeaderCount(absl::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
  // Bytes that outlive the server (the docs page's files, the OpenAPI document), sent in place of
  // `body` without a copy: a client that reads them slowly holds no memory of its own.
  absl::string_view persistent_body;

  // Sets header `name`, replacing a value set before.
  void SetHeader(absl::string_view name, std::string value);
  void SetContent(std::string content, std::string type);
};

// A request being answered. The answer may come from any thread, once: either Reply, or
// StartStream, Write... and Finish. The exchange lives while anyone holds it.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  virtual const HttpRequest& request() const = 0;
  virtual void Reply(HttpResponse response) = 0;
  // Starts a streamed answer (chunked): the status, headers and content type of `head`.
  virtual void StartStream(HttpResponse head) = 0;
  // Adds bytes to the stream; false once the client has gone or reads too slowly to keep up,
  // after which nothing more reaches it.
  virtual bool Write(std::string bytes) = 0;
  // Ends the stream.
  virtual void Finish() = 0;
};

}  // namespace thidua::gateway
