#include "services/gateway/gateway_server.h"

#include <httplib.h>

#include <chrono>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/call.h"
#include "common/server/http_server.h"
#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "grpc/health/v1/health.pb.h"
#include "services/gateway/error_body.h"
#include "services/gateway/grpc_web.h"
#include "services/gateway/openapi.h"

namespace thidua::gateway {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// A caller's X-Request-Id when it is a sane token (at most 100 visible ASCII characters), else a
// new random one: it names the call in every service's log line.
std::string RequestIdOf(const httplib::Request& request) {
  const std::string given = request.get_header_value("X-Request-Id");
  if (server::IsSaneTraceId(given)) return given;
  thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrCat(absl::Hex(random(), absl::kZeroPad16), absl::Hex(random(), absl::kZeroPad16));
}

// The `grpc-timeout` header ("250m", "5S": digits and a unit of H, M, S, m, u, n); nullopt when
// absent or malformed.
std::optional<absl::Duration> GrpcTimeoutOf(const httplib::Request& request) {
  const std::string value = request.get_header_value("grpc-timeout");
  if (value.size() < 2 || value.size() > 9) return std::nullopt;
  int64_t amount = 0;
  if (!absl::SimpleAtoi(absl::string_view(value).substr(0, value.size() - 1), &amount) ||
      amount < 0) {
    return std::nullopt;
  }
  switch (value.back()) {
    case 'H':
      return absl::Hours(amount);
    case 'M':
      return absl::Minutes(amount);
    case 'S':
      return absl::Seconds(amount);
    case 'm':
      return absl::Milliseconds(amount);
    case 'u':
      return absl::Microseconds(amount);
    case 'n':
      return absl::Nanoseconds(amount);
    default:
      return std::nullopt;
  }
}

// The Authorization header as gRPC metadata may carry it: visible ASCII and spaces, at most 8 KiB.
// Anything else would make gRPC refuse the call outright; nullopt here is a 401 instead.
std::optional<std::string> AuthorizationOf(const httplib::Request& request) {
  std::string value = request.get_header_value("Authorization");
  if (value.size() > 8192) return std::nullopt;
  for (char c : value) {
    if (c < ' ' || c > '~') return std::nullopt;
  }
  return value;
}

// `http_status` 0: the status of the code (HttpStatusOf); else one HTTP has and gRPC has not (411,
// 415, 431).
void SendError(const grpc::Status& status, const httplib::Request& request,
               httplib::Response& response, int http_status = 0) {
  response.status = http_status != 0 ? http_status : HttpStatusOf(status.error_code());
  // RFC 6750 §3: a 401 names the scheme the client should use.
  if (response.status == 401) response.set_header("WWW-Authenticate", "Bearer");
  response.set_content(
      ErrorBody(status, PreferredLanguage(request.get_header_value("Accept-Language"))), kJson);
}

// Room under gRPC's 8 KiB of request metadata for the token, beside the request id and gRPC's
// own: a longer Authorization header is a 431 here rather than RESOURCE_EXHAUSTED (429, "retry")
// from the backend.
constexpr size_t kMaxAuthorizationBytes = 7 * 1024;

// What the gateway refuses of a request's framing before its body is read: a body without a
// Content-Length (chunked: its size is known only once read whole), two Content-Lengths or two
// Authorization headers (which one a proxy in front acted on is unknowable), and a token longer
// than gRPC can carry. nullopt: nothing to refuse.
struct Refusal {
  int http_status;
  absl::Status error;
};
std::optional<Refusal> RefusalOf(const httplib::Request& request) {
  if (request.has_header("Transfer-Encoding") ||
      ((request.method == "POST" || request.method == "PUT" || request.method == "PATCH") &&
       !request.has_header("Content-Length"))) {
    return Refusal{411,
                   Error(absl::StatusCode::kInvalidArgument, "LENGTH_REQUIRED",
                         "Send the body with a Content-Length (no chunked bodies)",
                         "Hãy gửi nội dung kèm Content-Length (không nhận nội dung chia khối)")};
  }
  if (request.get_header_value_count("Content-Length") > 1 ||
      request.get_header_value_count("Authorization") > 1) {
    return Refusal{400, Error(absl::StatusCode::kInvalidArgument, "DUPLICATE_HEADER",
                              "Content-Length and Authorization may be sent once each",
                              "Mỗi tiêu đề Content-Length và Authorization chỉ được gửi một lần")};
  }
  if (request.get_header_value("Authorization").size() > kMaxAuthorizationBytes) {
    return Refusal{431, Error(absl::StatusCode::kInvalidArgument, "HEADER_TOO_LARGE",
                              "The Authorization header is longer than 7 KiB",
                              "Tiêu đề Authorization dài quá 7 KiB")};
  }
  return std::nullopt;
}

// A JSON body's media type: application/json or any +json type (RFC 6839), parameters aside.
bool IsJsonMediaType(absl::string_view content_type) {
  const std::string type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  return type == "application/json" || absl::EndsWith(type, "+json");
}

// The first query parameter of `target` whose value holds a raw '=' ("a=1=2"): cpp-httplib keeps
// the text after the last one, which is not what the caller meant. Empty when none.
std::string ParameterWithRawEquals(absl::string_view target) {
  const size_t question = target.find('?');
  if (question == absl::string_view::npos) return "";
  for (absl::string_view pair : absl::StrSplit(target.substr(question + 1), '&')) {
    const size_t equals = pair.find('=');
    if (equals != absl::string_view::npos &&
        pair.find('=', equals + 1) != absl::string_view::npos) {
      return std::string(pair.substr(0, equals));
    }
  }
  return "";
}

}  // namespace

