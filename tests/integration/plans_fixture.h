#pragma once
// The plans service through real gRPC and MariaDB, with a real registry beside it: a plans server
// over its own schema and a province of Lâm Đồng (12/2025) with its police, home-affairs
// department and three communes.
#include <gmock/gmock.h>

#include "common/db/migration.h"
#include "services/plans/service/plans_service.h"
#include "services/registry/client/registry_client.h"
#include "tests/integration/registry_fixture.h"

namespace thidua::plans {
std::vector<db::Migration> Migrations();
}

namespace thidua::testing {

namespace pv1 = plans::v1;
// A plans server over its own schema, asking the registry at `registry_target`.
class PlansServer {
 public:
  PlansServer(const db::Options& options, const std::string& registry_target,
              const Clock& clock = Clock::System()) {
    db::Options read_committed = options;
    read_committed.read_committed = true;  // as services/plans/main.cc opens it
    pool_ = *db::Pool::Open(read_committed);
    EXPECT_TRUE(db::Migrate(*pool_, plans::Migrations()).ok());
    // No reuse of the registry's answers: each test sees the registry as it is at that moment.
    registry_ = std::make_unique<RegistryClient>(RegistryChannel(registry_target),
                                                 absl::Milliseconds(500), absl::ZeroDuration());
    service_ = std::make_unique<plans::PlansService>(*pool_, *registry_,
                                                     TestTokens::Get().verifier(), clock);
    server_ = *server::GrpcServer::Start({"127.0.0.1:0", ""}, {service_.get()});
    stub_ = pv1::Plans::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                                    grpc::InsecureChannelCredentials()));
  }
  ~PlansServer() { server_->Shutdown(absl::Seconds(1)); }
  pv1::Plans::Stub& stub() { return *stub_; }
  int port() const { return server_->port(); }
  db::Pool& pool() { return *pool_; }

 private:
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<RegistryClient> registry_;
  std::unique_ptr<plans::PlansService> service_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<pv1::Plans::Stub> stub_;
};

class PlansTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    plans_db_ = TestDatabase::Create();
    plans_ = std::make_unique<PlansServer>(plans_db_->options(),
                                           absl::StrCat("127.0.0.1:", replica_->port()));
    province_ = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68").id();
    police_ = Create("Công an tỉnh Lâm Đồng", v1::POLICE, province_).id();
    home_affairs_ = Create("Sở Nội vụ tỉnh Lâm Đồng", v1::DEPARTMENT, province_).id();
    for (const char* name : {"Phường Xuân Hương - Đà Lạt", "Xã Lạc Dương", "Đặc khu Phú Quý"}) {
      const auto kind = std::string(name).rfind("Xã", 0) == 0       ? v1::COMMUNE
                        : std::string(name).rfind("Phường", 0) == 0 ? v1::WARD
                                                                    : v1::SPECIAL_ZONE;
      communes_.push_back(Create(name, kind, province_, D(2025, 7, 1)).id());
    }
    editor_ = Token(province_);
  }

  // The plans service started again over the same database, reading today from `clock`.
  void RestartPlansWith(const Clock& clock) {
    plans_.reset();
    plans_ = std::make_unique<PlansServer>(plans_db_->options(),
                                           absl::StrCat("127.0.0.1:", replica_->port()), clock);
  }

  static std::string Token(int64_t org) {
    return TestTokens::Get().Token(org, {"plans-editor"}, absl::StrCat("editor-", org));
  }

  pv1::Document Register(const std::string& symbol, common::v1::Date date, const std::string& body,
                         int64_t issuer = 0) {
    pv1::RegisterDocumentRequest request;
    request.mutable_document()->set_issuer_organization_id(issuer);
    request.mutable_document()->set_symbol(symbol);
    *request.mutable_document()->mutable_issue_date() = date;
    request.mutable_document()->set_issuing_body(body);
    pv1::Document out;
    // A document is registered under its issuer by the issuer's own editors.
    const grpc::Status status = plans_->stub().RegisterDocument(
        WithToken(issuer == 0 ? editor_ : Token(issuer)).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The province's plan: implements 2447/QĐ-TTg, one yearly task for the police, communes must
  // issue their own plan in December 2025.
  pv1::Plan ProvincePlan(int64_t decision) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(province_);
    plan.set_title(
        "Triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” trên địa bàn tỉnh Lâm "
        "Đồng");
    plan.set_place("Lâm Đồng");
    plan.mutable_signer()->set_authority("KT. CHỦ TỊCH");
    plan.mutable_signer()->set_position("PHÓ CHỦ TỊCH");
    plan.mutable_signer()->set_name("Đinh Văn Tuấn");
    plan.set_period_from_year(2025);
    plan.set_period_to_year(2030);
    plan.add_implements_document_ids(decision);
    auto* timeline = plan.add_sections();
    timeline->set_kind(pv1::TIMELINE);
    timeline->set_heading("IV. THỜI GIAN THỰC HIỆN");
    timeline->set_body(
        "Xây dựng, ban hành Kế hoạch triển khai thực hiện Phong trào và hoàn thành trong tháng "
        "12/2015.");
    auto* task = plan.add_tasks();
    task->set_title("Báo cáo tình hình tổ chức thực hiện Phong trào thi đua");
    task->set_lead_organization_id(police_);
    task->add_coordinating_organization_ids(home_affairs_);
    task->mutable_due()->mutable_yearly()->set_day(15);
    task->mutable_due()->mutable_yearly()->set_month(11);
    auto* cascade = plan.add_cascade();
    auto* kinds = cascade->mutable_population()->mutable_kinds();
    kinds->set_scope_organization_id(province_);
    for (auto k : {v1::COMMUNE, v1::WARD, v1::SPECIAL_ZONE}) kinds->add_kinds(k);
    cascade->mutable_due()->mutable_in_month()->set_month(12);
    cascade->mutable_due()->mutable_in_month()->set_year(2025);
    auto* target = plan.add_targets();
    target->set_measure("xã, phường, đặc khu đạt tiêu chuẩn An toàn về ANTT");
    *target->mutable_population()->mutable_kinds() = *kinds;
    target->set_kind(pv1::PERCENT);
    auto* value = target->add_values();
    value->set_year(2026);
    value->set_value(40);
    return plan;
  }

  // The movement "Toàn dân bảo vệ an ninh Tổ quốc", launched by the province; created on first use.
  int64_t MovementId() {
    if (movement_id_ != 0) return movement_id_;
    pv1::CreateMovementRequest request;
    request.mutable_movement()->set_display_name("Toàn dân bảo vệ an ninh Tổ quốc");
    request.mutable_movement()->set_launching_organization_id(province_);
    pv1::Movement out;
    const grpc::Status status =
        plans_->stub().CreateMovement(WithToken(editor_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return movement_id_ = out.id();
  }

  // Creates a catalogue entry of the movement for collectives.
  grpc::Status CreateStandard(const std::string& code, const std::string& name,
                              pv1::Standard* out = nullptr) {
    pv1::CreateStandardRequest request;
    request.set_request_id(absl::StrCat("standard-", code));
    request.mutable_standard()->set_movement_id(MovementId());
    request.mutable_standard()->set_code(code);
    request.mutable_standard()->set_display_name(name);
    request.mutable_standard()->add_recipients(pv1::COLLECTIVE);
    request.mutable_standard()->set_legal_source(
        "Thông tư 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an");
    pv1::Standard ignored;
    return plans_->stub().CreateStandard(WithToken(editor_).get(), request, out ? out : &ignored);
  }

  // The entry "An toàn về an ninh, trật tự" (Thông tư 124/2021/TT-BCA); created on first use.
  int64_t Antt() {
    if (antt_id_ != 0) return antt_id_;
    pv1::Standard out;
    const grpc::Status status = CreateStandard("ANTT", "An toàn về an ninh, trật tự", &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return antt_id_ = out.id();
  }

  pv1::Plan CreateAndIssue(pv1::Plan plan, const std::string& token, const std::string& symbol,
                           common::v1::Date date, std::vector<std::string> acknowledge = {}) {
    pv1::CreatePlanRequest create;
    *create.mutable_plan() = plan;
    pv1::Plan draft;
    grpc::Status status = plans_->stub().CreatePlan(WithToken(token).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    pv1::IssuePlanRequest issue;
    issue.set_id(draft.id());
    issue.set_etag(draft.etag());
    issue.set_symbol(symbol);
    *issue.mutable_issue_date() = date;
    for (const auto& code : acknowledge) issue.add_acknowledge_warnings(code);
    pv1::Plan issued;
    status = plans_->stub().IssuePlan(WithToken(token).get(), issue, &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return issued;
  }

  std::unique_ptr<TestDatabase> plans_db_;
  std::unique_ptr<PlansServer> plans_;
  int64_t province_ = 0, police_ = 0, home_affairs_ = 0;
  std::vector<int64_t> communes_;
  std::string editor_;
  int64_t movement_id_ = 0, antt_id_ = 0;
};

}  // namespace thidua::testing
