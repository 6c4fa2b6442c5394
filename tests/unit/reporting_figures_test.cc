// Exact decimals as reports carry them, and what a submission's state allows
// (services/reporting/domain/figures.h, submission_lifecycle.h).
#include <gtest/gtest.h>

#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/submission_lifecycle.h"

namespace thidua::reporting {
namespace {

TEST(DecimalTest, ReadsDigitsOnlyAndWritesThemCanonically) {
  const std::vector<std::pair<const char*, const char*>> good = {
      {"0", "0"},
      {"000", "0"},
      {"007", "7"},
      {"7.50", "7.5"},
      {"0.000", "0"},
      {"12.3456789", ""},
      {"1.25", "1.25"},
      {"999999999999999", "999999999999999"},
      {"0.000001", "0.000001"}};
  for (const auto& [text, canonical] : good) {
    auto d = ParseDecimal(text);
    if (std::string(canonical).empty()) {
      EXPECT_FALSE(d.has_value()) << text;  // 7 decimals
      continue;
    }
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(d->ToString(), canonical) << text;
  }
  for (const char* bad : {"", "-1", "+1", "1e3", "1,5", " 1", "1.", ".5", "1.2.3", "١٢",
                          "1000000000000000", "NaN", "0x10"}) {
    EXPECT_FALSE(ParseDecimal(bad).has_value()) << bad;
  }
}

TEST(DecimalTest, ComparesExactlyWhereBinaryFloatingPointWouldNot) {
  auto d = [](const char* t) { return *ParseDecimal(t); };
  EXPECT_EQ(Compare(d("0.3"), d("0.30")), 0);
  EXPECT_EQ(Compare(d("99.99"), d("100")), -1);
  EXPECT_EQ(Compare(d("100.000001"), d("100")), 1);
  EXPECT_EQ(Compare(d("10"), d("9.999999")), 1);
  EXPECT_EQ(Compare(d("999999999999998.999999"), d("999999999999999")), -1);
}

TEST(SubmissionLifecycleTest, OnlyTheDocumentedTransitions) {
  using A = SubmissionAction;
  EXPECT_TRUE(Allows(v1::DRAFT, A::kUpdate));
  EXPECT_TRUE(Allows(v1::RETURNED, A::kSubmit));
  EXPECT_FALSE(Allows(v1::SUBMITTED, A::kUpdate));  // under review: frozen
  EXPECT_FALSE(Allows(v1::ACCEPTED, A::kUpdate));   // accepted: frozen, reopen instead
  EXPECT_TRUE(Allows(v1::SUBMITTED, A::kAccept));
  EXPECT_FALSE(Allows(v1::DRAFT, A::kAccept));
  EXPECT_FALSE(Allows(v1::RETURNED, A::kReturn));
  EXPECT_TRUE(Allows(v1::ACCEPTED, A::kReopen));
  EXPECT_FALSE(Allows(v1::SUBMITTED, A::kReopen));
  EXPECT_EQ(CheckAllowed(v1::DRAFT, A::kAccept).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace thidua::reporting
