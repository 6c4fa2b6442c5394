#include "services/gateway/route_table.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"

namespace thidua::gateway {
namespace pb = google::protobuf;

const pb::FieldDescriptor* FindFieldPath(const pb::Descriptor& message, absl::string_view path,
                                         std::vector<const pb::FieldDescriptor*>* parents) {
  const pb::Descriptor* current = &message;
  const pb::FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (field != nullptr) {
      if (field->is_repeated() || field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        return nullptr;
      }
      if (parents != nullptr) parents->push_back(field);
      current = field->message_type();
    }
    const std::string name(part);
    field = current->FindFieldByName(name);
    if (field == nullptr) field = current->FindFieldByCamelcaseName(name);
    if (field == nullptr) return nullptr;
  }
  return field;
}

namespace {

bool IsScalar(const pb::FieldDescriptor& field) {
  return !field.is_repeated() && field.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE;
}

// The HTTP method and template of one rule; empty method when the rule sets no pattern.
std::pair<std::string, std::string> PatternOf(const google::api::HttpRule& rule) {
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      return {"GET", rule.get()};
    case google::api::HttpRule::kPut:
      return {"PUT", rule.put()};
    case google::api::HttpRule::kPost:
      return {"POST", rule.post()};
    case google::api::HttpRule::kDelete:
      return {"DELETE", rule.delete_()};
    case google::api::HttpRule::kPatch:
      return {"PATCH", rule.patch()};
    case google::api::HttpRule::kCustom:
      return {rule.custom().kind(), rule.custom().path()};
    case google::api::HttpRule::PATTERN_NOT_SET:
      break;
  }
  return {"", ""};
}

absl::StatusOr<std::unique_ptr<Route>> MakeRoute(const pb::MethodDescriptor& method,
                                                 const google::api::HttpRule& rule) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(method.full_name(), ": ", why));
  };
  auto [http_method, text] = PatternOf(rule);
  if (http_method.empty()) return bad("an HTTP rule without a pattern");
  if (method.client_streaming() || method.server_streaming()) {
    return bad("streaming methods have no HTTP/JSON binding");
  }
  auto path = PathTemplate::Parse(text);
  if (!path.ok()) return bad(path.status().message());
  auto route = std::make_unique<Route>();
  route->http_method = http_method;
  route->path = *std::move(path);
  route->body = rule.body();
  route->method = &method;
  route->grpc_path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  const pb::Descriptor& request = *method.input_type();
  for (const std::string& variable : route->path.variables()) {
    const pb::FieldDescriptor* field = FindFieldPath(request, variable);
    if (field == nullptr || !IsScalar(*field)) {
      return bad(absl::StrCat("path variable {", variable, "} names no singular scalar field of ",
                              request.full_name()));
    }
  }
  if (!route->body.empty() && route->body != "*") {
    const pb::FieldDescriptor* field = request.FindFieldByName(route->body);
    if (field == nullptr || field->is_repeated() ||
        field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return bad(absl::StrCat("body \"", route->body, "\" names no message field of ",
                              request.full_name()));
    }
    route->body_field = field;
  }
  if (!rule.response_body().empty()) return bad("response_body is not supported");
  return route;
}

}  // namespace

absl::StatusOr<RouteTable> RouteTable::Build(const pb::DescriptorPool& pool,
                                             const std::vector<std::string>& services) {
  RouteTable table;
  for (const std::string& name : services) {
    const pb::ServiceDescriptor* service = pool.FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(absl::StrCat("no service ", name, " in the descriptor sets"));
    }
    size_t bound = 0;
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor& method = *service->method(i);
      if (!method.options().HasExtension(google::api::http)) continue;
      const google::api::HttpRule& rule = method.options().GetExtension(google::api::http);
      std::vector<const google::api::HttpRule*> rules = {&rule};
      for (const auto& more : rule.additional_bindings()) {
        if (more.additional_bindings_size() > 0) {
          return absl::InvalidArgumentError(
              absl::StrCat(method.full_name(), ": additional bindings may not nest"));
        }
        rules.push_back(&more);
      }
      for (const google::api::HttpRule* r : rules) {
        auto route = MakeRoute(method, *r);
        if (!route.ok()) return route.status();
        for (const auto& other : table.routes_) {
          if (other->http_method == (*route)->http_method &&
              other->path.AmbiguousWith((*route)->path)) {
            return absl::InvalidArgumentError(absl::StrCat(
                method.full_name(), " ", (*route)->http_method, " ", (*route)->path.text(),
                " is ambiguous with ", other->method->full_name(), " ", other->path.text()));
          }
        }
        table.routes_.push_back(*std::move(route));
        ++bound;
      }
    }
    if (bound == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " has no method with a (google.api.http) option"));
    }
  }
  return table;
}

absl::StatusOr<RouteTable::Match> RouteTable::Find(absl::string_view http_method,
                                                   absl::string_view path) const {
  Match best;
  std::set<std::string> allowed;
  for (const auto& route : routes_) {
    std::optional<PathTemplate::Bindings> bindings = route->path.Match(path);
    if (!bindings.has_value()) continue;
    if (route->http_method != http_method) {
      allowed.insert(route->http_method);
      continue;
    }
    if (best.route == nullptr || route->path.literal_count() > best.route->path.literal_count()) {
      best.route = route.get();
      best.bindings = *std::move(bindings);
    }
  }
  if (best.route != nullptr) return best;
  if (!allowed.empty()) return absl::FailedPreconditionError(absl::StrJoin(allowed, ", "));
  return absl::NotFoundError("no route");
}

}  // namespace thidua::gateway
