// Domain rules of the plans service: document symbols, due rules, the checks before issuing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/plans/domain/document_symbol.h"
#include "services/plans/domain/due_rule.h"
#include "services/plans/domain/plan_checks.h"

namespace thidua::plans {
namespace {

using ::testing::ElementsAre;

TEST(DocumentSymbolTest, ParsesEveryFormTheSeedsUse) {
  struct Case {
    const char* text;
    DocumentType type;
    const char* number;
    int year;
    const char* issuer;
    bool party;
  };
  const Case cases[] = {
      {"0150/KH-UBND", DocumentType::kKeHoach, "0150", 0, "UBND", false},
      {"2447/QĐ-TTg", DocumentType::kQuyetDinh, "2447", 0, "TTg", false},
      {"9745/QĐ-BCA-V05", DocumentType::kQuyetDinh, "9745", 0, "BCA-V05", false},
      {"124/2021/TT-BCA", DocumentType::kThongTu, "124", 2021, "BCA", false},
      {"06/2014/NĐ-CP", DocumentType::kNghiDinh, "06", 2014, "CP", false},
      {"13-KL/TW", DocumentType::kKetLuan, "13", 0, "TW", true},
      {"44-NQ/TW", DocumentType::kNghiQuyet, "44", 0, "TW", true},
      {"163-KH/TU", DocumentType::kKeHoach, "163", 0, "TU", true},
      {"1676/KH-BCĐ", DocumentType::kKeHoach, "1676", 0, "BCĐ", false},
      {"1656/NQ-UBTVQH15", DocumentType::kNghiQuyet, "1656", 0, "UBTVQH15", false},
      {"202/2025/QH15", DocumentType::kLuat, "202", 2025, "QH15", false},
      {"123/UBND-NC", DocumentType::kCongVan, "123", 0, "UBND-NC", false},
  };
  for (const Case& c : cases) {
    auto symbol = ParseDocumentSymbol(c.text);
    ASSERT_TRUE(symbol.ok()) << c.text << ": " << symbol.status();
    EXPECT_EQ(symbol->type, c.type) << c.text;
    EXPECT_EQ(symbol->number, c.number) << c.text;
    EXPECT_EQ(symbol->year.value_or(0), c.year) << c.text;
    EXPECT_EQ(symbol->issuer, c.issuer) << c.text;
    EXPECT_EQ(symbol->party, c.party) << c.text;
    EXPECT_EQ(symbol->ToString(), c.text) << "canonical form";
  }
}

TEST(DocumentSymbolTest, SpacesAroundSeparatorsAreTolerated) {
  auto symbol = ParseDocumentSymbol(" 119 / KH - UBND ");
  ASSERT_TRUE(symbol.ok()) << symbol.status();
  EXPECT_EQ(symbol->ToString(), "119/KH-UBND");
}

TEST(DocumentSymbolTest, RefusesWhatIsNotASymbol) {
  for (const char* bad : {"", "KH-UBND", "/KH-UBND", "0150", "12/XX-UBND-", "44-ZZ/TW",
                          "12/1900/TT-BCA", "abc/KH-UBND"}) {
    EXPECT_FALSE(ParseDocumentSymbol(bad).ok()) << bad;
  }
}

TEST(DueRuleTest, YearlyRulesRecurAndOneOffRulesDoNot) {
  const DueRule yearly = DueRule::Yearly(15, 11);  // "trước ngày 15/11 hằng năm"
  EXPECT_EQ(yearly.DeadlineIn(2026), CivilDay(2026, 11, 15));
  EXPECT_EQ(yearly.NextOnOrAfter(CivilDay(2026, 11, 16)), CivilDay(2027, 11, 15));
  EXPECT_TRUE(yearly.Recurring());
  const DueRule december = DueRule::InMonth(12, 2025);  // "trong tháng 12/2025"
  EXPECT_EQ(december.DeadlineIn(2025), CivilDay(2025, 12, 31));
  EXPECT_EQ(december.DeadlineIn(2026), std::nullopt);
  EXPECT_EQ(december.DeadlineFor(CivilDay(2026, 2, 1)), CivilDay(2025, 12, 31));
  EXPECT_EQ(yearly.DeadlineFor(CivilDay(2027, 1, 1)), CivilDay(2027, 11, 15));
  EXPECT_EQ(DueRule::InMonth(2).DeadlineIn(2024), CivilDay(2024, 2, 29));
  EXPECT_EQ(DueRule::Yearly(29, 2).DeadlineIn(2025), CivilDay(2025, 2, 28));
  EXPECT_EQ(DueRule::On(CivilDay(2023, 4, 10)).NextOnOrAfter(CivilDay(2023, 5, 1)), std::nullopt);
  EXPECT_EQ(DueRule::None().DeadlineIn(2025), std::nullopt);
  EXPECT_EQ(yearly.Describe(), "trước ngày 15/11 hằng năm");
}

TEST(DueRuleTest, MalformedRulesAreReported) {
  EXPECT_NE(CheckDueRule(DueRule::Yearly(30, 2)), "");
  EXPECT_NE(CheckDueRule(DueRule::InMonth(13)), "");
  EXPECT_EQ(CheckDueRule(DueRule::Yearly(10, 6)), "");
}

std::vector<std::string> Codes(const std::vector<Finding>& findings) {
  std::vector<std::string> codes;
  for (const auto& f : findings) codes.push_back(f.code);
  return codes;
}

TEST(PlanChecksTest, Seed001WritesTwentyFifteenWhereTwentyTwentyFiveIsMeant) {
  PlanFacts facts;
  facts.issue_date = CivilDay(2025, 12, 10);
  facts.period_from = 2025;
  facts.period_to = 2030;
  facts.known_documents["2447/QĐ-TTg"] = CivilDay(2025, 11, 6);
  facts.texts = {
      {"sections[3].body",
       "Xây dựng, ban hành Kế hoạch triển khai thực hiện Phong trào ... và hoàn thành trong tháng "
       "12/2015; tổ chức triển khai thực hiện"},
      {"sections[2].body",
       "Thực hiện theo Kế hoạch ban hành kèm theo Quyết định số 2447/QĐ-TTg ngày 06/11/2015 của "
       "Thủ tướng Chính phủ."},
      {"sections[0].body", "Thực hiện Quyết định số 2447/QĐ-TTg ngày 06/11/2025 của Thủ tướng."}};
  facts.deadlines = {{"tasks[0].due", DueRule::InMonth(12, 2015)},
                     {"tasks[1].due", DueRule::Yearly(15, 11)}};
  const auto findings = CheckPlan(facts);
  EXPECT_THAT(Codes(findings), ElementsAre("DEADLINE_BEFORE_ISSUE", "DEADLINE_OUTSIDE_PERIOD",
                                           "YEAR_OUTSIDE_PERIOD", "DOCUMENT_DATE_MISMATCH"));
  for (const auto& f : findings) EXPECT_FALSE(f.error);
}

TEST(PlanChecksTest, ACleanPlanHasNoFindingsAndABadPeriodIsAnError) {
  PlanFacts facts;
  facts.issue_date = CivilDay(2023, 3, 1);
  facts.period_from = 2023;
  facts.period_to = 2025;
  facts.texts = {{"sections[0].body",
                  "Căn cứ Nghị quyết số 28-NQ/TW ngày 25/10/2013; báo cáo trước ngày 10/11/2023."}};
  facts.deadlines = {{"cascade.due", DueRule::On(CivilDay(2023, 4, 10))}};
  EXPECT_TRUE(CheckPlan(facts).empty());
  facts.period_to = 2020;
  const auto findings = CheckPlan(facts);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(findings[0].error);
}

TEST(PlanChecksTest, CitationsWithoutSoOrAfterACommaDateTheirDocumentNotThePlan) {
  // Seed 003 (2023–2025) cites older texts in these forms; their years are not the plan's.
  PlanFacts facts;
  facts.issue_date = CivilDay(2023, 3, 1);
  facts.period_from = 2023;
  facts.period_to = 2025;
  facts.known_documents["124/2021/TT-BCA"] = CivilDay(2021, 12, 28);
  facts.texts = {{"sections[0].body",
                  "Căn cứ Thông tư 124/2021/TT-BCA, ngày 28/12/2021 của Bộ Công an; Kết luận "
                  "13-KL/TW ngày 16/8/2021; hoàn thành trước ngày 30/6/2024."}};
  EXPECT_TRUE(CheckPlan(facts).empty());
  facts.texts[0].second = "Thông tư 124/2021/TT-BCA, ngày 28/12/2022; xong trong tháng 12/2015.";
  EXPECT_THAT(Codes(CheckPlan(facts)),
              ElementsAre("DOCUMENT_DATE_MISMATCH", "YEAR_OUTSIDE_PERIOD"));
}

TEST(PlanChecksTest, ALongTokenDoesNotExhaustTheMatcher) {
  PlanFacts facts;
  facts.issue_date = CivilDay(2023, 3, 1);
  facts.period_from = 2023;
  facts.period_to = 2025;
  facts.texts = {{"sections[0].body", std::string(200'000, '7') + "/QĐ ngày 1/1/2020"}};
  EXPECT_THAT(Codes(CheckPlan(facts)), ElementsAre("YEAR_OUTSIDE_PERIOD"));
}

}  // namespace
}  // namespace thidua::plans
