#pragma once

#include <grpcpp/channel.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/server/call.h"
#include "services/registry/client/answer_cache.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua {

// How the other services ask the registry about organisations, on behalf of the call they serve:
// each registry call carries the caller's own token (so the registry applies the caller's rights)
// and ends by the caller's deadline or `timeout`, whichever comes first; a listing of several
// pages stops as soon as the caller has given up. A registry that is down or slow yields
// UNAVAILABLE (bilingual), never a hang, so a write that needs the registry fails cleanly and
// nothing is half-written.
//
// Answers are reused for `cache_ttl` (see registry::AnswerCache: bounded by entries and bytes,
// expired answers evicted, identical concurrent questions asked once): every plan write checks
// its units and every compliance or population question lists a province's communes, while the
// registry changes a few times a day. A unit the registry does not know is never cached, so one
// just created can be used at once; a unit created under a scope joins the scope's listings
// within `cache_ttl`.
struct RegistryCacheLimits {
  size_t max_entries = 20'000;          // per kind of answer
  size_t max_bytes = size_t{64} << 20;  // per kind of answer
};

class RegistryClient {
 public:
  explicit RegistryClient(std::shared_ptr<grpc::Channel> channel,
                          absl::Duration timeout = absl::Seconds(2),
                          absl::Duration cache_ttl = absl::Seconds(30),
                          RegistryCacheLimits limits = {});

  struct Lookup {
    std::vector<registry::v1::Organization> found;
    std::vector<int64_t> missing;
  };
  absl::StatusOr<Lookup> BatchGet(const server::Call& call, const std::vector<int64_t>& ids,
                                  absl::CivilDay as_of);
  // Every organisation of `kinds` (all kinds when empty) in the subtree of `scope` on `as_of`.
  absl::StatusOr<std::vector<registry::v1::Organization>> KindsWithin(
      const server::Call& call, int64_t scope, const std::vector<int32_t>& kinds,
      absl::CivilDay as_of);
  absl::StatusOr<std::vector<registry::v1::Organization>> GroupMembers(const server::Call& call,
                                                                       int64_t group,
                                                                       absl::CivilDay as_of);
  // Who carries each organisation's duties on `as_of` (registry ResolveSuccessors): itself while
  // it is valid, else its successors valid then, with how much of it passed to each. Unknown ids
  // are left out of the answer.
  struct Carrier {
    int64_t organization_id = 0;
    registry::v1::LineageShare share = registry::v1::FULL;
  };
  using Carriers = std::vector<Carrier>;
  absl::StatusOr<absl::flat_hash_map<int64_t, Carriers>> CarriersOn(const server::Call& call,
                                                                    const std::vector<int64_t>& ids,
                                                                    absl::CivilDay as_of);
  // The managing chain of an organisation today, nearest first (every authorization decision
  // asks it).
  absl::StatusOr<std::vector<int64_t>> Ancestors(const server::Call& call, int64_t organization);

  // How long answers are reused: what callers derive from them is kept no longer.
  absl::Duration cache_ttl() const { return cache_ttl_; }

 private:
  using Organizations = std::vector<registry::v1::Organization>;

  std::unique_ptr<grpc::ClientContext> Context(const server::Call& call) const;
  // Every page of a listing (ListOrganizations, ListGroupMembers), 1000 at a time, stopping as
  // soon as the caller gives up.
  template <typename Request, typename Response>
  absl::StatusOr<Organizations> AllPages(const server::Call& call, Request request,
                                         grpc::Status (registry::v1::Registry::Stub::*rpc)(
                                             grpc::ClientContext*, const Request&, Response*));

  std::unique_ptr<registry::v1::Registry::Stub> stub_;
  absl::Duration timeout_;
  absl::Duration cache_ttl_;
  registry::AnswerCache<registry::v1::Organization> organizations_;  // by "<id>@<day>"
  registry::AnswerCache<Organizations> listings_;  // "kinds:<scope>:<kinds>@<day>", "group:..."
  registry::AnswerCache<std::vector<int64_t>> ancestors_;  // by id
  registry::AnswerCache<Carriers> carriers_;               // by "<id>@<day>"
};

// The channel other services reach the registry on (server::PeerChannel: reconnects within a
// second after the registry was down).
std::shared_ptr<grpc::Channel> RegistryChannel(const std::string& target);

// A grpc::Status from the registry, for `call`, as this service's status: DEADLINE_EXCEEDED or
// CANCELLED when the caller gave up, UNAVAILABLE for transport failures and the registry's own
// timeout, the registry's own details otherwise.
absl::Status FromRegistry(const server::Call& call, const grpc::Status& status);

}  // namespace thidua
