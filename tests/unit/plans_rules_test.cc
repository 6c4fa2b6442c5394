// Domain rules of the plans service: document symbols, due rules, the checks before issuing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "services/plans/domain/document_symbol.h"
#include "services/plans/domain/due_rule.h"
#include "services/plans/domain/issuing_body.h"
#include "services/plans/domain/plan_checks.h"
#include "services/plans/domain/standard.h"

namespace thidua::plans {
namespace {

using ::testing::ElementsAre;

TEST(StandardTest, CodesArePlainCapitalsDigitsAndSeparators) {
  for (const char* good : {"ANTT", "DIEN-HINH", "DK-17", "TT124.D5", "A_B", "9745"}) {
    EXPECT_TRUE(IsStandardCode(good)) << good;
  }
  for (const char* bad : {"", "antt", "-ANTT", ".A", "AN TT", "ĐH", "A/B"}) {
    EXPECT_FALSE(IsStandardCode(bad)) << bad;
  }
}

TEST(StandardTest, RecipientsRoundTripThroughTheirBits) {
  google::protobuf::RepeatedField<int> recipients;
  recipients.Add(v1::INDIVIDUAL);
  recipients.Add(v1::COLLECTIVE);
  recipients.Add(v1::COLLECTIVE);
  recipients.Add(v1::RECIPIENT_UNSPECIFIED);
  recipients.Add(99);
  const int bits = RecipientBits(recipients);
  EXPECT_EQ(bits, (1 << v1::COLLECTIVE) | (1 << v1::INDIVIDUAL));
  EXPECT_THAT(RecipientsOf(bits), ElementsAre(v1::COLLECTIVE, v1::INDIVIDUAL));
  EXPECT_THAT(RecipientsOf(0), ::testing::IsEmpty());
}

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

TEST(DocumentSymbolTest, TypeCodesAreReadRegardlessOfCaseAndOfDForĐ) {
  struct Case {
    const char* text;
    DocumentType type;
    const char* canonical;
  };
  const Case cases[] = {
      {"2447/QD-TTg", DocumentType::kQuyetDinh, "2447/QĐ-TTg"},
      {"2447/qđ-TTg", DocumentType::kQuyetDinh, "2447/QĐ-TTg"},
      {"2447/Qd-ttg", DocumentType::kQuyetDinh, "2447/QĐ-TTg"},
      {"06/2014/ND-CP", DocumentType::kNghiDinh, "06/2014/NĐ-CP"},
      {"06/2014/nđ-cp", DocumentType::kNghiDinh, "06/2014/NĐ-CP"},
      {"5-QDi/TW", DocumentType::kQuyDinh, "5-QĐi/TW"},
      {"5-qđi/tw", DocumentType::kQuyDinh, "5-QĐi/TW"},
      {"0150/kh-ubnd", DocumentType::kKeHoach, "0150/KH-UBND"},
      {"12/ctr-ubnd", DocumentType::kChuongTrinh, "12/CTr-UBND"},
      {"7/TTR-UBND", DocumentType::kToTrinh, "7/TTr-UBND"},
      {"44-nq/tw", DocumentType::kNghiQuyet, "44-NQ/TW"},
      {"1676/kh-bcđ", DocumentType::kKeHoach, "1676/KH-BCĐ"},
      {"9745/qđ-bca-v05", DocumentType::kQuyetDinh, "9745/QĐ-BCA-V05"},
      {"202/2025/qh15", DocumentType::kLuat, "202/2025/QH15"},
      {"123/ubnd-nc", DocumentType::kCongVan, "123/UBND-NC"},
  };
  for (const Case& c : cases) {
    auto symbol = ParseDocumentSymbol(c.text);
    ASSERT_TRUE(symbol.ok()) << c.text << ": " << symbol.status();
    EXPECT_EQ(symbol->type, c.type) << c.text;
    EXPECT_EQ(symbol->ToString(), c.canonical) << c.text;
  }
}

std::string Identity(const char* text) {
  auto symbol = ParseDocumentSymbol(text);
  EXPECT_TRUE(symbol.ok()) << text << ": " << symbol.status();
  return symbol.ok() ? symbol->IdentityKey() : "";
}

TEST(DocumentSymbolTest, IdentityIsNumberTypeAndIssuer) {
  EXPECT_EQ(Identity("0150/KH-UBND"), "150|KH|UBND");
  EXPECT_EQ(Identity("150/kh-ubnd"), "150|KH|UBND");
  // One number however many zeros lead it.
  EXPECT_EQ(Identity("05/KH-X"), Identity("5/KH-X"));
  EXPECT_EQ(Identity("005/kh-x"), Identity("5/KH-X"));
  // One decision however its type code is typed.
  EXPECT_EQ(Identity("9999/QĐ-TTg"), "9999|QĐ|TTG");
  EXPECT_EQ(Identity("9999/QD-TTg"), Identity("9999/QĐ-TTg"));
  EXPECT_EQ(Identity("9999/qđ-TTg"), Identity("9999/QĐ-TTg"));
  // Another number, type or issuer is another document.
  EXPECT_NE(Identity("5/KH-X"), Identity("50/KH-X"));
  EXPECT_NE(Identity("5/KH-X"), Identity("5/QĐ-X"));
  EXPECT_NE(Identity("5/KH-X"), Identity("5/KH-Y"));
  EXPECT_NE(Identity("5/CT-X"), Identity("5/CTr-X"));
  // The year, when the symbol carries it; letters and laws have no type code.
  EXPECT_EQ(Identity("124/2021/TT-BCA"), "124|TT|BCA|2021");
  EXPECT_EQ(Identity("123/UBND-NC"), "123||UBND-NC");
  EXPECT_EQ(Identity("202/2025/QH15"), "202||QH15|2025");
  EXPECT_EQ(Identity("13-KL/TW"), "13|KL|TW");
  EXPECT_EQ(Identity("5-QĐi/TW"), "5|QĐI|TW");
}

TEST(DocumentSymbolTest, IdentityOnADayIsWithinItsYear) {
  auto on = [](const char* text, CivilDay day) {
    auto symbol = ParseDocumentSymbol(text);
    EXPECT_TRUE(symbol.ok()) << text;
    return symbol.ok() ? symbol->IdentityOn(day) : "";
  };
  EXPECT_EQ(on("0150/KH-UBND", CivilDay(2025, 12, 10)), "150|KH|UBND|2025");
  // Numbering starts again each year: 150/KH-UBND of 2026 is another plan.
  EXPECT_NE(on("150/KH-UBND", CivilDay(2026, 1, 5)), on("150/KH-UBND", CivilDay(2025, 12, 10)));
  EXPECT_EQ(on("150/KH-UBND", CivilDay(2025, 1, 1)), on("150/KH-UBND", CivilDay(2025, 12, 31)));
  // The year written in the symbol is the year of issue.
  EXPECT_EQ(on("124/2021/TT-BCA", CivilDay(2021, 12, 28)), "124|TT|BCA|2021");
  EXPECT_EQ(on("124/TT-BCA", CivilDay(2021, 12, 28)),
            on("124/2021/TT-BCA", CivilDay(2021, 12, 28)));
  // Number 0 is no number: such a document is known by its day.
  EXPECT_EQ(on("0/KH-UBND", CivilDay(2025, 12, 15)), "0|KH|UBND|2025-12-15");
  EXPECT_EQ(on("00/kh-ubnd", CivilDay(2025, 12, 15)), on("0/KH-UBND", CivilDay(2025, 12, 15)));
  EXPECT_NE(on("0/KH-UBND", CivilDay(2025, 12, 16)), on("0/KH-UBND", CivilDay(2025, 12, 15)));
}

TEST(DocumentSymbolTest, AHugeTextIsRefusedUnread) {
  EXPECT_FALSE(ParseDocumentSymbol(std::string(1'000'000, '1') + "/KH-UBND").ok());
  EXPECT_FALSE(ParseDocumentSymbol("1/" + std::string(100, 'A')).ok());
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

TEST(PlanChecksTest, ACitationIsComparedWithTheDocumentOfTheSameIdentity) {
  PlanFacts facts;
  facts.issue_date = CivilDay(2025, 12, 15);
  facts.period_from = 2025;
  facts.period_to = 2025;
  facts.known_documents["0150/KH-UBND"] = CivilDay(2025, 12, 10);
  facts.known_documents["2447/QĐ-TTg"] = CivilDay(2025, 11, 6);
  facts.texts = {{"sections[0].body",
                  "Thực hiện Kế hoạch số 150/KH-UBND ngày 10/12/2025 và Quyết định số 2447/QD-TTg "
                  "ngày 06/11/2025."}};
  EXPECT_TRUE(CheckPlan(facts).empty());
  facts.texts[0].second = "Thực hiện Kế hoạch số 150/kh-ubnd ngày 11/12/2025.";
  EXPECT_THAT(Codes(CheckPlan(facts)), ElementsAre("DOCUMENT_DATE_MISMATCH"));
}

// Texts a backtracking matcher spends seconds on (std::regex did): near-symbols, near-dates and
// near-citations, 200 KB each, the size of the longest section. RE2 reads each in linear time.
TEST(PlanChecksTest, AdversarialSectionsAreCheckedInLinearTime) {
  const std::pair<const char*, std::string> unit[] = {
      {"slashes", "1/"},
      {"symbol-like", "1/1-1/"},
      {"no separator", "1/1ngày"},
      {"near date", "1/1 ngày 1/1/"},
      {"near citation", "12/KH-UBND, ngày 1/"},
      {"citations", "1/KH-X ngày 1/1/2020 "},
      {"dates", "ngày 1/1/2020 "},
  };
  PlanFacts facts;
  facts.issue_date = CivilDay(2025, 12, 15);
  facts.period_from = 2025;
  facts.period_to = 2025;
  double slowest = 0;
  for (const auto& [name, piece] : unit) {
    std::string text;
    while (text.size() < 200'000) text += piece;
    facts.texts = {{"sections[0].body", text}};
    const auto start = std::chrono::steady_clock::now();
    CheckPlan(facts);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    slowest = std::max(slowest, seconds);
    EXPECT_LT(seconds, 2.0) << name;  // generous: measured well under 0.1 s
  }
  RecordProperty("slowest_seconds", std::to_string(slowest));
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

// A document registered under an organisation names it: by its registry name or the name of its
// people's committee, with or without accents; never another organ.
TEST(IssuingBody, NamesTheOrganisationByItsWords) {
  using thidua::plans::IssuingBodyNames;
  EXPECT_TRUE(IssuingBodyNames("UBND tỉnh Lâm Đồng", "Tỉnh Lâm Đồng"));
  EXPECT_TRUE(IssuingBodyNames("Ủy ban nhân dân tỉnh Lâm Đồng", "Tỉnh Lâm Đồng"));
  EXPECT_TRUE(IssuingBodyNames("UBND TINH LAM DONG", "Tỉnh Lâm Đồng"));
  EXPECT_TRUE(IssuingBodyNames("Công an tỉnh Lâm Đồng", "Công an tỉnh Lâm Đồng"));
  EXPECT_FALSE(IssuingBodyNames("Bộ Công an", "Tỉnh Đắk Lắk"));
  EXPECT_FALSE(IssuingBodyNames("UBND tỉnh Lâm", "Tỉnh Lâm Đồng"));
  // The words together and in order, not scattered.
  EXPECT_FALSE(IssuingBodyNames("Tỉnh ủy Lâm Hà, Đồng Nai", "Tỉnh Lâm Đồng"));
  EXPECT_FALSE(IssuingBodyNames("UBND tỉnh Lâm Đồng", ""));
}

// Found by tests/fuzz: a symbol of 60 characters with "ND" parsed, and its canonical form ("NĐ",
// a byte longer) did not. The limit counts characters, so the canonical form parses back.
TEST(DocumentSymbol, TheCanonicalFormOfTheLongestSymbolParsesBack) {
  const std::string longest = "1/ND-" + std::string(55, 'K');
  auto symbol = thidua::plans::ParseDocumentSymbol(longest);
  ASSERT_TRUE(symbol.ok()) << symbol.status();
  auto again = thidua::plans::ParseDocumentSymbol(symbol->ToString());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), symbol->ToString());
  EXPECT_FALSE(thidua::plans::ParseDocumentSymbol(longest + "K").ok());
}
