// RPCs of the plans service that had no test of their own: UpdatePlan, ListDocuments,
// ListMovements and ParseDocumentSymbol, through real gRPC and MariaDB with the registry beside
// the plans service: the main path read back through the API, then the errors a client meets (bad
// input naming the field, a stale etag, an unknown id, a caller out of scope).
#include "tests/integration/untested_rpcs_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST_F(UntestedRpcsTest, UpdatePlanChangesTheTitleOfADraftAndItsEtag) {
  const pv1::Plan draft = Draft();
  pv1::Plan updated;
  const grpc::Status status =
      UpdatePlan(editor_, RetitleRequest(draft.id(), draft.etag(), kNewTitle), &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.title(), kNewTitle);
  EXPECT_EQ(updated.status(), pv1::DRAFT);
  EXPECT_FALSE(updated.etag().empty());
  EXPECT_NE(updated.etag(), draft.etag());

  // Read back: the title changed, everything outside the mask stayed as it was.
  const pv1::Plan read = GetPlan(draft.id());
  EXPECT_EQ(read.title(), kNewTitle);
  EXPECT_EQ(read.etag(), updated.etag());
  EXPECT_EQ(read.version(), draft.version());
  EXPECT_EQ(read.place(), "Lâm Đồng");
  EXPECT_EQ(read.signer().name(), "Đinh Văn Tuấn");
  EXPECT_EQ(read.period_from_year(), 2025);
  EXPECT_EQ(read.period_to_year(), 2030);
  ASSERT_EQ(read.tasks_size(), 1);
  EXPECT_EQ(read.tasks(0).id(), draft.tasks(0).id());  // the task keeps its id
  EXPECT_EQ(read.tasks(0).lead_organization_id(), police_);
  ASSERT_EQ(read.sections_size(), 1);
  EXPECT_EQ(read.sections(0).heading(), "IV. THỜI GIAN THỰC HIỆN");
  ASSERT_EQ(read.cascade_size(), 1);
  ASSERT_EQ(read.targets_size(), 1);

  // The listing searches the new title, accent-insensitively, and no longer the old wording.
  pv1::ListPlansRequest list;
  list.set_query("du thao lan 2");
  pv1::ListPlansResponse listed;
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(editor_).get(), list, &listed).ok());
  ASSERT_EQ(listed.plans_size(), 1);
  EXPECT_EQ(listed.plans(0).id(), draft.id());
  list.set_query("tren dia ban tinh lam dong");
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(editor_).get(), list, &listed).ok());
  EXPECT_EQ(listed.plans_size(), 0);
}

TEST_F(UntestedRpcsTest, UpdatePlanWithAStaleEtagIsAbortedAndChangesNothing) {
  const pv1::Plan draft = Draft();
  pv1::Plan updated;
  ASSERT_TRUE(
      UpdatePlan(editor_, RetitleRequest(draft.id(), draft.etag(), kNewTitle), &updated).ok());
  // The etag read before the first update is stale now.
  const grpc::Status stale =
      UpdatePlan(editor_, RetitleRequest(draft.id(), draft.etag(), "Tiêu đề ghi đè muộn"));
  ASSERT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  EXPECT_EQ(DetailsOf(stale).reason, "ETAG_MISMATCH");
  EXPECT_FALSE(DetailsOf(stale).vietnamese.empty());
  // An etag no write ever gave is stale as well.
  EXPECT_EQ(UpdatePlan(editor_, RetitleRequest(draft.id(), "\"999999\"", "Tiêu đề khác hẳn"))
                .error_code(),
            grpc::StatusCode::ABORTED);
  const pv1::Plan read = GetPlan(draft.id());
  EXPECT_EQ(read.title(), kNewTitle);
  EXPECT_EQ(read.etag(), updated.etag());
  // With the current etag the next update goes through.
  EXPECT_TRUE(UpdatePlan(editor_, RetitleRequest(draft.id(), read.etag(), "Tiêu đề lần ba")).ok());
  EXPECT_EQ(GetPlan(draft.id()).title(), "Tiêu đề lần ba");
}

