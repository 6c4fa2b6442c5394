// The gateway's HTTP bindings: path templates, the route table read from every service's
// `(google.api.http)` options, and the descriptor set the gateway loads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/api/annotations.pb.h"
#include "services/gateway/descriptor_sets.h"
#include "services/gateway/path_template.h"
#include "services/gateway/route_table.h"
#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

const std::vector<std::string> kServices = {"thidua.registry.v1.Registry", "thidua.plans.v1.Plans",
                                            "thidua.reporting.v1.Reporting"};

TEST(PathTemplateTest, MatchesLiteralsVariablesAndVerbs) {
  auto t = PathTemplate::Parse("/v1/plans/{id}:issue");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->verb(), "issue");
  EXPECT_THAT(*t->Match("/v1/plans/42:issue"), ElementsAre(Pair("id", "42")));
  EXPECT_FALSE(t->Match("/v1/plans/42").has_value());
  EXPECT_FALSE(t->Match("/v1/plans/42:close").has_value());
  EXPECT_FALSE(t->Match("/v1/plans:issue").has_value());

  auto nested = PathTemplate::Parse("/v1/organizations/{organization.id}");
  ASSERT_TRUE(nested.ok());
  EXPECT_THAT(*nested->Match("/v1/organizations/7"), ElementsAre(Pair("organization.id", "7")));
  // A verb of another method, a trailing slash, an extra segment: not this template.
  EXPECT_FALSE(nested->Match("/v1/organizations/7:addAlias").has_value());
  EXPECT_FALSE(nested->Match("/v1/organizations/7/").has_value());
  EXPECT_FALSE(nested->Match("/v1/organizations/7/history").has_value());
  EXPECT_FALSE(nested->Match("/v1/organizations").has_value());
  EXPECT_FALSE(nested->Match("v1/organizations/7").has_value());
}

TEST(PathTemplateTest, DecodesEachSegmentAndRefusesAnEncodedSlash) {
  auto t = PathTemplate::Parse("/v1/obligations/{obligation_id}/periods/{period_key}/rollup");
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(*t->Match("/v1/obligations/3/periods/2026%2DH1/rollup"),
              ElementsAre(Pair("obligation_id", "3"), Pair("period_key", "2026-H1")));
  EXPECT_THAT(*t->Match("/v1/obligations/3/periods/T%E1%BA%BFt/rollup"),
              ElementsAre(Pair("obligation_id", "3"), Pair("period_key", "Tết")));
  EXPECT_FALSE(t->Match("/v1/obligations/3/periods/a%2Fb/rollup").has_value());
  EXPECT_FALSE(t->Match("/v1/obligations/3/periods/%ZZ/rollup").has_value());
  EXPECT_FALSE(t->Match("/v1/obligations/3/periods/%4/rollup").has_value());
}

