#include "services/gateway/openapi.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/text/unicode.h"

namespace thidua::gateway {
namespace pb = google::protobuf;
using Json = nlohmann::json;

namespace {

constexpr char kStatusSchema[] = "google.rpc.Status";

// A descriptor's proto comment (leading, then trailing), with the comment markers' indentation
// removed; empty when the descriptor set carries no source info.
template <typename Descriptor>
std::string CommentOf(const Descriptor& d) {
  pb::SourceLocation where;
  if (!d.GetSourceLocation(&where)) return "";
  std::vector<std::string> lines;
  for (const std::string* text : {&where.leading_comments, &where.trailing_comments}) {
    for (absl::string_view line : absl::StrSplit(*text, '\n')) {
      absl::ConsumePrefix(&line, " ");
      lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
    }
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  while (!lines.empty() && lines.front().empty()) lines.erase(lines.begin());
  return absl::StrJoin(lines, "\n");
}

// The first sentence of a comment, for an operation's summary.
std::string SummaryOf(const std::string& comment) {
  const std::string flat = absl::StrJoin(absl::StrSplit(comment, '\n'), " ");
  const size_t end = flat.find(". ");
  std::string summary = end == std::string::npos ? flat : flat.substr(0, end + 1);
  if (summary.size() > 200) {
    summary = absl::StrCat(text::TruncateToCodePoints(summary, 180), "...");
  }
  return summary;
}

class SchemaBuilder {
 public:
  // The schema of one field's value (not repeated: the caller wraps arrays and maps).
  Json ValueSchema(const pb::FieldDescriptor& field) {
    using F = pb::FieldDescriptor;
    switch (field.type()) {
      case F::TYPE_INT32:
      case F::TYPE_SINT32:
      case F::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case F::TYPE_UINT32:
      case F::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int32"}, {"minimum", 0}};
      case F::TYPE_INT64:
      case F::TYPE_SINT64:
      case F::TYPE_SFIXED64:
        // An example, or the docs page shows a random string of the pattern's digits.
        return {{"type", "string"},
                {"format", "int64"},
                {"pattern", "^-?[0-9]+$"},
                {"examples", Json::array({"0"})}};
      case F::TYPE_UINT64:
      case F::TYPE_FIXED64:
        return {{"type", "string"},
                {"format", "uint64"},
                {"pattern", "^[0-9]+$"},
                {"examples", Json::array({"0"})}};
      case F::TYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case F::TYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case F::TYPE_BOOL:
        return {{"type", "boolean"}};
      case F::TYPE_STRING:
        return {{"type", "string"}};
      case F::TYPE_BYTES:
        return {{"type", "string"}, {"contentEncoding", "base64"}};
      case F::TYPE_ENUM:
        return Ref(*field.enum_type());
      case F::TYPE_MESSAGE:
      case F::TYPE_GROUP:
        return MessageSchema(*field.message_type());
    }
    return Json::object();
  }

  Json FieldSchema(const pb::FieldDescriptor& field) {
    Json schema;
    if (field.is_map()) {
      schema = {{"type", "object"},
                {"additionalProperties", ValueSchema(*field.message_type()->map_value())}};
    } else if (field.is_repeated()) {
      schema = {{"type", "array"}, {"items", ValueSchema(field)}};
    } else {
      schema = ValueSchema(field);
    }
    std::string description = CommentOf(field);
    if (const pb::OneofDescriptor* oneof = field.real_containing_oneof()) {
      std::vector<std::string> others;
      for (int i = 0; i < oneof->field_count(); ++i) {
        if (oneof->field(i) != &field) others.push_back(oneof->field(i)->json_name());
      }
      description = absl::StrCat(description, description.empty() ? "" : "\n\n",
                                 "At most one of: ", field.json_name(), ", ",
                                 absl::StrJoin(others, ", "), ".");
    }
    if (!description.empty()) {
      // A $ref takes no sibling keywords in older tools; wrap it so the description shows.
      if (schema.contains("$ref")) schema = {{"allOf", Json::array({schema})}};
      schema["description"] = description;
    }
    return schema;
  }

  // A message's schema: a well-known type in its JSON form, else a $ref to a component.
  Json MessageSchema(const pb::Descriptor& message) {
    const std::string& name = message.full_name();
    if (name == "google.protobuf.Timestamp") return {{"type", "string"}, {"format", "date-time"}};
    if (name == "google.protobuf.Duration") {
      return {{"type", "string"},
              {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"},
              {"examples", Json::array({"30s"})}};
    }
    if (name == "google.protobuf.FieldMask") {
      return {{"type", "string"}, {"description", "field paths, comma-separated"}};
    }
    if (name == "google.protobuf.Struct") return {{"type", "object"}};
    if (name == "google.protobuf.Value") return Json::object();
    if (name == "google.protobuf.ListValue") return {{"type", "array"}};
    if (name == "google.protobuf.Empty") return {{"type", "object"}};
    if (name == "google.protobuf.Any") {
      return {{"type", "object"},
              {"properties", {{"@type", {{"type", "string"}}}}},
              {"additionalProperties", true}};
    }
    if (absl::StartsWith(name, "google.protobuf.") && absl::EndsWith(name, "Value") &&
        message.field_count() == 1) {
      return ValueSchema(*message.field(0));  // wrappers: the bare value
    }
    return Ref(message);
  }

  Json Ref(const pb::Descriptor& message) {
    if (done_.insert(message.full_name()).second) pending_messages_.push_back(&message);
    return {{"$ref", absl::StrCat("#/components/schemas/", message.full_name())}};
  }
  Json Ref(const pb::EnumDescriptor& e) {
    if (done_.insert(e.full_name()).second) pending_enums_.push_back(&e);
    return {{"$ref", absl::StrCat("#/components/schemas/", e.full_name())}};
  }

  // Builds every schema referred to so far, and those they refer to.
  Json Components() {
    Json schemas = Json::object();
    while (!pending_messages_.empty() || !pending_enums_.empty()) {
      if (!pending_enums_.empty()) {
        const pb::EnumDescriptor* e = pending_enums_.back();
        pending_enums_.pop_back();
        schemas[e->full_name()] = EnumSchema(*e);
        continue;
      }
      const pb::Descriptor* m = pending_messages_.back();
      pending_messages_.pop_back();
      schemas[m->full_name()] = ObjectSchema(*m);
    }
    return schemas;
  }

 private:
  Json ObjectSchema(const pb::Descriptor& message) {
    Json properties = Json::object();
    for (int i = 0; i < message.field_count(); ++i) {
      const pb::FieldDescriptor& field = *message.field(i);
      properties[field.json_name()] = FieldSchema(field);
    }
    Json schema = {{"type", "object"}, {"properties", properties}};
    if (std::string d = CommentOf(message); !d.empty()) schema["description"] = d;
    return schema;
  }

  Json EnumSchema(const pb::EnumDescriptor& e) {
    Json values = Json::array();
    std::vector<std::string> lines;
    for (int i = 0; i < e.value_count(); ++i) {
      const pb::EnumValueDescriptor& v = *e.value(i);
      values.push_back(v.name());
      const std::string comment = CommentOf(v);
      lines.push_back(absl::StrCat("- `", v.name(), "`", comment.empty() ? "" : ": ",
                                   absl::StrJoin(absl::StrSplit(comment, '\n'), " ")));
    }
    std::string description = CommentOf(e);
    description =
        absl::StrCat(description, description.empty() ? "" : "\n\n", absl::StrJoin(lines, "\n"));
    return {{"type", "string"}, {"enum", values}, {"description", description}};
  }

  std::set<std::string> done_;
  std::vector<const pb::Descriptor*> pending_messages_;
  std::vector<const pb::EnumDescriptor*> pending_enums_;
};

// The query parameters of a binding without a body: every field not bound by the path, nested
// singular messages flattened into dotted names (as the gateway reads them), up to three levels.
void QueryParameters(SchemaBuilder& schemas, const pb::Descriptor& message,
                     const std::string& prefix, const std::set<std::string>& bound, int depth,
                     Json& out) {
  for (int i = 0; i < message.field_count(); ++i) {
    const pb::FieldDescriptor& field = *message.field(i);
    const std::string name = prefix + field.name();
    if (bound.count(name) > 0) continue;
    const bool plain_message = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
                               !schemas.MessageSchema(*field.message_type()).contains("type");
    if (plain_message) {
      if (!field.is_repeated() && depth < 3) {
        QueryParameters(schemas, *field.message_type(), name + ".", bound, depth + 1, out);
      }
      continue;
    }
    Json parameter = {{"name", name}, {"in", "query"}, {"schema", schemas.FieldSchema(field)}};
    if (field.is_repeated()) {
      parameter["explode"] = true;
      parameter["style"] = "form";
    }
    if (parameter["schema"].contains("description")) {
      parameter["description"] = parameter["schema"]["description"];
    }
    out.push_back(parameter);
  }
}

std::string Lower(std::string s) {
  absl::AsciiStrToLower(&s);
  return s;
}

}  // namespace

Json OpenApiDocument(const RouteTable& routes, const std::string& version) {
  SchemaBuilder schemas;
  Json paths = Json::object();
  // A method with additional bindings has one operation per binding: Service_Method, then _2...
  std::map<std::string, int> operations;
  auto OperationId = [&](const std::string& base) {
    const int n = ++operations[base];
    return n == 1 ? base : absl::StrCat(base, "_", n);
  };
  std::map<std::string, Json> tags;
  for (const auto& route : routes.routes()) {
    const pb::MethodDescriptor& method = *route->method;
    const pb::ServiceDescriptor& service = *method.service();
    if (tags.count(service.name()) == 0) {
      Json tag = {{"name", service.name()}};
      if (std::string d = CommentOf(service); !d.empty()) tag["description"] = d;
      tags[service.name()] = tag;
    }
    const std::string comment = CommentOf(method);
    Json operation = {
        {"operationId", OperationId(service.name() + "_" + method.name())},
        {"tags", Json::array({service.name()})},
        {"summary", SummaryOf(comment)},
        {"description", comment},
        {"security", Json::array({Json{{"bearer", Json::array()}}})},
    };
    Json parameters = Json::array();
    std::set<std::string> bound;
    for (const std::string& variable : route->path.variables()) {
      const pb::FieldDescriptor* field = FindFieldPath(*method.input_type(), variable);
      bound.insert(variable);
      Json parameter = {{"name", variable},
                        {"in", "path"},
                        {"required", true},
                        {"schema", schemas.FieldSchema(*field)}};
      if (parameter["schema"].contains("description")) {
        parameter["description"] = parameter["schema"]["description"];
      }
      parameters.push_back(parameter);
    }
    if (route->body.empty()) {
      QueryParameters(schemas, *method.input_type(), "", bound, 0, parameters);
    } else {
      const pb::Descriptor& body =
          route->body_field != nullptr ? *route->body_field->message_type() : *method.input_type();
      operation["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", schemas.MessageSchema(body)}}}}}};
      if (route->body_field == nullptr && !bound.empty()) {
        operation["requestBody"]["description"] =
            absl::StrCat("The request; ", absl::StrJoin(bound, ", "),
                         " come from the path and may be left out here.");
      }
      if (route->body_field != nullptr) {
        QueryParameters(
            schemas, *method.input_type(), "",
            [&] {
              std::set<std::string> skip = bound;
              skip.insert(route->body_field->name());
              return skip;
            }(),
            0, parameters);
      }
    }
    if (!parameters.empty()) operation["parameters"] = parameters;
    operation["responses"] = {
        {"200",
         {{"description", "OK"},
          {"content",
           {{"application/json", {{"schema", schemas.MessageSchema(*method.output_type())}}}}}}},
        {"default",
         {{"description",
           "The error as a google.rpc.Status (HTTP status from its code: 400 INVALID_ARGUMENT "
           "and FAILED_PRECONDITION, 401, 403, 404, 409 ALREADY_EXISTS and ABORTED, 429, 503, "
           "504), with ErrorInfo (a stable reason), a vi-VN LocalizedMessage and BadRequest "
           "field violations among its details"},
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", absl::StrCat("#/components/schemas/", kStatusSchema)}}}}}}}}}};
    // OpenAPI paths name their parameters as the template does ({organization.id}).
    std::string path = route->path.text();
    paths[path][Lower(route->http_method)] = operation;
  }
  Json components = {
      {"securitySchemes",
       {{"bearer",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"bearerFormat", "JWT"},
          {"description",
           "A JWT (ES256 or RS256) from the issuer the services trust; its roles and "
           "organisation decide what each call may do"}}}}}};
  Json status = {
      {"type", "object"},
      {"description", "The error of a failed call (google.rpc.Status)."},
      {"properties",
       {{"code", {{"type", "integer"}, {"description", "the gRPC code (google.rpc.Code)"}}},
        {"message",
         {{"type", "string"},
          {"description", "English and Vietnamese, the Accept-Language's first"}}},
        {"details",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"@type", {{"type", "string"}}}}},
            {"additionalProperties", true}}}}}}}};
  Json built = schemas.Components();
  built[kStatusSchema] = status;
  components["schemas"] = built;
  Json tag_list = Json::array();
  for (auto& [name, tag] : tags) tag_list.push_back(tag);
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "thidua API"},
            {"version", version},
            {"description",
             "REST/JSON over thidua's gRPC services (registry, plans, reporting), generated "
             "from their protobuf contracts. Every call needs `Authorization: Bearer <JWT>`."}}},
          {"tags", tag_list},
          {"paths", paths},
          {"components", components}};
}

}  // namespace thidua::gateway
