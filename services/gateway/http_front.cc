#include "services/gateway/http_front.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdarg>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace thidua::gateway {

struct HttpFront::Shared {
  HttpFrontOptions options;
  const HttpHandler* handler = nullptr;
  std::atomic<size_t> buffered{0};
  absl::Mutex mu;
  int unanswered ABSL_GUARDED_BY(mu) = 0;  // requests handed to Serve, not answered yet
};

namespace {

using Shared = HttpFront::Shared;

// One request on one connection. libmicrohttpd calls it on the connection's event-loop thread
// (Access, Read, the completion); the application answers from any thread, and a connection
// waiting for its answer is suspended, then resumed by the answer.
class Exchange final : public HttpExchange, public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<Shared> shared, MHD_Connection* connection, const char* uri)
      : shared_(std::move(shared)), connection_(connection) {
    request_.target = uri;
    request_.path = request_.target.substr(0, request_.target.find('?'));
  }
  ~Exchange() override { shared_->buffered -= reserved_; }

  const HttpRequest& request() const override { return request_; }
  void Reply(HttpResponse response) override;
  void StartStream(HttpResponse head) override;
  bool Write(std::string bytes) override;
  void Finish() override;

  // On the connection's thread.
  MHD_Result Access(const char* method, const char* upload, size_t* upload_size);
  ssize_t Read(char* buffer, size_t max);
  void Completed();

 private:
  enum class Phase { kHead, kBody, kServing, kQueued };
  void ReadHead(const char* method);
  MHD_Result Queue(HttpResponse response);
  MHD_Result QueueStream(const HttpResponse& head);
  void ResumeLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Answered();

  const std::shared_ptr<Shared> shared_;
  MHD_Connection* const connection_;
  HttpRequest request_;
  Phase phase_ = Phase::kHead;  // the connection's thread only
  size_t announced_ = 0;        // the body's Content-Length
  size_t reserved_ = 0;         // bytes of shared_->buffered this request's body holds

  absl::Mutex mu_;
  bool suspended_ ABSL_GUARDED_BY(mu_) = false;
  bool gone_ ABSL_GUARDED_BY(mu_) = false;      // the connection is done: touch it no more
  bool answered_ ABSL_GUARDED_BY(mu_) = false;  // Reply or Finish came
  std::optional<HttpResponse> answer_ ABSL_GUARDED_BY(mu_);  // to queue; a stream's head
  bool streaming_ ABSL_GUARDED_BY(mu_) = false;
  std::string backlog_ ABSL_GUARDED_BY(mu_);  // stream bytes the library has not taken yet
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool abandoned_ ABSL_GUARDED_BY(mu_) = false;  // the client fell too far behind
};

