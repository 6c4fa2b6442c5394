#include "common/server/call.h"

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/access.h"
#include "common/server/call_observer.h"
#include "common/server/peer.h"
#include "common/server/text_fields.h"
#include "common/server/unparsed_request.h"
#include "common/text.h"

namespace thidua::server {
namespace {

absl::string_view Metadata(const grpc::ServerContextBase* context, absl::string_view key) {
  const auto& md = context->client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

// The request's own request_id field, when its message has one.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

bool IsSaneTraceId(absl::string_view id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

std::string TraceIdOf(const grpc::ServerContextBase& context) {
  const absl::string_view id = Metadata(&context, "x-request-id");
  return IsSaneTraceId(id) ? std::string(id) : "";
}

CallRunner::CallRunner(const auth::JwtVerifier& verifier, absl::string_view service,
                       ScopeResolver& scopes)
    : verifier_(verifier),
      service_(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service))),
      scopes_(scopes) {}

absl::Status CallRunner::Begin(grpc::ServerContextBase* context, absl::string_view method,
                               const google::protobuf::Message* request, Call& call) const {
  call.method = std::string(method);
  call.context = context;
  const absl::Time cap = absl::Now() + absl::Seconds(30);
  call.deadline = std::min(absl::FromChrono(context->deadline()), cap);
  // A caller that has gone (it cancelled, or its deadline passed while the call waited for a
  // thread) is served nothing: the work would only delay the calls still waited for, and its
  // request may not even have arrived whole (under overload a raw handler's bytes then failed to
  // parse, and the call was logged as the caller's INVALID_ARGUMENT).
  if (call.GaveUp()) return GaveUp(call);
  const std::string request_id = request != nullptr ? RequestIdOf(*request) : "";
  call.request_id =
      request_id.empty() ? std::string(Metadata(context, "x-request-id")) : request_id;
  // The same bound as the declared request_id fields (100 code points), for the header too.
  if (!text::IsValidUtf8(call.request_id) || text::CodePointCount(call.request_id) > 100) {
    call.request_id.clear();  // not logged either
    return InvalidArgument(
        {{"request_id", "at most 100 characters of UTF-8", "tối đa 100 ký tự UTF-8"}});
  }
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
  // Authorization before anything else: the access the method declares, or none at all.
  const google::protobuf::MethodDescriptor* descriptor =
      service_ == nullptr ? nullptr : service_->FindMethodByName(call.method);
  const common::v1::Access* access = descriptor == nullptr ? nullptr : DeclaredAccess(*descriptor);
  if (access == nullptr) {
    log::Error("a method without a declared access was refused", {{"method", call.method}});
    return PermissionDenied();
  }
  // A raw handler's request that did not parse (gRPC's own parse never calls a handler).
  if (request == nullptr) return UnparsedRequest(descriptor->input_type());
  if (absl::Status denied = CheckAccess(call, *access, *request, scopes_); !denied.ok()) {
    return denied;
  }
  // The request's text, cleaned as each field declares (NFC, spaces, invisible characters,
  // lengths) before any handler reads it. gRPC owns the request as a mutable message and hands
  // handlers a const view of it; cleaning it here is the one place that writes it.
  Violations violations;
  CleanTextFields(const_cast<google::protobuf::Message&>(*request), violations);
  return violations.ToStatus();
}

grpc::Status CallRunner::Finish(const Call& call, const absl::Status& status) const {
  CallNote note{call.principal.subject, call.request_id,
                status.ok() ? std::string() : std::string(status.message())};
  if (call.context != nullptr && !NoteCall(call.context, std::move(note))) {
    log::Error(
        "a call no CallObserver watches is neither logged nor counted; serve through "
        "GrpcServer",
        {{"method", call.method}});
  }
  return ToGrpcStatus(status);
}

}  // namespace thidua::server
