// RPCs that had no test of their own: UpdatePlan, GetGroup, ListGroups, RemoveGroupMember,
// ListDocuments, ListMovements and ParseDocumentSymbol, each through real gRPC and MariaDB with the
// registry beside the plans service: the main path read back through the API, then the errors a
// client meets (bad input naming the field, a stale etag, an unknown id, a caller out of scope).
#include <string>
#include <vector>

#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::string Iso(const common::v1::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

// 30 February: D() would normalise it to a real day, so the fields are set one by one.
common::v1::Date NoSuchDay() {
  common::v1::Date date;
  date.set_year(2025);
  date.set_month(2);
  date.set_day(30);
  return date;
}

// Lâm Đồng as the fixture builds it and, beside it under the nation, Gia Lai with one commune.
class UntestedRpcsTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    other_province_ = Create("Tỉnh Gia Lai", v1::PROVINCE, nation_id_, D(2025, 7, 1), "52").id();
    other_commune_ = Create("Xã Ia Grai", v1::COMMUNE, other_province_, D(2025, 7, 1)).id();
    province_admin_ = TestTokens::Get().Token(province_, {"registry-admin"}, "province-admin");
    other_admin_ = TestTokens::Get().Token(other_province_, {"registry-admin"}, "other-admin");
  }

  // ---- plans ----

  pv1::Plan Draft() {
    const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
    pv1::CreatePlanRequest create;
    *create.mutable_plan() = ProvincePlan(decision.id());
    pv1::Plan draft;
    const grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(draft.status(), pv1::DRAFT);
    return draft;
  }

  pv1::Plan GetPlan(int64_t id) {
    pv1::GetPlanRequest request;
    request.set_id(id);
    pv1::Plan out;
    const grpc::Status status = plans_->stub().GetPlan(WithToken(editor_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // An UpdatePlan request setting `title` (mask "title") on the plan `id` with `etag`.
  static pv1::UpdatePlanRequest RetitleRequest(int64_t id, const std::string& etag,
                                               const std::string& title) {
    pv1::UpdatePlanRequest update;
    update.mutable_plan()->set_id(id);
    update.mutable_plan()->set_etag(etag);
    update.mutable_plan()->set_title(title);
    update.mutable_update_mask()->add_paths("title");
    return update;
  }

  grpc::Status UpdatePlan(const std::string& token, const pv1::UpdatePlanRequest& request,
                          pv1::Plan* out = nullptr) {
    pv1::Plan ignored;
    return plans_->stub().UpdatePlan(WithToken(token).get(), request, out ? out : &ignored);
  }

  // ---- groups ----

  v1::Group CreateGroup(const std::string& name, int64_t owner, const std::vector<int64_t>& members,
                        common::v1::Date from = D(2025, 7, 1)) {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_display_name(name);
    request.mutable_group()->set_owner_id(owner);
    for (int64_t id : members) {
      auto* member = request.mutable_group()->add_members();
      member->set_organization_id(id);
      *member->mutable_valid_from() = from;
    }
    v1::Group out;
    const grpc::Status status = stub().CreateGroup(WithToken(admin_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return out;
  }

  v1::Group GetGroup(int64_t id) {
    v1::GetGroupRequest request;
    request.set_id(id);
    v1::Group out;
    const grpc::Status status = stub().GetGroup(WithToken(admin_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<int64_t> MemberIds(int64_t group, common::v1::Date as_of) {
    v1::ListGroupMembersRequest request;
    request.set_group_id(group);
    *request.mutable_as_of() = as_of;
    v1::ListGroupMembersResponse response;
    const grpc::Status status =
        stub().ListGroupMembers(WithToken(admin_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<int64_t> ids;
    for (const auto& org : response.organizations()) ids.push_back(org.id());
    return ids;
  }

  std::vector<std::string> GroupNames(const v1::ListGroupsRequest& request) {
    v1::ListGroupsResponse response;
    const grpc::Status status = stub().ListGroups(WithToken(admin_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& g : response.groups()) names.push_back(g.display_name());
    return names;
  }

  static v1::RemoveGroupMemberRequest Removal(const v1::Group& group, int64_t organization,
                                              common::v1::Date last_day) {
    v1::RemoveGroupMemberRequest request;
    request.set_group_id(group.id());
    request.set_etag(group.etag());
    request.set_organization_id(organization);
    *request.mutable_last_day() = last_day;
    return request;
  }

  // ---- documents and movements ----

  pv1::Document RegisterTitled(const std::string& symbol, common::v1::Date date,
                               const std::string& body, const std::string& title) {
    pv1::RegisterDocumentRequest request;
    request.mutable_document()->set_symbol(symbol);
    *request.mutable_document()->mutable_issue_date() = date;
    request.mutable_document()->set_issuing_body(body);
    request.mutable_document()->set_title(title);
    pv1::Document out;
    const grpc::Status status =
        plans_->stub().RegisterDocument(WithToken(editor_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << symbol << ": " << status.error_message();
    return out;
  }

  // The seed documents, newest first as ListDocuments orders them.
  void RegisterSeedDocuments() {
    decision_ = RegisterTitled(
        "2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ",
        "Ban hành Kế hoạch triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc”");
    steering_plan_ = RegisterTitled("1676/KH-BCĐ", D(2024, 5, 20), "Ban Chỉ đạo 138 tỉnh Lâm Đồng",
                                    "Kế hoạch thực hiện công tác phòng, chống tội phạm năm 2024");
    ministry_decision_ =
        RegisterTitled("9745/QĐ-BCA-V05", D(2023, 11, 21), "Bộ Công an",
                       "Ban hành Quy định tiêu chí xây dựng mô hình điển hình tiên tiến");
    circular_ = RegisterTitled("124/2021/TT-BCA", D(2021, 10, 30), "Bộ Công an",
                               "Quy định khen thưởng trong Công an nhân dân");
    conclusion_ = RegisterTitled("13-KL/TW", D(2021, 8, 16), "Ban Bí thư",
                                 "Kết luận về tiếp tục thực hiện Chỉ thị 09-CT/TW");
  }

  std::vector<std::string> DocumentSymbols(const pv1::ListDocumentsRequest& request) {
    pv1::ListDocumentsResponse response;
    const grpc::Status status =
        plans_->stub().ListDocuments(WithToken(editor_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> symbols;
    for (const auto& d : response.documents()) symbols.push_back(d.symbol());
    return symbols;
  }

  std::vector<std::string> DocumentsMatching(const std::string& query) {
    pv1::ListDocumentsRequest request;
    request.set_query(query);
    return DocumentSymbols(request);
  }

  pv1::Movement CreateMovement(const std::string& token, const std::string& name, int64_t launcher,
                               int64_t document = 0) {
    pv1::CreateMovementRequest request;
    request.mutable_movement()->set_display_name(name);
    request.mutable_movement()->set_description("Phong trào thi đua");
    request.mutable_movement()->set_launching_organization_id(launcher);
    request.mutable_movement()->set_launching_document_id(document);
    pv1::Movement out;
    const grpc::Status status =
        plans_->stub().CreateMovement(WithToken(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return out;
  }

  std::vector<std::string> MovementNames(const std::string& query) {
    pv1::ListMovementsRequest request;
    request.set_query(query);
    pv1::ListMovementsResponse response;
    // Any authenticated caller reads movements: here a commune's editor.
    const grpc::Status status =
        plans_->stub().ListMovements(WithToken(Token(communes_[0])).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& m : response.movements()) names.push_back(m.display_name());
    return names;
  }

  grpc::Status Parse(const std::string& symbol, pv1::ParsedSymbol* out) {
    pv1::ParseDocumentSymbolRequest request;
    request.set_symbol(symbol);
    return plans_->stub().ParseDocumentSymbol(WithToken(Token(communes_[1])).get(), request, out);
  }

  int64_t other_province_ = 0, other_commune_ = 0;
  std::string province_admin_, other_admin_;
  pv1::Document decision_, steering_plan_, ministry_decision_, circular_, conclusion_;
};

constexpr char kNewTitle[] =
    "Kế hoạch triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ "
    "quốc” giai đoạn 2025 – 2030 (dự thảo lần 2)";

// ================================ UpdatePlan ================================

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

TEST_F(UntestedRpcsTest, GetGroupShowsTheCreatedGroupWithItsMembers) {
  const auto created = CreateGroup("Các xã, phường điểm về an ninh trật tự", province_,
                                   {communes_[0], communes_[1]});
  ASSERT_GT(created.id(), 0);
  const v1::Group read = GetGroup(created.id());
  EXPECT_EQ(read.id(), created.id());
  EXPECT_EQ(read.name(), absl::StrCat("groups/", created.id()));
  EXPECT_EQ(read.display_name(), "Các xã, phường điểm về an ninh trật tự");
  EXPECT_EQ(read.owner_id(), province_);
  EXPECT_EQ(read.etag(), created.etag());
  EXPECT_FALSE(read.etag().empty());
  EXPECT_TRUE(read.has_create_time());
  ASSERT_EQ(read.members_size(), 2);
  std::vector<int64_t> ids;
  for (const auto& m : read.members()) {
    ids.push_back(m.organization_id());
    EXPECT_EQ(Iso(m.valid_from()), "2025-7-1");
    EXPECT_FALSE(m.has_valid_to());  // still a member: no end, not an empty date
  }
  EXPECT_THAT(ids, UnorderedElementsAre(communes_[0], communes_[1]));
  // Anyone authenticated reads a group, without a registry role.
  v1::GetGroupRequest request;
  request.set_id(created.id());
  v1::Group seen;
  ASSERT_TRUE(stub().GetGroup(WithToken(Token(other_commune_)).get(), request, &seen).ok());
  EXPECT_EQ(seen.members_size(), 2);
}

TEST_F(UntestedRpcsTest, GetGroupOfAnUnknownIdIsNotFound) {
  v1::GetGroupRequest request;
  request.set_id(987654321);
  v1::Group out;
  const grpc::Status status = stub().GetGroup(WithToken(admin_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_FOUND");
  EXPECT_FALSE(DetailsOf(status).vietnamese.empty());
  EXPECT_EQ(stub().GetGroup(WithToken("").get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(UntestedRpcsTest, ListGroupsFiltersByOwnerAndByAnAccentInsensitiveQuery) {
  CreateGroup("Xã điểm về an ninh trật tự", province_, {communes_[0]});
  CreateGroup("Đơn vị đăng ký Phong trào", province_, {police_, home_affairs_});
  CreateGroup("Xã biên giới", other_province_, {other_commune_});
  v1::ListGroupsRequest request;
  request.set_owner_id(province_);
  // Ordered by folded name: "don vi ..." before "xa diem ...".
  EXPECT_THAT(GroupNames(request),
              ElementsAre("Đơn vị đăng ký Phong trào", "Xã điểm về an ninh trật tự"));
  request.set_owner_id(other_province_);
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới"));
  request.set_owner_id(communes_[2]);  // owns nothing
  EXPECT_THAT(GroupNames(request), IsEmpty());

  request.clear_owner_id();
  EXPECT_EQ(GroupNames(request).size(), 3u);
  request.set_query("xa");
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới", "Xã điểm về an ninh trật tự"));
  request.set_query("xa diem");
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("XÃ ĐIỂM");  // marks and upper case fold the same way
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("an ninh xa");  // words in any order
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã điểm về an ninh trật tự"));
  request.set_query("dang ky");
  EXPECT_THAT(GroupNames(request), ElementsAre("Đơn vị đăng ký Phong trào"));
  request.set_query("khong co nhom nay");
  EXPECT_THAT(GroupNames(request), IsEmpty());
  // Owner and query together.
  request.set_query("xa");
  request.set_owner_id(other_province_);
  EXPECT_THAT(GroupNames(request), ElementsAre("Xã biên giới"));
}

TEST_F(UntestedRpcsTest, ListGroupsPagesAndRefusesABadPageToken) {
  for (const char* name : {"Nhóm A", "Nhóm B", "Nhóm C"}) CreateGroup(name, province_, {});
  v1::ListGroupsRequest request;
  request.set_owner_id(province_);
  request.set_page_size(2);
  std::vector<std::string> names;
  for (int page = 0; page < 4; ++page) {
    v1::ListGroupsResponse response;
    ASSERT_TRUE(stub().ListGroups(WithToken(admin_).get(), request, &response).ok());
    for (const auto& g : response.groups()) names.push_back(g.display_name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre("Nhóm A", "Nhóm B", "Nhóm C"));

  v1::ListGroupsResponse response;
  request.set_page_token("garbage");
  grpc::Status status = stub().ListGroups(WithToken(admin_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_token"));
  request.clear_page_token();
  request.set_page_size(-1);
  status = stub().ListGroups(WithToken(admin_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("page_size"));
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberEndsTheMembershipOnItsLastDay) {
  const auto group = CreateGroup("Xã điểm về an ninh trật tự", province_,
                                 {communes_[0], communes_[1]}, D(2025, 7, 1));
  v1::Group after;
  const grpc::Status status = stub().RemoveGroupMember(
      WithToken(admin_).get(), Removal(group, communes_[0], D(2025, 12, 31)), &after);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(after.etag(), group.etag());
  // The membership is ended, not erased: it keeps its history.
  const v1::Group read = GetGroup(group.id());
  EXPECT_EQ(read.etag(), after.etag());
  ASSERT_EQ(read.members_size(), 2);
  for (const auto& m : read.members()) {
    EXPECT_EQ(Iso(m.valid_from()), "2025-7-1");
    if (m.organization_id() == communes_[0]) {
      EXPECT_EQ(Iso(m.valid_to()), "2025-12-31");
    } else {
      EXPECT_FALSE(m.has_valid_to());
    }
  }
  // The last day is still a day of membership; the next one is not.
  EXPECT_THAT(MemberIds(group.id(), D(2025, 9, 1)),
              UnorderedElementsAre(communes_[0], communes_[1]));
  EXPECT_THAT(MemberIds(group.id(), D(2025, 12, 31)),
              UnorderedElementsAre(communes_[0], communes_[1]));
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[1]));
  // The registry's listing by group agrees.
  v1::ListOrganizationsRequest list;
  list.set_group_id(group.id());
  *list.mutable_as_of() = D(2026, 3, 1);
  v1::ListOrganizationsResponse members;
  ASSERT_TRUE(stub().ListOrganizations(WithToken(admin_).get(), list, &members).ok());
  ASSERT_EQ(members.organizations_size(), 1);
  EXPECT_EQ(members.organizations(0).id(), communes_[1]);
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberNeedsTheCurrentEtag) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0], communes_[1]});
  v1::Group after;
  ASSERT_TRUE(stub()
                  .RemoveGroupMember(WithToken(admin_).get(),
                                     Removal(group, communes_[0], D(2025, 12, 31)), &after)
                  .ok());
  // The etag of the group as created is stale now.
  v1::Group out;
  const grpc::Status stale = stub().RemoveGroupMember(
      WithToken(admin_).get(), Removal(group, communes_[1], D(2025, 12, 31)), &out);
  ASSERT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  EXPECT_EQ(DetailsOf(stale).reason, "ETAG_MISMATCH");
  EXPECT_EQ(GetGroup(group.id()).etag(), after.etag());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[1]));
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberRefusesBadInputNamingTheField) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]});
  auto fields = [&](const v1::RemoveGroupMemberRequest& request) {
    v1::Group out;
    const grpc::Status status = stub().RemoveGroupMember(WithToken(admin_).get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    return DetailsOf(status).fields;
  };
  auto request = Removal(group, communes_[0], D(2025, 12, 31));
  request.clear_etag();
  EXPECT_THAT(fields(request), ElementsAre("etag"));
  request = Removal(group, communes_[0], {});
  EXPECT_THAT(fields(request), ElementsAre("last_day"));
  request = Removal(group, communes_[0], NoSuchDay());
  EXPECT_THAT(fields(request), ElementsAre("last_day"));
  request.clear_etag();
  EXPECT_THAT(fields(request), UnorderedElementsAre("etag", "last_day"));
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberOfANonMemberOrAnUnknownGroupIsRefused) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]}, D(2025, 7, 1));
  auto remove = [&](int64_t organization, common::v1::Date last_day) {
    v1::Group out;
    return stub().RemoveGroupMember(WithToken(admin_).get(), Removal(group, organization, last_day),
                                    &out);
  };
  // A unit that never was a member.
  grpc::Status status = remove(communes_[2], D(2025, 12, 31));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");
  // A member, but not yet on that day.
  status = remove(communes_[0], D(2025, 6, 30));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");
  // An id that is no organisation at all.
  EXPECT_EQ(remove(987654321, D(2025, 12, 31)).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());

  // No longer a member after its last day.
  v1::Group after;
  ASSERT_TRUE(stub()
                  .RemoveGroupMember(WithToken(admin_).get(),
                                     Removal(group, communes_[0], D(2025, 12, 31)), &after)
                  .ok());
  v1::Group out;
  status = stub().RemoveGroupMember(WithToken(admin_).get(),
                                    Removal(after, communes_[0], D(2026, 6, 30)), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "NOT_A_MEMBER");

  // An unknown group, for the national administrator who could see it.
  auto unknown = Removal(after, communes_[0], D(2025, 12, 31));
  unknown.set_group_id(987654321);
  status = stub().RemoveGroupMember(WithToken(admin_).get(), unknown, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(UntestedRpcsTest, RemoveGroupMemberIsLimitedToAdministratorsOfTheOwner) {
  const auto group = CreateGroup("Xã điểm", province_, {communes_[0]});
  const auto request = Removal(group, communes_[0], D(2025, 12, 31));
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"another province's registry admin", other_admin_},
      {"a commune's registry admin under the owner",
       TestTokens::Get().Token(communes_[0], {"registry-admin"}, "commune-admin")},
      {"the owner's plans editor, without the registry role", editor_},
      {"a national auditor", TestTokens::Get().Token(nation_id_, {"auditor"}, "auditor")},
  };
  v1::Group out;
  for (const auto& [who, token] : callers) {
    const grpc::Status status = stub().RemoveGroupMember(WithToken(token).get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
  }
  // Out of scope, an unknown group is denied the same way: nothing to probe.
  auto unknown = request;
  unknown.set_group_id(987654321);
  const grpc::Status denied =
      stub().RemoveGroupMember(WithToken(other_admin_).get(), request, &out);
  const grpc::Status missing =
      stub().RemoveGroupMember(WithToken(other_admin_).get(), unknown, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(missing.error_message(), denied.error_message());
  EXPECT_EQ(GetGroup(group.id()).etag(), group.etag());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), ElementsAre(communes_[0]));
  // The owner's own administrator may.
  ASSERT_TRUE(stub().RemoveGroupMember(WithToken(province_admin_).get(), request, &out).ok());
  EXPECT_THAT(MemberIds(group.id(), D(2026, 1, 1)), IsEmpty());
}

// ================================ ListDocuments ================================

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
