// A document is its number, type and issuer within a year (Nghị định 30/2020/NĐ-CP, Điều 15; see
// services/plans/domain/document_symbol.h), through the plans API and its database: spellings of
// one symbol are one record, lookups by symbol find it however it is written, an issuer cannot
// issue two plans under one number in a year, and migration 0006 gives the rows written before it
// the identity the service computes.
#include <cstdio>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "common/text.h"
#include "services/plans/domain/document_symbol.h"
#include "services/plans/store/plans_store.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class DocumentIdentityTest : public PlansTest {
 protected:
  grpc::Status TryRegister(const std::string& symbol, common::v1::Date date,
                           const std::string& body, pv1::Document* out) {
    pv1::RegisterDocumentRequest request;
    request.mutable_document()->set_symbol(symbol);
    *request.mutable_document()->mutable_issue_date() = date;
    request.mutable_document()->set_issuing_body(body);
    return plans_->stub().RegisterDocument(WithToken(editor_).get(), request, out);
  }

  // The symbols ListDocuments returns for `symbol`.
  std::vector<std::string> Found(const std::string& symbol) {
    pv1::ListDocumentsRequest request;
    request.set_symbol(symbol);
    pv1::ListDocumentsResponse response;
    const grpc::Status status =
        plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << symbol << ": " << status.error_message();
    std::vector<std::string> out;
    for (const auto& d : response.documents()) out.push_back(d.symbol());
    return out;
  }

  int64_t CountDocuments() {
    int64_t count = 0;
    EXPECT_TRUE(plans_->pool()
                    .Run(absl::InfiniteFuture(),
                         [&](db::Connection& conn) {
                           std::unique_ptr<sql::ResultSet> rows(
                               conn.Prepare("SELECT COUNT(*) FROM documents").executeQuery());
                           rows->next();
                           count = rows->getInt64(1);
                           return absl::OkStatus();
                         })
                    .ok());
    return count;
  }

  // A draft of the province with nothing to warn about.
  pv1::Plan Draft(const std::string& title) {
    pv1::CreatePlanRequest create;
    create.mutable_plan()->set_issuer_organization_id(province_);
    create.mutable_plan()->set_title(title);
    create.mutable_plan()->set_period_from_year(2025);
    create.mutable_plan()->set_period_to_year(2026);
    pv1::Plan draft;
    const grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return draft;
  }

  grpc::Status Issue(const pv1::Plan& draft, const std::string& symbol, common::v1::Date date,
                     pv1::Plan* issued) {
    pv1::IssuePlanRequest issue;
    issue.set_id(draft.id());
    issue.set_etag(draft.etag());
    issue.set_symbol(symbol);
    *issue.mutable_issue_date() = date;
    return plans_->stub().IssuePlan(WithToken(editor_).get(), issue, issued);
  }
};

