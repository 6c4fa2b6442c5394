#pragma once
// Calling another thidua service on behalf of the call being served: the caller's own token and
// deadline travel, a peer that is down or slow gives UNAVAILABLE (bilingual) and never a hang, and
// the peer's own errors keep their code with its message in each language.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server/call.h"

namespace thidua::server {

// Who the peer is, in errors: "REGISTRY_UNAVAILABLE", "The organisation registry", "hệ thống danh
// mục đơn vị", and the prefix of its own errors' messages ("Registry: ", "Danh mục đơn vị: ").
struct Peer {
  std::string unavailable_reason;
  std::string error_reason;
  std::string name_en;
  std::string name_vi;
  std::string prefix_en;
  std::string prefix_vi;
};

// A channel to a peer. After a peer was down, gRPC waits longer and longer between attempts to
// reconnect (by default up to 120 s), and every call in the meantime fails at once; this channel
// tries again within a second, so a restarted peer is used again within about a second. Calls
// still fail at once while it is down (UNAVAILABLE): waiting would hold a handler thread per call,
// and calls that need only the database would then find none free.
std::shared_ptr<grpc::Channel> PeerChannel(const std::string& target);

// The context of one call to a peer for `call`: its bearer token, its cancellation, and the
// earlier of its deadline and `timeout` from now.
std::unique_ptr<grpc::ClientContext> PeerContext(const Call& call, absl::Duration timeout);

// CANCELLED or DEADLINE_EXCEEDED, as `call` gave up (its deadline passed, or it was cancelled).
absl::Status GaveUp(const Call& call);

// A peer's status, for `call`, as this service's: DEADLINE_EXCEEDED or CANCELLED when the caller
// gave up, UNAVAILABLE for transport failures and the peer's own timeout, the peer's own code
// otherwise, its "English | Tiếng Việt" message split between the languages.
absl::Status FromPeer(const Call& call, const grpc::Status& status, const Peer& peer);

}  // namespace thidua::server
