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
  const std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<const google::protobuf::Type>> types_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::unique_ptr<const google::protobuf::Enum>> enums_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace thidua::gateway
