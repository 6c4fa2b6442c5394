#pragma once
// The fixture of the tests of RPCs that had none of their own (untested_plans_rpcs_test.cc,
// untested_group_rpcs_test.cc): Lâm Đồng as PlansTest builds it and, beside it under the nation,
// Gia Lai with one commune.
#include <string>
#include <vector>

#include "tests/integration/plans_fixture.h"

namespace thidua::testing {

inline std::string Iso(const common::v1::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

// 30 February: D() would normalise it to a real day, so the fields are set one by one.
inline common::v1::Date NoSuchDay() {
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

}  // namespace thidua::testing
