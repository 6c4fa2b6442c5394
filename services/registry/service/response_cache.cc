#include "services/registry/service/response_cache.h"

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "common/server/metrics.h"

namespace thidua::registry {

ResponseCache::Shard& ResponseCache::ShardOf(const std::string& key) const {
  return shards_[absl::HashOf(key) % kShards];
}

namespace {

std::atomic<uint64_t>& Lookups(absl::string_view cache, absl::string_view result) {
  return server::Metrics::Global().Counter(
      "thidua_response_cache_lookups_total", "Lookups of a response cache, by cache and result.",
      absl::StrCat("cache=\"", cache, "\",result=\"", result, "\""));
}

}  // namespace

ResponseCache::ResponseCache(absl::string_view name, size_t max_entries, size_t max_bytes)
    : max_per_shard_(max_entries / kShards + 1),
      max_bytes_per_shard_(max_bytes / kShards),
      hits_(Lookups(name, "hit")),
      misses_(Lookups(name, "miss")) {}

std::shared_ptr<const std::string> ResponseCache::Find(const std::string& key,
                                                       uint64_t generation) const {
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end() || it->second.generation != generation) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.value;
}

void ResponseCache::Put(const std::string& key, uint64_t generation,
                        std::shared_ptr<const std::string> value) {
  const size_t size = key.size() + value->size();
  if (size > max_bytes_per_shard_ / 4) return;  // a huge page is not worth evicting others for
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  if (shard.entries.size() >= max_per_shard_ || shard.bytes + size > max_bytes_per_shard_) {
    shard.entries.clear();
    shard.bytes = 0;
  }
  auto [it, inserted] = shard.entries.try_emplace(key, Entry{generation, value});
  if (!inserted) {
    shard.bytes -= key.size() + it->second.value->size();
    it->second = {generation, std::move(value)};
  }
  shard.bytes += size;
}

}  // namespace thidua::registry
