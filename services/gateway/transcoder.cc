#include "services/gateway/transcoder.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/text/unicode.h"
#include "nlohmann/json.hpp"
#include "services/gateway/cached_type_resolver.h"

namespace thidua::gateway {
namespace pb = google::protobuf;

namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

FieldViolation Bad(absl::string_view field, absl::string_view english,
                   absl::string_view vietnamese) {
  return {std::string(field), std::string(english), std::string(vietnamese)};
}

// `value` as the field's scalar, or why not.
template <typename T>
bool ParseNumber(absl::string_view value, T* out) {
  if constexpr (std::is_same_v<T, double>) {
    return absl::SimpleAtod(value, out);
  } else if constexpr (std::is_same_v<T, float>) {
    return absl::SimpleAtof(value, out);
  } else {
    return absl::SimpleAtoi(value, out);
  }
}

}  // namespace

std::string TypeUrl(const pb::Descriptor& descriptor) {
  return absl::StrCat(kTypeUrlPrefix, "/", descriptor.full_name());
}

Transcoder::Transcoder(const pb::DescriptorPool& pool)
    : pool_(pool),
      resolver_(std::make_unique<CachedTypeResolver>(std::unique_ptr<pb::util::TypeResolver>(
          pb::util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix, &pool)))),
      factory_(&pool) {}

std::optional<FieldViolation> Transcoder::ParseJsonInto(absl::string_view json,
                                                        pb::Message& message,
                                                        absl::string_view field) const {
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  std::string binary;
  const auto parsed =
      pb::util::JsonToBinaryString(resolver_.get(), TypeUrl(*message.GetDescriptor()),
                                   std::string(json.data(), json.size()), &binary, options);
  if (!parsed.ok()) {
    // The parser's words describe the caller's own JSON (a field, a value), never the server.
    return Bad(field,
               absl::StrCat("not valid JSON for ", message.GetDescriptor()->full_name(), ": ",
                            std::string(parsed.message())),
               absl::StrCat("không phải JSON hợp lệ của ", message.GetDescriptor()->full_name(),
                            ": ", std::string(parsed.message())));
  }
  if (!message.MergeFromString(binary)) {
    return Bad(field, "not a valid message", "không phải thông điệp hợp lệ");
  }
  return std::nullopt;
}

std::optional<FieldViolation> Transcoder::SetField(pb::Message& request, absl::string_view path,
                                                   absl::string_view value, bool from_path) const {
  std::vector<const pb::FieldDescriptor*> parents;
  const pb::FieldDescriptor* field = FindFieldPath(*request.GetDescriptor(), path, &parents);
  if (field == nullptr) {
    return Bad(path, absl::StrCat(request.GetDescriptor()->full_name(), " has no such field"),
               absl::StrCat(request.GetDescriptor()->full_name(), " không có trường này"));
  }
  pb::Message* target = &request;
  for (const pb::FieldDescriptor* parent : parents) {
    target = target->GetReflection()->MutableMessage(target, parent, &factory_);
  }
  const pb::Reflection& r = *target->GetReflection();
  const bool repeated = field->is_repeated();
  auto invalid = [&](absl::string_view english, absl::string_view vietnamese) {
    return Bad(path, absl::StrCat(english, ": \"", value, "\""),
               absl::StrCat(vietnamese, ": \"", value, "\""));
  };
  using F = pb::FieldDescriptor;
  switch (field->cpp_type()) {
#define THIDUA_NUMBER(CPPTYPE, T, SETTER)                                                        \
  case F::CPPTYPE: {                                                                             \
    T number{};                                                                                  \
    if (!ParseNumber(value, &number)) {                                                          \
      return invalid("not a number of this field's type", "không phải số đúng kiểu của trường"); \
    }                                                                                            \
    repeated ? r.Add##SETTER(target, field, number) : r.Set##SETTER(target, field, number);      \
    return std::nullopt;                                                                         \
  }
    THIDUA_NUMBER(CPPTYPE_INT32, int32_t, Int32)
    THIDUA_NUMBER(CPPTYPE_INT64, int64_t, Int64)
    THIDUA_NUMBER(CPPTYPE_UINT32, uint32_t, UInt32)
    THIDUA_NUMBER(CPPTYPE_UINT64, uint64_t, UInt64)
    THIDUA_NUMBER(CPPTYPE_DOUBLE, double, Double)
    THIDUA_NUMBER(CPPTYPE_FLOAT, float, Float)
#undef THIDUA_NUMBER
    case F::CPPTYPE_BOOL: {
      bool b;
      if (value == "true") {
        b = true;
      } else if (value == "false") {
        b = false;
      } else {
        return invalid("must be true or false", "phải là true hoặc false");
      }
      repeated ? r.AddBool(target, field, b) : r.SetBool(target, field, b);
      return std::nullopt;
    }
    case F::CPPTYPE_STRING: {
      std::string s(value);
      if (field->type() == F::TYPE_BYTES && !absl::WebSafeBase64Unescape(value, &s) &&
          !absl::Base64Unescape(value, &s)) {
        return invalid("not base64", "không phải base64");
      }
      repeated ? r.AddString(target, field, std::move(s))
               : r.SetString(target, field, std::move(s));
      return std::nullopt;
    }
    case F::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* e = field->enum_type()->FindValueByName(std::string(value));
      int number = 0;
      if (e == nullptr && absl::SimpleAtoi(value, &number)) {
        e = field->enum_type()->FindValueByNumber(number);
      }
      if (e == nullptr) {
        return invalid(absl::StrCat("not a value of ", field->enum_type()->full_name()),
                       absl::StrCat("không phải giá trị của ", field->enum_type()->full_name()));
      }
      repeated ? r.AddEnum(target, field, e) : r.SetEnum(target, field, e);
      return std::nullopt;
    }
    case F::CPPTYPE_MESSAGE: {
      // Only a message whose JSON form is a string (Timestamp, Duration, FieldMask, wrappers)
      // can be a single parameter; other messages take one parameter per field.
      if (repeated || from_path) {
        return invalid("a list of messages cannot come from the URL",
                       "danh sách thông điệp không thể lấy từ URL");
      }
      if (!text::IsValidUtf8(value)) return invalid("not UTF-8", "không phải UTF-8");
      pb::Message* sub = r.MutableMessage(target, field, &factory_);
      return ParseJsonInto(nlohmann::json(std::string(value)).dump(), *sub, path);
    }
  }
  return invalid("unsupported field", "trường không được hỗ trợ");
}

