#pragma once

#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/type_resolver.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace thidua::gateway {

// A TypeResolver that remembers what another resolved. Protobuf's JSON utilities ask their resolver
// for every message and enum type of every conversion, and the descriptor pool's resolver builds
// each google.protobuf.Type anew from its descriptor: about a third of the gateway's JSON time.
// The pool of a running gateway never changes, so a type resolved once is copied out afterwards,
// without the custom (extension) options, which the conversion never reads.
// Failures are not remembered: a client can name any type URL (in an Any), which must not grow
// the cache. Thread-safe.
class CachedTypeResolver : public google::protobuf::util::TypeResolver {
 public:
  explicit CachedTypeResolver(std::unique_ptr<google::protobuf::util::TypeResolver> resolver)
      : resolver_(std::move(resolver)) {}

  google::protobuf::util::Status ResolveMessageType(const std::string& type_url,
                                                    google::protobuf::Type* type) override;
  google::protobuf::util::Status ResolveEnumType(const std::string& type_url,
                                                 google::protobuf::Enum* enum_type) override;

 private:
  // Resolved types of one kind (Type or Enum) by URL.
  template <typename T>
  class Cache {
   public:
    // Copies the entry of `url` into `out`, resolving it first (`resolve(url, T*)`, then `trim`)
    // when there is none.
    template <typename Resolve, typename Trim>
    google::protobuf::util::Status Get(const std::string& url, T* out, Resolve resolve, Trim trim)
        ABSL_LOCKS_EXCLUDED(mu_) {
      {
        absl::ReaderMutexLock lock(&mu_);
        if (auto it = entries_.find(url); it != entries_.end()) {
          out->CopyFrom(*it->second);
          return google::protobuf::util::Status();
        }
      }
      auto resolved = std::make_unique<T>();
      google::protobuf::util::Status status = resolve(url, resolved.get());
      if (!status.ok()) return status;
      trim(*resolved);
      out->CopyFrom(*resolved);
      absl::MutexLock lock(&mu_);
      entries_.try_emplace(url, std::move(resolved));
      return status;
    }

   private:
    absl::Mutex mu_;
    absl::flat_hash_map<std::string, std::unique_ptr<const T>> entries_ ABSL_GUARDED_BY(mu_);
  };

  const std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  Cache<google::protobuf::Type> types_;
  Cache<google::protobuf::Enum> enums_;
};

}  // namespace thidua::gateway
