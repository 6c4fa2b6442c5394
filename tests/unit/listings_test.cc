// Every listing of every service pages by cursor (AIP-158, common/server/pager.h): its request has
// page_size and page_token, its response next_page_token. A new listing fails here until it does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "common/server/pager.h"
#include "tests/support/served_services.h"
#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::server {
namespace {

namespace pb = google::protobuf;

// Listings bounded by their nature, not by a page: the chain of units above one (at most the
// nation, a province and a district), lookups of ids the caller names (at most 1000), and what one
// unit owes now (the started periods of a year of its obligations, at most 500).
bool BoundedByNature(const pb::MethodDescriptor& method) {
  return method.name() == "ListAncestors" || method.name() == "ListDueReports";
}

TEST(ListingsTest, EveryListingPagesByToken) {
  (void)plans::v1::Plan::descriptor();
  (void)registry::v1::Organization::descriptor();
  (void)reporting::v1::Indicator::descriptor();
  int listings = 0;
  for (const char* name : testing::kServedServices) {
    const pb::ServiceDescriptor* service =
        pb::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor& method = *service->method(i);
      const bool listing = absl::StartsWith(method.name(), "List") || method.name() == "GetTree";
      if (!listing || BoundedByNature(method)) continue;
      ++listings;
      const pb::FieldDescriptor* size = method.input_type()->FindFieldByName("page_size");
      const pb::FieldDescriptor* token = method.input_type()->FindFieldByName("page_token");
      const pb::FieldDescriptor* next = method.output_type()->FindFieldByName("next_page_token");
      EXPECT_TRUE(size != nullptr && size->type() == pb::FieldDescriptor::TYPE_INT32)
          << method.full_name();
      EXPECT_TRUE(token != nullptr && token->type() == pb::FieldDescriptor::TYPE_STRING)
          << method.full_name();
      EXPECT_TRUE(next != nullptr && next->type() == pb::FieldDescriptor::TYPE_STRING)
          << method.full_name();
    }
  }
  EXPECT_GE(listings, 11);
}

TEST(PagerTest, SizePolicyAndTokensBoundToTheirQuery) {
  registry::v1::ListGroupsRequest request;
  request.set_query("an ninh");
  EXPECT_EQ(Pager::Read(request)->size(), 100);
  request.set_page_size(5);
  EXPECT_EQ(Pager::Read(request)->size(), 5);
  request.set_page_size(100000);
  EXPECT_EQ(Pager::Read(request)->size(), 1000);  // capped, not refused
  request.set_page_size(-1);
  EXPECT_EQ(Pager::Read(request).status().code(), absl::StatusCode::kInvalidArgument);

  request.set_page_size(5);
  const std::string token = Pager::Read(request)->TokenAfter({std::string("an ninh xa"), 42});
  request.set_page_token(token);
  auto next = Pager::Read(request);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->after(), (CursorKey{std::string("an ninh xa"), 42}));
  request.set_page_size(50);  // the page size may change between pages
  EXPECT_TRUE(Pager::Read(request).ok());
  request.set_query("an toan");  // another query may not reuse the token
  EXPECT_EQ(Pager::Read(request).status().code(), absl::StatusCode::kInvalidArgument);
  registry::v1::ListOrganizationHistoryRequest other;  // nor another listing
  other.set_page_token(token);
  EXPECT_EQ(Pager::Read(other).status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* garbage : {"b2Zmc2V0OjEw", "-1", "!!", "AAAA"}) {
    request.set_query("an ninh");
    request.set_page_token(garbage);
    EXPECT_EQ(Pager::Read(request).status().code(), absl::StatusCode::kInvalidArgument) << garbage;
  }
}

TEST(PagerTest, APageStartsStrictlyAfterTheLastKeyShown) {
  registry::v1::ListGroupsRequest request;
  request.set_page_size(2);
  std::vector<int64_t> rows = {1, 2, 3, 4, 5};
  auto key = [](int64_t v) { return CursorKey{v}; };
  std::string next;
  auto first = Pager::Read(request)->PageOf(rows, key, next);
  EXPECT_THAT(first, ::testing::ElementsAre(1, 2));
  ASSERT_FALSE(next.empty());
  rows.insert(rows.begin(), 0);  // a row added before the cursor neither repeats nor shifts
  request.set_page_token(next);
  auto second = Pager::Read(request)->PageOf(rows, key, next);
  EXPECT_THAT(second, ::testing::ElementsAre(3, 4));
  request.set_page_token(next);
  auto third = Pager::Read(request)->PageOf(rows, key, next);
  EXPECT_THAT(third, ::testing::ElementsAre(5));
  EXPECT_TRUE(next.empty());
}

}  // namespace
}  // namespace thidua::server
