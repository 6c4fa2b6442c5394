// The authorization rules of the plans service, tried as an attacker would: reading, listing,
// counting and writing across provinces, without an organisation, without a plans role. A denial
// must look the same whether the object exists or not, and must name no organisation.
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Lâm Đồng (the fixture's province) and, beside it under the nation, Khánh Hòa with one ward.
class PlansAccessTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    other_ = Create("Tỉnh Khánh Hòa", v1::PROVINCE, nation_id_, D(2025, 7, 1), "56").id();
    other_ward_ = Create("Phường Nha Trang", v1::WARD, other_, D(2025, 7, 1)).id();
    other_editor_ = Token(other_);
    nation_editor_ = Token(nation_id_);
  }

  // A small plan of `issuer` with one yearly task led by the province's police.
  pv1::Plan SmallPlan(int64_t issuer, const std::string& title) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(issuer);
    plan.set_title(title);
    plan.set_period_from_year(2025);
    plan.set_period_to_year(2026);
    auto* task = plan.add_tasks();
    task->set_title("Báo cáo kết quả thực hiện");
    task->set_lead_organization_id(police_);
    task->mutable_due()->mutable_yearly()->set_day(15);
    task->mutable_due()->mutable_yearly()->set_month(11);
    return plan;
  }

  pv1::Plan Draft(const std::string& title) {
    pv1::CreatePlanRequest create;
    *create.mutable_plan() = SmallPlan(province_, title);
    pv1::Plan draft;
    const grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(draft.status(), pv1::DRAFT);
    return draft;
  }

  grpc::Status GetPlan(const std::string& token, int64_t id, pv1::Plan* out = nullptr) {
    pv1::GetPlanRequest request;
    request.set_id(id);
    pv1::Plan ignored;
    return plans_->stub().GetPlan(WithToken(token).get(), request, out ? out : &ignored);
  }

  // Every page of ListPlans as `token` sees it, following the page tokens.
  std::vector<int64_t> AllPlanIds(const std::string& token, pv1::ListPlansRequest request) {
    std::vector<int64_t> ids;
    for (int pages = 0; pages < 20; ++pages) {
      pv1::ListPlansResponse page;
      const grpc::Status status = plans_->stub().ListPlans(WithToken(token).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& plan : page.plans()) ids.push_back(plan.id());
      if (!status.ok() || page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return ids;
  }

  grpc::Status CreateRegistration(const std::string& token, int64_t unit, int64_t plan_id,
                                  const std::string& request_id, pv1::Registration* out = nullptr) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(request_id);
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(2026);
    request.mutable_registration()->set_standard_id(Antt());
    request.mutable_registration()->set_plan_id(plan_id);
    *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
    pv1::Registration ignored;
    return plans_->stub().CreateRegistration(WithToken(token).get(), request, out ? out : &ignored);
  }

  grpc::Status ListRegistrations(const std::string& token, int64_t unit,
                                 pv1::ListRegistrationsResponse* out) {
    pv1::ListRegistrationsRequest request;
    request.set_organization_id(unit);
    return plans_->stub().ListRegistrations(WithToken(token).get(), request, out);
  }

  grpc::Status RegistrationRate(const std::string& token, pv1::Population population) {
    pv1::GetRegistrationRateRequest request;
    *request.mutable_population() = std::move(population);
    request.set_year(2026);
    request.set_standard_id(Antt());
    pv1::RegistrationRate ignored;
    return plans_->stub().GetRegistrationRate(WithToken(token).get(), request, &ignored);
  }

  grpc::Status ListModels(const std::string& token, int64_t area,
                          pv1::ListSecurityModelsResponse* out = nullptr) {
    pv1::ListSecurityModelsRequest request;
    request.set_area_organization_id(area);
    pv1::ListSecurityModelsResponse ignored;
    return plans_->stub().ListSecurityModels(WithToken(token).get(), request, out ? out : &ignored);
  }

  grpc::Status RegisterDocument(const std::string& token, const std::string& symbol,
                                const std::string& body, const std::string& title, int64_t issuer,
                                pv1::Document* out) {
    pv1::RegisterDocumentRequest request;
    request.mutable_document()->set_issuer_organization_id(issuer);
    request.mutable_document()->set_symbol(symbol);
    *request.mutable_document()->mutable_issue_date() = D(2025, 12, 10);
    request.mutable_document()->set_issuing_body(body);
    request.mutable_document()->set_title(title);
    return plans_->stub().RegisterDocument(WithToken(token).get(), request, out);
  }

  std::vector<pv1::Document> DocumentsWithSymbol(const std::string& symbol) {
    pv1::ListDocumentsRequest request;
    request.set_symbol(symbol);
    pv1::ListDocumentsResponse response;
    const grpc::Status status =
        plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.documents().begin(), response.documents().end()};
  }

  int64_t other_ = 0, other_ward_ = 0;
  std::string other_editor_, nation_editor_;
};

