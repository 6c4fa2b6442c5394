// Every RPC of the registry and of plans, called as outsiders (no token, no role, another
// province's staff, an unknown id) against objects of Lâm Đồng; see tests/support/access_matrix.h.
// A new RPC fails here until it declares its access and its fixture request.
#include "tests/support/access_matrix.h"

#include "google/protobuf/text_format.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

namespace pb = google::protobuf;

const pb::ServiceDescriptor& Service(const char* full_name) {
  return *pb::DescriptorPool::generated_pool()->FindServiceByName(full_name);
}

constexpr char kDraftSecret[] = "Dự thảo mật của tỉnh Lâm Đồng";
constexpr char kModelSecret[] = "Mô hình riêng của Xã Lạc Dương";
constexpr char kNoteSecret[] = "Ghi chú riêng của Công an tỉnh";

class AccessMatrixTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    other_province_ = Create("Tỉnh Đắk Lắk", v1::PROVINCE, nation_id_, D(2025, 7, 1), "66").id();
  }

  // Adds the request of `method`, written in protobuf text format.
  template <typename Request>
  void Add(AccessFixture& fixture, const std::string& method, const std::string& text) {
    auto request = std::make_unique<Request>();
    ASSERT_TRUE(pb::TextFormat::ParseFromString(text, request.get())) << method << ": " << text;
    fixture.requests[method] = std::move(request);
  }

  int64_t other_province_ = 0;
};

