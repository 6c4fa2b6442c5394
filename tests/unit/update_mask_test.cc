// Update masks (AIP-134) checked once for every Update method: common/server/update_mask.h.
#include "common/server/update_mask.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::server {
namespace {

std::string Check(std::initializer_list<const char*> paths,
                  const google::protobuf::Descriptor& type,
                  std::initializer_list<absl::string_view> updatable) {
  google::protobuf::FieldMask mask;
  for (const char* p : paths) mask.add_paths(p);
  Violations violations;
  CheckUpdateMask(mask, type, updatable, violations);
  return std::string(violations.ToStatus().message());
}

TEST(UpdateMaskTest, EveryPathNamesAnUpdatableFieldOfTheResource) {
  const auto& organization = *registry::v1::Organization::descriptor();
  const std::initializer_list<absl::string_view> updatable = {"short_name", "contact", "contact.*"};
  EXPECT_EQ(Check({"short_name", "contact.phone", "contact"}, organization, updatable), "");
  EXPECT_THAT(Check({"contact.fax"}, organization, updatable),
              ::testing::HasSubstr("\"contact.fax\" is not a field of Organization"));
  EXPECT_THAT(Check({"display_name"}, organization, updatable),
              ::testing::HasSubstr("\"display_name\" cannot be updated"));
  EXPECT_THAT(Check({}, organization, updatable), ::testing::HasSubstr("update_mask"));
  const std::string both = Check({"short_name", "nope", "contact..phone"}, organization, updatable);
  EXPECT_THAT(both, ::testing::HasSubstr("\"nope\" is not a field"));
  EXPECT_THAT(both, ::testing::HasSubstr("\"contact..phone\" is not a field"));
}

TEST(UpdateMaskTest, APathUnderAnExactFieldIsRefused) {
  const auto& model = *plans::v1::SecurityModel::descriptor();
  EXPECT_EQ(Check({"started"}, model, {"started"}), "");
  EXPECT_THAT(Check({"started.year"}, model, {"started"}),
              ::testing::HasSubstr("\"started.year\" cannot be updated"));
}

}  // namespace
}  // namespace thidua::server
