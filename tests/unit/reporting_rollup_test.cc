// Roll-up arithmetic (services/reporting/domain/rollup.h): exact sums, ratios of sums, counts of
// yes and weighted averages, never an average of percentages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/reporting/domain/rollup.h"

namespace thidua::reporting {
namespace {

Micros M(const char* text) { return *Micros::FromText(text); }

UnitFigure Figure(int64_t unit, const char* code, const char* value, const char* category = "") {
  UnitFigure f;
  f.organization_id = unit;
  f.indicator_code = code;
  f.category_code = category;
  f.number = M(value);
  return f;
}

std::map<std::string, std::string> ByKey(const std::vector<v1::RolledFigure>& rolled) {
  std::map<std::string, std::string> out;
  for (const auto& r : rolled) {
    out[r.category_code().empty() ? r.indicator_code()
                                  : r.indicator_code() + "/" + r.category_code()] =
        r.value().value();
  }
  return out;
}

TEST(MicrosTest, AddsExactlyWhereBinaryFloatingPointDrifts) {
  Micros sum;
  for (int i = 0; i < 10; ++i) sum += M("0.1");
  EXPECT_EQ(sum.ToString(), "1");  // 0.1 ten times in double is 0.9999999999999999
  Micros big;
  for (int i = 0; i < 100000; ++i) big += M("999999999999999.999999");  // 100,000 units' maxima
  EXPECT_EQ(big.ToString(), "99999999999999999999.9");
  EXPECT_EQ(M("1.250000").ToString(), "1.25");
  EXPECT_EQ(M("7").ToString(), "7");
  EXPECT_EQ(M("2.345").ToString(2), "2.35");  // half up
  EXPECT_FALSE(Micros::FromText("-1").has_value());
  EXPECT_FALSE(Micros::FromText("1.2345678").has_value());
}

TEST(MicrosTest, PercentagesAreOfTheSumsRoundedHalfUp) {
  EXPECT_EQ(Percentage(M("1"), M("3"), 2)->ToString(2), "33.33");
  EXPECT_EQ(Percentage(M("2"), M("3"), 2)->ToString(2), "66.67");
  EXPECT_EQ(Percentage(M("1"), M("8"), 1)->ToString(1), "12.5");
  EXPECT_EQ(Percentage(M("1"), M("16"), 1)->ToString(1), "6.3");
  EXPECT_FALSE(Percentage(M("1"), M("0"), 2).has_value());
}

TEST(AggregateTest, EachIndicatorAggregatesAsItDeclares) {
  v1::Indicator recognised, registered, ratio, festival, score, residents, share;
  recognised.set_code("DAT");
  recognised.set_value_type(v1::COUNT);
  recognised.set_aggregation(v1::SUM);
  registered = recognised;
  registered.set_code("DANG_KY");
  ratio.set_code("TY_LE");
  ratio.set_value_type(v1::RATIO);
  ratio.set_aggregation(v1::RATIO_OF_SUMS);
  ratio.set_scale(2);
  ratio.set_numerator_code("DAT");
  ratio.set_denominator_code("DANG_KY");
  festival.set_code("NGAY_HOI");
  festival.set_value_type(v1::YES_NO);
  festival.set_aggregation(v1::COUNT_YES);
  score.set_code("DIEM");
  score.set_value_type(v1::AMOUNT);
  score.set_aggregation(v1::WEIGHTED_AVERAGE);
  score.set_weight_code("DAN_SO");
  residents = recognised;
  residents.set_code("DAN_SO");
  share.set_code("PHAN_TRAM");
  share.set_value_type(v1::PERCENT);
  share.set_aggregation(v1::NONE);
  const std::vector<v1::Indicator> catalogue = {recognised, registered, ratio, festival,
                                                score,      residents,  share};
  // Unit 1: 1 of 1 recognised (100%); unit 2: 1 of 9 (11%). The average of percentages would
  // say 55.56%; the ratio of sums is 2 of 10.
  std::vector<UnitFigure> figures = {Figure(1, "DAT", "1"),        Figure(1, "DANG_KY", "1"),
                                     Figure(2, "DAT", "1"),        Figure(2, "DANG_KY", "9"),
                                     Figure(1, "DIEM", "9"),       Figure(1, "DAN_SO", "100"),
                                     Figure(2, "DIEM", "6"),       Figure(2, "DAN_SO", "200"),
                                     Figure(1, "PHAN_TRAM", "80"), Figure(2, "PHAN_TRAM", "20")};
  UnitFigure yes;
  yes.organization_id = 1;
  yes.indicator_code = "NGAY_HOI";
  yes.yes = true;
  UnitFigure no = yes;
  no.organization_id = 2;
  no.yes = false;
  figures.push_back(yes);
  figures.push_back(no);
  std::vector<const UnitFigure*> all;
  for (const auto& f : figures) all.push_back(&f);
  const auto rolled =
      ByKey(Aggregate(all, {"DAT", "DANG_KY", "TY_LE", "NGAY_HOI", "DIEM", "DAN_SO", "PHAN_TRAM"},
                      LookupIn(catalogue)));
  EXPECT_EQ(rolled.at("DAT"), "2");
  EXPECT_EQ(rolled.at("DANG_KY"), "10");
  EXPECT_EQ(rolled.at("TY_LE"), "20");
  EXPECT_EQ(rolled.at("NGAY_HOI"), "1");
  EXPECT_EQ(rolled.at("DIEM"), "7");  // (9 × 100 + 6 × 200) ÷ 300
  EXPECT_EQ(rolled.at("DAN_SO"), "300");
  EXPECT_EQ(rolled.count("PHAN_TRAM"), 0u);  // a percentage does not aggregate
}

}  // namespace
}  // namespace thidua::reporting