Gateway::Gateway(const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
                 RouteTable routes)
    : options_(options), pool_(pool), routes_(std::move(routes)), transcoder_(pool) {}

Gateway::~Gateway() { Stop(); }

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(
    const GatewayOptions& options, const google::protobuf::DescriptorPool& pool, RouteTable routes,
    std::map<std::string, std::shared_ptr<grpc::Channel>> backends) {
  std::unique_ptr<Gateway> gateway(new Gateway(options, pool, std::move(routes)));
  // Streams hold a connection's thread each: never more than a quarter of them.
  gateway->options_.max_streams = std::max(1, std::min(options.max_streams, options.threads / 4));
  for (const auto& route : gateway->routes_.routes()) {
    const std::string& service = route->method->service()->full_name();
    if (gateway->stubs_.count(service) > 0) continue;
    auto it = backends.find(service);
    if (it == backends.end()) {
      return absl::InvalidArgumentError(absl::StrCat("no backend for ", service));
    }
    gateway->stubs_[service] = std::make_unique<grpc::GenericStub>(it->second);
  }
  const std::vector<std::string> host_port = absl::StrSplit(options.listen, ':');
  int port = 0;
  if (host_port.size() != 2 || !absl::SimpleAtoi(host_port[1], &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen \"", options.listen, "\" is not host:port"));
  }
  std::unique_ptr<httplib::Server> server;
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("a TLS certificate needs its key, and a key its certificate");
  }
  if (!options.tls_cert_file.empty()) {
    auto https = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                      options.tls_key_file.c_str());
    if (!https->is_valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot use the TLS certificate ", options.tls_cert_file, " with its key"));
    }
    server = std::move(https);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  const int threads = options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_payload_max_length(options.max_body_bytes);
  server->set_read_timeout(absl::ToChronoSeconds(options.read_timeout));
  server->set_write_timeout(absl::ToChronoSeconds(options.read_timeout));
  server->set_keep_alive_timeout(absl::ToInt64Seconds(options.idle_timeout));
  server->set_keep_alive_max_count(1000);
  // httplib writes an answer's headers and body separately: with Nagle's algorithm the body waits
  // for the client's delayed ACK (40 ms on Linux) on every kept-alive call.
  server->set_tcp_nodelay(true);
  Gateway* self = gateway.get();
  gateway->openapi_ = OpenApiDocument(gateway->routes_, "v1").dump();
  auto handler = [self](const httplib::Request& q, httplib::Response& r) { self->Handle(q, r); };
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("{\"status\":\"SERVING\"}", kJson);
  });
  server->Get("/readyz", [self](const httplib::Request&, httplib::Response& r) { self->Ready(r); });
  server->Get("/openapi.json", [self](const httplib::Request& q, httplib::Response& r) {
    self->AllowOrigin(q, r);
    r.set_content(self->openapi_, kJson);
  });
  if (!options.docs_dir.empty()) {
    server->Get("/docs",
                [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/docs/"); });
    if (!server->set_mount_point("/docs/", options.docs_dir)) {
      return absl::InvalidArgumentError(
          absl::StrCat("docs directory ", options.docs_dir, " does not exist"));
    }
  }
  // A browser's preflight: the methods and headers a portal may send, for an allowed origin.
  server->Options(".*", [self](const httplib::Request& q, httplib::Response& r) {
    r.status = 204;
    if (!self->AllowOrigin(q, r)) return;
    r.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    r.set_header("Access-Control-Allow-Headers",
                 "Authorization, Content-Type, Accept-Language, X-Request-Id, grpc-timeout, "
                 "X-Grpc-Web, X-User-Agent");
    r.set_header("Access-Control-Max-Age", "600");
  });
  // gRPC-Web calls are POSTs to /<service>/<method>, told from REST by their Content-Type.
  server->Post(".*", [self](const httplib::Request& q, httplib::Response& r) {
    if (GrpcWebModeOf(q.get_header_value("Content-Type")).has_value()) {
      self->HandleGrpcWeb(q, r);
    } else {
      self->Handle(q, r);
    }
  });
  server->Get("/v1/.*", handler);
  server->Put("/v1/.*", handler);
  server->Patch("/v1/.*", handler);
  server->Delete("/v1/.*", handler);
  // Before the body is read (so an unbounded chunked body is never taken in).
  server->set_pre_routing_handler([self](const httplib::Request& q, httplib::Response& r) {
    const std::optional<Refusal> refusal = RefusalOf(q);
    if (!refusal.has_value()) return httplib::Server::HandlerResponse::Unhandled;
    self->AllowOrigin(q, r);
    SendError(ToGrpcStatus(refusal->error), q, r, refusal->http_status);
    r.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  // Every answer: no content sniffing, no framing of the docs page by another site.
  server->set_post_routing_handler([](const httplib::Request&, httplib::Response& r) {
    r.set_header("X-Content-Type-Options", "nosniff");
    r.set_header("X-Frame-Options", "DENY");
    r.set_header("Referrer-Policy", "no-referrer");
  });
  // What the library answers itself (no route, a body over the limit, a malformed request) also
  // gets a google.rpc.Status body, so a client has one error shape to read.
  server->set_error_handler([self](const httplib::Request& q, httplib::Response& r) {
    if (!r.body.empty()) return;
    self->AllowOrigin(q, r);
    // The header and URI limits are cpp-httplib's, compiled into Debian's library; it answers
    // 400 for a header line over its limit (431 would say more, but the library does not tell
    // the two apart), 414 for a long URI.
    static const std::string kHeaderKb = std::to_string(CPPHTTPLIB_HEADER_MAX_LENGTH / 1024);
    static const std::string kUriKb = std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH / 1024);
    const absl::Status error =
        r.status == 413 ? Error(absl::StatusCode::kResourceExhausted, "BODY_TOO_LARGE",
                                "The request body is larger than this gateway accepts",
                                "Nội dung yêu cầu lớn hơn mức cổng API chấp nhận")
        : r.status == 404
            ? Error(absl::StatusCode::kNotFound, "NO_SUCH_ROUTE", "No API method has this path",
                    "Không có phương thức API nào có đường dẫn này")
        : r.status == 414
            ? Error(absl::StatusCode::kInvalidArgument, "URI_TOO_LONG",
                    absl::StrCat("The path and query are longer than ", kUriKb, " KiB"),
                    absl::StrCat("Đường dẫn và tham số truy vấn dài quá ", kUriKb, " KiB"))
            : Error(absl::StatusCode::kInvalidArgument, "BAD_HTTP_REQUEST",
                    absl::StrCat("The HTTP request is malformed, or a header line is longer than ",
                                 kHeaderKb, " KiB"),
                    absl::StrCat("Yêu cầu HTTP không đúng định dạng, hoặc có dòng tiêu đề dài quá ",
                                 kHeaderKb, " KiB"));
    r.set_content(
        ErrorBody(ToGrpcStatus(error), PreferredLanguage(q.get_header_value("Accept-Language"))),
        kJson);
  });
  const std::string host = host_port[0].empty() ? "0.0.0.0" : host_port[0];
  gateway->server_ = std::move(server);
  auto bound = server::StartHttpServer(*gateway->server_, host, port, gateway->listener_);
  if (!bound.ok()) return bound.status();
  gateway->port_ = *bound;
  return gateway;
}

void Gateway::Stop() {
  {
    absl::MutexLock lock(&streams_mu_);
    stopping_ = true;
    for (grpc::ClientContext* context : open_streams_) context->TryCancel();
  }
  if (server_ != nullptr) server_->stop();
  if (listener_.joinable()) listener_.join();
}

void Gateway::Handle(const httplib::Request& request, httplib::Response& response) const {
  const absl::Time started = absl::Now();
  const std::string request_id = RequestIdOf(request);
  response.set_header("X-Request-Id", request_id);
  AllowOrigin(request, response);
  const absl::string_view path =
      absl::string_view(request.target).substr(0, request.target.find('?'));
  auto match = routes_.Find(request.method, path);
  if (!match.ok()) {
    if (absl::IsFailedPrecondition(match.status())) {
      response.set_header("Allow", std::string(match.status().message()));
      SendError(ToGrpcStatus(Error(absl::StatusCode::kUnimplemented, "METHOD_NOT_ALLOWED",
                                   absl::StrCat("This path takes ", match.status().message()),
                                   absl::StrCat("Đường dẫn này nhận ", match.status().message()))),
                request, response);
      response.status = 405;
      return;
    }
    SendError(ToGrpcStatus(Error(absl::StatusCode::kNotFound, "NO_SUCH_ROUTE",
                                 "No API method has this path",
                                 "Không có phương thức API nào có đường dẫn này")),
              request, response);
    return;
  }
  const Route& route = *match->route;
  if (!route.body.empty() && !request.body.empty() &&
      !IsJsonMediaType(request.get_header_value("Content-Type"))) {
    SendError(ToGrpcStatus(Error(absl::StatusCode::kInvalidArgument, "UNSUPPORTED_MEDIA_TYPE",
                                 "Send the body as JSON, with Content-Type: application/json",
                                 "Hãy gửi nội dung dạng JSON, với Content-Type: application/json")),
              request, response, 415);
    return;
  }
  if (const std::string key = ParameterWithRawEquals(request.target); !key.empty()) {
    SendError(ToGrpcStatus(InvalidArgument({{key, "holds a raw '='; percent-encode it as %3D",
                                             "chứa dấu '=' chưa mã hóa; hãy viết là %3D"}})),
              request, response);
    return;
  }
  grpc::Status status;
  auto bytes = transcoder_.Request(*match, request.params, request.body);
  std::string answer;
  if (!bytes.ok()) {
    status = ToGrpcStatus(bytes.status());
  } else {
    grpc::ClientContext context;
    absl::Duration timeout = options_.call_timeout;
    if (auto stated = GrpcTimeoutOf(request); stated.has_value()) {
      timeout = std::min(timeout, *stated);
    }
    context.set_deadline(absl::ToChronoTime(started + timeout));
    // The bearer token travels unchanged; the service verifies it. It is never logged here.
    const std::optional<std::string> authorization = AuthorizationOf(request);
    if (!authorization.has_value()) {
      status = ToGrpcStatus(Unauthenticated());
    } else {
      if (!authorization->empty()) context.AddMetadata("authorization", *authorization);
      context.AddMetadata("x-request-id", request_id);
      grpc::GenericStub& stub = *stubs_.at(route.method->service()->full_name());
      status = FromBackend(server::RawUnaryCall(stub, context, route.grpc_path, *bytes, &answer),
                           route.grpc_path, request_id);
    }
  }
  if (status.ok()) {
    auto json = transcoder_.ResponseJson(route, answer);
    if (json.ok()) {
      response.status = 200;
      response.set_content(*std::move(json), kJson);
    } else {
      status = ToGrpcStatus(json.status());
    }
  }
  if (!status.ok()) SendError(status, request, response);
  const absl::Duration latency = absl::Now() - started;
  server::Metrics::Global().Record(route.grpc_path, static_cast<int>(status.error_code()), latency);
  log::Info("http call", {{"http_method", request.method},
                          {"route", route.path.text()},
                          {"rpc", route.grpc_path},
                          {"http_status", response.status},
                          {"code", static_cast<int>(status.error_code())},
                          {"latency_ms", absl::ToDoubleMilliseconds(latency)},
                          {"request_id", request_id}});
}

grpc::Status Gateway::FromBackend(const grpc::Status& raw, const std::string& rpc,
                                  const std::string& request_id) const {
  grpc::Status shown = PublicStatus(raw);
  if (shown.error_message() != raw.error_message()) {
    // What gRPC said stays here, for the operator: which backend address failed and how.
    log::Warn("backend call failed in gRPC", {{"rpc", rpc},
                                              {"code", static_cast<int>(raw.error_code())},
                                              {"detail", raw.error_message()},
                                              {"request_id", request_id}});
  }
  return shown;
}

grpc::GenericStub* Gateway::BackendOf(const google::protobuf::MethodDescriptor& method,
                                      std::string& request) const {
  std::string service = method.service()->full_name();
  if (service == "grpc.health.v1.Health") {
    // A health check names the service it asks about; each backend serves one service, whose
    // health is its whole server's (service ""), so the check goes there asking for "".
    grpc::health::v1::HealthCheckRequest check;
    if (!check.ParseFromString(request)) return nullptr;
    service = check.service();
    check.clear_service();
    request = check.SerializeAsString();
  }
  auto it = stubs_.find(service);
  return it == stubs_.end() ? nullptr : it->second.get();
}

void Gateway::HandleGrpcWeb(const httplib::Request& request, httplib::Response& response) const {
  const absl::Time started = absl::Now();
  const GrpcWebMode mode = *GrpcWebModeOf(request.get_header_value("Content-Type"));
  const std::string request_id = RequestIdOf(request);
  response.status = 200;  // the call's status travels in the trailer frame
  response.set_header("X-Request-Id", request_id);
  AllowOrigin(request, response);
  const std::string grpc_path = request.path;
  // "/thidua.registry.v1.Registry/ListOrganizations" → the method of the contracts loaded.
  const std::vector<std::string> parts = absl::StrSplit(grpc_path, '/');
  const google::protobuf::MethodDescriptor* method =
      parts.size() == 3 && parts[0].empty()
          ? pool_.FindMethodByName(absl::StrCat(parts[1], ".", parts[2]))
          : nullptr;
  // Metrics and logs name known methods only: a path is the client's to choose.
  const std::string rpc_name = method == nullptr ? "unknown" : grpc_path;
  auto finish = [&](const grpc::Status& status, std::string frames) {
    frames += GrpcWebTrailerFrame(status);
    response.set_content(GrpcWebEncode(std::move(frames), mode), GrpcWebContentType(mode));
    server::Metrics::Global().Record(rpc_name, static_cast<int>(status.error_code()),
                                     absl::Now() - started);
    log::Info("grpc-web call", {{"rpc", rpc_name},
                                {"code", static_cast<int>(status.error_code())},
                                {"latency_ms", absl::ToDoubleMilliseconds(absl::Now() - started)},
                                {"request_id", request_id}});
  };
  auto message = GrpcWebRequestMessage(request.body, mode);
  if (!message.ok()) {
    return finish(
        ToGrpcStatus(Error(absl::StatusCode::kInvalidArgument, "BAD_GRPC_WEB_BODY",
                           absl::StrCat("Malformed gRPC-Web body: ", message.status().message()),
                           "Nội dung gRPC-Web không đúng định dạng")),
        "");
  }
  grpc::GenericStub* stub = method == nullptr ? nullptr : BackendOf(*method, *message);
  if (stub == nullptr || method->client_streaming()) {
    return finish(ToGrpcStatus(Error(absl::StatusCode::kUnimplemented, "NO_SUCH_METHOD",
                                     "No method of the services behind this gateway has this path",
                                     "Không có phương thức nào có đường dẫn này")),
                  "");
  }
  const std::optional<std::string> authorization = AuthorizationOf(request);
  if (!authorization.has_value()) return finish(ToGrpcStatus(Unauthenticated()), "");
  auto context = std::make_shared<grpc::ClientContext>();
  if (!authorization->empty()) context->AddMetadata("authorization", *authorization);
  context->AddMetadata("x-request-id", request_id);
  absl::Duration timeout =
      method->server_streaming() ? options_.stream_timeout : options_.call_timeout;
  if (auto stated = GrpcTimeoutOf(request); stated.has_value()) {
    timeout = std::min(timeout, *stated);
  }
  context->set_deadline(absl::ToChronoTime(started + timeout));
  if (!method->server_streaming()) {
    std::string answer;
    const grpc::Status status = FromBackend(
        server::RawUnaryCall(*stub, *context, grpc_path, *message, &answer), grpc_path, request_id);
    return finish(status, status.ok() ? GrpcWebDataFrame(answer) : "");
  }
  if (streams_.fetch_add(1) >= options_.max_streams) {
    streams_.fetch_sub(1);
    return finish(ToGrpcStatus(Error(absl::StatusCode::kResourceExhausted, "TOO_MANY_STREAMS",
                                     "Too many streams are open on this gateway; retry later",
                                     "Cổng API đang mở quá nhiều luồng; hãy thử lại sau")),
                  "");
  }
  // The stream runs while the answer is written: each message as its own data frame (its own
  // base64 chunk in text mode), then the trailers.
  const std::string request_bytes = *std::move(message);
  response.set_chunked_content_provider(
      GrpcWebContentType(mode),
      [this, stub, context, grpc_path, request_bytes, mode, started, request_id](
          size_t, httplib::DataSink& sink) {
        {
          absl::MutexLock lock(&streams_mu_);
          if (stopping_) context->TryCancel();
          open_streams_.insert(context.get());
        }
        grpc::CompletionQueue cq;
        grpc::ByteBuffer request_buffer = server::ToByteBuffer(request_bytes);
        auto call = stub->PrepareCall(context.get(), grpc_path, &cq);
        void* tag = nullptr;
        bool ok = false;
        auto step = [&](int id) {
          return cq.Next(&tag, &ok) && tag == reinterpret_cast<void*>(id) && ok;
        };
        call->StartCall(reinterpret_cast<void*>(1));
        bool open = step(1);
        if (open) {
          call->Write(request_buffer, reinterpret_cast<void*>(2));
          open = step(2);
        }
        if (open) {
          call->WritesDone(reinterpret_cast<void*>(3));
          open = step(3);
        }
        bool client_gone = false;
        while (open) {
          grpc::ByteBuffer read;
          call->Read(&read, reinterpret_cast<void*>(4));
          if (!step(4)) break;
          std::vector<grpc::Slice> slices;
          std::string bytes;
          if (read.Dump(&slices).ok()) {
            for (const grpc::Slice& slice : slices) {
              bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
            }
          }
          const std::string chunk = GrpcWebEncode(GrpcWebDataFrame(bytes), mode);
          if (!sink.write(chunk.data(), chunk.size())) {
            client_gone = true;
            context->TryCancel();
            break;
          }
        }
        grpc::Status raw_status;
        call->Finish(&raw_status, reinterpret_cast<void*>(5));
        while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(5)) {
        }
        const grpc::Status status = FromBackend(raw_status, grpc_path, request_id);
        cq.Shutdown();
        while (cq.Next(&tag, &ok)) {
        }
        {
          absl::MutexLock lock(&streams_mu_);
          open_streams_.erase(context.get());
        }
        if (!client_gone) {
          const std::string trailer = GrpcWebEncode(GrpcWebTrailerFrame(status), mode);
          sink.write(trailer.data(), trailer.size());
          sink.done();
        }
        server::Metrics::Global().Record(grpc_path, static_cast<int>(status.error_code()),
                                         absl::Now() - started);
        log::Info("grpc-web stream", {{"rpc", grpc_path},
                                      {"code", static_cast<int>(status.error_code())},
                                      {"seconds", absl::ToDoubleSeconds(absl::Now() - started)},
                                      {"request_id", request_id}});
        return !client_gone;
      },
      // Runs whether or not the stream ever started (a client gone before the answer).
      [this](bool) { streams_.fetch_sub(1); });
}

bool Gateway::AllowOrigin(const httplib::Request& request, httplib::Response& response) const {
  // The answer depends on the Origin whenever origins are configured: caches must keep them apart.
  if (!options_.cors_origins.empty()) response.set_header("Vary", "Origin");
  const std::string origin = request.get_header_value("Origin");
  if (origin.empty()) return false;
  for (const std::string& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == origin) {
      response.set_header("Access-Control-Allow-Origin", allowed == "*" ? "*" : origin);
      response.set_header("Access-Control-Expose-Headers",
                          "X-Request-Id, grpc-status, grpc-message, grpc-status-details-bin");
      return true;
    }
  }
  return false;
}

void Gateway::Ready(httplib::Response& response) const {
  // HealthCheckRequest{} asks for the whole server; HealthCheckResponse{status: SERVING} is
  // field 1, varint 1.
  const std::string serving("\x08\x01", 2);
  nlohmann::json backends = nlohmann::json::object();
  bool ready = true;
  for (const auto& [service, stub] : stubs_) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    std::string answer;
    const grpc::Status status =
        server::RawUnaryCall(*stub, context, "/grpc.health.v1.Health/Check", "", &answer);
    const bool up = status.ok() && answer == serving;
    ready = ready && up;
    backends[service] = up ? "SERVING" : status.ok() ? "NOT_SERVING" : "UNAVAILABLE";
  }
  response.status = ready ? 200 : 503;
  response.set_content(
      nlohmann::json{{"status", ready ? "SERVING" : "NOT_SERVING"}, {"backends", backends}}.dump(),
      kJson);
}

}  // namespace thidua::gateway