MHD_Result Exchange::Access(const char* method, const char* upload, size_t* upload_size) {
  switch (phase_) {
    case Phase::kHead: {
      ReadHead(method);
      phase_ = Phase::kBody;
      if (std::optional<HttpResponse> refusal = shared_->handler->Screen(request_)) {
        phase_ = Phase::kQueued;
        return Queue(*std::move(refusal));
      }
      (void)absl::SimpleAtoi(request_.Header("Content-Length"), &announced_);
      // Refused at once when the budget cannot hold the body announced, whether bodies or answers
      // not yet taken fill it.
      if (shared_->buffered.load() + announced_ > shared_->options.max_buffered_bytes) {
        if (std::optional<HttpResponse> busy = shared_->handler->Busy(request_)) {
          phase_ = Phase::kQueued;
          return Queue(*std::move(busy));
        }
      }
      return MHD_YES;
    }
    case Phase::kBody:
      if (*upload_size > 0) {
        // The library holds a body to its Content-Length; one beyond it (none stated) is not
        // taken in.
        if (request_.body.size() + *upload_size > announced_) return MHD_NO;
        // Charged as it arrives, not as announced: a client announcing a body and trickling it
        // holds only what it has sent. A body arriving once the budget is spent is dropped with
        // its connection (the library cannot answer in the middle of a body).
        const size_t held = shared_->buffered.fetch_add(*upload_size) + *upload_size;
        reserved_ += *upload_size;
        if (held > shared_->options.max_buffered_bytes) return MHD_NO;
        request_.body.append(upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
      }
      phase_ = Phase::kServing;
      {
        absl::MutexLock lock(&shared_->mu);
        ++shared_->unanswered;
      }
      shared_->handler->Serve(shared_from_this());
      [[fallthrough]];
    case Phase::kServing: {
      HttpResponse answer;
      bool streaming = false;
      {
        absl::MutexLock lock(&mu_);
        if (!answer_.has_value()) {
          // Nothing to send yet: the connection waits off the event loop until the answer.
          suspended_ = true;
          MHD_suspend_connection(connection_);
          return MHD_YES;
        }
        answer = *std::move(answer_);
        answer_.reset();
        streaming = streaming_;
      }
      phase_ = Phase::kQueued;
      return streaming ? QueueStream(answer) : Queue(std::move(answer));
    }
    case Phase::kQueued:
      break;
  }
  return MHD_YES;
}

// Each (name, value) pair the library parsed of `kind` (a value-less query key has value "").
template <typename Container>
void CollectValues(MHD_Connection* connection, MHD_ValueKind kind, Container& into) {
  MHD_get_connection_values_n(
      connection, kind,
      [](void* self, MHD_ValueKind, const char* key, size_t key_size, const char* value,
         size_t value_size) {
        auto& values = *static_cast<Container*>(self);
        values.insert(values.end(), {std::string(key, key_size),
                                     value == nullptr ? "" : std::string(value, value_size)});
        return MHD_YES;
      },
      &into);
}

void Exchange::ReadHead(const char* method) {
  request_.method = method;
  CollectValues(connection_, MHD_HEADER_KIND, request_.headers);
  CollectValues(connection_, MHD_GET_ARGUMENT_KIND, request_.query);
}

// An answer's bytes while the library sends them, counted in the server's budget until freed.
struct HeldAnswer {
  std::string bytes;
  std::shared_ptr<Shared> shared;
  ~HeldAnswer() { shared->buffered -= bytes.size(); }
};

MHD_Result Exchange::Queue(HttpResponse response) {
  MHD_Response* answer = nullptr;
  if (!response.persistent_body.empty()) {
    answer = MHD_create_response_from_buffer(response.persistent_body.size(),
                                             const_cast<char*>(response.persistent_body.data()),
                                             MHD_RESPMEM_PERSISTENT);
  } else {
    // The body moves to the library, which frees it once sent (or the connection is gone).
    shared_->buffered += response.body.size();
    auto* held = new HeldAnswer{std::move(response.body), shared_};
    answer = MHD_create_response_from_buffer_with_free_callback_cls(
        held->bytes.size(), held->bytes.data(),
        [](void* bytes) { delete static_cast<HeldAnswer*>(bytes); }, held);
  }
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(answer, name.c_str(), value.c_str());
  }
  if (!response.content_type.empty()) {
    MHD_add_response_header(answer, MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection_, static_cast<unsigned>(response.status), answer);
  MHD_destroy_response(answer);
  return queued;
}

MHD_Result Exchange::QueueStream(const HttpResponse& head) {
  // The library reads the stream through Read until its end, and then lets go of the exchange.
  auto* self = new std::shared_ptr<Exchange>(shared_from_this());
  MHD_Response* answer = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 16 << 10,
      [](void* exchange, uint64_t, char* buffer, size_t max) {
        return (*static_cast<std::shared_ptr<Exchange>*>(exchange))->Read(buffer, max);
      },
      self, [](void* exchange) { delete static_cast<std::shared_ptr<Exchange>*>(exchange); });
  for (const auto& [name, value] : head.headers) {
    MHD_add_response_header(answer, name.c_str(), value.c_str());
  }
  MHD_add_response_header(answer, MHD_HTTP_HEADER_CONTENT_TYPE, head.content_type.c_str());
  const MHD_Result queued =
      MHD_queue_response(connection_, static_cast<unsigned>(head.status), answer);
  MHD_destroy_response(answer);
  return queued;
}

ssize_t Exchange::Read(char* buffer, size_t max) {
  absl::MutexLock lock(&mu_);
  if (abandoned_) return MHD_CONTENT_READER_END_WITH_ERROR;
  if (!backlog_.empty()) {
    const size_t n = std::min(max, backlog_.size());
    std::memcpy(buffer, backlog_.data(), n);
    backlog_.erase(0, n);
    return static_cast<ssize_t>(n);
  }
  if (finished_) return MHD_CONTENT_READER_END_OF_STREAM;
  suspended_ = true;  // until Write or Finish
  MHD_suspend_connection(connection_);
  return 0;
}

void Exchange::Completed() {
  absl::MutexLock lock(&mu_);
  gone_ = true;
}

void Exchange::ResumeLocked() {
  if (suspended_ && !gone_) {
    suspended_ = false;
    MHD_resume_connection(connection_);
  }
}

void Exchange::Answered() {
  absl::MutexLock lock(&shared_->mu);
  --shared_->unanswered;
}

void Exchange::Reply(HttpResponse response) {
  {
    absl::MutexLock lock(&mu_);
    if (answered_) return;
    answered_ = true;
    answer_ = std::move(response);
    ResumeLocked();
  }
  Answered();
}

void Exchange::StartStream(HttpResponse head) {
  absl::MutexLock lock(&mu_);
  if (answered_ || streaming_) return;
  streaming_ = true;
  answer_ = std::move(head);
  ResumeLocked();
}