TEST_F(DocumentIdentityTest, SpellingsOfOneDecisionAreOneRecord) {
  const auto first = Register("9999/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  EXPECT_EQ(first.type(), pv1::QUYET_DINH);
  for (const char* spelling : {"9999/QD-TTg", "9999/qđ-TTg", "9999/qd-ttg", "09999/QĐ-TTG"}) {
    const auto again = Register(spelling, D(2025, 11, 6), "Thủ tướng Chính phủ");
    EXPECT_EQ(again.id(), first.id()) << spelling;
    EXPECT_EQ(again.symbol(), "9999/QĐ-TTg") << spelling;
    EXPECT_EQ(again.type(), pv1::QUYET_DINH) << spelling;
  }
  EXPECT_EQ(CountDocuments(), 1);
}

TEST_F(DocumentIdentityTest, IssuingBodiesAreOneByIdentityNotByCollation) {
  const auto first = Register("15/KH-UBND", D(2025, 3, 1), "Ủy ban nhân dân tỉnh Hòa Bình");
  for (const char* body : {"Uỷ ban nhân dân tỉnh Hoà Bình", "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
                           "Ủy ban nhân dân tỉnh Hòa Bình."}) {
    EXPECT_EQ(Register("15/KH-UBND", D(2025, 3, 1), body).id(), first.id()) << body;
  }
  // Accents are significant: the collation once took these for one body.
  const auto other = Register("15/KH-UBND", D(2025, 3, 1), "Ủy ban nhân dân tỉnh Hòa Bỉnh");
  EXPECT_NE(other.id(), first.id());
  EXPECT_EQ(CountDocuments(), 2);
}

TEST_F(DocumentIdentityTest, LeadingZerosWriteOneNumber) {
  const auto first = Register("05/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh");
  EXPECT_EQ(Register("5/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh").id(), first.id());
  EXPECT_EQ(Register("005/kh-bcđ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh").id(), first.id());
  // The number as the first registration wrote it.
  EXPECT_EQ(Register("5/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh").symbol(), "05/KH-BCĐ");
  // The same number of another issuing body, or of another year, is another document.
  EXPECT_NE(Register("5/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo huyện").id(), first.id());
  EXPECT_NE(Register("5/KH-BCĐ", D(2026, 3, 1), "Ban Chỉ đạo tỉnh").id(), first.id());
  EXPECT_EQ(CountDocuments(), 3);
}

TEST_F(DocumentIdentityTest, ANumberTakenThatYearOnAnotherDateIsRefused) {
  const auto first = Register("05/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh");
  pv1::Document out;
  const grpc::Status status = TryRegister("5/KH-BCĐ", D(2025, 4, 1), "Ban Chỉ đạo tỉnh", &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
  const ErrorDetails details = DetailsOf(status);
  EXPECT_EQ(details.reason, "DOCUMENT_NUMBER_TAKEN");
  EXPECT_THAT(details.vietnamese, ::testing::HasSubstr("05/KH-BCĐ"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("1/3/2025"));
  EXPECT_EQ(CountDocuments(), 1);
  EXPECT_EQ(Register("05/KH-BCĐ", D(2025, 3, 1), "Ban Chỉ đạo tỉnh").id(), first.id());
}

TEST_F(DocumentIdentityTest, LookupBySymbolFindsTheDocumentHoweverItIsWritten) {
  Register("0150/KH-UBND", D(2025, 12, 10), "Ủy ban nhân dân tỉnh Đắk Lắk");
  Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  Register("124/2021/TT-BCA", D(2021, 12, 28), "Bộ Công an");
  Register("13-KL/TW", D(2021, 8, 16), "Ban Bí thư");
  EXPECT_THAT(Found("150/KH-UBND"), ElementsAre("0150/KH-UBND"));
  EXPECT_THAT(Found("0150/kh-ubnd"), ElementsAre("0150/KH-UBND"));
  EXPECT_THAT(Found("00150/KH-UBND"), ElementsAre("0150/KH-UBND"));
  EXPECT_THAT(Found("2447/QD-TTg"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(Found("2447/qđ-ttg"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(Found("124/TT-BCA"), ElementsAre("124/2021/TT-BCA"));
  EXPECT_THAT(Found("124/2021/tt-bca"), ElementsAre("124/2021/TT-BCA"));
  EXPECT_THAT(Found("13-kl/tw"), ElementsAre("13-KL/TW"));
  // Another number, type, issuer or year is not found.
  EXPECT_THAT(Found("15/KH-UBND"), IsEmpty());
  EXPECT_THAT(Found("1500/KH-UBND"), IsEmpty());
  EXPECT_THAT(Found("150/QĐ-UBND"), IsEmpty());
  EXPECT_THAT(Found("150/KH-UBNDT"), IsEmpty());
  EXPECT_THAT(Found("124/2022/TT-BCA"), IsEmpty());
  // The same number of two people's committees: both are found.
  Register("150/KH-UBND", D(2025, 12, 1), "Ủy ban nhân dân tỉnh Lâm Đồng");
  EXPECT_THAT(Found("150/KH-UBND"), UnorderedElementsAre("0150/KH-UBND", "150/KH-UBND"));
}

TEST_F(DocumentIdentityTest, AnIssuerCannotIssueTwoPlansUnderOneNumberInAYear) {
  pv1::Plan first;
  ASSERT_TRUE(Issue(Draft("Kế hoạch thứ nhất"), "12/KH-UBND", D(2025, 12, 10), &first).ok());
  const pv1::Plan second = Draft("Kế hoạch thứ hai");
  // The same number that day, written another way, or on another day of the year.
  for (const auto& [symbol, date] :
       std::vector<std::pair<std::string, common::v1::Date>>{{"12/KH-UBND", D(2025, 12, 10)},
                                                             {"012/kh-ubnd", D(2025, 12, 10)},
                                                             {"12/KH-UBND", D(2025, 12, 20)}}) {
    pv1::Plan issued;
    const grpc::Status status = Issue(second, symbol, date, &issued);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << symbol;
    const ErrorDetails details = DetailsOf(status);
    EXPECT_EQ(details.reason, "DOCUMENT_NUMBER_TAKEN") << symbol;
    EXPECT_THAT(details.vietnamese, ::testing::HasSubstr("12/KH-UBND")) << symbol;
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr(absl::StrCat("plan ", first.id())));
  }
  EXPECT_EQ(CountDocuments(), 1);
  // The refused plan is still a draft; it may take another number, or this number next year.
  pv1::Plan issued;
  ASSERT_TRUE(Issue(second, "12/KH-UBND", D(2026, 1, 5), &issued).ok());
  EXPECT_NE(issued.document_id(), first.document_id());
  // A commune numbers its own documents: its 12/KH-UBND is another document.
  pv1::CreatePlanRequest create;
  create.mutable_plan()->set_issuer_organization_id(communes_[0]);
  create.mutable_plan()->set_title("Kế hoạch của xã");
  create.mutable_plan()->set_period_from_year(2025);
  create.mutable_plan()->set_period_to_year(2025);
  const pv1::Plan commune =
      CreateAndIssue(create.plan(), Token(communes_[0]), "12/KH-UBND", D(2025, 12, 10));
  EXPECT_NE(commune.document_id(), first.document_id());
  EXPECT_EQ(CountDocuments(), 3);
}

TEST_F(DocumentIdentityTest, ThePlanTakesTheRecordACiterRegisteredUnderItsNumber) {
  // A unit citing the plan registered it first, with another spelling and a wrong date.
  pv1::Document cited;
  ASSERT_TRUE(TryRegister("0150/kh-ubnd", D(2025, 12, 11), "Tỉnh Lâm Đồng", &cited).ok());
  pv1::Plan issued;
  const grpc::Status status = Issue(Draft("Kế hoạch"), "150/KH-UBND", D(2025, 12, 10), &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.document_id(), cited.id());
  pv1::GetDocumentRequest get;
  get.set_id(cited.id());
  pv1::Document document;
  ASSERT_TRUE(plans_->stub().GetDocument(WithToken(editor_).get(), get, &document).ok());
  EXPECT_EQ(document.symbol(), "150/KH-UBND");
  EXPECT_EQ(document.issue_date().day(), 10);
  EXPECT_EQ(document.issuer_organization_id(), province_);
  EXPECT_EQ(CountDocuments(), 1);
}

// Migration 0006 computes in SQL, for the rows written before it, what the service computes in C++
// for new ones; the two must agree on every form the earlier parser stored.
TEST(DocumentIdentityMigrationTest, RowsWrittenBeforeItGetTheIdentityTheServiceComputes) {
  auto database = TestDatabase::Create();
  db::Pool& pool = database->pool();
  std::vector<db::Migration> before;
  for (const auto& m : plans::Migrations()) {
    if (m.version < 6) before.push_back(m);
  }
  ASSERT_TRUE(db::Migrate(pool, before).ok());
  struct Row {
    const char* symbol;  // as the earlier parser stored it
    const char* date;
    const char* body;
  };
  const Row rows[] = {
      {"0150/KH-UBND", "2025-12-10", "UBND tỉnh Đắk Lắk"},
      {"2447/QĐ-TTg", "2025-11-06", "Thủ tướng Chính phủ"},
      {"9745/QĐ-BCA-V05", "2022-12-28", "Bộ Công an"},
      {"124/2021/TT-BCA", "2021-12-28", "Bộ Công an"},
      {"06/2014/NĐ-CP", "2014-01-21", "Chính phủ"},
      {"202/2025/QH15", "2025-06-12", "Quốc hội"},
      {"13-KL/TW", "2021-08-16", "Ban Bí thư"},
      {"5-QĐi/TW", "2024-01-01", "Ban Chấp hành Trung ương"},
      {"1676/KH-BCĐ", "2022-03-16", "Ban Chỉ đạo"},
      {"12/CTr-UBND", "2025-01-02", "UBND tỉnh"},
      {"7/TTr-UBND", "2025-01-02", "UBND tỉnh"},
      {"123/UBND-NC", "2025-01-02", "UBND tỉnh"},
      {"0/KH-VPUBND", "2025-12-15", "Văn phòng UBND tỉnh"},
      {"9999/QD-TTg", "2025-05-05", "Thủ tướng Chính phủ"},    // stored as a letter
      {"77/nđ-cp", "2025-05-05", "Chính phủ"},                 // stored as a letter
      {"44-NQ/tw", "2024-05-05", "Ban Chấp hành Trung ương"},  // issuer as written
      // One document twice: the first keeps the identity, the second is left without.
      {"05/KH-X", "2025-03-01", "Cơ quan X"},
      {"5/kh-x", "2025-04-01", "Cơ quan X"},
  };
  ASSERT_TRUE(pool.Run(absl::InfiniteFuture(),
                       [&](db::Connection& conn) {
                         auto& insert = conn.Prepare(
                             "INSERT INTO documents (type, symbol, issue_date, issuing_body,"
                             " search_text) VALUES (0, ?, ?, ?, '')");
                         for (const Row& row : rows) {
                           insert.setString(1, row.symbol);
                           insert.setString(2, row.date);
                           insert.setString(3, row.body);
                           insert.executeUpdate();
                         }
                         return absl::OkStatus();
                       })
                  .ok());
  ASSERT_TRUE(db::Migrate(pool, plans::Migrations()).ok());

  std::map<std::string, std::string> stored;  // symbol → identity ("NULL" when none)
  ASSERT_TRUE(pool.Run(absl::InfiniteFuture(),
                       [&](db::Connection& conn) {
                         std::unique_ptr<sql::ResultSet> result(
                             conn.Prepare("SELECT symbol, IFNULL(identity, 'NULL') FROM documents")
                                 .executeQuery());
                         while (result->next()) stored[result->getString(1)] = result->getString(2);
                         return absl::OkStatus();
                       })
                  .ok());
  ASSERT_EQ(stored.size(), std::size(rows));
  for (const Row& row : rows) {
    auto symbol = plans::ParseDocumentSymbol(row.symbol);
    ASSERT_TRUE(symbol.ok()) << row.symbol;
    int y, m, d;
    ASSERT_EQ(std::sscanf(row.date, "%d-%d-%d", &y, &m, &d), 3);
    const std::string expected =
        std::string(row.symbol) == "5/kh-x" ? "NULL" : symbol->IdentityOn(absl::CivilDay(y, m, d));
    EXPECT_EQ(stored[row.symbol], expected) << row.symbol;
  }
  EXPECT_EQ(stored["9999/QD-TTg"], "9999|QĐ|TTG|2025");
  EXPECT_EQ(stored["0/KH-VPUBND"], "0|KH|VPUBND|2025-12-15");
}

// Documents written before migration 0009 get their issuing body's identity digest at start-up.
TEST(DocumentIdentityMigrationTest, IssuingBodiesWrittenBeforeTheirKeyGetItAtStartUp) {
  auto database = TestDatabase::Create();
  db::Pool& pool = database->pool();
  std::vector<db::Migration> before;
  for (const auto& m : plans::Migrations()) {
    if (m.version < 9) before.push_back(m);
  }
  ASSERT_TRUE(db::Migrate(pool, before).ok());
  const std::vector<std::string> bodies = {"Bộ Công an", "Ủy ban nhân dân tỉnh Hòa Bình"};
  auto run = [&](const std::function<void(db::Connection&)>& fn) {
    return pool.Run(absl::InfiniteFuture(), [&](db::Connection& conn) {
      fn(conn);
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(run([&](db::Connection& conn) {
                auto& insert = conn.Prepare(
                    "INSERT INTO documents (type, symbol, identity, issue_date, issuing_body,"
                    " search_text) VALUES (1, ?, ?, '2025-01-02', ?, '')");
                for (size_t i = 0; i < bodies.size(); ++i) {
                  insert.setString(1, absl::StrCat(i + 1, "/KH-A"));
                  insert.setString(2, absl::StrCat(i + 1, "|KH|A|2025"));
                  insert.setString(3, bodies[i]);
                  insert.executeUpdate();
                }
              }).ok());
  ASSERT_TRUE(db::Migrate(pool, plans::Migrations()).ok());
  ASSERT_TRUE(plans::store::KeyIssuingBodies(pool).ok());
  std::vector<std::string> keys;
  ASSERT_TRUE(
      run([&](db::Connection& conn) {
        std::unique_ptr<sql::ResultSet> rows(
            conn.Prepare("SELECT issuing_body_key FROM documents ORDER BY id").executeQuery());
        while (rows->next()) keys.push_back(rows->getString(1));
      }).ok());
  EXPECT_THAT(keys, ElementsAre(text::IdentityDigest(bodies[0]), text::IdentityDigest(bodies[1])));
}

}  // namespace
}  // namespace thidua::testing