// Both calls were refused with one and the same answer, which names no organisation (no digit at
// all: ids are the only numbers a denial could carry).
void ExpectSameDenial(const grpc::Status& existing, const grpc::Status& unknown) {
  EXPECT_EQ(existing.error_code(), grpc::StatusCode::PERMISSION_DENIED) << existing.error_message();
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED) << unknown.error_message();
  EXPECT_EQ(existing.error_message(), unknown.error_message());
  EXPECT_EQ(existing.error_details(), unknown.error_details());
  EXPECT_EQ(DetailsOf(existing).reason, "PERMISSION_DENIED");
  EXPECT_THAT(existing.error_message(), Not(ContainsRegex("[0-9]")));
  EXPECT_THAT(DetailsOf(existing).vietnamese, Not(ContainsRegex("[0-9]")));
}

TEST_F(PlansAccessTest, AnotherProvinceNeitherListsNorCountsTheDrafts) {
  std::vector<int64_t> drafts;
  for (const char* title :
       {"Kế hoạch dự thảo số một", "Kế hoạch dự thảo số hai", "Kế hoạch dự thảo số ba"}) {
    drafts.push_back(Draft(title).id());
  }
  // Three hidden drafts, pages of one: a page of none with a token would still count them.
  pv1::ListPlansRequest request;
  request.set_page_size(1);
  pv1::ListPlansResponse page;
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(other_editor_).get(), request, &page).ok());
  EXPECT_THAT(page.plans(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");
  request.set_issuer_organization_id(province_);
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(other_editor_).get(), request, &page).ok());
  EXPECT_THAT(page.plans(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");
  request.clear_issuer_organization_id();
  request.set_status(pv1::DRAFT);
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(other_editor_).get(), request, &page).ok());
  EXPECT_THAT(page.plans(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");

  request.clear_status();
  std::vector<int64_t> seen = AllPlanIds(nation_editor_, request);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, drafts);
}

