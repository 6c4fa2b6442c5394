// Which unit today counts a period's unit (REPORTING.md, "Roll-up").
#include <gtest/gtest.h>

#include "services/reporting/domain/attribution.h"

namespace thidua::reporting {
namespace {

TEST(AttributedToTest, AUnitStillValidOrMergedWholeHasOneCarrier) {
  EXPECT_EQ(AttributedTo({{46, true}}), 46);
  // Even a partial link: the only unit carrying the duties today takes them.
  EXPECT_EQ(AttributedTo({{75, false}}), 75);
}

TEST(AttributedToTest, ASplitGoesToItsOneMainSuccessor) {
  EXPECT_EQ(AttributedTo({{10, false}, {11, true}, {12, false}}), 11);
}

TEST(AttributedToTest, ASplitWithoutOrWithSeveralMainSuccessorsIsNotGuessed) {
  EXPECT_EQ(AttributedTo({{10, false}, {11, false}}), std::nullopt);
  EXPECT_EQ(AttributedTo({{10, true}, {11, true}}), std::nullopt);
  EXPECT_EQ(AttributedTo({}), std::nullopt);
}

}  // namespace
}  // namespace thidua::reporting
