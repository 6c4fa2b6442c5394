#include "services/gateway/gateway_server.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/call.h"
#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "grpc/health/v1/health.pb.h"
#include "services/gateway/error_body.h"
#include "services/gateway/grpc_web.h"
#include "services/gateway/grpc_web_stream.h"
#include "services/gateway/openapi.h"
#include "services/gateway/request_rules.h"
#include "services/gateway/static_files.h"

namespace thidua::gateway {

Gateway::Gateway(const GatewayOptions& options, const google::protobuf::DescriptorPool& pool,
                 RouteTable routes)
    : options_(options), pool_(pool), routes_(std::move(routes)), transcoder_(pool) {}

Gateway::~Gateway() { Stop(); }

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(
    const GatewayOptions& options, const google::protobuf::DescriptorPool& pool, RouteTable routes,
    std::map<std::string, Channels> backends) {
  std::unique_ptr<Gateway> gateway(new Gateway(options, pool, std::move(routes)));
  for (const auto& route : gateway->routes_.routes()) {
    const std::string& service = route->method->service()->full_name();
    if (gateway->backends_.count(service) > 0) continue;
    auto it = backends.find(service);
    if (it == backends.end() || it->second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("no backend for ", service));
    }
    auto backend = std::make_unique<Backend>();
    for (const auto& channel : it->second) {
      backend->stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
    gateway->backends_[service] = std::move(backend);
  }
  const size_t colon = options.listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen \"", options.listen, "\" is not host:port"));
  }
  gateway->openapi_ = OpenApiDocument(gateway->routes_, "v1").dump();
  if (!options.docs_dir.empty()) {
    auto docs = LoadStaticFiles(options.docs_dir, "/docs/");
    if (!docs.ok()) return docs.status();
    gateway->docs_ = *std::move(docs);
  }
  HttpFrontOptions front;
  front.host = options.listen.substr(0, colon);
  if (front.host.empty()) front.host = "0.0.0.0";
  // "[::1]:8080": the address inside the brackets.
  if (front.host.size() > 2 && front.host.front() == '[' && front.host.back() == ']') {
    front.host = front.host.substr(1, front.host.size() - 2);
  }
  front.port = port;
  front.threads = options.threads;
  front.max_connections = options.max_connections;
  front.max_connections_per_ip = options.max_connections_per_ip;
  front.max_buffered_bytes = options.max_buffered_bytes;
  front.idle_timeout = options.read_timeout;
  front.tls_cert_file = options.tls_cert_file;
  front.tls_key_file = options.tls_key_file;
  auto started = HttpFront::Start(front, gateway.get());
  if (!started.ok()) return started.status();
  gateway->front_ = *std::move(started);
  return gateway;
}

void Gateway::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && front_ == nullptr) return;
    stopping_ = true;
    for (grpc::ClientContext* context : open_streams_) context->TryCancel();
  }
  if (front_ != nullptr) front_->Stop();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* pending) { return *pending == 0; }, &pending_));
}

void Gateway::Enter() const {
  absl::MutexLock lock(&mu_);
  ++pending_;
}

void Gateway::Leave() const {
  absl::MutexLock lock(&mu_);
  --pending_;
}

bool Gateway::Track(grpc::ClientContext* stream) const {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  open_streams_.insert(stream);
  return true;
}

void Gateway::Untrack(grpc::ClientContext* stream) const {
  absl::MutexLock lock(&mu_);
  open_streams_.erase(stream);
}

std::optional<HttpResponse> Gateway::Screen(const HttpRequest& request) const {
  std::optional<HttpResponse> refusal;
  size_t length = 0;
  if (std::optional<Refusal> framing = RefusalOf(request); framing.has_value()) {
    refusal = ErrorResponse(ToGrpcStatus(framing->error), request, framing->http_status);
  } else if (absl::SimpleAtoi(request.Header("Content-Length"), &length) &&
             length > options_.max_body_bytes) {
    refusal = ErrorResponse(
        ToGrpcStatus(Error(
            absl::StatusCode::kResourceExhausted, "BODY_TOO_LARGE",
            absl::StrCat("The request body is larger than ", options_.max_body_bytes >> 10, " KiB"),
            absl::StrCat("Nội dung yêu cầu lớn hơn ", options_.max_body_bytes >> 10, " KiB"))),
        request, 413);
  } else if (length > kMaxAnonymousBodyBytes &&
             !absl::StartsWith(request.Header("Authorization"), "Bearer ")) {
    // Every method that takes a body needs a token (a health check over gRPC-Web, which does not,
    // sends a few bytes): a body is not read for a caller who presents none.
    refusal = ErrorResponse(ToGrpcStatus(Unauthenticated()), request);
  } else if (request.target.size() > kMaxTargetBytes) {
    refusal = ErrorResponse(ToGrpcStatus(Error(absl::StatusCode::kInvalidArgument, "URI_TOO_LONG",
                                               "The path and query are longer than 8 KiB",
                                               "Đường dẫn và tham số truy vấn dài quá 8 KiB")),
                            request, 414);
  }
  if (!refusal.has_value()) return std::nullopt;
  Decorate(request, *refusal);
  // The body, if any, is not read: the connection cannot carry another request.
  refusal->SetHeader("Connection", "close");
  return refusal;
}