TEST_F(AccessMatrixTest, PlansRefusesOutsidersAlikeForEveryRpc) {
  // Lâm Đồng's objects: an issued plan with a task for its police, a draft, a model, a note.
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  const pv1::Plan issued = CreateAndIssue(ProvincePlan(decision.id()), editor_, "0150/KH-UBND",
                                          D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
  ASSERT_EQ(issued.tasks_size(), 1);
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = ProvincePlan(decision.id());
  create.mutable_plan()->set_title(kDraftSecret);
  pv1::Plan draft;
  ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft).ok());
  pv1::CreateSecurityModelRequest model_request;
  auto* model = model_request.mutable_model();
  model->set_display_name(kModelSecret);
  model->set_owner_organization_id(communes_[1]);
  model->set_status(pv1::ACTIVE);
  pv1::SecurityModel stored_model;
  ASSERT_TRUE(plans_->stub()
                  .CreateSecurityModel(WithToken(editor_).get(), model_request, &stored_model)
                  .ok());
  pv1::AddProgressNoteRequest note;
  note.set_task_id(issued.tasks(0).id());
  note.set_organization_id(police_);
  note.set_text(kNoteSecret);
  pv1::Task task;
  ASSERT_TRUE(plans_->stub().AddProgressNote(WithToken(Token(police_)).get(), note, &task).ok());

  pv1::Standard standard;
  ASSERT_TRUE(CreateStandard("ANTT", "An toàn về an ninh, trật tự", &standard).ok());

  AccessFixture f;
  f.owner = TestTokens::Get().Token(province_, {"plans-editor", "plans-reporter"}, "lam-dong");
  f.owner_without_roles = TestTokens::Get().Token(province_, {}, "lam-dong-no-role");
  f.outsider = TestTokens::Get().Token(other_province_, {"plans-editor", "plans-reporter"},
                                       "dak-lak-editor");
  f.secrets = {kDraftSecret, kModelSecret, kNoteSecret};
  const std::string p = absl::StrCat(province_), d = absl::StrCat(draft.id()),
                    i = absl::StrCat(issued.id()), t = absl::StrCat(issued.tasks(0).id()),
                    police = absl::StrCat(police_), commune = absl::StrCat(communes_[1]);
  Add<pv1::CreateMovementRequest>(
      f, "CreateMovement",
      "movement { display_name: 'Phong trào của tỉnh' launching_organization_id: " + p + " }");
  Add<pv1::ListMovementsRequest>(f, "ListMovements", "");
  const std::string m = absl::StrCat(MovementId()), s = absl::StrCat(standard.id());
  Add<pv1::CreateStandardRequest>(f, "CreateStandard",
                                  "standard { movement_id: " + m +
                                      " code: 'VAN-HOA' display_name: 'Đơn vị văn hóa' "
                                      "recipients: COLLECTIVE }");
  Add<pv1::GetStandardRequest>(f, "GetStandard", "id: " + s);
  Add<pv1::ListStandardsRequest>(f, "ListStandards", "movement_id: " + m);
  Add<pv1::UpdateStandardRequest>(f, "UpdateStandard",
                                  "standard { id: " + s + " etag: '" + standard.etag() +
                                      "' legal_article: 'Điều 5' } update_mask { paths: "
                                      "'legal_article' }");
  Add<pv1::RegisterDocumentRequest>(
      f, "RegisterDocument",
      "document { symbol: '99/KH-UBND' issue_date { year: 2026 month: 1 day: 5 } issuing_body: "
      "'UBND tỉnh Lâm Đồng' issuer_organization_id: " +
          p + " }");
  Add<pv1::GetDocumentRequest>(f, "GetDocument", absl::StrCat("id: ", decision.id()));
  Add<pv1::ListDocumentsRequest>(f, "ListDocuments", "");
  Add<pv1::ParseDocumentSymbolRequest>(f, "ParseDocumentSymbol", "symbol: '2447/QĐ-TTg'");
  Add<pv1::CreatePlanRequest>(
      f, "CreatePlan",
      "plan { issuer_organization_id: " + p +
          " title: 'Kế hoạch mới' period_from_year: 2026 period_to_year: 2026 }");
  Add<pv1::GetPlanRequest>(f, "GetPlan", "id: " + d);
  Add<pv1::ListPlansRequest>(f, "ListPlans", "");
  Add<pv1::UpdatePlanRequest>(f, "UpdatePlan",
                              "plan { id: " + d + " etag: '" + draft.etag() +
                                  "' title: 'Đổi tên' } update_mask { paths: 'title' }");
  Add<pv1::CheckPlanRequest>(f, "CheckPlan", "id: " + d);
  Add<pv1::IssuePlanRequest>(f, "IssuePlan",
                             "id: " + d + " etag: '" + draft.etag() +
                                 "' symbol: '77/KH-UBND' issue_date { year: 2025 month: 12 day: 2 "
                                 "}");
  {  // the whole content again, tasks included, so the task below survives the amendment
    auto amend = std::make_unique<pv1::AmendPlanRequest>();
    *amend->mutable_plan() = issued;
    amend->mutable_plan()->set_title("Sửa đổi");
    amend->set_reason("Điều chỉnh");
    f.requests["AmendPlan"] = std::move(amend);
  }
  Add<pv1::ClosePlanRequest>(f, "ClosePlan", "id: " + i + " etag: '" + issued.etag() + "'");
  Add<pv1::ListTasksRequest>(f, "ListTasks", "plan_id: " + d);
  Add<pv1::SetTaskStatusRequest>(
      f, "SetTaskStatus",
      "task_id: " + t + " organization_id: " + police + " year: 2026 state: IN_PROGRESS");
  Add<pv1::AddProgressNoteRequest>(
      f, "AddProgressNote", "task_id: " + t + " organization_id: " + police + " text: 'Tiến độ'");
  Add<pv1::GetCascadeComplianceRequest>(f, "GetCascadeCompliance", "plan_id: " + d);
  Add<pv1::GetTargetPopulationRequest>(
      f, "GetTargetPopulation",
      "plan_id: " + d + " target_id: " + absl::StrCat(draft.targets(0).id()));
  Add<pv1::CreateRegistrationRequest>(
      f, "CreateRegistration",
      "registration { organization_id: " + commune + " year: 2026 standard_id: " + s + " }");
  Add<pv1::ListRegistrationsRequest>(f, "ListRegistrations", "organization_id: " + commune);
  Add<pv1::GetRegistrationRateRequest>(
      f, "GetRegistrationRate",
      "population { units { organization_ids: " + commune + " } } year: 2026 standard_id: " + s);
  Add<pv1::CreateSecurityModelRequest>(
      f, "CreateSecurityModel",
      "model { display_name: 'Mô hình mới' owner_organization_id: " + commune +
          " status: ACTIVE }");
  Add<pv1::UpdateSecurityModelRequest>(
      f, "UpdateSecurityModel",
      absl::StrCat("model { id: ", stored_model.id(), " etag: '", stored_model.etag(),
                   "' notes: 'x' } update_mask { paths: 'notes' }"));
  Add<pv1::ListSecurityModelsRequest>(f, "ListSecurityModels", "area_organization_id: " + p);

  const auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", plans_->port()),
                                           grpc::InsecureChannelCredentials());
  CheckAccessMatrix(channel, Service(pv1::Plans::service_full_name()), f);
}

