#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace thidua::registry {

// Serialized responses of read-only calls, keyed by the request, valid for one generation of the
// data they were computed from. Read-mostly services (the registry changes a few times a day and
// is listed constantly) answer a repeated listing with a copy of bytes. Any write bumps the data's
// generation, so a stale entry is never served. Bounded: a full shard is emptied.
class ResponseCache {
 public:
  // At most `max_entries` answers and `max_bytes` of them (any caller can ask for many distinct
  // pages, so the bytes are capped, not only the count).
  // `name` labels its hit and miss counters in the metrics (thidua_response_cache_lookups_total).
  explicit ResponseCache(absl::string_view name, size_t max_entries = 4096,
                         size_t max_bytes = 64 << 20);

  std::shared_ptr<const std::string> Find(const std::string& key, uint64_t generation) const;
  void Put(const std::string& key, uint64_t generation, std::shared_ptr<const std::string> value);

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    uint64_t generation;
    std::shared_ptr<const std::string> value;
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mu);
    size_t bytes ABSL_GUARDED_BY(mu) = 0;
  };
  Shard& ShardOf(const std::string& key) const;

  const size_t max_per_shard_;
  const size_t max_bytes_per_shard_;
  std::atomic<uint64_t>& hits_;
  std::atomic<uint64_t>& misses_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace thidua::registry
