#include "common/server/call_observer.h"

#include <google/protobuf/descriptor.h>

#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/call.h"
#include "common/server/metrics.h"
#include "common/server/unparsed_request.h"
#include "common/text.h"

namespace thidua::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The note of each observed call, from its observer's creation (when gRPC matches the call,
// before any handler runs) until its status is sent or the observer goes.
class Notes {
 public:
  void Open(const grpc::ServerContextBase* context) {
    absl::MutexLock lock(&mu_);
    notes_[context] = std::nullopt;
  }
  bool Fill(const grpc::ServerContextBase* context, CallNote note) {
    absl::MutexLock lock(&mu_);
    auto it = notes_.find(context);
    if (it == notes_.end()) return false;
    it->second = std::move(note);
    return true;
  }
  // The call's note, or nullopt when its handler's side left none; the call is forgotten.
  std::optional<CallNote> Take(const grpc::ServerContextBase* context) {
    absl::MutexLock lock(&mu_);
    auto it = notes_.find(context);
    if (it == notes_.end()) return std::nullopt;
    std::optional<CallNote> note = std::move(it->second);
    notes_.erase(it);
    return note;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, std::optional<CallNote>> notes_
      ABSL_GUARDED_BY(mu_);
};

Notes& AllNotes() {
  static auto* notes = new Notes();  // never destroyed: calls may end during exit
  return *notes;
}

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallObserver(info);
  }
};

// "/thidua.plans.v1.Plans/GetPlan" -> "GetPlan", the name CallRunner's handlers pass.
std::string ShortName(absl::string_view full) {
  const size_t slash = full.rfind('/');
  return std::string(slash == absl::string_view::npos ? full : full.substr(slash + 1));
}

// "/thidua.plans.v1.Plans/GetPlan" -> the descriptor of GetPlanRequest; nullptr if unknown.
const google::protobuf::Descriptor* RequestType(absl::string_view full) {
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrReplaceAll(absl::StripPrefix(full, "/"), {{"/", "."}}));
  return method == nullptr ? nullptr : method->input_type();
}

}  // namespace

bool NoteCall(const grpc::ServerContextBase* context, CallNote note) {
  return AllNotes().Fill(context, std::move(note));
}

CallObserver::CallObserver(grpc::experimental::ServerRpcInfo* info)
    : info_(info), start_(absl::Now()) {
  AllNotes().Open(info_->server_context());
  // gRPC creates the observer on the thread that parses the request, just before parsing: a
  // note left there by an earlier parse (a stored row, a page token) is not this call's.
  ForgetParseNote();
}

CallObserver::~CallObserver() { AllNotes().Take(info_->server_context()); }

void CallObserver::Intercept(grpc::experimental::InterceptorBatchMethods* methods) {
  if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
    // Right after gRPC parsed the request, on the thread that parsed it. Only the first message
    // of a call whose client sends one: a stream's end is also a message that is not there.
    const bool single_request =
        info_->type() == grpc::experimental::ServerRpcInfo::Type::UNARY ||
        info_->type() == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING;
    if (single_request && !received_any_ && methods->GetRecvMessage() == nullptr) {
      unparsed_ = UnparsedRequest(RequestType(info_->method()));
    } else {
      ForgetParseNote();
    }
    received_any_ = true;
  }
  if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
    Observe(methods);
  }
  methods->Proceed();
}

void CallObserver::Observe(grpc::experimental::InterceptorBatchMethods* methods) {
  const std::optional<CallNote> note = AllNotes().Take(info_->server_context());
  grpc::Status status = methods->GetSendStatus();
  const std::string cause = status.error_message();
  // gRPC says INTERNAL (sync handlers) or UNIMPLEMENTED (callback handlers) with no message.
  if (!note && unparsed_ &&
      (status.error_code() == grpc::StatusCode::INTERNAL ||
       status.error_code() == grpc::StatusCode::UNIMPLEMENTED)) {
    status = ToGrpcStatus(*unparsed_);
    methods->ModifySendStatus(status);
  }
  const absl::Duration latency = absl::Now() - start_;
  const std::string method = ShortName(info_->method());
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  Metrics::Global().Record(method, static_cast<int>(code), latency);
  nlohmann::json fields = {{"method", method},
                           {"code", absl::StatusCodeToString(code)},
                           {"latency_ms", absl::ToDoubleMilliseconds(latency)}};
  if (const std::string trace = TraceIdOf(*info_->server_context()); !trace.empty()) {
    fields["x_request_id"] = trace;
  }
  if (!note) {
    // No CallRunner saw the call: gRPC refused it before any handler, or served it itself.
    fields["handled"] = false;
    // gRPC's own message, or why the request did not parse (gRPC gives none).
    fields["error"] = unparsed_ && cause.empty() ? std::string(unparsed_->message()) : cause;
    log::Write(status.ok() ? "info" : "warn", "call", std::move(fields));
    return;
  }
  fields["request_id"] = note->request_id;
  fields["subject"] = note->subject;
  // Bounded: a log line does not grow with what a request carried.
  // gRPC's own message when the handler's side gave none (a response that did not serialize).
  if (!status.ok()) {
    fields["error"] =
        std::string(text::TruncateToCodePoints(note->error.empty() ? cause : note->error, 2000));
  }
  log::Write(code == absl::StatusCode::kInternal ? "error" : "info", "call", std::move(fields));
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
CallObservers() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<Factory>());
  return out;
}

}  // namespace thidua::server
