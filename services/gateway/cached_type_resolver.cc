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

}  // namespace

google::protobuf::util::Status CachedTypeResolver::ResolveMessageType(
    const std::string& type_url, google::protobuf::Type* type) {
  return types_.Get(
      type_url, type,
      [this](const std::string& url, google::protobuf::Type* out) {
        return resolver_->ResolveMessageType(url, out);
      },
      [](google::protobuf::Type& resolved) { DropCustomOptions(resolved); });
}

google::protobuf::util::Status CachedTypeResolver::ResolveEnumType(
    const std::string& type_url, google::protobuf::Enum* enum_type) {
  return enums_.Get(
      type_url, enum_type,
      [this](const std::string& url, google::protobuf::Enum* out) {
        return resolver_->ResolveEnumType(url, out);
      },
      [](google::protobuf::Enum& resolved) { DropCustomOptions(resolved); });
}

}  // namespace thidua::gateway