TEST_F(UntestedRpcsTest, UpdatePlanRefusesPathsThatAreNotUpdatableAndBadValues) {
  const pv1::Plan draft = Draft();
  auto refused = [&](const pv1::UpdatePlanRequest& request) {
    const grpc::Status status = UpdatePlan(editor_, request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(DetailsOf(status).reason, "INVALID_ARGUMENT");
    return DetailsOf(status).fields;
  };
  // Fields the service owns, and names that are not fields of a plan at all.
  for (const char* path : {"status", "issuer_organization_id", "etag", "version", "document_id",
                           "acknowledged_warnings", "no_such_field", "signer.name"}) {
    auto request = RetitleRequest(draft.id(), draft.etag(), kNewTitle);
    request.mutable_update_mask()->add_paths(path);
    request.mutable_plan()->set_status(pv1::ISSUED);
    request.mutable_plan()->set_issuer_organization_id(other_province_);
    EXPECT_THAT(refused(request), ElementsAre("update_mask")) << path;
  }
  // A value the plan may not hold names the plan's field.
  EXPECT_THAT(refused(RetitleRequest(draft.id(), draft.etag(), "")), ElementsAre("plan.title"));
  {
    auto request = RetitleRequest(draft.id(), draft.etag(), kNewTitle);
    request.mutable_plan()->set_period_from_year(1900);
    request.mutable_update_mask()->add_paths("period_from_year");
    EXPECT_THAT(refused(request), ElementsAre("plan.period_to_year"));
  }
  // id, etag and a mask are required; the violation names the plan.
  EXPECT_THAT(refused(RetitleRequest(draft.id(), "", kNewTitle)), Contains("plan"));
  EXPECT_THAT(refused(RetitleRequest(0, draft.etag(), kNewTitle)), Contains("plan"));
  {
    auto request = RetitleRequest(draft.id(), draft.etag(), kNewTitle);
    request.clear_update_mask();
    EXPECT_THAT(refused(request), Contains("plan"));
  }
  // Nothing was written by any of them.
  const pv1::Plan read = GetPlan(draft.id());
  EXPECT_EQ(read.etag(), draft.etag());
  EXPECT_EQ(read.title(), draft.title());
  EXPECT_EQ(read.status(), pv1::DRAFT);
  EXPECT_EQ(read.issuer_organization_id(), province_);
}

TEST_F(UntestedRpcsTest, UpdatePlanChecksTheSymbolAsCreatePlanDoes) {
  const pv1::Plan draft = Draft();
  pv1::UpdatePlanRequest request;
  request.mutable_plan()->set_id(draft.id());
  request.mutable_plan()->set_etag(draft.etag());
  request.mutable_plan()->set_symbol("KH-UBND số mới");
  request.mutable_update_mask()->add_paths("symbol");
  const grpc::Status status = UpdatePlan(editor_, request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("plan.symbol"));
  EXPECT_EQ(GetPlan(draft.id()).symbol(), "");
  // A well-formed draft symbol is accepted.
  request.mutable_plan()->set_symbol("0150/KH-UBND");
  ASSERT_TRUE(UpdatePlan(editor_, request).ok());
  EXPECT_EQ(GetPlan(draft.id()).symbol(), "0150/KH-UBND");
}

TEST_F(UntestedRpcsTest, UpdatePlanOfAnIssuedPlanMustBeAnAmendment) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  const pv1::Plan issued = CreateAndIssue(ProvincePlan(decision.id()), editor_, "0150/KH-UBND",
                                          D(2025, 12, 10), {"YEAR_OUTSIDE_PERIOD"});
  ASSERT_EQ(issued.status(), pv1::ISSUED);
  const grpc::Status status =
      UpdatePlan(editor_, RetitleRequest(issued.id(), issued.etag(), kNewTitle));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(DetailsOf(status).reason, "PLAN_STATUS");
  const pv1::Plan read = GetPlan(issued.id());
  EXPECT_EQ(read.title(), issued.title());
  EXPECT_EQ(read.etag(), issued.etag());
  EXPECT_EQ(read.version(), 1);
}

