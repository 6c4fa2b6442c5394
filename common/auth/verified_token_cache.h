#pragma once

#include <openssl/sha.h>

#include <array>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/jwt_claims.h"

namespace thidua::auth {

// Sharded so that concurrent request threads rarely meet on one mutex. Keys are SHA-256 digests of
// the token: bounded memory per entry whatever the token size, and no collision can hand one
// caller another caller's principal.
class VerifiedTokenCache {
 public:
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxEntries = 10'000;

  using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

  static Digest DigestOf(absl::string_view token) {
    Digest d;
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), d.data());
    return d;
  }

  std::optional<VerifiedClaims> Find(const Digest& key) const {
    const Shard& shard = ShardFor(key);
    absl::ReaderMutexLock lock(&shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return std::nullopt;
    return it->second;
  }

  void Insert(const Digest& key, VerifiedClaims claims) {
    Shard& shard = ShardFor(key);
    absl::MutexLock lock(&shard.mu);
    // Dropping everything is crude but O(1) amortised and cannot be gamed into unbounded growth;
    // live tokens simply get verified once more.
    if (shard.entries.size() >= kMaxEntries / kShards) shard.entries.clear();
    shard.entries.insert_or_assign(key, std::move(claims));
  }

 private:
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<Digest, VerifiedClaims> entries ABSL_GUARDED_BY(mu);
  };

  // The digest is already uniform, so its first byte picks the shard.
  Shard& ShardFor(const Digest& key) { return shards_[key[0] % kShards]; }
  const Shard& ShardFor(const Digest& key) const { return shards_[key[0] % kShards]; }

  std::array<Shard, kShards> shards_;
};

}  // namespace thidua::auth
