// How a target's indicator gives its progress (reporting.proto, GetTargetProgress).
#include <gtest/gtest.h>

#include "services/reporting/domain/target_progress.h"

namespace thidua::reporting {
namespace {

v1::Indicator Indicator(const std::string& code, v1::ValueType type, v1::Aggregation aggregation) {
  v1::Indicator i;
  i.set_code(code);
  i.set_value_type(type);
  i.set_aggregation(aggregation);
  return i;
}

UnitFigure Yes(int64_t unit, bool yes) {
  UnitFigure f;
  f.organization_id = unit;
  f.indicator_code = "AN.DAT";
  f.yes = yes;
  return f;
}

UnitFigure Number(int64_t unit, const std::string& code, const std::string& value) {
  UnitFigure f;
  f.organization_id = unit;
  f.indicator_code = code;
  f.number = Micros::FromText(value);
  return f;
}

TEST(TargetProgressTest, OnlyAnIndicatorMeasuredByNameIsMeasuredHere) {
  plans::v1::Target t;
  t.set_measured_by("indicator:AN.DAT");
  EXPECT_EQ(IndicatorMeasuring(t), "AN.DAT");
  for (const char* other : {"", "indicator:", "recognition:dien-hinh", "Indicator:AN.DAT"}) {
    t.set_measured_by(other);
    EXPECT_EQ(IndicatorMeasuring(t), std::nullopt) << other;
  }
}

TEST(TargetProgressTest, TheTargetsKindDecidesWhichIndicatorsFit) {
  const auto yes_no = Indicator("AN.DAT", v1::YES_NO, v1::COUNT_YES);
  const auto count = Indicator("TT.SO_BUOI", v1::COUNT, v1::SUM);
  const auto ratio = Indicator("AN.TY_LE", v1::RATIO, v1::RATIO_OF_SUMS);
  const auto share = Indicator("TT.TY_LE_HO", v1::PERCENT, v1::NONE);
  EXPECT_EQ(MeasureOf(plans::v1::PERCENT, yes_no), TargetMeasure::kShareSayingYes);
  EXPECT_EQ(MeasureOf(plans::v1::PERCENT, ratio), TargetMeasure::kRatioOfSums);
  EXPECT_EQ(MeasureOf(plans::v1::COUNT, count), TargetMeasure::kSum);
  EXPECT_EQ(MeasureOf(plans::v1::COUNT, yes_no), TargetMeasure::kCountOfYes);
  // A percentage of sessions, an average of entered percentages: neither is a measure.
  EXPECT_EQ(MeasureOf(plans::v1::PERCENT, count), std::nullopt);
  EXPECT_EQ(MeasureOf(plans::v1::PERCENT, share), std::nullopt);
  EXPECT_EQ(MeasureOf(plans::v1::COUNT, ratio), std::nullopt);
  auto broken_down = count;
  broken_down.add_categories()->set_code("SUNG");
  EXPECT_EQ(MeasureOf(plans::v1::COUNT, broken_down), std::nullopt);
}

TEST(TargetProgressTest, UnitsThatSentNothingCountAsNo) {
  const auto yes_no = Indicator("AN.DAT", v1::YES_NO, v1::COUNT_YES);
  const UnitFigure a = Yes(1, true), b = Yes(2, false);
  // 1 yes among a population of 3 (one unit sent nothing).
  auto share = Achieved(TargetMeasure::kShareSayingYes, yes_no, {&a, &b}, 3);
  ASSERT_TRUE(share.has_value());
  EXPECT_EQ(share->shown.ToString(), "33.33");
  EXPECT_TRUE(Meets(*share, TargetMicros(33.33)));
  EXPECT_FALSE(Meets(*share, TargetMicros(33.34)));
  EXPECT_EQ(Achieved(TargetMeasure::kShareSayingYes, yes_no, {&a}, 0), std::nullopt);
  EXPECT_EQ(Achieved(TargetMeasure::kCountOfYes, yes_no, {&a, &b}, 3)->shown.ToString(), "1");
}

TEST(TargetProgressTest, ATargetIsMetByTheExactValueNotTheRoundedOne) {
  const auto yes_no = Indicator("AN.DAT", v1::YES_NO, v1::COUNT_YES);
  // 11,999 of 20,000 is 59.995%: shown as 60 (half up), yet short of 60%.
  std::vector<UnitFigure> figures;
  for (int i = 0; i < 11'999; ++i) figures.push_back(Yes(i, true));
  std::vector<const UnitFigure*> pointers;
  for (const auto& f : figures) pointers.push_back(&f);
  auto share = Achieved(TargetMeasure::kShareSayingYes, yes_no, pointers, 20'000);
  ASSERT_TRUE(share.has_value());
  EXPECT_EQ(share->shown.ToString(), "60");
  EXPECT_FALSE(Meets(*share, TargetMicros(60)));
  EXPECT_TRUE(Meets(*share, TargetMicros(59.995)));
}

TEST(TargetProgressTest, SumsAndRatiosAreExact) {
  const auto count = Indicator("TT.SO_BUOI", v1::COUNT, v1::SUM);
  auto ratio = Indicator("AN.TY_LE", v1::RATIO, v1::RATIO_OF_SUMS);
  ratio.set_numerator_code("AN.DAT_SO");
  ratio.set_denominator_code("AN.DANG_KY");
  ratio.set_scale(2);
  const UnitFigure s1 = Number(1, "TT.SO_BUOI", "12"), s2 = Number(2, "TT.SO_BUOI", "9.5");
  auto sum = Achieved(TargetMeasure::kSum, count, {&s1, &s2}, 3);
  EXPECT_EQ(sum->shown.ToString(), "21.5");
  EXPECT_TRUE(Meets(*sum, TargetMicros(21.5)));
  EXPECT_FALSE(Meets(*sum, TargetMicros(21.500001)));
  EXPECT_EQ(Achieved(TargetMeasure::kSum, count, {}, 3)->shown.ToString(), "0");
  EXPECT_EQ(Achieved(TargetMeasure::kSum, count, {}, 0), std::nullopt);
  const UnitFigure n1 = Number(1, "AN.DAT_SO", "2"), d1 = Number(1, "AN.DANG_KY", "3");
  const UnitFigure n2 = Number(2, "AN.DAT_SO", "1"), d2 = Number(2, "AN.DANG_KY", "6");
  // (2 + 1) ÷ (3 + 6), never the average of 66.67% and 16.67%.
  auto rate = Achieved(TargetMeasure::kRatioOfSums, ratio, {&n1, &d1, &n2, &d2}, 2);
  ASSERT_TRUE(rate.has_value());
  EXPECT_EQ(rate->shown.ToString(), "33.33");
  EXPECT_TRUE(Meets(*rate, TargetMicros(33.333333)));
  EXPECT_FALSE(Meets(*rate, TargetMicros(33.333334)));
  EXPECT_EQ(Achieved(TargetMeasure::kRatioOfSums, ratio, {}, 2), std::nullopt);
}

TEST(TargetProgressTest, APlansTargetValueIsReadToMillionths) {
  EXPECT_EQ(TargetMicros(60).ToString(), "60");
  EXPECT_EQ(TargetMicros(12.5).ToString(), "12.5");
  EXPECT_EQ(TargetMicros(0.1).ToString(), "0.1");
  EXPECT_EQ(TargetMicros(1e15).ToString(), "1000000000000000");
}

}  // namespace
}  // namespace thidua::reporting
