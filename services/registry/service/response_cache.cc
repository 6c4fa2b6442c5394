#include "services/registry/service/response_cache.h"

#include "absl/hash/hash.h"

namespace thidua::registry {

ResponseCache::Shard& ResponseCache::ShardOf(const std::string& key) const {
  return shards_[absl::HashOf(key) % kShards];
}

std::shared_ptr<const std::string> ResponseCache::Find(const std::string& key,
                                                       uint64_t generation) const {
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end() || it->second.generation != generation) return nullptr;
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
