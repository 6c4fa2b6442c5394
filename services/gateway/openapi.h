#pragma once

#include <google/protobuf/descriptor.h>

#include <string>

#include "nlohmann/json.hpp"
#include "services/gateway/route_table.h"

namespace thidua::gateway {

// The OpenAPI 3.1 document of every route, generated from the same descriptors the gateway
// serves from: one operation per HTTP binding (operationId `Service_Method`, tagged with its
// service), its summary and description from the RPC's proto comment, path parameters from the
// template, query parameters (for a binding without a body) from the request's fields, the body
// and the answer as schemas of their messages (each field's proto comment as its description,
// enums with their values, 64-bit integers as strings as proto3 JSON writes them), the bearer JWT
// scheme, and every error as the google.rpc.Status schema.
nlohmann::json OpenApiDocument(const RouteTable& routes, const std::string& version);

}  // namespace thidua::gateway