bool Exchange::Write(std::string bytes) {
  absl::MutexLock lock(&mu_);
  if (gone_ || finished_ || abandoned_) return false;
  if (backlog_.size() + bytes.size() > shared_->options.max_stream_backlog_bytes) {
    abandoned_ = true;
  } else {
    backlog_ += bytes;
  }
  ResumeLocked();
  return !abandoned_;
}

void Exchange::Finish() {
  {
    absl::MutexLock lock(&mu_);
    if (answered_) return;
    answered_ = true;
    finished_ = true;
    ResumeLocked();
  }
  Answered();
}

// The libmicrohttpd callbacks: `cls` is the server's Shared state, `*request` the exchange's
// holder, made when the request line is in and dropped when the request is done.
void* Begin(void* shared, const char* uri, MHD_Connection* connection) {
  return new std::shared_ptr<Exchange>(
      std::make_shared<Exchange>(*static_cast<std::shared_ptr<Shared>*>(shared), connection, uri));
}

MHD_Result Access(void*, MHD_Connection*, const char*, const char* method, const char*,
                  const char* upload, size_t* upload_size, void** request) {
  return (*static_cast<std::shared_ptr<Exchange>*>(*request))->Access(method, upload, upload_size);
}

void Done(void*, MHD_Connection*, void** request, MHD_RequestTerminationCode) {
  auto* holder = static_cast<std::shared_ptr<Exchange>*>(*request);
  if (holder == nullptr) return;
  (*holder)->Completed();
  delete holder;
  *request = nullptr;
}

// The library's messages are mostly about clients (one that left mid-request, one that timed
// out): at most one line a second, with how many were left out, so that clients cannot fill the
// disk through the log.
void LogLibrary(void*, const char* format, va_list arguments) {
  static std::atomic<int64_t> last_second{0};
  static std::atomic<int64_t> left_out{0};
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  int64_t last = last_second.load();
  if (now == last || !last_second.compare_exchange_strong(last, now)) {
    ++left_out;
    return;
  }
  char line[512];
  vsnprintf(line, sizeof(line), format, arguments);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  log::Warn("http server", {{"detail", text}, {"similar_left_out", left_out.exchange(0)}});
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpFront>> HttpFront::Start(const HttpFrontOptions& options,
                                                            const HttpHandler* handler) {
  std::unique_ptr<HttpFront> front(new HttpFront);
  front->shared_ = std::make_shared<Shared>();
  front->shared_->options = options;
  front->shared_->handler = handler;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &found) !=
          0 ||
      found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot resolve ", options.host));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> address(found, freeaddrinfo);
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (address->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&LogLibrary), nullptr},
      {MHD_OPTION_SOCK_ADDR, 0, address->ai_addr},
      {MHD_OPTION_THREAD_POOL_SIZE, options.threads, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, options.max_connections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, options.max_connections_per_ip, nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options.header_memory_bytes),
       nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, absl::ToInt64Seconds(options.idle_timeout), nullptr},
      // HTTP/1.1 without Host, or spaces in the path, are refused rather than guessed at.
      {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
      {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&Begin), &front->shared_},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Done), nullptr},
  };
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("a TLS certificate needs its key, and a key its certificate");
  }
  if (!options.tls_cert_file.empty()) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
      return absl::FailedPreconditionError("this libmicrohttpd is built without TLS");
    }
    auto cert = ReadFile(options.tls_cert_file);
    if (!cert.ok()) return cert.status();
    auto key = ReadFile(options.tls_key_file);
    if (!key.ok()) return key.status();
    front->tls_cert_ = *std::move(cert);
    front->tls_key_ = *std::move(key);
    flags |= MHD_USE_TLS;
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, front->tls_cert_.data()});
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, front->tls_key_.data()});
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});
  front->daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &Access, nullptr, MHD_OPTION_ARRAY,
                                    items.data(), MHD_OPTION_END);
  if (front->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve HTTP",
                     options.tls_cert_file.empty() ? "" : "S (certificate or key unusable?)",
                     " on ", options.host, ":", options.port));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(front->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  front->port_ = info == nullptr ? options.port : info->port;
  return front;
}

HttpFront::~HttpFront() { Stop(); }

void HttpFront::Stop() {
  if (daemon_ == nullptr) return;
  // No new connections; the requests being served get their answers (the library may not stop
  // while a connection is suspended), then every connection is closed.
  const MHD_socket listening = MHD_quiesce_daemon(daemon_);
  {
    absl::MutexLock lock(&shared_->mu);
    shared_->mu.Await(absl::Condition(
        +[](int* unanswered) { return *unanswered == 0; }, &shared_->unanswered));
  }
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  if (listening != MHD_INVALID_SOCKET) close(listening);
}

}  // namespace thidua::gateway