TEST_F(AccessMatrixTest, TheRegistryRefusesOutsidersAlikeForEveryRpc) {
  const v1::Organization department = Get(home_affairs_);
  v1::CreateGroupRequest create_group;
  create_group.mutable_group()->set_display_name("Cụm thi đua các xã phía Bắc");
  create_group.mutable_group()->set_owner_id(province_);
  auto* member = create_group.mutable_group()->add_members();
  member->set_organization_id(communes_[0]);
  *member->mutable_valid_from() = D(2025, 7, 1);
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), create_group, &group).ok());

  AccessFixture f;
  f.owner = TestTokens::Get().Token(province_, {"registry-admin"}, "lam-dong-admin");
  f.owner_without_roles = TestTokens::Get().Token(province_, {}, "lam-dong-no-role");
  f.outsider = TestTokens::Get().Token(other_province_, {"registry-admin"}, "dak-lak-admin");
  const std::string p = absl::StrCat(province_), dept = absl::StrCat(home_affairs_),
                    g = absl::StrCat(group.id()), commune = absl::StrCat(communes_[0]);
  Add<v1::GetOrganizationRequest>(f, "GetOrganization", "id: " + p);
  Add<v1::BatchGetOrganizationsRequest>(f, "BatchGetOrganizations", "ids: " + p);
  Add<v1::ListOrganizationsRequest>(f, "ListOrganizations", "query: 'lam dong'");
  Add<v1::CreateOrganizationRequest>(
      f, "CreateOrganization",
      "organization { display_name: 'Sở Tư pháp tỉnh Lâm Đồng' kind: DEPARTMENT parent_id: " + p +
          " }");
  Add<v1::UpdateOrganizationRequest>(f, "UpdateOrganization",
                                     "organization { id: " + dept + " etag: '" + department.etag() +
                                         "' short_name: 'SNV' } update_mask { paths: "
                                         "'short_name' }");
  const v1::Organization commune_org = Get(communes_[0]);
  Add<v1::AddOrganizationAliasRequest>(f, "AddOrganizationAlias",
                                       "organization_id: " + commune + " etag: '" +
                                           commune_org.etag() + "' alias { text: 'Xã LD' }");
  Add<v1::RemoveOrganizationAliasRequest>(
      f, "RemoveOrganizationAlias",
      "organization_id: " + commune + " etag: '" + commune_org.etag() + "' text: 'Xã LD'");
  Add<v1::ApplyEventRequest>(f, "ApplyEvent",
                             "effective_date { year: 2026 month: 12 day: 1 } legal_basis: "
                             "'1/QĐ-UBND' rename { organization_id: " +
                                 dept + " new_display_name: 'Sở Nội vụ và Lao động' }");
  Add<v1::ListOrganizationHistoryRequest>(f, "ListOrganizationHistory", "organization_id: " + p);
  Add<v1::GetTreeRequest>(f, "GetTree", "root_id: " + p);
  Add<v1::ListAncestorsRequest>(f, "ListAncestors", "organization_id: " + dept);
  Add<v1::GetLineageRequest>(f, "GetLineage", "organization_id: " + p);
  Add<v1::ResolveSuccessorsRequest>(f, "ResolveSuccessors", "organization_id: " + p);
  Add<v1::BatchResolveSuccessorsRequest>(f, "BatchResolveSuccessors", "organization_ids: " + p);
  Add<v1::CreateGroupRequest>(f, "CreateGroup",
                              "group { display_name: 'Cụm thi đua phía Nam' owner_id: " + p + " }");
  Add<v1::GetGroupRequest>(f, "GetGroup", "id: " + g);
  Add<v1::ListGroupsRequest>(f, "ListGroups", "");
  Add<v1::AddGroupMemberRequest>(f, "AddGroupMember",
                                 "group_id: " + g + " etag: '" + group.etag() +
                                     "' member { organization_id: " + absl::StrCat(communes_[1]) +
                                     " valid_from { year: 2026 month: 1 day: 1 } }");
  Add<v1::RemoveGroupMemberRequest>(f, "RemoveGroupMember",
                                    "group_id: " + g + " etag: '" + group.etag() +
                                        "' organization_id: " + commune +
                                        " last_day { year: 2026 month: 6 day: 30 }");
  Add<v1::ListGroupMembersRequest>(f, "ListGroupMembers", "group_id: " + g);

  const auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", replica_->port()),
                                           grpc::InsecureChannelCredentials());
  CheckAccessMatrix(channel, Service(v1::Registry::service_full_name()), f);
}

}  // namespace
}  // namespace thidua::testing
