#include "common/server/call.h"

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/metrics.h"
#include "common/text.h"

namespace thidua::server {
namespace {

absl::string_view Metadata(const grpc::ServerContextBase* context, absl::string_view key) {
  const auto& md = context->client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

}  // namespace

absl::Status CallRunner::Begin(grpc::ServerContextBase* context, absl::string_view method,
                               absl::string_view request_id, Call& call) const {
  call.method = std::string(method);
  call.request_id =
      std::string(request_id.empty() ? Metadata(context, "x-request-id") : request_id);
  if (call.request_id.size() > 100 || !text::IsValidUtf8(call.request_id)) {
    call.request_id.clear();  // not logged either
    return InvalidArgument({{"request_id", "at most 100 bytes of UTF-8", "tối đa 100 byte UTF-8"}});
  }
  const absl::Time cap = absl::Now() + absl::Seconds(30);
  call.deadline = std::min(absl::FromChrono(context->deadline()), cap);
  absl::string_view header = Metadata(context, "authorization");
  if (header.empty()) return WithLogDetail(Unauthenticated(), "no authorization header");
  if (!absl::StartsWithIgnoreCase(header, "Bearer ")) {
    return WithLogDetail(Unauthenticated(), "authorization is not \"Bearer <token>\"");
  }
  header.remove_prefix(7);
  auto principal = verifier_.Verify(std::string_view(header.data(), header.size()));
  // Why a token was refused helps whoever forges one: the log keeps it, the caller learns nothing.
  if (!principal.ok()) return WithLogDetail(Unauthenticated(), principal.status().message());
  if (principal->subject.size() > 200) {
    return WithLogDetail(Unauthenticated(), "subject longer than 200 bytes");
  }
  call.principal = *std::move(principal);
  call.bearer_token = std::string(header);
  return absl::OkStatus();
}

grpc::Status CallRunner::Finish(const Call& call, const absl::Status& status,
                                absl::Time start) const {
  const absl::Duration latency = absl::Now() - start;
  Metrics::Global().Record(call.method, static_cast<int>(status.code()), latency);
  nlohmann::json fields = {{"method", call.method},
                           {"code", absl::StatusCodeToString(status.code())},
                           {"latency_ms", absl::ToDoubleMilliseconds(latency)},
                           {"request_id", call.request_id},
                           {"subject", call.principal.subject}};
  if (!status.ok()) fields["error"] = std::string(status.message());
  log::Write(status.code() == absl::StatusCode::kInternal ? "error" : "info", "call",
             std::move(fields));
  return ToGrpcStatus(status);
}

}  // namespace thidua::server