TEST_F(UntestedRpcsTest, UpdatePlanIsRefusedToCallersWhoDoNotEditTheIssuer) {
  const pv1::Plan draft = Draft();
  const auto request = RetitleRequest(draft.id(), draft.etag(), kNewTitle);
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"another province's editor", Token(other_province_)},
      {"a commune's editor under the issuer", Token(communes_[0])},
      {"the issuer's reporter", TestTokens::Get().Token(province_, {"plans-reporter"}, "rep")},
      {"the issuer's registry admin", province_admin_},
  };
  for (const auto& [who, token] : callers) {
    const grpc::Status status = UpdatePlan(token, request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    EXPECT_EQ(DetailsOf(status).reason, "PERMISSION_DENIED") << who;
  }
  // An unknown id is denied exactly as a plan out of scope: nothing to probe.
  const grpc::Status existing = UpdatePlan(Token(other_province_), request);
  const grpc::Status unknown =
      UpdatePlan(Token(other_province_), RetitleRequest(987654321, draft.etag(), kNewTitle));
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(unknown.error_message(), existing.error_message());
  EXPECT_EQ(unknown.error_details(), existing.error_details());
  EXPECT_EQ(UpdatePlan(editor_, RetitleRequest(987654321, draft.etag(), kNewTitle)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const pv1::Plan read = GetPlan(draft.id());
  EXPECT_EQ(read.title(), draft.title());
  EXPECT_EQ(read.etag(), draft.etag());
  // The nation's editor acts for a unit above the issuer and may edit the draft.
  EXPECT_TRUE(UpdatePlan(Token(nation_id_), request).ok());
  EXPECT_EQ(GetPlan(draft.id()).title(), kNewTitle);
}

TEST_F(UntestedRpcsTest, UpdatePlanRefusesUnknownDocuments) {
  const pv1::Plan draft = Draft();
  pv1::UpdatePlanRequest request;
  request.mutable_plan()->set_id(draft.id());
  request.mutable_plan()->set_etag(draft.etag());
  request.mutable_plan()->add_implements_document_ids(987654321);
  request.mutable_update_mask()->add_paths("implements_document_ids");
  EXPECT_EQ(UpdatePlan(editor_, request).error_code(), grpc::StatusCode::NOT_FOUND);
  const pv1::Plan read = GetPlan(draft.id());
  EXPECT_EQ(read.etag(), draft.etag());
  EXPECT_THAT(read.implements_document_ids(), ElementsAre(draft.implements_document_ids(0)));
  // A registered document is accepted in its place.
  const auto conclusion = Register("13-KL/TW", D(2021, 8, 16), "Ban Bí thư");
  request.mutable_plan()->set_implements_document_ids(0, conclusion.id());
  ASSERT_TRUE(UpdatePlan(editor_, request).ok());
  EXPECT_THAT(GetPlan(draft.id()).implements_document_ids(), ElementsAre(conclusion.id()));
}

TEST_F(UntestedRpcsTest, UpdatePlanRefusesAnUnknownMovementAsCreatePlanDoes) {
  const pv1::Plan draft = Draft();
  pv1::UpdatePlanRequest request;
  request.mutable_plan()->set_id(draft.id());
  request.mutable_plan()->set_etag(draft.etag());
  request.mutable_plan()->set_movement_id(987654321);
  request.mutable_update_mask()->add_paths("movement_id");
  EXPECT_EQ(UpdatePlan(editor_, request).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetPlan(draft.id()).movement_id(), 0);
}

// ================================ Groups ================================

TEST_F(UntestedRpcsTest, ListDocumentsFindsADocumentBySymbolAndType) {
  RegisterSeedDocuments();
  pv1::ListDocumentsRequest request;
  // The symbol is matched after canonicalisation.
  request.set_symbol(" 2447 / QĐ - TTg ");
  pv1::ListDocumentsResponse response;
  ASSERT_TRUE(plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response).ok());
  ASSERT_EQ(response.documents_size(), 1);
  const pv1::Document& found = response.documents(0);
  EXPECT_EQ(found.id(), decision_.id());
  EXPECT_EQ(found.symbol(), "2447/QĐ-TTg");
  EXPECT_EQ(found.type(), pv1::QUYET_DINH);
  EXPECT_EQ(Iso(found.issue_date()), "2025-11-6");
  EXPECT_EQ(found.issuing_body(), "Thủ tướng Chính phủ");
  EXPECT_EQ(found.title(), decision_.title());
  request.set_symbol("13 - KL / TW");
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("13-KL/TW"));
  request.set_symbol("1/QĐ-TTg");  // well-formed, not registered
  EXPECT_THAT(DocumentSymbols(request), IsEmpty());

  // By type, newest first.
  request.clear_symbol();
  request.set_type(pv1::QUYET_DINH);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("2447/QĐ-TTg", "9745/QĐ-BCA-V05"));
  request.set_type(pv1::KE_HOACH);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("1676/KH-BCĐ"));
  request.set_type(pv1::THONG_TU);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("124/2021/TT-BCA"));
  request.set_type(pv1::KET_LUAN);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("13-KL/TW"));
  request.set_type(pv1::NGHI_QUYET);
  EXPECT_THAT(DocumentSymbols(request), IsEmpty());
  // Symbol and type together must both hold.
  request.set_symbol("2447/QĐ-TTg");
  request.set_type(pv1::QUYET_DINH);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("2447/QĐ-TTg"));
  request.set_type(pv1::THONG_TU);
  EXPECT_THAT(DocumentSymbols(request), IsEmpty());
  // No filter: everything, newest first.
  EXPECT_THAT(DocumentSymbols({}), ElementsAre("2447/QĐ-TTg", "1676/KH-BCĐ", "9745/QĐ-BCA-V05",
                                               "124/2021/TT-BCA", "13-KL/TW"));
}

