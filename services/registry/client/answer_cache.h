#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace thidua::registry {

// Answers of the registry kept for a while, shared by every caller (registry reads are the same
// for every authenticated caller):
//   - bounded by entries and by bytes: past either bound the least recently used answers go;
//   - an expired answer is evicted when met, never served;
//   - concurrent requests for the same key are coalesced: one fetch, the others wait for it (each
//     until its own deadline), so a burst of identical questions costs the registry one call;
//   - errors are never kept.
// A zero `ttl` keeps nothing but still coalesces.
template <typename V>
class AnswerCache {
 public:
  using Ptr = std::shared_ptr<const V>;

  AnswerCache(absl::Duration ttl, size_t max_entries, size_t max_bytes,
              std::function<size_t(const V&)> size_of, const Clock& clock = Clock::System())
      : ttl_(ttl),
        max_entries_(max_entries),
        max_bytes_(max_bytes),
        size_of_(std::move(size_of)),
        clock_(clock) {}

  // The unexpired answer under `key`, or nullptr.
  Ptr Find(const std::string& key) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return FindLocked(key);
  }

  void Put(const std::string& key, Ptr value) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    PutLocked(key, std::move(value));
  }

  // The answer under `key`: kept, being fetched by another caller (waited for until `deadline`),
  // or fetched now by `fetch` and kept. A waiter whose leader gave up (its fetch failed with
  // CANCELLED or DEADLINE_EXCEEDED: that caller's time, not the registry's answer) asks again
  // itself, while its own deadline lasts.
  absl::StatusOr<Ptr> GetOrFetch(const std::string& key, absl::Time deadline,
                                 absl::FunctionRef<absl::StatusOr<V>()> fetch)
      ABSL_LOCKS_EXCLUDED(mu_) {
    while (true) {
      std::shared_ptr<Flight> flight;
      bool leader = false;
      {
        absl::MutexLock lock(&mu_);
        if (Ptr hit = FindLocked(key)) return hit;
        auto& slot = in_flight_[key];
        if (!slot) {
          slot = std::make_shared<Flight>();
          leader = true;
        }
        flight = slot;
      }
      if (leader) return Lead(key, *flight, fetch);
      absl::MutexLock lock(&mu_);
      ++flight->waiters;
      const bool done = mu_.AwaitWithDeadline(absl::Condition(&flight->done), deadline);
      --flight->waiters;
      if (!done) return absl::DeadlineExceededError("waited past the deadline for the registry");
      if (!LeaderGaveUp(flight->result)) return flight->result;
      if (absl::Now() >= deadline) {
        return absl::DeadlineExceededError("waited past the deadline for the registry");
      }
    }
  }

  // How many callers wait for the fetch of `key` under way.
  int waiters(const std::string& key) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    auto it = in_flight_.find(key);
    return it == in_flight_.end() ? 0 : it->second->waiters;
  }

  size_t entries() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }
  size_t bytes() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return bytes_;
  }

 private:
  struct Entry {
    Ptr value;
    absl::Time expires;
    size_t bytes = 0;
    std::list<std::string>::iterator recency;
  };
  struct Flight {
    bool done = false;
    int waiters = 0;
    absl::StatusOr<Ptr> result;
  };

  static bool LeaderGaveUp(const absl::StatusOr<Ptr>& result) {
    return result.status().code() == absl::StatusCode::kCancelled ||
           result.status().code() == absl::StatusCode::kDeadlineExceeded;
  }

  absl::StatusOr<Ptr> Lead(const std::string& key, Flight& flight,
                           absl::FunctionRef<absl::StatusOr<V>()> fetch) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::StatusOr<V> fetched = absl::UnknownError("not fetched");
    try {
      fetched = fetch();
    } catch (...) {
      // A fetch that throws (a database read run on the caller's connection) ends the flight as
      // one given up, so its waiters ask again themselves, and leaves the throw to the caller.
      absl::MutexLock lock(&mu_);
      static_cast<void>(Land(key, flight, absl::CancelledError("the caller fetching it failed")));
      throw;
    }
    absl::MutexLock lock(&mu_);
    if (!fetched.ok()) return Land(key, flight, fetched.status());
    Ptr value = std::make_shared<const V>(*std::move(fetched));
    PutLocked(key, value);
    return Land(key, flight, value);
  }

  // Ends the flight of `key` with `result` for its waiters.
  absl::StatusOr<Ptr> Land(const std::string& key, Flight& flight, absl::StatusOr<Ptr> result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    flight.result = std::move(result);
    flight.done = true;
    in_flight_.erase(key);
    return flight.result;
  }

  Ptr FindLocked(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    if (it->second.expires <= clock_.Now()) {
      EraseLocked(it);
      return nullptr;
    }
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return it->second.value;
  }

  void PutLocked(const std::string& key, Ptr value) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (ttl_ <= absl::ZeroDuration()) return;
    const size_t size = size_of_(*value) + key.size();
    if (size > max_bytes_) return;  // never worth more than the whole cache
    if (auto it = entries_.find(key); it != entries_.end()) EraseLocked(it);
    recency_.push_front(key);
    entries_[key] = Entry{std::move(value), clock_.Now() + ttl_, size, recency_.begin()};
    bytes_ += size;
    while (entries_.size() > max_entries_ || bytes_ > max_bytes_) {
      EraseLocked(entries_.find(recency_.back()));
    }
  }

  void EraseLocked(typename absl::flat_hash_map<std::string, Entry>::iterator it)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    bytes_ -= it->second.bytes;
    recency_.erase(it->second.recency);
    entries_.erase(it);
  }

  const absl::Duration ttl_;
  const size_t max_entries_;
  const size_t max_bytes_;
  const std::function<size_t(const V&)> size_of_;
  const Clock& clock_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> recency_ ABSL_GUARDED_BY(mu_);  // most recently used first
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace thidua::registry
