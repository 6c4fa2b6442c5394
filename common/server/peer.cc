#include "common/server/peer.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/server/tls.h"

namespace thidua::server {

std::shared_ptr<grpc::Channel> PeerChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return grpc::CreateCustomChannel(target, PeerCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> PeerContext(const Call& call, absl::Duration timeout) {
  // The caller's deadline and cancellation travel (gRPC propagates both from the served call):
  // a peer call under way stops when the caller gives up, not only the next one.
  std::unique_ptr<grpc::ClientContext> context =
      call.context != nullptr ? grpc::ClientContext::FromServerContext(*call.context)
                              : std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", call.bearer_token));
  if (call.context != nullptr) {
    if (const std::string trace = TraceIdOf(*call.context); !trace.empty()) {
      context->AddMetadata("x-request-id", trace);
    }
  }
  context->set_deadline(absl::ToChronoTime(std::min(call.deadline, absl::Now() + timeout)));
  return context;
}

absl::Status GaveUp(const Call& call) {
  if (absl::Now() < call.deadline) {
    return Error(absl::StatusCode::kCancelled, "CANCELLED", "The call was cancelled",
                 "Yêu cầu đã bị hủy");
  }
  return Error(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
               "The call's deadline passed", "Quá thời hạn xử lý yêu cầu");
}

absl::Status FromPeer(const Call& call, const grpc::Status& status, const Peer& peer) {
  if (status.ok()) return absl::OkStatus();
  switch (status.error_code()) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      if (call.GaveUp()) return GaveUp(call);
      [[fallthrough]];  // the peer's own timeout: it is too slow to be of use now
    case grpc::StatusCode::UNAVAILABLE:
      return Error(absl::StatusCode::kUnavailable, peer.unavailable_reason,
                   absl::StrCat(peer.name_en, " is not reachable; try again later"),
                   absl::StrCat("Không kết nối được ", peer.name_vi, "; vui lòng thử lại sau"));
    default: {
      // A thidua peer's message is "English | Tiếng Việt": each half goes to its language.
      const std::string& message = status.error_message();
      const size_t bar = message.find(" | ");
      const std::string english = message.substr(0, bar);
      const std::string vietnamese = bar == std::string::npos ? message : message.substr(bar + 3);
      return Error(static_cast<absl::StatusCode>(status.error_code()), peer.error_reason,
                   absl::StrCat(peer.prefix_en, english), absl::StrCat(peer.prefix_vi, vietnamese));
    }
  }
}

}  // namespace thidua::server
