// The catalogue's rules (services/reporting/domain/catalogue_rules.h), the shipped catalogue, and
// the schedules obligations read from their rules (services/reporting/domain/schedule.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <vector>

#include "common/civil_date.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "services/reporting/domain/schedule.h"
#include "services/reporting/domain/working_calendar.h"
#include "services/reporting/service/calendar.h"
#include "services/reporting/service/shipped_catalogue.h"

namespace thidua::reporting {
namespace {

using ::testing::HasSubstr;

std::string Problems(const Violations& v) { return v.ToStatus().ToString(); }

// The shipped working calendar (data/working_calendar.txtpb): every year passes the checks of
// SetWorkingCalendar, and counting working days on it skips the announced breaks.
TEST(ShippedWorkingCalendarTest, EveryYearPassesTheChecksAndCountsAsAnnounced) {
  auto data = ShippedWorkingCalendar();
  ASSERT_TRUE(data.ok()) << data.status();
  WorkingCalendar calendar;
  std::set<int> years;
  for (v1::WorkingCalendarYear year : data->years()) {
    EXPECT_TRUE(years.insert(year.year()).second) << year.year() << " twice";
    ASSERT_TRUE(CheckCalendarYear(year, "").ok()) << year.year();
    std::vector<CivilDay> off, worked;
    for (const auto& d : year.days_off()) off.emplace_back(d.year(), d.month(), d.day());
    for (const auto& d : year.worked_weekend_days())
      worked.emplace_back(d.year(), d.month(), d.day());
    ASSERT_TRUE(calendar.LoadYear(year.year(), off, worked).ok()) << year.year();
    // Bộ luật Lao động 2019, Art. 112: 11 days of holidays a year, each falling on a weekday or
    // moved to one (nghỉ bù); swapped days come with a worked weekend day each.
    EXPECT_EQ(year.days_off_size() - year.worked_weekend_days_size(), 11) << year.year();
  }
  EXPECT_THAT(years, ::testing::IsSupersetOf({2023, 2024, 2025, 2026}));
  // Tết Bính Ngọ: 16–20/2/2026 off, so two working days after Friday 13/2 end on Tuesday 24/2.
  EXPECT_EQ(*calendar.WorkingDaysAfter(CivilDay(2026, 2, 13), 2), CivilDay(2026, 2, 24));
  // 29/4/2024 swapped for Saturday 4/5/2024, worked: the day after Friday 3/5 is that Saturday.
  EXPECT_EQ(*calendar.WorkingDaysAfter(CivilDay(2024, 5, 3), 1), CivilDay(2024, 5, 4));
  EXPECT_FALSE(*calendar.IsWorkingDay(CivilDay(2024, 4, 29)));
  // Quốc khánh 2025: Monday 1/9 and Tuesday 2/9 off.
  EXPECT_EQ(*calendar.WorkingDaysAfter(CivilDay(2025, 8, 29), 1), CivilDay(2025, 9, 3));
}

TEST(ShippedCatalogueTest, EveryEntryPassesTheChecksOfTheApi) {
  auto catalogue = ShippedCatalogue();
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  EXPECT_GE(catalogue->indicators_size(), 30);
  std::deque<v1::Indicator> seen;
  IndicatorLookup lookup = [&](absl::string_view code) -> const v1::Indicator* {
    for (const auto& i : seen) {
      if (i.code() == code) return &i;
    }
    return nullptr;
  };
  for (const auto& indicator : catalogue->indicators()) {
    Violations v;
    CheckIndicator(indicator, lookup, "", v);
    EXPECT_TRUE(v.empty()) << indicator.code() << ": " << Problems(v);
    EXPECT_EQ(lookup(indicator.code()), nullptr) << indicator.code() << " twice";
    seen.push_back(indicator);
  }
  ASSERT_GE(catalogue->templates_size(), 1);
  for (const auto& t : catalogue->templates()) {
    Violations v;
    CheckTemplateContent(t, lookup, "", v);
    EXPECT_TRUE(v.empty()) << t.code() << ": " << Problems(v);
  }
}

TEST(CatalogueRulesTest, AggregationsFollowTheValueType) {
  auto none = [](absl::string_view) -> const v1::Indicator* { return nullptr; };
  v1::Indicator i;
  i.set_code("A.B");
  i.set_display_name("x");
  const std::vector<std::tuple<v1::ValueType, v1::Aggregation, bool>> cases = {
      {v1::COUNT, v1::SUM, true},
      {v1::COUNT, v1::RATIO_OF_SUMS, false},
      {v1::PERCENT, v1::NONE, true},
      {v1::PERCENT, v1::SUM, false},
      {v1::PERCENT, v1::WEIGHTED_AVERAGE, false},  // never an average of percentages
      {v1::YES_NO, v1::COUNT_YES, true},
      {v1::YES_NO, v1::SUM, false},
      {v1::TEXT, v1::NONE, true},
      {v1::TEXT, v1::COUNT_YES, false},
  };
  for (const auto& [type, aggregation, allowed] : cases) {
    i.set_value_type(type);
    i.set_aggregation(aggregation);
    Violations v;
    CheckIndicator(i, none, "indicator.", v);
    EXPECT_EQ(v.empty(), allowed) << v1::ValueType_Name(type) << " "
                                  << v1::Aggregation_Name(aggregation) << ": " << Problems(v);
  }
  i.set_value_type(v1::COUNT);
  i.set_aggregation(v1::SUM);
  i.set_scale(2);  // counts are whole
  Violations v;
  CheckIndicator(i, none, "indicator.", v);
  EXPECT_THAT(Problems(v), HasSubstr("indicator.scale"));
  for (const char* bad : {"a.b", "1AB", "A", "ĐA", "A B", ""}) {
    EXPECT_FALSE(IsCode(bad)) << bad;
  }
  EXPECT_TRUE(IsCode("ANTQ.TG.TIN_BAO"));
  EXPECT_FALSE(IsCode(std::string(61, 'A')));
}

v1::Obligation Yearly(int start_day, int start_month, int deadline_day, int offset) {
  v1::Obligation o;
  o.mutable_period()->set_kind(v1::YEARLY);
  o.mutable_period()->set_window_start_day(start_day);
  o.mutable_period()->set_window_start_month(start_month);
  o.mutable_deadline()->mutable_day_of_month()->set_day(deadline_day);
  o.mutable_deadline()->mutable_day_of_month()->set_month_offset(offset);
  o.mutable_deadline()->set_before(true);
  o.set_first_year(2023);
  o.set_last_year(2025);
  return o;
}

TEST(ScheduleTest, KeysNameEachPeriodOnceAndOnlyPeriodsOwed) {
  Violations v;
  // Seed 003: the yearly report before 10/11 on NĐ 09's year (15/12 → 14/12): estimates.
  v1::Obligation o = Yearly(15, 12, 10, -1);
  EXPECT_FALSE(ScheduleOf(o, "obligation.", v).has_value());
  EXPECT_THAT(Problems(v), HasSubstr("obligation.estimates_allowed"));
  o.set_estimates_allowed(true);
  Violations ok;
  auto schedule = ScheduleOf(o, "obligation.", ok);
  ASSERT_TRUE(schedule.has_value()) << Problems(ok);
  auto periods =
      schedule->PeriodsOverlapping(absl::CivilDay(2020, 1, 1), absl::CivilDay(2030, 1, 1));
  ASSERT_EQ(periods.size(), 3u);  // 2023..2025 only
  for (const Period& p : periods) {
    auto back = schedule->PeriodOfKey(Key(p));
    ASSERT_TRUE(back.has_value()) << Key(p);
    EXPECT_EQ(*back, p);
  }
  EXPECT_FALSE(schedule->PeriodOfKey("2026").has_value());     // not owed
  EXPECT_FALSE(schedule->PeriodOfKey("2024-Q1").has_value());  // another kind
  EXPECT_FALSE(schedule->PeriodOfKey("02024").has_value());

  v1::Obligation monthly = Yearly(15, 12, 18, 0);
  monthly.mutable_period()->set_kind(v1::MONTHLY);
  Violations m;
  auto months = ScheduleOf(monthly, "", m);
  ASSERT_TRUE(months.has_value()) << Problems(m);
  auto march = months->PeriodOfKey("2024-M03");
  ASSERT_TRUE(march.has_value());
  EXPECT_EQ(march->first, absl::CivilDay(2024, 2, 15));
  EXPECT_EQ(march->last, absl::CivilDay(2024, 3, 14));
  EXPECT_FALSE(months->PeriodOfKey("2024-M13").has_value());
  EXPECT_FALSE(months->PeriodOfKey("2024-M3").has_value());

  v1::Obligation review = Yearly(15, 12, 15, 0);
  review.mutable_period()->set_kind(v1::MULTI_YEAR);
  Violations r;
  auto reviews = ScheduleOf(review, "", r);
  ASSERT_TRUE(reviews.has_value()) << Problems(r);
  auto whole = reviews->PeriodOfKey("2023-2025");
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->first, absl::CivilDay(2022, 12, 15));
  EXPECT_EQ(whole->last, absl::CivilDay(2025, 12, 14));
  EXPECT_EQ(whole->Label(), "Giai đoạn 2023–2025");
  EXPECT_FALSE(reviews->PeriodOfKey("2023-2024").has_value());
}

TEST(ScheduleTest, RulesThatCouldNeverBeMetAreRefused) {
  // A ten-year review is the longest: 2020–2030 spans eleven years and owes no period.
  v1::Obligation review = Yearly(15, 12, 15, 0);
  review.mutable_period()->set_kind(v1::MULTI_YEAR);
  review.set_first_year(2020);
  review.set_last_year(2030);
  Violations too_long;
  EXPECT_FALSE(ScheduleOf(review, "obligation.", too_long).has_value());
  EXPECT_THAT(Problems(too_long), HasSubstr("obligation.last_year"));
  review.set_last_year(2029);
  Violations ten;
  EXPECT_TRUE(ScheduleOf(review, "obligation.", ten).has_value()) << Problems(ten);
  // A deadline before its window even starts: no report could ever be on time.
  v1::Obligation monthly = Yearly(15, 12, 1, -11);
  monthly.mutable_period()->set_kind(v1::MONTHLY);
  monthly.set_estimates_allowed(true);
  Violations early;
  EXPECT_FALSE(ScheduleOf(monthly, "obligation.", early).has_value());
  EXPECT_THAT(Problems(early), HasSubstr("obligation.deadline"));
  v1::Obligation ad_hoc;
  ad_hoc.mutable_period()->set_kind(v1::AD_HOC);
  *ad_hoc.mutable_period()->mutable_ad_hoc_first() = ToProto(absl::CivilDay(2026, 3, 1));
  *ad_hoc.mutable_period()->mutable_ad_hoc_last() = ToProto(absl::CivilDay(2026, 3, 31));
  *ad_hoc.mutable_deadline()->mutable_date() = ToProto(absl::CivilDay(2026, 2, 20));
  ad_hoc.set_estimates_allowed(true);
  Violations before;
  EXPECT_FALSE(ScheduleOf(ad_hoc, "", before).has_value());
  EXPECT_THAT(Problems(before), HasSubstr("deadline"));
}

TEST(ScheduleTest, StatesFollowTheWindowAndTheLastDayOnTime) {
  Period p;
  p.first = absl::CivilDay(2025, 11, 15);
  p.last = absl::CivilDay(2026, 11, 14);
  Deadline d{absl::CivilDay(2026, 11, 20), absl::CivilDay(2026, 11, 19), true};
  EXPECT_EQ(StateOn(p, d, absl::CivilDay(2025, 11, 14)), v1::UPCOMING);
  EXPECT_EQ(StateOn(p, d, absl::CivilDay(2026, 11, 14)), v1::OPEN);
  EXPECT_EQ(StateOn(p, d, absl::CivilDay(2026, 11, 15)), v1::DUE);
  EXPECT_EQ(StateOn(p, d, absl::CivilDay(2026, 11, 19)), v1::DUE);
  EXPECT_EQ(StateOn(p, d, absl::CivilDay(2026, 11, 20)), v1::CLOSED);
}

}  // namespace
}  // namespace thidua::reporting
