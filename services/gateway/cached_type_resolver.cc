#include "services/gateway/cached_type_resolver.h"

namespace thidua::gateway {
namespace {

// Drops the custom (extension) options, named by their full names ("thidua.common.v1.text"):
// the JSON conversion reads only protobuf's own (map_entry, packed), and thidua's text options on
// most string fields would otherwise be copied with every conversion.
void DropCustomOptions(google::protobuf::RepeatedPtrField<google::protobuf::Option>& options) {
  for (int i = options.size() - 1; i >= 0; --i) {
    if (options.Get(i).name().find('.') != std::string::npos) options.DeleteSubrange(i, 1);
  }
}
void DropCustomOptions(google::protobuf::Type& type) {
  DropCustomOptions(*type.mutable_options());
  for (auto& field : *type.mutable_fields()) DropCustomOptions(*field.mutable_options());
}
void DropCustomOptions(google::protobuf::Enum& enum_type) {
  DropCustomOptions(*enum_type.mutable_options());
  for (auto& value : *enum_type.mutable_enumvalue()) DropCustomOptions(*value.mutable_options());
}

// The one lookup of both kinds: copy out what is cached, else resolve, trim, remember and copy out.
template <typename T, typename Resolve>
google::protobuf::util::Status Cached(
    absl::Mutex& mu, absl::flat_hash_map<std::string, std::unique_ptr<const T>>& cache,
    const std::string& type_url, T* out, Resolve resolve) {
  {
    absl::ReaderMutexLock lock(&mu);
    if (auto it = cache.find(type_url); it != cache.end()) {
      out->CopyFrom(*it->second);
      return google::protobuf::util::Status();
    }
  }
  auto resolved = std::make_unique<T>();
  google::protobuf::util::Status status = resolve(resolved.get());
  if (!status.ok()) return status;
  DropCustomOptions(*resolved);
  out->CopyFrom(*resolved);
  absl::MutexLock lock(&mu);
  cache.try_emplace(type_url, std::move(resolved));
  return status;
}

}  // namespace

google::protobuf::util::Status CachedTypeResolver::ResolveMessageType(
    const std::string& type_url, google::protobuf::Type* type) {
  return Cached(mu_, types_, type_url, type, [&](google::protobuf::Type* resolved) {
    return resolver_->ResolveMessageType(type_url, resolved);
  });
}

google::protobuf::util::Status CachedTypeResolver::ResolveEnumType(
    const std::string& type_url, google::protobuf::Enum* enum_type) {
  return Cached(mu_, enums_, type_url, enum_type, [&](google::protobuf::Enum* resolved) {
    return resolver_->ResolveEnumType(type_url, resolved);
  });
}

}  // namespace thidua::gateway