std::optional<HttpResponse> Gateway::Busy(const HttpRequest& request) const {
  // Probes are answered whatever the load: a liveness probe failing for clients that read slowly
  // would have the gateway restarted, which helps no one.
  if (request.method == "GET" && (request.path == "/healthz" || request.path == "/readyz")) {
    return std::nullopt;
  }
  HttpResponse response = ErrorResponse(
      ToGrpcStatus(Error(absl::StatusCode::kUnavailable, "GATEWAY_BUSY",
                         "The gateway is reading too many request bodies; retry shortly",
                         "Cổng API đang nhận quá nhiều nội dung yêu cầu; hãy thử lại sau ít phút")),
      request);
  response.SetHeader("Retry-After", "1");
  response.SetHeader("Connection", "close");
  Decorate(request, response);
  return response;
}

void Gateway::Decorate(const HttpRequest& request, HttpResponse& response) const {
  AllowOrigin(request, response);
  // Every answer: no content sniffing, no framing of the docs page by another site.
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("Referrer-Policy", "no-referrer");
}

void Gateway::Send(HttpExchange& exchange, HttpResponse response) const {
  Decorate(exchange.request(), response);
  exchange.Reply(std::move(response));
}

void Gateway::Serve(std::shared_ptr<HttpExchange> exchange) const {
  const HttpRequest& request = exchange->request();
  if (request.method == "OPTIONS") return Preflight(*exchange);
  if (request.method == "GET") {
    HttpResponse response;
    if (request.path == "/healthz") {
      response.SetContent("{\"status\":\"SERVING\"}", kJson);
      return Send(*exchange, std::move(response));
    }
    if (request.path == "/readyz") return Ready(std::move(exchange));
    if (request.path == "/openapi.json") {
      response.persistent_body = openapi_;
      response.content_type = kJson;
      return Send(*exchange, std::move(response));
    }
    if (!docs_.empty() && (request.path == "/docs" || absl::StartsWith(request.path, "/docs/"))) {
      auto file = docs_.find(request.path == "/docs/" ? "/docs/index.html" : request.path);
      if (request.path == "/docs") {
        response.status = 302;
        response.SetHeader("Location", "/docs/");
      } else if (file == docs_.end()) {
        response = ErrorResponse(ToGrpcStatus(Error(absl::StatusCode::kNotFound, "NO_SUCH_FILE",
                                                    "The docs page has no such file",
                                                    "Trang tài liệu không có tệp này")),
                                 request);
      } else {
        response.persistent_body = file->second.content;
        response.content_type = file->second.content_type;
      }
      return Send(*exchange, std::move(response));
    }
  }
  // gRPC-Web calls are POSTs to /<service>/<method>, told from REST by their Content-Type.
  if (request.method == "POST" && GrpcWebModeOf(request.Header("Content-Type")).has_value()) {
    return HandleGrpcWeb(std::move(exchange));
  }
  HandleRest(std::move(exchange));
}

void Gateway::Preflight(HttpExchange& exchange) const {
  // A browser's preflight: the methods and headers a portal may send, for an allowed origin.
  HttpResponse response;
  response.status = 204;
  if (AllowOrigin(exchange.request(), response)) {
    response.SetHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    response.SetHeader("Access-Control-Allow-Headers",
                       "Authorization, Content-Type, Accept-Language, X-Request-Id, "
                       "grpc-timeout, X-Grpc-Web, X-User-Agent");
    response.SetHeader("Access-Control-Max-Age", "600");
  }
  Send(exchange, std::move(response));
}

