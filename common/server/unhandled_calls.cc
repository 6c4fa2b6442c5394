#include "common/server/unhandled_calls.h"

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/metrics.h"

namespace thidua::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The calls CallRunner finished and the interceptor has not yet seen leave.
class HandledCalls {
 public:
  void Add(const grpc::ServerContextBase* context) {
    absl::MutexLock lock(&mu_);
    calls_.insert(context);
  }
  bool Take(const grpc::ServerContextBase* context) {
    absl::MutexLock lock(&mu_);
    return calls_.erase(context) > 0;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_set<const grpc::ServerContextBase*> calls_ ABSL_GUARDED_BY(mu_);
};

HandledCalls& Handled() {
  static auto* calls = new HandledCalls();
  return *calls;
}

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnhandledCallInterceptor(info);
  }
};

// "/thidua.plans.v1.Plans/GetPlan" -> "GetPlan", as CallRunner names methods.
std::string ShortName(absl::string_view full) {
  const size_t slash = full.rfind('/');
  return std::string(slash == absl::string_view::npos ? full : full.substr(slash + 1));
}

}  // namespace

void NoteHandled(const grpc::ServerContextBase* context) { Handled().Add(context); }

UnhandledCallInterceptor::UnhandledCallInterceptor(grpc::experimental::ServerRpcInfo* info)
    : info_(info) {}

UnhandledCallInterceptor::~UnhandledCallInterceptor() { Handled().Take(info_->server_context()); }

void UnhandledCallInterceptor::Intercept(grpc::experimental::InterceptorBatchMethods* methods) {
  if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
    received_message_ = methods->GetRecvMessage() != nullptr;
  }
  if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
      !Handled().Take(info_->server_context())) {
    grpc::Status status = methods->GetSendStatus();
    const std::string method = ShortName(info_->method());
    const std::string cause = status.error_message();
    if (status.error_code() == grpc::StatusCode::INTERNAL && !received_message_) {
      status = ToGrpcStatus(InvalidArgument(
          {{"request",
            "is not a valid message (for example, a text field that is "
            "not UTF-8)",
            "không phải thông điệp hợp lệ (ví dụ trường văn bản không phải UTF-8)"}}));
      methods->ModifySendStatus(status);
    }
    Metrics::Global().Record(method, static_cast<int>(status.error_code()), absl::ZeroDuration());
    log::Write(
        status.ok() ? "info" : "warn", "call",
        {{"method", method},
         {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()))},
         {"handled", false},
         {"error", cause}});
  }
  methods->Proceed();
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
UnhandledCallInterceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<Factory>());
  return out;
}

}  // namespace thidua::server