TEST(PathTemplateTest, RefusesWhatItCannotMatchUnambiguously) {
  for (const char* bad : {"v1/plans", "/v1//plans", "/v1/{name=plans/*}", "/v1/{name=**}",
                          "/v1/plans{id}", "/v1/{1id}", "/v1/{id}:a.b", "/v1/{}"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
  EXPECT_TRUE(PathTemplate::Parse("/v1/plans/{id=*}").ok());
}

TEST(PathTemplateTest, TellsOverlappingTemplatesThatNeitherWins) {
  auto t = [](const char* text) { return *PathTemplate::Parse(text); };
  EXPECT_TRUE(t("/v1/{a}/x").AmbiguousWith(t("/v1/x/{b}")));
  EXPECT_TRUE(t("/v1/plans/{id}").AmbiguousWith(t("/v1/plans/{plan.id}")));
  // The more literal one wins, another verb or length is another path.
  EXPECT_FALSE(t("/v1/plans/{id}").AmbiguousWith(t("/v1/plans/x")));
  EXPECT_FALSE(t("/v1/plans/{id}:issue").AmbiguousWith(t("/v1/plans/{id}")));
  EXPECT_FALSE(t("/v1/plans/{id}").AmbiguousWith(t("/v1/plans/{id}/tasks")));
  EXPECT_FALSE(t("/v1/plans/{id}").AmbiguousWith(t("/v1/tasks/{id}")));
}

TEST(RouteTableTest, EveryRpcOfEveryServiceHasOneUnambiguousBinding) {
  const auto& pool = *google::protobuf::DescriptorPool::generated_pool();
  // Linked, so that the generated pool holds them.
  (void)registry::v1::Organization::descriptor();
  (void)plans::v1::Plan::descriptor();
  (void)reporting::v1::Submission::descriptor();
  auto table = RouteTable::Build(pool, kServices);
  ASSERT_TRUE(table.ok()) << table.status();
  std::set<std::string> bound;
  for (const auto& route : table->routes()) bound.insert(route->method->full_name());
  for (const std::string& name : kServices) {
    const auto* service = pool.FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      EXPECT_TRUE(bound.count(service->method(i)->full_name()) > 0)
          << service->method(i)->full_name()
          << " has no (google.api.http) option: portals could not call it";
    }
  }
  // Every bound path finds its own method back.
  for (const auto& route : table->routes()) {
    std::string path = route->path.text();
    for (const std::string& v : route->path.variables()) {
      const size_t at = path.find("{" + v + "}");
      ASSERT_NE(at, std::string::npos);
      path.replace(at, v.size() + 2, "12");
    }
    auto found = table->Find(route->http_method, path);
    ASSERT_TRUE(found.ok()) << route->http_method << " " << path;
    EXPECT_EQ(found->route, route.get()) << route->http_method << " " << path;
  }
}

TEST(RouteTableTest, TellsAnUnknownPathFromAnotherMethodsPath) {
  (void)registry::v1::Organization::descriptor();
  auto table = RouteTable::Build(*google::protobuf::DescriptorPool::generated_pool(),
                                 {"thidua.registry.v1.Registry"});
  ASSERT_TRUE(table.ok()) << table.status();
  auto get = table->Find("GET", "/v1/organizations/5");
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->route->method->name(), "GetOrganization");
  EXPECT_THAT(get->bindings, ElementsAre(Pair("id", "5")));
  auto update = table->Find("PATCH", "/v1/organizations/5");
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->route->method->name(), "UpdateOrganization");
  EXPECT_THAT(update->bindings, ElementsAre(Pair("organization.id", "5")));
  auto custom = table->Find("POST", "/v1/organizations/5:addAlias");
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->route->method->name(), "AddOrganizationAlias");
  auto wrong_method = table->Find("DELETE", "/v1/organizations/5");
  EXPECT_TRUE(absl::IsFailedPrecondition(wrong_method.status()));
  EXPECT_EQ(wrong_method.status().message(), "GET, PATCH");
  EXPECT_TRUE(absl::IsNotFound(table->Find("GET", "/v1/organisations/5").status()));
  EXPECT_TRUE(absl::IsNotFound(table->Find("GET", "/v1/organizations/5:frobnicate").status()));
}

TEST(RouteTableTest, RefusesAServiceWithoutBindingsOrAnUnknownOne) {
  EXPECT_FALSE(
      RouteTable::Build(*google::protobuf::DescriptorPool::generated_pool(), {"no.such.Service"})
          .ok());
  auto echo = RouteTable::Build(*google::protobuf::DescriptorPool::generated_pool(),
                                {"thidua.bench.v1.Echo"});
  EXPECT_FALSE(echo.ok());
}

TEST(DescriptorSetsTest, TheBuildsSetCarriesBindingsAndComments) {
  std::vector<std::string> files;
  auto pool = LoadDescriptorSets({THIDUA_DESCRIPTOR_SET}, &files);
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_THAT(ServicesWithHttpBindings(**pool, files),
              ::testing::UnorderedElementsAreArray(kServices));
  auto table = RouteTable::Build(**pool, kServices);
  ASSERT_TRUE(table.ok()) << table.status();
  const auto* method = (*pool)->FindMethodByName("thidua.plans.v1.Plans.IssuePlan");
  ASSERT_NE(method, nullptr);
  google::protobuf::SourceLocation where;
  ASSERT_TRUE(method->GetSourceLocation(&where));
  EXPECT_FALSE(where.leading_comments.empty());
  // Loading the same set twice changes nothing; an unreadable one is refused.
  EXPECT_TRUE(LoadDescriptorSets({THIDUA_DESCRIPTOR_SET, THIDUA_DESCRIPTOR_SET}).ok());
  EXPECT_FALSE(LoadDescriptorSets({"/nonexistent.pb"}).ok());
}

}  // namespace
}  // namespace thidua::gateway