void Gateway::HandleRest(std::shared_ptr<HttpExchange> exchange) const {
  const absl::Time started = absl::Now();
  const HttpRequest& request = exchange->request();
  const std::string request_id = RequestIdOf(request);
  auto fail = [&](const grpc::Status& status, int http_status = 0, std::string allow = "") {
    HttpResponse response = ErrorResponse(status, request, http_status);
    response.SetHeader("X-Request-Id", request_id);
    if (!allow.empty()) response.SetHeader("Allow", std::move(allow));
    Send(*exchange, std::move(response));
  };
  auto match = routes_.Find(request.method, request.path);
  if (!match.ok()) {
    if (absl::IsFailedPrecondition(match.status())) {
      const std::string allow(match.status().message());
      return fail(ToGrpcStatus(Error(absl::StatusCode::kUnimplemented, "METHOD_NOT_ALLOWED",
                                     absl::StrCat("This path takes ", allow),
                                     absl::StrCat("Đường dẫn này nhận ", allow))),
                  405, allow);
    }
    return fail(ToGrpcStatus(Error(absl::StatusCode::kNotFound, "NO_SUCH_ROUTE",
                                   "No API method has this path",
                                   "Không có phương thức API nào có đường dẫn này")));
  }
  const Route& route = *match->route;
  if (!route.body.empty() && !request.body.empty() &&
      !IsJsonMediaType(request.Header("Content-Type"))) {
    return fail(
        ToGrpcStatus(Error(absl::StatusCode::kInvalidArgument, "UNSUPPORTED_MEDIA_TYPE",
                           "Send the body as JSON, with Content-Type: application/json",
                           "Hãy gửi nội dung dạng JSON, với Content-Type: application/json")),
        415);
  }
  if (const std::string key = ParameterWithRawEquals(request.target); !key.empty()) {
    return fail(ToGrpcStatus(InvalidArgument({{key, "holds a raw '='; percent-encode it as %3D",
                                               "chứa dấu '=' chưa mã hóa; hãy viết là %3D"}})));
  }
  // After the call, on gRPC's thread: the answer or the error, the metric and the log line.
  auto finish = [this, exchange, &route, started, request_id](grpc::Status status,
                                                              const std::string& answer) {
    const HttpRequest& request = exchange->request();
    HttpResponse response;
    if (status.ok()) {
      auto json = transcoder_.ResponseJson(route, answer);
      if (json.ok()) {
        response.SetContent(*std::move(json), kJson);
      } else {
        status = ToGrpcStatus(json.status());
      }
    }
    if (!status.ok()) response = ErrorResponse(status, request);
    const int http_status = response.status;
    response.SetHeader("X-Request-Id", request_id);
    Send(*exchange, std::move(response));
    const absl::Duration latency = absl::Now() - started;
    server::Metrics::Global().Record(route.grpc_path, static_cast<int>(status.error_code()),
                                     latency);
    log::Info("http call", {{"http_method", request.method},
                            {"route", route.path.text()},
                            {"rpc", route.grpc_path},
                            {"http_status", http_status},
                            {"code", static_cast<int>(status.error_code())},
                            {"latency_ms", absl::ToDoubleMilliseconds(latency)},
                            {"request_id", request_id}});
  };
  auto bytes = transcoder_.Request(*match, request.query, request.body);
  if (!bytes.ok()) return finish(ToGrpcStatus(bytes.status()), "");
  // The bearer token travels unchanged; the service verifies it. It is never logged here.
  const std::optional<std::string> authorization = AuthorizationOf(request);
  if (!authorization.has_value()) return finish(ToGrpcStatus(Unauthenticated()), "");
  auto context = std::make_shared<grpc::ClientContext>();
  absl::Duration timeout = options_.call_timeout;
  if (auto stated = GrpcTimeoutOf(request); stated.has_value()) {
    timeout = std::min(timeout, *stated);
  }
  context->set_deadline(absl::ToChronoTime(started + timeout));
  if (!authorization->empty()) context->AddMetadata("authorization", *authorization);
  context->AddMetadata("x-request-id", request_id);
  grpc::GenericStub& stub = backends_.at(route.method->service()->full_name())->Pick();
  Enter();
  server::StartRawUnaryCall(
      stub, std::move(context), route.grpc_path, *std::move(bytes),
      [this, finish, &route, request_id](grpc::Status status, std::string answer) {
        finish(FromBackend(status, route.grpc_path, request_id), answer);
        Leave();
      });
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
  auto it = backends_.find(service);
  return it == backends_.end() ? nullptr : &it->second->Pick();
}

