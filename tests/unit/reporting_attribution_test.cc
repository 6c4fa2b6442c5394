// Where a period's unit counts on today's tree (REPORTING.md, "Roll-up").
#include <gtest/gtest.h>

#include <map>

#include "services/reporting/domain/attribution.h"

namespace thidua::reporting {
namespace {

// Today's subtree of province 1: communes 10 and 11 in row 10 and 11, commune 12 in row 11 (as if
// under 11); everything else outside.
std::optional<int64_t> RowOf(int64_t unit) {
  static const std::map<int64_t, int64_t> rows = {{1, 1}, {10, 10}, {11, 11}, {12, 11}};
  auto it = rows.find(unit);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

Attribution Of(const std::vector<Carrier>& carriers) { return Attribute(carriers, 1, RowOf); }

TEST(AttributeTest, AUnitStillValidOrMergedWholeCountsInItsCarriersRow) {
  EXPECT_EQ(Of({{12, true}}).row, 11);
  // Even a partial link: the only unit carrying the duties today takes them.
  EXPECT_EQ(Of({{10, false}}).row, 10);
  EXPECT_EQ(Of({{99, true}}).placement, Attribution::kOutside);
}

TEST(AttributeTest, ASplitGoesToItsOneMainSuccessor) {
  const Attribution a = Of({{10, false}, {11, true}, {99, false}});
  EXPECT_EQ(a.placement, Attribution::kRow);
  EXPECT_EQ(a.row, 11);
}

TEST(AttributeTest, ASplitWithoutAMainSuccessorGoesToTheSmallestRowHoldingAllOfIt) {
  // Both parts in row 11: row 11.
  EXPECT_EQ(Of({{11, false}, {12, false}}).row, 11);
  // Parts in rows 10 and 11: the province's own row, never one commune chosen for it.
  const Attribution spread = Of({{10, false}, {11, false}});
  EXPECT_EQ(spread.placement, Attribution::kRow);
  EXPECT_EQ(spread.row, 1);
  // Two main successors say nothing about which is the main one.
  EXPECT_EQ(Of({{10, true}, {12, true}}).row, 1);
}

TEST(AttributeTest, ASplitReachingOutsideTheSubtreeIsNotGuessedAt) {
  EXPECT_EQ(Of({{10, false}, {99, false}}).placement, Attribution::kUnattributed);
  EXPECT_EQ(Of({{98, false}, {99, false}}).placement, Attribution::kOutside);
  // Duties that went nowhere count nowhere.
  EXPECT_EQ(Of({}).placement, Attribution::kOutside);
}

}  // namespace
}  // namespace thidua::reporting