absl::StatusOr<std::string> Transcoder::Request(const RouteTable::Match& match, const Query& query,
                                                absl::string_view body) const {
  const Route& route = *match.route;
  std::unique_ptr<pb::Message> request(factory_.GetPrototype(route.method->input_type())->New());
  if (route.body.empty()) {
    if (!body.empty()) {
      return InvalidArgument({Bad("body", "this call takes no body; send its fields in the query",
                                  "lệnh gọi này không nhận nội dung; gửi các trường qua query")});
    }
  } else {
    const absl::string_view json = body.empty() ? absl::string_view("{}") : body;
    pb::Message* target =
        route.body_field == nullptr
            ? request.get()
            : request->GetReflection()->MutableMessage(request.get(), route.body_field, &factory_);
    std::optional<FieldViolation> bad = ParseJsonInto(
        json, *target, route.body_field == nullptr ? "body" : route.body_field->name());
    if (bad.has_value()) return InvalidArgument({*std::move(bad)});
  }
  std::vector<FieldViolation> violations;
  std::set<std::string> singular_seen;
  for (const auto& [key, value] : query) {
    const std::string first = key.substr(0, key.find('.'));
    if (route.body == "*" ||
        (route.body_field != nullptr &&
         (first == route.body_field->name() || first == route.body_field->json_name()))) {
      violations.push_back(Bad(key, "comes in the body, not in the query",
                               "phải gửi trong nội dung, không qua query"));
      continue;
    }
    std::vector<const pb::FieldDescriptor*> parents;
    const pb::FieldDescriptor* field = FindFieldPath(*request->GetDescriptor(), key, &parents);
    // Keyed by the field itself, so `page_size` and `pageSize` are one parameter given twice.
    std::string field_key;
    for (const pb::FieldDescriptor* p : parents) absl::StrAppend(&field_key, p->number(), ".");
    if (field != nullptr) absl::StrAppend(&field_key, field->number());
    if (field != nullptr && !field->is_repeated() && !singular_seen.insert(field_key).second) {
      violations.push_back(Bad(key, "given more than once", "được gửi nhiều lần"));
      continue;
    }
    std::optional<FieldViolation> bad = SetField(*request, key, value, /*from_path=*/false);
    if (bad.has_value()) violations.push_back(*std::move(bad));
  }
  for (const auto& [path, value] : match.bindings) {
    std::optional<FieldViolation> bad = SetField(*request, path, value, /*from_path=*/true);
    if (bad.has_value()) violations.push_back(*std::move(bad));
  }
  if (!violations.empty()) return InvalidArgument(violations);
  return request->SerializeAsString();
}

absl::StatusOr<std::string> Transcoder::ResponseJson(const Route& route,
                                                     absl::string_view bytes) const {
  pb::util::JsonPrintOptions options;
  std::string json;
  const auto printed =
      pb::util::BinaryToJsonString(resolver_.get(), TypeUrl(*route.method->output_type()),
                                   std::string(bytes.data(), bytes.size()), &json, options);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("response of ", route.method->full_name(),
                     " does not print as JSON: ", std::string(printed.message())));
  }
  return json;
}

}  // namespace thidua::gateway