void Gateway::HandleGrpcWeb(std::shared_ptr<HttpExchange> exchange) const {
  const absl::Time started = absl::Now();
  const HttpRequest& request = exchange->request();
  const GrpcWebMode mode = *GrpcWebModeOf(request.Header("Content-Type"));
  const std::string request_id = RequestIdOf(request);
  const std::string& grpc_path = request.path;
  // "/thidua.registry.v1.Registry/ListOrganizations" → the method of the contracts loaded.
  const std::vector<std::string> parts = absl::StrSplit(grpc_path, '/');
  const google::protobuf::MethodDescriptor* method =
      parts.size() == 3 && parts[0].empty()
          ? pool_.FindMethodByName(absl::StrCat(parts[1], ".", parts[2]))
          : nullptr;
  // Metrics and logs name known methods only: a path is the client's to choose.
  const std::string rpc_name = method == nullptr ? "unknown" : grpc_path;
  // The call's status travels in the trailer frame; the HTTP status is 200.
  auto finish = [this, exchange, mode, started, request_id, rpc_name](const grpc::Status& status,
                                                                      std::string frames) {
    frames += GrpcWebTrailerFrame(status);
    HttpResponse response;
    response.SetHeader("X-Request-Id", request_id);
    response.SetContent(GrpcWebEncode(std::move(frames), mode), GrpcWebContentType(mode));
    Send(*exchange, std::move(response));
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
    Enter();
    server::StartRawUnaryCall(
        *stub, std::move(context), grpc_path, *std::move(message),
        [this, finish, grpc_path, request_id](grpc::Status status, std::string answer) {
          finish(FromBackend(status, grpc_path, request_id),
                 status.ok() ? GrpcWebDataFrame(answer) : "");
          Leave();
        });
    return;
  }
  if (streams_.fetch_add(1) >= options_.max_streams) {
    streams_.fetch_sub(1);
    return finish(ToGrpcStatus(Error(absl::StatusCode::kResourceExhausted, "TOO_MANY_STREAMS",
                                     "Too many streams are open on this gateway; retry later",
                                     "Cổng API đang mở quá nhiều luồng; hãy thử lại sau")),
                  "");
  }
  HttpResponse head;
  head.SetHeader("X-Request-Id", request_id);
  head.content_type = GrpcWebContentType(mode);
  Decorate(request, head);
  exchange->StartStream(std::move(head));
  GrpcWebStreamCall call{grpc_path, *std::move(message), mode, started, request_id};
  StartGrpcWebStream(*this, *stub, std::move(context), std::move(exchange), std::move(call),
                     [this] { streams_.fetch_sub(1); });
}

bool Gateway::AllowOrigin(const HttpRequest& request, HttpResponse& response) const {
  // The answer depends on the Origin whenever origins are configured: caches must keep them apart.
  if (!options_.cors_origins.empty()) response.SetHeader("Vary", "Origin");
  const std::string origin = request.Header("Origin");
  if (origin.empty()) return false;
  for (const std::string& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == origin) {
      response.SetHeader("Access-Control-Allow-Origin", allowed == "*" ? "*" : origin);
      response.SetHeader("Access-Control-Expose-Headers",
                         "X-Request-Id, grpc-status, grpc-message, grpc-status-details-bin");
      return true;
    }
  }
  return false;
}

void Gateway::Ready(std::shared_ptr<HttpExchange> exchange) const {
  // Every backend is asked at once; the last answer sends the verdict.
  struct Verdict {
    absl::Mutex mu;
    size_t left ABSL_GUARDED_BY(mu) = 0;
    nlohmann::json backends ABSL_GUARDED_BY(mu) = nlohmann::json::object();
    bool ready ABSL_GUARDED_BY(mu) = true;
  };
  auto verdict = std::make_shared<Verdict>();
  auto send = [this, exchange](bool ready, const nlohmann::json& backends) {
    HttpResponse response;
    response.status = ready ? 200 : 503;
    response.SetContent(
        nlohmann::json{{"status", ready ? "SERVING" : "NOT_SERVING"}, {"backends", backends}}
            .dump(),
        kJson);
    Send(*exchange, std::move(response));
  };
  if (backends_.empty()) return send(true, nlohmann::json::object());
  {
    absl::MutexLock lock(&verdict->mu);
    verdict->left = backends_.size();
  }
  // HealthCheckRequest{} asks for the whole server; HealthCheckResponse{status: SERVING} is
  // field 1, varint 1.
  static const std::string kServing("\x08\x01", 2);
  for (const auto& [service, backend] : backends_) {
    auto context = std::make_shared<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    Enter();
    server::StartRawUnaryCall(
        backend->Pick(), std::move(context), "/grpc.health.v1.Health/Check", "",
        [this, verdict, send, service = service](grpc::Status status, std::string answer) {
          const bool up = status.ok() && answer == kServing;
          bool last = false;
          bool ready = false;
          nlohmann::json backends;
          {
            absl::MutexLock lock(&verdict->mu);
            verdict->ready = verdict->ready && up;
            verdict->backends[service] = up            ? "SERVING"
                                         : status.ok() ? "NOT_SERVING"
                                                       : "UNAVAILABLE";
            last = --verdict->left == 0;
            if (last) {
              ready = verdict->ready;
              backends = verdict->backends;
            }
          }
          if (last) send(ready, backends);
          Leave();
        });
  }
}

}  // namespace thidua::gateway