TEST_F(PlansAccessTest, ACommuneSeesItsProvincesPlanOnlyOnceIssued) {
  const int64_t draft = Draft("Kế hoạch dự thảo của tỉnh").id();
  const std::string commune_editor = Token(communes_[0]);
  EXPECT_THAT(AllPlanIds(commune_editor, {}), IsEmpty());
  EXPECT_EQ(GetPlan(commune_editor, draft).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const auto issued = CreateAndIssue(SmallPlan(province_, "Kế hoạch đã ban hành của tỉnh"), editor_,
                                     "20/KH-UBND", D(2025, 12, 1));
  EXPECT_THAT(AllPlanIds(commune_editor, {}), ElementsAre(issued.id()));
  EXPECT_TRUE(GetPlan(commune_editor, issued.id()).ok());
}

TEST_F(PlansAccessTest, GetPlanDeniesAHiddenDraftExactlyAsAnUnknownId) {
  const pv1::Plan draft = Draft("Kế hoạch dự thảo của tỉnh");
  ExpectSameDenial(GetPlan(other_editor_, draft.id()), GetPlan(other_editor_, 999999));
  // The draft's own province reads it: the denial above is about the caller, not the plan.
  pv1::Plan read;
  ASSERT_TRUE(GetPlan(editor_, draft.id(), &read).ok());
  EXPECT_EQ(read.title(), draft.title());
}

TEST_F(PlansAccessTest, SetTaskStatusDeniesAnotherUnitsTaskExactlyAsAnUnknownTask) {
  const auto issued = CreateAndIssue(SmallPlan(province_, "Kế hoạch đã ban hành của tỉnh"), editor_,
                                     "20/KH-UBND", D(2025, 12, 1));
  ASSERT_EQ(issued.tasks_size(), 1);
  auto set = [&](int64_t task_id, int64_t unit) {
    pv1::SetTaskStatusRequest request;
    request.set_task_id(task_id);
    request.set_organization_id(unit);
    request.set_year(2026);
    request.set_state(pv1::DONE);
    *request.mutable_done_date() = D(2026, 11, 1);
    pv1::Task ignored;
    return plans_->stub().SetTaskStatus(WithToken(other_editor_).get(), request, &ignored);
  };
  const int64_t task = issued.tasks(0).id();
  const int64_t unknown = 999999001;  // no task has this id
  // For its own unit (in scope, not assigned) and for the real assignee (out of scope).
  ExpectSameDenial(set(task, other_), set(unknown, other_));
  ExpectSameDenial(set(task, police_), set(unknown, other_));
  ExpectSameDenial(set(task, police_), set(unknown, police_));
  // Nothing was recorded.
  pv1::Plan after;
  ASSERT_TRUE(GetPlan(editor_, issued.id(), &after).ok());
  EXPECT_THAT(after.tasks(0).statuses(), IsEmpty());
}

TEST_F(PlansAccessTest, ATokenWithoutOrganisationReadsNothing) {
  const std::string no_org = TestTokens::Get().Token(0, {"plans-editor"}, "no-org");
  const auto issued = CreateAndIssue(SmallPlan(province_, "Kế hoạch đã ban hành của tỉnh"), editor_,
                                     "20/KH-UBND", D(2025, 12, 1));
  const pv1::Plan draft = Draft("Kế hoạch dự thảo của tỉnh");
  ExpectSameDenial(GetPlan(no_org, issued.id()), GetPlan(no_org, 999999));
  ExpectSameDenial(GetPlan(no_org, draft.id()), GetPlan(no_org, 999999));
  EXPECT_THAT(AllPlanIds(no_org, {}), IsEmpty());
}

TEST_F(PlansAccessTest, ADocumentCannotBeRegisteredUnderAnotherProvince) {
  pv1::Document out;
  const grpc::Status squat =
      RegisterDocument(editor_, "15/KH-UBND", "Tỉnh Khánh Hòa", "Giả mạo", other_, &out);
  EXPECT_EQ(squat.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(DocumentsWithSymbol("15/KH-UBND"), IsEmpty());

  pv1::Document own;
  const grpc::Status status = RegisterDocument(other_editor_, "15/KH-UBND", "Tỉnh Khánh Hòa",
                                               "Kế hoạch của tỉnh Khánh Hòa", other_, &own);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(own.issuer_organization_id(), other_);
  EXPECT_EQ(own.title(), "Kế hoạch của tỉnh Khánh Hòa");
  const auto listed = DocumentsWithSymbol("15/KH-UBND");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id(), own.id());
}

TEST_F(PlansAccessTest, ADocumentRegisteredWithoutIssuerDoesNotCaptureTheIssuersSymbol) {
  // Registering without an issuer is allowed (a decision of the Prime Minister cited by a
  // province); it must not take the symbol from its real issuer, whose own registration claims
  // the record (seen: it returned the citer's record, issuer 0, title "Giả mạo").
  pv1::Document squat;
  ASSERT_TRUE(RegisterDocument(editor_, "15/KH-UBND", "Tỉnh Khánh Hòa", "Giả mạo", 0, &squat).ok());
  pv1::Document own;
  const grpc::Status status = RegisterDocument(other_editor_, "15/KH-UBND", "Tỉnh Khánh Hòa",
                                               "Kế hoạch của tỉnh Khánh Hòa", other_, &own);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(own.issuer_organization_id(), other_);
  EXPECT_EQ(own.title(), "Kế hoạch của tỉnh Khánh Hòa");
  // The issued plan is registered under the issuer's name in the registry: the same key.
  pv1::Plan plan = SmallPlan(other_, "Kế hoạch của tỉnh Khánh Hòa");
  plan.mutable_tasks(0)->set_lead_organization_id(other_);
  const auto issued = CreateAndIssue(plan, other_editor_, "15/KH-UBND", D(2025, 12, 10));
  pv1::GetDocumentRequest get;
  get.set_id(issued.document_id());
  pv1::Document carrier;
  ASSERT_TRUE(plans_->stub().GetDocument(WithToken(other_editor_).get(), get, &carrier).ok());
  EXPECT_EQ(carrier.issuer_organization_id(), other_);
}

// The other way round (seen): a ministry's decision registered by a province citing it, then
// registered by another province naming itself as issuer, took the record over (title, issuer).
// A document registered under an organisation must name it as its issuing body.
TEST_F(PlansAccessTest, NoUnitRegistersAnotherOrgansDocumentAsItsOwn) {
  pv1::Document cited;
  ASSERT_TRUE(
      RegisterDocument(editor_, "777/QĐ-BCA", "Bộ Công an", "Quyết định của Bộ", 0, &cited).ok());
  pv1::Document taken;
  const grpc::Status squat =
      RegisterDocument(other_editor_, "777/QĐ-BCA", "Bộ Công an", "Giả mạo", other_, &taken);
  EXPECT_EQ(squat.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(squat.error_message(), HasSubstr("document.issuing_body"));
  const auto listed = DocumentsWithSymbol("777/QĐ-BCA");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].title(), "Quyết định của Bộ");
  EXPECT_EQ(listed[0].issuer_organization_id(), 0);
  // Nor as a new record before anyone cites it.
  EXPECT_EQ(RegisterDocument(other_editor_, "778/QĐ-BCA", "Bộ Công an", "Giả mạo", other_, &taken)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DocumentsWithSymbol("778/QĐ-BCA"), IsEmpty());
  // Its own body, by its people's committee's name, is its own.
  const grpc::Status own = RegisterDocument(other_editor_, "779/KH-UBND", "UBND tỉnh Khánh Hòa",
                                            "Kế hoạch", other_, &taken);
  EXPECT_TRUE(own.ok()) << own.error_message();
}

