// Reporting periods and deadlines (services/reporting/domain) under both regimes REPORTING.md
// names: Nghị định 09/2019/NĐ-CP's windows (15/12 → 14/12) and the movement's (15/11 → 14/11),
// with the year boundary, 29 February, working days and lateness in Vietnam's time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/reporting/domain/deadline.h"
#include "services/reporting/domain/period.h"
#include "services/reporting/domain/working_calendar.h"

namespace thidua::reporting {
namespace {

using absl::CivilDay;

const Regime kDecree09{15, 12};
const Regime kMovement{15, 11};
const Regime kCalendar{1, 1};

Period Of(const Regime& regime, PeriodKind kind, int year, int index = 0) {
  absl::StatusOr<Period> p = PeriodOf(regime, kind, year, index);
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

TEST(ReportingPeriodTest, Decree09WindowsAsArticle12GivesThem) {
  const Period march = Of(kDecree09, PeriodKind::kMonth, 2026, 3);
  EXPECT_EQ(march.first, CivilDay(2026, 2, 15));
  EXPECT_EQ(march.last, CivilDay(2026, 3, 14));
  EXPECT_EQ(march.Label(), "Tháng 3/2026");
  const Period january = Of(kDecree09, PeriodKind::kMonth, 2026, 1);
  EXPECT_EQ(january.first, CivilDay(2025, 12, 15));  // across the year boundary
  EXPECT_EQ(january.Label(), "Tháng 1/2026");
  const Period q1 = Of(kDecree09, PeriodKind::kQuarter, 2026, 1);
  EXPECT_EQ(q1.first, CivilDay(2025, 12, 15));
  EXPECT_EQ(q1.last, CivilDay(2026, 3, 14));
  EXPECT_EQ(q1.Label(), "Quý I/2026");
  EXPECT_EQ(Of(kDecree09, PeriodKind::kQuarter, 2026, 4).last, CivilDay(2026, 12, 14));
  const Period h1 = Of(kDecree09, PeriodKind::kSixMonths, 2026);
  EXPECT_EQ(h1.first, CivilDay(2025, 12, 15));
  EXPECT_EQ(h1.last, CivilDay(2026, 6, 14));
  EXPECT_EQ(h1.Label(), "6 tháng đầu năm 2026");
  EXPECT_EQ(Of(kDecree09, PeriodKind::kNineMonths, 2026).last, CivilDay(2026, 9, 14));
  const Period year = Of(kDecree09, PeriodKind::kYear, 2026);
  EXPECT_EQ(year.first, CivilDay(2025, 12, 15));
  EXPECT_EQ(year.last, CivilDay(2026, 12, 14));
  EXPECT_EQ(year.Label(), "Năm 2026");
}

TEST(ReportingPeriodTest, TheMovementsYearAndACalendarYear) {
  const Period year = Of(kMovement, PeriodKind::kYear, 2026);
  EXPECT_EQ(year.first, CivilDay(2025, 11, 15));
  EXPECT_EQ(year.last, CivilDay(2026, 11, 14));
  const Period calendar = Of(kCalendar, PeriodKind::kYear, 2026);
  EXPECT_EQ(calendar.first, CivilDay(2026, 1, 1));
  EXPECT_EQ(calendar.last, CivilDay(2026, 12, 31));
  // February of a leap year, calendar months: 29 days.
  const Period february = Of(kCalendar, PeriodKind::kMonth, 2024, 2);
  EXPECT_EQ(february.last, CivilDay(2024, 2, 29));
  EXPECT_EQ(Of(kCalendar, PeriodKind::kMonth, 2026, 2).last, CivilDay(2026, 2, 28));
}

TEST(ReportingPeriodTest, MultiYearReviewsAndAdHocWindows) {
  const absl::StatusOr<Period> review = MultiYear(kDecree09, 2023, 2025);
  ASSERT_TRUE(review.ok());
  EXPECT_EQ(review->first, CivilDay(2022, 12, 15));
  EXPECT_EQ(review->last, CivilDay(2025, 12, 14));
  EXPECT_EQ(review->Label(), "Giai đoạn 2023–2025");
  EXPECT_FALSE(MultiYear(kDecree09, 2025, 2023).ok());
  const absl::StatusOr<Period> request = AdHoc(CivilDay(2026, 3, 1), CivilDay(2026, 3, 31));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->Label(), "Từ 01/03/2026 đến 31/03/2026");
  EXPECT_FALSE(AdHoc(CivilDay(2026, 3, 2), CivilDay(2026, 3, 1)).ok());
  EXPECT_FALSE(PeriodOf(kDecree09, PeriodKind::kMonth, 2026, 13).ok());
  EXPECT_FALSE(PeriodOf(kDecree09, PeriodKind::kQuarter, 2026, 0).ok());
}

TEST(ReportingPeriodTest, EveryDayLiesInExactlyOneMonthQuarterAndYear) {
  for (const Regime& regime : {kDecree09, kMovement, kCalendar, Regime{16, 11}, Regime{1, 11}}) {
    ASSERT_EQ(CheckRegime(regime), "");
    for (CivilDay day(2023, 12, 1); day <= CivilDay(2025, 3, 31); ++day) {
      for (PeriodKind kind : {PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kYear}) {
        const std::optional<Period> p = PeriodContaining(regime, kind, day);
        ASSERT_TRUE(p.has_value()) << day;
        EXPECT_LE(p->first, day);
        EXPECT_GE(p->last, day);
        // The periods of a kind tile time: the next one starts the day after.
        const std::optional<Period> next = PeriodContaining(regime, kind, p->last + 1);
        ASSERT_TRUE(next.has_value());
        EXPECT_EQ(next->first, p->last + 1);
      }
    }
  }
  EXPECT_FALSE(PeriodContaining(kDecree09, PeriodKind::kSixMonths, CivilDay(2026, 7, 1)));
  EXPECT_EQ(PeriodContaining(kDecree09, PeriodKind::kYear, CivilDay(2026, 12, 15))->year, 2027);
}

TEST(ReportingPeriodTest, PeriodsOverlappingARange) {
  const auto quarters = PeriodsOverlapping(kDecree09, PeriodKind::kQuarter, CivilDay(2026, 1, 1),
                                           CivilDay(2026, 12, 31));
  ASSERT_EQ(quarters.size(), 5u);  // Q1..Q4 of 2026 and Q1 2027, which starts 15/12/2026
  EXPECT_EQ(quarters.front().Label(), "Quý I/2026");
  EXPECT_EQ(quarters.back().Label(), "Quý I/2027");
  EXPECT_THAT(CheckRegime(Regime{29, 2}), ::testing::HasSubstr("start_day"));
}

WorkingCalendar Calendar2026() {
  // Test data, not the official 2026 list: a Tuesday and Wednesday off and a Saturday worked.
  WorkingCalendar calendar;
  EXPECT_TRUE(calendar
                  .LoadYear(2026, {CivilDay(2026, 12, 15), CivilDay(2026, 12, 16)},
                            {CivilDay(2026, 12, 19)})
                  .ok());
  return calendar;
}

TEST(ReportingDeadlineTest, DayOfMonthRulesOfBothRegimes) {
  const WorkingCalendar none;
  // Seed 001: the movement's yearly report "trước ngày 15/11": on time through 14/11.
  DeadlineRule before_15_11{DeadlineRule::Kind::kDayOfMonth, 15, 0, 0, {}, true};
  auto movement = DeadlineOf(before_15_11, Of(kMovement, PeriodKind::kYear, 2026), none);
  ASSERT_TRUE(movement.ok());
  EXPECT_EQ(movement->named, CivilDay(2026, 11, 15));
  EXPECT_EQ(movement->last_allowed, CivilDay(2026, 11, 14));
  EXPECT_EQ(movement->Describe(), "trước ngày 15/11/2026");
  // Seed 003: yearly before 10/11 while the NĐ 09 window runs to 14/12: a month earlier.
  DeadlineRule before_10_11{DeadlineRule::Kind::kDayOfMonth, 10, -1, 0, {}, true};
  auto early = DeadlineOf(before_10_11, Of(kDecree09, PeriodKind::kYear, 2023), none);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->named, CivilDay(2023, 11, 10));
  EXPECT_LT(early->last_allowed, Of(kDecree09, PeriodKind::kYear, 2023).last);
  // "đến ngày 31" of February: its last day, included.
  DeadlineRule until_31{DeadlineRule::Kind::kDayOfMonth, 31, 0, 0, {}, false};
  auto february = DeadlineOf(until_31, Of(kCalendar, PeriodKind::kMonth, 2024, 2), none);
  ASSERT_TRUE(february.ok());
  EXPECT_EQ(february->last_allowed, CivilDay(2024, 2, 29));
  EXPECT_EQ(february->Describe(), "đến hết ngày 29/02/2024");
  EXPECT_NE(CheckDeadlineRule({DeadlineRule::Kind::kDayOfMonth, 32, 0, 0, {}, true}), "");
  // "trước ngày 30 hằng tháng" in February, which has no 30th: through its last day.
  DeadlineRule before_30{DeadlineRule::Kind::kDayOfMonth, 30, 0, 0, {}, true};
  auto short_month = DeadlineOf(before_30, Of(kCalendar, PeriodKind::kMonth, 2026, 2), none);
  ASSERT_TRUE(short_month.ok());
  EXPECT_EQ(short_month->last_allowed, CivilDay(2026, 2, 28));
  EXPECT_EQ(short_month->Describe(), "đến hết ngày 28/02/2026");
  // A rule out of range is refused where it is used, not computed into a wrong day.
  DeadlineRule day_zero{DeadlineRule::Kind::kDayOfMonth, 0, 0, 0, {}, true};
  EXPECT_EQ(DeadlineOf(day_zero, Of(kCalendar, PeriodKind::kMonth, 2026, 2), none).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A positive offset: "trước ngày 5 tháng sau" for a month ending 14/3 is 4/4.
  DeadlineRule next_month{DeadlineRule::Kind::kDayOfMonth, 5, 1, 0, {}, true};
  EXPECT_EQ(DeadlineOf(next_month, Of(kDecree09, PeriodKind::kMonth, 2026, 3), none)->last_allowed,
            CivilDay(2026, 4, 4));
}

TEST(ReportingPeriodTest, AMonthIsNamedAfterTheMonthItsWindowEndsInAndBadRegimesAreRefused) {
  // The movement's year 2026 starts 15/11/2025: its first month ends 14/12/2025.
  const Period first = Of(kMovement, PeriodKind::kMonth, 2026, 1);
  EXPECT_EQ(first.first, CivilDay(2025, 11, 15));
  EXPECT_EQ(first.last, CivilDay(2025, 12, 14));
  EXPECT_EQ(first.Label(), "Tháng 12/2025");
  EXPECT_EQ(PeriodOf(Regime{31, 1}, PeriodKind::kYear, 2026).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(PeriodContaining(Regime{31, 1}, PeriodKind::kMonth, CivilDay(2026, 1, 1)));
  EXPECT_TRUE(PeriodsOverlapping(Regime{0, 13}, PeriodKind::kMonth, CivilDay(2026, 1, 1),
                                 CivilDay(2026, 12, 31))
                  .empty());
}

TEST(ReportingDeadlineTest, WorkingDaysSkipWeekendsAndLoadedHolidaysOnly) {
  const WorkingCalendar calendar = Calendar2026();
  // The NĐ 09 year 2026 ends on Monday 14/12; 15 and 16 are off; 17, 18 worked; 19 (Saturday)
  // worked in exchange.
  // The third working day itself is allowed, whatever `before` says.
  DeadlineRule three{DeadlineRule::Kind::kWorkingDays, 0, 0, 3, {}, true};
  auto deadline = DeadlineOf(three, Of(kDecree09, PeriodKind::kYear, 2026), calendar);
  ASSERT_TRUE(deadline.ok()) << deadline.status();
  EXPECT_EQ(deadline->last_allowed, CivilDay(2026, 12, 19));
  // Counting into 2027, whose days off nobody loaded, is refused, not guessed.
  DeadlineRule twenty{DeadlineRule::Kind::kWorkingDays, 0, 0, 20, {}, false};
  auto unknown = DeadlineOf(twenty, Of(kDecree09, PeriodKind::kYear, 2026), calendar);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kFailedPrecondition);
  WorkingCalendar bad;
  EXPECT_EQ(bad.LoadYear(2026, {CivilDay(2026, 12, 19)}, {}).code(),
            absl::StatusCode::kInvalidArgument);  // a Saturday is off already
  EXPECT_EQ(bad.LoadYear(2026, {CivilDay(2025, 12, 31)}, {}).code(),
            absl::StatusCode::kInvalidArgument);  // another year
}

TEST(ReportingDeadlineTest, LatenessCountsVietnamDays) {
  Deadline deadline;
  deadline.named = CivilDay(2026, 11, 15);
  deadline.last_allowed = CivilDay(2026, 11, 14);
  // 16:59:59 UTC on 14/11 is 23:59:59 in Vietnam: on time. A second later it is 15/11 there.
  EXPECT_EQ(DaysLate(deadline, absl::FromCivil(absl::CivilSecond(2026, 11, 14, 16, 59, 59),
                                               absl::UTCTimeZone())),
            0);
  EXPECT_EQ(DaysLate(deadline, absl::FromCivil(absl::CivilSecond(2026, 11, 14, 17, 0, 0),
                                               absl::UTCTimeZone())),
            1);
  EXPECT_EQ(DaysLate(deadline,
                     absl::FromCivil(absl::CivilSecond(2026, 12, 1, 3, 0, 0), absl::UTCTimeZone())),
            17);
  EXPECT_EQ(DaysLate(deadline,
                     absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone())),
            0);
}

}  // namespace
}  // namespace thidua::reporting
