// The gateway's cached TypeResolver gives what the descriptor pool's own resolver gives, every
// time, and does not remember what failed.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/gateway/cached_type_resolver.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::gateway {
namespace {

namespace pb = google::protobuf;

std::unique_ptr<pb::util::TypeResolver> PoolResolver() {
  return std::unique_ptr<pb::util::TypeResolver>(pb::util::NewTypeResolverForDescriptorPool(
      "type.googleapis.com", pb::DescriptorPool::generated_pool()));
}

// What the pool's resolver gives, less the options with a dotted (extension) name.
template <typename T>
void DropCustom(pb::RepeatedPtrField<T>& options) {
  for (int i = options.size() - 1; i >= 0; --i) {
    if (absl::StrContains(options.Get(i).name(), ".")) options.DeleteSubrange(i, 1);
  }
}

TEST(CachedTypeResolver, GivesWhatThePoolGivesLessCustomOptionsEveryTime) {
  CachedTypeResolver cached(PoolResolver());
  auto pool = PoolResolver();
  for (const std::string url : {"type.googleapis.com/thidua.registry.v1.Organization",
                                "type.googleapis.com/google.protobuf.Timestamp"}) {
    pb::Type expected;
    ASSERT_TRUE(pool->ResolveMessageType(url, &expected).ok());
    DropCustom(*expected.mutable_options());
    for (auto& field : *expected.mutable_fields()) DropCustom(*field.mutable_options());
    for (int i = 0; i < 3; ++i) {
      pb::Type type;
      type.set_name("left over");  // replaced, not merged into
      ASSERT_TRUE(cached.ResolveMessageType(url, &type).ok()) << url;
      EXPECT_TRUE(pb::util::MessageDifferencer::Equals(type, expected)) << url << " call " << i;
    }
  }
  const std::string kind = "type.googleapis.com/thidua.registry.v1.OrganizationKind";
  pb::Enum expected;
  ASSERT_TRUE(pool->ResolveEnumType(kind, &expected).ok());
  for (int i = 0; i < 2; ++i) {
    pb::Enum enum_type;
    ASSERT_TRUE(cached.ResolveEnumType(kind, &enum_type).ok());
    EXPECT_TRUE(pb::util::MessageDifferencer::Equals(enum_type, expected));
  }
}

TEST(CachedTypeResolver, LeavesOutThiduasFieldOptions) {
  const std::string url = "type.googleapis.com/thidua.registry.v1.Organization";
  auto count = [](const pb::Type& type) {
    int n = 0;
    for (const auto& field : type.fields()) n += field.options_size();
    return n;
  };
  pb::Type from_pool, from_cache;
  ASSERT_TRUE(PoolResolver()->ResolveMessageType(url, &from_pool).ok());
  CachedTypeResolver cached(PoolResolver());
  ASSERT_TRUE(cached.ResolveMessageType(url, &from_cache).ok());
  EXPECT_GT(count(from_pool), 0);  // (thidua.common.v1.text) on display_name and others
  EXPECT_EQ(count(from_cache), 0);
}

TEST(CachedTypeResolver, FailuresAreNotRemembered) {
  CachedTypeResolver cached(PoolResolver());
  pb::Type type;
  EXPECT_FALSE(cached.ResolveMessageType("type.googleapis.com/no.such.Type", &type).ok());
  EXPECT_FALSE(cached.ResolveMessageType("type.googleapis.com/no.such.Type", &type).ok());
  pb::Enum enum_type;
  EXPECT_FALSE(cached.ResolveEnumType("type.googleapis.com/no.such.Enum", &enum_type).ok());
}

TEST(CachedTypeResolver, ConvertsJsonAsThePoolResolverDoes) {
  CachedTypeResolver cached(PoolResolver());
  auto pool = PoolResolver();
  registry::v1::Organization organization;
  organization.set_id(79);
  organization.set_display_name("Tỉnh Lâm Đồng");
  organization.set_kind(registry::v1::PROVINCE);
  organization.mutable_create_time()->set_seconds(1764662400);
  const std::string url = "type.googleapis.com/thidua.registry.v1.Organization";
  std::string from_pool, from_cache;
  ASSERT_TRUE(
      pb::util::BinaryToJsonString(pool.get(), url, organization.SerializeAsString(), &from_pool)
          .ok());
  for (int i = 0; i < 2; ++i) {
    from_cache.clear();
    ASSERT_TRUE(
        pb::util::BinaryToJsonString(&cached, url, organization.SerializeAsString(), &from_cache)
            .ok());
    EXPECT_EQ(from_cache, from_pool);
  }
}

}  // namespace
}  // namespace thidua::gateway
