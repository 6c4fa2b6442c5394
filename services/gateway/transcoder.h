#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/type_resolver.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "services/gateway/route_table.h"

namespace thidua::gateway {

// Turns an HTTP call into the RPC's request bytes and the RPC's response bytes into JSON, with
// protobuf's own JSON mapping (proto3 JSON: lowerCamelCase names on output, either name on input;
// int64 as strings; enums by name; well-known types in their JSON forms).
//
// Where a request field comes from (google.api.http): the path's variables; the body, as the
// route says ("*": the whole request; a field name: that field); every other field from the query
// string when the body is not "*" (`?as_of.year=2023&kinds=COMMUNE&kinds=WARD`: dotted paths into
// singular messages, repeated scalars by repeating the key, enums by name or number, bools as
// true/false, well-known types as their JSON strings, e.g. `update_mask=display_name,kind`).
// A path value wins over the same field in the body.
class Transcoder {
 public:
  explicit Transcoder(const google::protobuf::DescriptorPool& pool);

  using Query = std::multimap<std::string, std::string>;
  // INVALID_ARGUMENT (thidua::Error, with a field violation per bad parameter or the body's
  // parse error) when the call does not make a valid request.
  absl::StatusOr<std::string> Request(const RouteTable::Match& match, const Query& query,
                                      absl::string_view body) const;
  // The response's JSON; INTERNAL when the bytes do not parse as the method's output.
  absl::StatusOr<std::string> ResponseJson(const Route& route, absl::string_view bytes) const;

 private:
  // Each: the violation, or nullopt when the value was set.
  std::optional<FieldViolation> SetField(google::protobuf::Message& request, absl::string_view path,
                                         absl::string_view value, bool from_path) const;
  std::optional<FieldViolation> ParseJsonInto(absl::string_view json,
                                              google::protobuf::Message& message,
                                              absl::string_view field) const;

  const google::protobuf::DescriptorPool& pool_;
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  mutable google::protobuf::DynamicMessageFactory factory_;
};

// The type URL protobuf's JSON utilities use for `descriptor`.
std::string TypeUrl(const google::protobuf::Descriptor& descriptor);

}  // namespace thidua::gateway