TEST_F(PlansAccessTest, AMovementIsCreatedOnlyByThoseActingForItsLauncher) {
  auto create = [&](const std::string& token, int64_t launcher, const std::string& request_id) {
    pv1::CreateMovementRequest request;
    request.set_request_id(request_id);
    request.mutable_movement()->set_display_name("Toàn dân bảo vệ an ninh Tổ quốc");
    request.mutable_movement()->set_launching_organization_id(launcher);
    pv1::Movement out;
    const grpc::Status status =
        plans_->stub().CreateMovement(WithToken(token).get(), request, &out);
    return std::pair(status, out);
  };
  const grpc::Status missing = create(nation_editor_, 0, "pt-1").first;
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(missing).fields, Contains("movement.launching_organization_id"));
  EXPECT_EQ(create(editor_, nation_id_, "pt-2").first.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(create(other_editor_, province_, "pt-3").first.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pv1::ListMovementsResponse listed;
  ASSERT_TRUE(plans_->stub().ListMovements(WithToken(editor_).get(), {}, &listed).ok());
  EXPECT_THAT(listed.movements(), IsEmpty());

  const auto [status, movement] = create(nation_editor_, nation_id_, "pt-4");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(movement.launching_organization_id(), nation_id_);
  ASSERT_TRUE(plans_->stub().ListMovements(WithToken(editor_).get(), {}, &listed).ok());
  ASSERT_EQ(listed.movements_size(), 1);
  EXPECT_EQ(listed.movements(0).id(), movement.id());
}

TEST_F(PlansAccessTest, ATokenWithoutAPlansRoleReadsNoRegistrationsRatesOrModels) {
  ASSERT_TRUE(CreateRegistration(editor_, communes_[0], 0, "dk-1").ok());
  const std::string no_role = TestTokens::Get().Token(province_, {}, "no-role");
  pv1::ListRegistrationsResponse listed;
  EXPECT_EQ(ListRegistrations(no_role, 0, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(listed.registrations(), IsEmpty());
  pv1::Population communes;
  for (int64_t c : communes_) communes.mutable_units()->add_organization_ids(c);
  EXPECT_EQ(RegistrationRate(no_role, communes).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListModels(no_role, province_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The same calls with the role succeed: the denials are about the role.
  EXPECT_TRUE(ListRegistrations(editor_, 0, &listed).ok());
  EXPECT_EQ(listed.registrations_size(), 1);
  EXPECT_TRUE(RegistrationRate(editor_, communes).ok());
  EXPECT_TRUE(ListModels(editor_, province_).ok());
}

TEST_F(PlansAccessTest, AnotherProvinceReadsNoRegistrationsRatesOrModelsOfTheFirst) {
  pv1::Registration theirs;
  ASSERT_TRUE(CreateRegistration(editor_, communes_[0], 0, "dk-1", &theirs).ok());
  pv1::Registration ours;
  ASSERT_TRUE(CreateRegistration(other_editor_, other_ward_, 0, "dk-2", &ours).ok());
  pv1::CreateSecurityModelRequest model;
  model.set_request_id("mh-1");
  model.mutable_model()->set_display_name("Camera an ninh khu dân cư");
  model.mutable_model()->set_model_type("camera");
  model.mutable_model()->set_owner_organization_id(communes_[1]);
  model.mutable_model()->set_status(pv1::ACTIVE);
  pv1::SecurityModel created;
  ASSERT_TRUE(plans_->stub().CreateSecurityModel(WithToken(editor_).get(), model, &created).ok());

  pv1::ListRegistrationsResponse listed;
  ExpectSameDenial(ListRegistrations(other_editor_, communes_[0], &listed),
                   ListRegistrations(other_editor_, 999999, &listed));
  // Without a unit, only its own registrations.
  listed.Clear();
  ASSERT_TRUE(ListRegistrations(other_editor_, 0, &listed).ok());
  ASSERT_EQ(listed.registrations_size(), 1);
  EXPECT_EQ(listed.registrations(0).id(), ours.id());

  pv1::Population kinds;
  kinds.mutable_kinds()->set_scope_organization_id(province_);
  for (auto k : {v1::COMMUNE, v1::WARD, v1::SPECIAL_ZONE}) kinds.mutable_kinds()->add_kinds(k);
  EXPECT_EQ(RegistrationRate(other_editor_, kinds).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pv1::Population units;
  for (int64_t c : communes_) units.mutable_units()->add_organization_ids(c);
  EXPECT_EQ(RegistrationRate(other_editor_, units).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // One unit of its own does not carry a foreign one through.
  pv1::Population mixed;
  mixed.mutable_units()->add_organization_ids(other_ward_);
  mixed.mutable_units()->add_organization_ids(communes_[0]);
  EXPECT_EQ(RegistrationRate(other_editor_, mixed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pv1::ListSecurityModelsResponse models;
  ExpectSameDenial(ListModels(other_editor_, province_, &models),
                   ListModels(other_editor_, 999999, &models));
  EXPECT_EQ(ListModels(other_editor_, communes_[1], &models).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(models.models(), IsEmpty());
  // Listed as what it is over its own area: the same question, asked of its own scope.
  ASSERT_TRUE(ListModels(other_editor_, other_, &models).ok());
  EXPECT_THAT(models.models(), IsEmpty());
}

TEST_F(PlansAccessTest, ARegistrationCannotCiteAnotherProvincesDraft) {
  const pv1::Plan draft = Draft("Kế hoạch dự thảo của tỉnh");
  ExpectSameDenial(CreateRegistration(other_editor_, other_ward_, draft.id(), "dk-1"),
                   CreateRegistration(other_editor_, other_ward_, 999999, "dk-2"));
  pv1::ListRegistrationsResponse listed;
  ASSERT_TRUE(ListRegistrations(nation_editor_, 0, &listed).ok());
  EXPECT_THAT(listed.registrations(), IsEmpty());
  // Citing nothing, the same registration is accepted.
  EXPECT_TRUE(CreateRegistration(other_editor_, other_ward_, 0, "dk-3").ok());
}

// Seen: another province could link its model to one of Lâm Đồng's, and tell which model ids
// exist (NOT_FOUND only for the unknown ones).
TEST_F(PlansAccessTest, AModelReplicatesOnlyAModelTheCallerMayReadAndDeniesOthersAsUnknown) {
  auto create = [&](const std::string& token, int64_t owner, int64_t source,
                    const std::string& request_id, pv1::SecurityModel* out = nullptr) {
    pv1::CreateSecurityModelRequest request;
    request.set_request_id(request_id);
    request.mutable_model()->set_display_name("Camera an ninh khu dân cư");
    request.mutable_model()->set_owner_organization_id(owner);
    request.mutable_model()->set_status(pv1::ACTIVE);
    request.mutable_model()->set_replicated_from_id(source);
    pv1::SecurityModel ignored;
    return plans_->stub().CreateSecurityModel(WithToken(token).get(), request,
                                              out ? out : &ignored);
  };
  pv1::SecurityModel original;
  ASSERT_TRUE(create(editor_, province_, 0, "mh-goc", &original).ok());
  ExpectSameDenial(create(other_editor_, other_, original.id(), "mh-1"),
                   create(other_editor_, other_, 999999, "mh-2"));
  // Its own province replicates it; an update naming another province's model is denied alike.
  pv1::SecurityModel copy;
  ASSERT_TRUE(create(editor_, province_, original.id(), "mh-ban-sao", &copy).ok());
  EXPECT_EQ(copy.replicated_from_id(), original.id());
  pv1::SecurityModel theirs;
  ASSERT_TRUE(create(other_editor_, other_, 0, "mh-khanh-hoa", &theirs).ok());
  pv1::UpdateSecurityModelRequest update;
  update.mutable_model()->set_id(copy.id());
  update.mutable_model()->set_etag(copy.etag());
  update.mutable_model()->set_replicated_from_id(theirs.id());
  update.mutable_update_mask()->add_paths("replicated_from_id");
  pv1::SecurityModel ignored;
  const grpc::Status foreign =
      plans_->stub().UpdateSecurityModel(WithToken(editor_).get(), update, &ignored);
  update.mutable_model()->set_replicated_from_id(999999);
  ExpectSameDenial(foreign,
                   plans_->stub().UpdateSecurityModel(WithToken(editor_).get(), update, &ignored));
}

// Seen: a rate over another province's kinds was denied or empty depending on which kinds exist
// there, an unknown scope answered OK, and the registry's errors came back doubled and unbounded.
TEST_F(PlansAccessTest, ARateOverAnotherScopeIsDeniedAlikeWhateverItWouldHold) {
  auto rate_over = [&](int64_t scope, v1::OrganizationKind kind) {
    pv1::Population kinds;
    kinds.mutable_kinds()->set_scope_organization_id(scope);
    kinds.mutable_kinds()->add_kinds(kind);
    return RegistrationRate(other_editor_, kinds);
  };
  // Lâm Đồng has communes and no special zone; 99999999 is no unit at all.
  ExpectSameDenial(rate_over(province_, v1::COMMUNE), rate_over(province_, v1::SPECIAL_ZONE));
  ExpectSameDenial(rate_over(province_, v1::COMMUNE), rate_over(99999999, v1::COMMUNE));
  EXPECT_TRUE(rate_over(other_, v1::WARD).ok());  // its own scope

  pv1::Population bad_kind;
  bad_kind.mutable_kinds()->set_scope_organization_id(other_);
  bad_kind.mutable_kinds()->add_kinds(static_cast<v1::OrganizationKind>(9999));
  const grpc::Status refused = RegistrationRate(other_editor_, bad_kind);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(refused).fields, ElementsAre("population.kinds.kinds[0]"));

  pv1::Population unknown_group;
  unknown_group.set_group_id(999999);
  const grpc::Status no_group = RegistrationRate(other_editor_, unknown_group);
  EXPECT_EQ(no_group.error_code(), grpc::StatusCode::NOT_FOUND);
  // One English half and one Vietnamese half, not the registry's two halves twice.
  const std::string message = no_group.error_message();
  EXPECT_EQ(message.find(" | "), message.rfind(" | ")) << message;
}

TEST_F(PlansAccessTest, AThousandUnknownIdsAreNamedTenAndCounted) {
  pv1::Plan plan = SmallPlan(province_, "Kế hoạch với một nghìn đơn vị không có thật");
  for (int i = 0; i < 1000; ++i) {
    plan.mutable_tasks(0)->add_coordinating_organization_ids(90000000 + i);
  }
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = plan;
  pv1::Plan ignored;
  const grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &ignored);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("90000009 and 990 more"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("90000010")));
  EXPECT_LT(status.error_message().size() + status.error_details().size(), 2000u);
}

// Seen: another province read, through the national plan's compliance, Lâm Đồng's implementing
// plan and its issue date, which ListPlans and GetPlan hide from it.
TEST_F(PlansAccessTest, AComplianceReaderSeesOnlyTheUnitsItActsForUnlessItFollowsTheIssuer) {
  pv1::Plan national = SmallPlan(nation_id_, "Kế hoạch triển khai Phong trào toàn quốc");
  auto* cascade = national.add_cascade();
  cascade->mutable_population()->mutable_kinds()->set_scope_organization_id(nation_id_);
  cascade->mutable_population()->mutable_kinds()->add_kinds(v1::PROVINCE);
  cascade->mutable_due()->mutable_in_month()->set_month(12);
  cascade->mutable_due()->mutable_in_month()->set_year(2025);
  const pv1::Plan issued = CreateAndIssue(national, nation_editor_, "1/KH-BCA", D(2025, 11, 20),
                                          {"YEAR_OUTSIDE_PERIOD"});
  pv1::Plan own = SmallPlan(province_, "Kế hoạch triển khai của tỉnh Lâm Đồng");
  own.add_implements_document_ids(issued.document_id());
  const pv1::Plan implementing = CreateAndIssue(own, editor_, "150/KH-UBND", D(2025, 12, 10));
  ASSERT_EQ(implementing.status(), pv1::ISSUED);

  auto compliance = [&](const std::string& token) {
    pv1::GetCascadeComplianceRequest request;
    request.set_plan_id(issued.id());
    *request.mutable_as_of() = D(2026, 1, 15);
    pv1::CascadeCompliance out;
    const grpc::Status status =
        plans_->stub().GetCascadeCompliance(WithToken(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  const pv1::CascadeCompliance whole = compliance(nation_editor_);
  EXPECT_EQ(whole.required(), 2);
  EXPECT_EQ(whole.on_time(), 1);
  const pv1::CascadeCompliance theirs = compliance(other_editor_);
  ASSERT_EQ(theirs.units_size(), 1);
  EXPECT_EQ(theirs.units(0).organization_id(), other_);
  EXPECT_EQ(theirs.units(0).state(), pv1::MISSING);
  EXPECT_EQ(theirs.required(), 1);
  EXPECT_EQ(theirs.on_time(), 0);
  const pv1::CascadeCompliance ours = compliance(editor_);
  ASSERT_EQ(ours.units_size(), 1);
  EXPECT_EQ(ours.units(0).implementing_plan_id(), implementing.id());
}

}  // namespace
}  // namespace thidua::testing
