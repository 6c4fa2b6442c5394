#pragma once

#include <grpcpp/channel.h>

#include <cstdint>
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
class RegistryClient {
 public:
  explicit RegistryClient(std::shared_ptr<grpc::Channel> channel,
                          absl::Duration timeout = absl::Seconds(2));

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
  // The managing chain of an organisation today, nearest first; cached for a minute because
  // every authorization decision asks it.
  absl::StatusOr<std::vector<int64_t>> Ancestors(const std::string& token, int64_t organization);

 private:
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const;
  std::unique_ptr<registry::v1::Registry::Stub> stub_;
  absl::Duration timeout_;
  std::mutex mu_;
  struct CachedChain {
    std::vector<int64_t> chain;
    absl::Time expires;
  };
  absl::flat_hash_map<int64_t, CachedChain> ancestors_;
};

// A grpc::Status from the registry as this service's status: UNAVAILABLE for transport failures
// and deadlines, the registry's own details otherwise.
absl::Status FromRegistry(const grpc::Status& status);

}  // namespace thidua
