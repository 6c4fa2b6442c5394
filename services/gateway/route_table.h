#pragma once

#include <google/protobuf/descriptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/gateway/path_template.h"

namespace thidua::gateway {

// One HTTP binding of an RPC, read from its `(google.api.http)` option.
struct Route {
  std::string http_method;  // "GET", "POST", "PUT", "PATCH", "DELETE" or a custom kind
  PathTemplate path;
  // "" (no body: every field not bound by the path comes from the query string), "*" (the body
  // is the request, less the path's fields) or the name of a message field the body fills.
  std::string body;
  const google::protobuf::MethodDescriptor* method = nullptr;
  // The field the body fills; nullptr for "" and "*".
  const google::protobuf::FieldDescriptor* body_field = nullptr;
  std::string grpc_path;  // "/thidua.registry.v1.Registry/GetOrganization"
};

// Every HTTP binding of the given services, checked when built: a template must parse, each of
// its variables must name a singular scalar field of the request, the body a message field, and
// no two bindings of one HTTP method may have the same shape (they would be ambiguous).
class RouteTable {
 public:
  // `services`: full names ("thidua.plans.v1.Plans"), each found in `pool`. A service without a
  // single annotated method is an error: the gateway would serve nothing of it.
  static absl::StatusOr<RouteTable> Build(const google::protobuf::DescriptorPool& pool,
                                          const std::vector<std::string>& services);

  struct Match {
    const Route* route = nullptr;
    PathTemplate::Bindings bindings;
  };
  // The binding for `http_method` and `path` (no query string). NOT_FOUND when no template
  // matches the path; FAILED_PRECONDITION when one does under another HTTP method (HTTP 405), its
  // message listing the allowed methods ("GET, POST").
  absl::StatusOr<Match> Find(absl::string_view http_method, absl::string_view path) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

// The field at `path` ("organization.id", proto or JSON names) of `message`, and the messages
// leading to it; nullptr when a part names no field or crosses a repeated or non-message field.
const google::protobuf::FieldDescriptor* FindFieldPath(
    const google::protobuf::Descriptor& message, absl::string_view path,
    std::vector<const google::protobuf::FieldDescriptor*>* parents = nullptr);

}  // namespace thidua::gateway