TEST_F(UntestedRpcsTest, ListDocumentsQueryIgnoresMarksAndCase) {
  RegisterSeedDocuments();
  // The issuing body.
  EXPECT_THAT(DocumentsMatching("thu tuong"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(DocumentsMatching("THỦ TƯỚNG"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(DocumentsMatching("Thủ tướng Chính phủ"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(DocumentsMatching("bo cong an"), ElementsAre("9745/QĐ-BCA-V05", "124/2021/TT-BCA"));
  EXPECT_THAT(DocumentsMatching("BỘ CÔNG AN"), ElementsAre("9745/QĐ-BCA-V05", "124/2021/TT-BCA"));
  EXPECT_THAT(DocumentsMatching("ban bi thu"), ElementsAre("13-KL/TW"));
  // The title.
  EXPECT_THAT(DocumentsMatching("toan dan bao ve"), ElementsAre("2447/QĐ-TTg"));
  EXPECT_THAT(DocumentsMatching("Điển Hình Tiên Tiến"), ElementsAre("9745/QĐ-BCA-V05"));
  EXPECT_THAT(DocumentsMatching("phong chong toi pham"), ElementsAre("1676/KH-BCĐ"));
  // The symbol, folded ("Đ" → "d"): "qđ bca" and "QD-BCA" alike.
  EXPECT_THAT(DocumentsMatching("qđ bca"), ElementsAre("9745/QĐ-BCA-V05"));
  EXPECT_THAT(DocumentsMatching("QD-BCA"), ElementsAre("9745/QĐ-BCA-V05"));
  EXPECT_THAT(DocumentsMatching("1676/KH-BCD"), ElementsAre("1676/KH-BCĐ"));
  EXPECT_THAT(DocumentsMatching("khong co van ban nay"), IsEmpty());
  // Query and type together.
  pv1::ListDocumentsRequest request;
  request.set_query("bo cong an");
  request.set_type(pv1::THONG_TU);
  EXPECT_THAT(DocumentSymbols(request), ElementsAre("124/2021/TT-BCA"));
}

TEST_F(UntestedRpcsTest, ListDocumentsPagesNewestFirst) {
  RegisterSeedDocuments();
  pv1::ListDocumentsRequest request;
  request.set_page_size(2);
  std::vector<std::string> symbols;
  int pages = 0;
  for (; pages < 5; ++pages) {
    pv1::ListDocumentsResponse response;
    ASSERT_TRUE(plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response).ok());
    EXPECT_LE(response.documents_size(), 2);
    for (const auto& d : response.documents()) symbols.push_back(d.symbol());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(pages, 2);  // three pages: 2 + 2 + 1
  EXPECT_THAT(symbols, ElementsAre("2447/QĐ-TTg", "1676/KH-BCĐ", "9745/QĐ-BCA-V05",
                                   "124/2021/TT-BCA", "13-KL/TW"));
}

TEST_F(UntestedRpcsTest, ListDocumentsRefusesAMalformedSymbolOrPageToken) {
  RegisterSeedDocuments();
  pv1::ListDocumentsRequest request;
  pv1::ListDocumentsResponse response;
  for (const char* symbol : {"QĐ-TTg", "2447/QĐ-TTg/", "1/1900/TT-BCA", "không phải ký hiệu"}) {
    request.set_symbol(symbol);
    const grpc::Status status =
        plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << symbol;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("symbol")) << symbol;
    EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  }
  request.clear_symbol();
  request.set_page_token("garbage");
  const grpc::Status status =
      plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_token"));
  request.clear_page_token();
  EXPECT_EQ(plans_->stub().ListDocuments(WithToken("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// ================================ ListMovements ================================

TEST_F(UntestedRpcsTest, ListMovementsFindsAMovementByAnAccentInsensitiveQuery) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ", nation_id_);
  const std::string nation_editor = Token(nation_id_);
  const auto security =
      CreateMovement(nation_editor, "Toàn dân bảo vệ an ninh Tổ quốc", nation_id_, decision.id());
  CreateMovement(nation_editor, "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
                 nation_id_);
  CreateMovement(editor_, "Lâm Đồng chung sức xây dựng nông thôn mới", province_);

  EXPECT_THAT(MovementNames("toan dan"), ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
  EXPECT_THAT(MovementNames("TOÀN DÂN"), ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
  EXPECT_THAT(MovementNames("Toàn dân bảo vệ an ninh Tổ quốc"),
              ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
  EXPECT_THAT(MovementNames("to quoc"), ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
  EXPECT_THAT(MovementNames("nguoi ngheo"),
              ElementsAre("Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"));
  EXPECT_THAT(MovementNames("lam dong"), ElementsAre("Lâm Đồng chung sức xây dựng nông thôn mới"));
  EXPECT_THAT(MovementNames("chung"),
              ElementsAre("Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
                          "Lâm Đồng chung sức xây dựng nông thôn mới"));
  EXPECT_THAT(MovementNames("khong co phong trao nay"), IsEmpty());
  EXPECT_EQ(MovementNames("").size(), 3u);

  // A movement is listed as it was created.
  pv1::ListMovementsRequest request;
  request.set_query("toan dan");
  pv1::ListMovementsResponse response;
  ASSERT_TRUE(plans_->stub().ListMovements(WithToken(editor_).get(), request, &response).ok());
  ASSERT_EQ(response.movements_size(), 1);
  const pv1::Movement& found = response.movements(0);
  EXPECT_EQ(found.id(), security.id());
  EXPECT_EQ(found.launching_organization_id(), nation_id_);
  EXPECT_EQ(found.launching_document_id(), decision.id());
  EXPECT_EQ(found.description(), "Phong trào thi đua");
  EXPECT_TRUE(found.has_create_time());
  EXPECT_EQ(plans_->stub().ListMovements(WithToken("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(UntestedRpcsTest, ListMovementsMatchesWordsThatAreNotAdjacent) {
  CreateMovement(Token(nation_id_), "Toàn dân bảo vệ an ninh Tổ quốc", nation_id_);
  EXPECT_THAT(MovementNames("toan dan an ninh"), ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
  EXPECT_THAT(MovementNames("an ninh to quoc toan dan"),
              ElementsAre("Toàn dân bảo vệ an ninh Tổ quốc"));
}

// ================================ ParseDocumentSymbol ================================

struct SymbolCase {
  const char* text;
  const char* canonical;
  pv1::DocumentType type;
  const char* number;
  int year;
  const char* issuer;
  bool party;
};

TEST_F(UntestedRpcsTest, ParseDocumentSymbolGivesTheSeedSymbolsInCanonicalForm) {
  const SymbolCase cases[] = {
      {"0150/KH-UBND", "0150/KH-UBND", pv1::KE_HOACH, "0150", 0, "UBND", false},
      {"2447/QĐ-TTg", "2447/QĐ-TTg", pv1::QUYET_DINH, "2447", 0, "TTg", false},
      {"9745/QĐ-BCA-V05", "9745/QĐ-BCA-V05", pv1::QUYET_DINH, "9745", 0, "BCA-V05", false},
      {"124/2021/TT-BCA", "124/2021/TT-BCA", pv1::THONG_TU, "124", 2021, "BCA", false},
      {"13-KL/TW", "13-KL/TW", pv1::KET_LUAN, "13", 0, "TW", true},
      {"1676/KH-BCĐ", "1676/KH-BCĐ", pv1::KE_HOACH, "1676", 0, "BCĐ", false},
      // Spaces around the separators carry no meaning.
      {" 2447 / QĐ - TTg ", "2447/QĐ-TTg", pv1::QUYET_DINH, "2447", 0, "TTg", false},
      {"124 / 2021 / TT - BCA", "124/2021/TT-BCA", pv1::THONG_TU, "124", 2021, "BCA", false},
      {"13 - KL / TW", "13-KL/TW", pv1::KET_LUAN, "13", 0, "TW", true},
  };
  for (const SymbolCase& c : cases) {
    pv1::ParsedSymbol parsed;
    const grpc::Status status = Parse(c.text, &parsed);
    ASSERT_TRUE(status.ok()) << c.text << ": " << status.error_message();
    EXPECT_EQ(parsed.canonical(), c.canonical) << c.text;
    EXPECT_EQ(parsed.type(), c.type) << c.text;
    EXPECT_EQ(parsed.number(), c.number) << c.text;
    EXPECT_EQ(parsed.year(), c.year) << c.text;
    EXPECT_EQ(parsed.issuer(), c.issuer) << c.text;
    EXPECT_EQ(parsed.party(), c.party) << c.text;
  }
  // Parsing stores nothing.
  EXPECT_THAT(DocumentSymbols({}), IsEmpty());
}

TEST_F(UntestedRpcsTest, ParseDocumentSymbolRefusesAMalformedSymbolNamingTheField) {
  for (const char* symbol :
       {"", "   ", "QĐ-TTg", "2447/QĐ-TTg/", "2447", "1/1900/TT-BCA", "13-XX/TW", "số 2447",
        "123456/QĐ-TTg", "2447/QĐ-TTg-0150/KH-UBND-9745/QĐ-BCA-V05-124/2021/TT-BCA-13-KL/TW"}) {
    pv1::ParsedSymbol parsed;
    const grpc::Status status = Parse(symbol, &parsed);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << '"' << symbol << '"';
    const ErrorDetails details = DetailsOf(status);
    EXPECT_EQ(details.reason, "INVALID_ARGUMENT") << symbol;
    EXPECT_THAT(details.fields, ElementsAre("symbol")) << symbol;
    EXPECT_THAT(details.vietnamese, ::testing::HasSubstr("không hợp lệ")) << symbol;
  }
  pv1::ParseDocumentSymbolRequest request;
  request.set_symbol("2447/QĐ-TTg");
  pv1::ParsedSymbol parsed;
  EXPECT_EQ(plans_->stub().ParseDocumentSymbol(WithToken("").get(), request, &parsed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(UntestedRpcsTest, ParseDocumentSymbolReadsLowerCaseTypesAsTheirType) {
  pv1::ParsedSymbol parsed;
  ASSERT_TRUE(Parse("0150/kh-ubnd", &parsed).ok());
  EXPECT_EQ(parsed.canonical(), "0150/KH-UBND");
  EXPECT_EQ(parsed.type(), pv1::KE_HOACH);
  EXPECT_EQ(parsed.issuer(), "UBND");
  // Registered either way, it is one document.
  const auto upper = Register("0150/KH-UBND", D(2025, 12, 10), "Ủy ban nhân dân tỉnh Lâm Đồng");
  const auto lower = Register("0150/kh-ubnd", D(2025, 12, 10), "Ủy ban nhân dân tỉnh Lâm Đồng");
  EXPECT_EQ(lower.id(), upper.id());
  EXPECT_EQ(lower.symbol(), "0150/KH-UBND");
  EXPECT_EQ(lower.type(), pv1::KE_HOACH);
}

}  // namespace
}  // namespace thidua::testing
