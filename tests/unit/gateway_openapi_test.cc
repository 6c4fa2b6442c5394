// The gateway's OpenAPI document, generated from the build's descriptor set. (tests/web/
// openapi_check validates it against the OpenAPI 3.1 schema; here: that it says what the routes
// do.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "services/gateway/descriptor_sets.h"
#include "services/gateway/openapi.h"
#include "services/gateway/route_table.h"

namespace thidua::gateway {
namespace {

using Json = nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pool = LoadDescriptorSets({THIDUA_DESCRIPTOR_SET});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = pool->release();
    auto routes = RouteTable::Build(*pool_, {"thidua.registry.v1.Registry", "thidua.plans.v1.Plans",
                                             "thidua.reporting.v1.Reporting"});
    ASSERT_TRUE(routes.ok()) << routes.status();
    routes_ = new RouteTable(*std::move(routes));
    document_ = new Json(OpenApiDocument(*routes_, "v1"));
  }
  static inline google::protobuf::DescriptorPool* pool_ = nullptr;
  static inline RouteTable* routes_ = nullptr;
  static inline Json* document_ = nullptr;
};

TEST_F(OpenApiTest, EveryRouteIsAnOperationWithItsComment) {
  const Json& paths = (*document_)["paths"];
  std::set<std::string> ids;
  for (const auto& route : routes_->routes()) {
    std::string method = route->http_method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(paths.contains(route->path.text())) << route->path.text();
    const Json& operation = paths[route->path.text()][method];
    ASSERT_FALSE(operation.is_null()) << method << " " << route->path.text();
    EXPECT_TRUE(ids.insert(operation["operationId"].get<std::string>()).second);
    EXPECT_FALSE(operation["description"].get<std::string>().empty())
        << route->grpc_path << " has no proto comment";
    EXPECT_TRUE(operation["responses"].contains("200"));
    EXPECT_EQ(operation["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
              "#/components/schemas/google.rpc.Status");
    for (const std::string& variable : route->path.variables()) {
      bool found = false;
      for (const Json& p : operation["parameters"]) {
        found = found || (p["in"] == "path" && p["name"] == variable && p["required"] == true);
      }
      EXPECT_TRUE(found) << route->path.text() << " {" << variable << "}";
    }
  }
  EXPECT_EQ((*document_)["openapi"], "3.1.0");
  EXPECT_EQ((*document_)["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}

TEST_F(OpenApiTest, SchemasFollowProto3Json) {
  const Json& schemas = (*document_)["components"]["schemas"];
  const Json& organization = schemas["thidua.registry.v1.Organization"];
  ASSERT_FALSE(organization.is_null());
  // int64 as a string, lowerCamelCase names, the field's comment as its description.
  EXPECT_EQ(organization["properties"]["id"]["type"], "string");
  EXPECT_EQ(organization["properties"]["id"]["format"], "int64");
  ASSERT_TRUE(organization["properties"].contains("displayName"));
  EXPECT_FALSE(organization["properties"]["displayName"].value("description", "").empty());
  // Enums list their values.
  const Json& kind = schemas["thidua.registry.v1.OrganizationKind"];
  ASSERT_FALSE(kind.is_null());
  EXPECT_THAT(kind["enum"], ::testing::Contains("PROVINCE"));
  // Query parameters of a listing, nested fields flattened.
  const Json& list = (*document_)["paths"]["/v1/organizations"]["get"];
  std::set<std::string> names;
  for (const Json& p : list["parameters"]) names.insert(p["name"].get<std::string>());
  EXPECT_THAT(names, ::testing::IsSupersetOf({"query", "kinds", "as_of.year", "page_size"}));
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  const Json& schemas = (*document_)["components"]["schemas"];
  int references = 0;
  std::function<void(const Json&)> visit = [&](const Json& node) {
    if (node.is_object()) {
      if (node.contains("$ref")) {
        const std::string ref = node["$ref"];
        const std::string prefix = "#/components/schemas/";
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
        EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref;
        ++references;
      }
      for (const auto& [key, value] : node.items()) visit(value);
    } else if (node.is_array()) {
      for (const Json& value : node) visit(value);
    }
  };
  visit(*document_);
  EXPECT_GT(references, 100);
}

}  // namespace
}  // namespace thidua::gateway
