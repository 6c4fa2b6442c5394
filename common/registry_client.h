#pragma once

#include <grpcpp/channel.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua {

// How the other services ask the registry about organisations. Every call has a deadline; a
// registry that is down or slow yields UNAVAILABLE (with a bilingual message), never a hang, so a
// write that needs the registry fails cleanly and nothing is half-written. Calls carry the end
// user's own token, so the registry applies the caller's rights.
//
// Answers are reused for `cache_ttl`: every plan write checks its units and every compliance or
// population question lists a province's communes, while the registry changes a few times a
// day. Reads of the registry are the same for every authenticated caller, so the cache is shared.
// A unit the registry does not know is never cached, so one just created can be used at once; a
// unit created under a scope joins the scope's listings within `cache_ttl`.
class RegistryClient {
 public:
  explicit RegistryClient(std::shared_ptr<grpc::Channel> channel,
                          absl::Duration timeout = absl::Seconds(2),
                          absl::Duration cache_ttl = absl::Seconds(30));

  struct Lookup {
    std::vector<registry::v1::Organization> found;
    std::vector<int64_t> missing;
  };
  absl::StatusOr<Lookup> BatchGet(const std::string& token, const std::vector<int64_t>& ids,
                                  absl::CivilDay as_of);
  // Every organisation of `kinds` in the subtree of `scope` on `as_of` (all pages).
  absl::StatusOr<std::vector<registry::v1::Organization>> KindsWithin(
      const std::string& token, int64_t scope, const std::vector<int32_t>& kinds,
      absl::CivilDay as_of);
  absl::StatusOr<std::vector<registry::v1::Organization>> GroupMembers(const std::string& token,
                                                                       int64_t group,
                                                                       absl::CivilDay as_of);
  // The managing chain of an organisation today, nearest first (every authorization decision
  // asks it).
  absl::StatusOr<std::vector<int64_t>> Ancestors(const std::string& token, int64_t organization);

 private:
  template <typename V>
  struct Cached {
    V value;
    absl::Time expires;
  };
  using Organizations = std::vector<registry::v1::Organization>;

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const;
  absl::StatusOr<Organizations> ListAll(const std::string& token,
                                        registry::v1::ListOrganizationsRequest request);
  // The cached listing under `key`, or the one `fetch` gets (then cached).
  absl::StatusOr<Organizations> Listing(
      const std::string& key, const std::function<absl::StatusOr<Organizations>()>& fetch);

  std::unique_ptr<registry::v1::Registry::Stub> stub_;
  absl::Duration timeout_;
  absl::Duration cache_ttl_;
  std::mutex mu_;
  absl::flat_hash_map<int64_t, Cached<std::vector<int64_t>>> ancestors_;
  // By (organisation id, day of as_of).
  absl::flat_hash_map<std::pair<int64_t, int64_t>, Cached<registry::v1::Organization>> orgs_;
  // By "kinds:<scope>:<kinds>:<day>" or "group:<id>:<day>"; shared so that a hit copies outside
  // the lock. `listed_` counts the organisations they hold, the bound of their memory.
  absl::flat_hash_map<std::string, Cached<std::shared_ptr<const Organizations>>> listings_;
  size_t listed_ = 0;
};

// A grpc::Status from the registry as this service's status: UNAVAILABLE for transport failures
// and deadlines, the registry's own details otherwise.
absl::Status FromRegistry(const grpc::Status& status);

}  // namespace thidua
