#pragma once
// The reporting service through real gRPC and MariaDB, with a real registry beside it: a
// reporting server over its own schema, and Lâm Đồng (12/2025) with its police, its staff office
// (Phòng Tham mưu) and three communes, and Đắk Lắk as another province.
#include <gmock/gmock.h>

#include "common/db/migration.h"
#include "common/server/peer.h"
#include "services/registry/client/registry_client.h"
#include "services/reporting/service/reporting_service.h"
#include "tests/integration/plans_fixture.h"
#include "tests/integration/registry_fixture.h"

namespace thidua::reporting {
std::vector<db::Migration> Migrations();
}

namespace thidua::testing {

namespace rv1 = reporting::v1;

// A reporting server over its own schema, asking the registry at `registry_target`.
class ReportingServer {
 public:
  // `plans_target`: where plans listens; by default a port nobody listens on (plans UNAVAILABLE).
  ReportingServer(const db::Options& options, const std::string& registry_target,
                  const Clock& clock = Clock::System(),
                  const std::string& plans_target = "127.0.0.1:1") {
    db::Options read_committed = options;
    read_committed.read_committed = true;  // as services/reporting/main.cc opens it
    pool_ = *db::Pool::Open(read_committed);
    EXPECT_TRUE(db::Migrate(*pool_, reporting::Migrations()).ok());
    registry_ = std::make_unique<RegistryClient>(RegistryChannel(registry_target),
                                                 absl::Milliseconds(500), absl::ZeroDuration());
    plans_ =
        std::make_unique<PlansClient>(server::PeerChannel(plans_target), absl::Milliseconds(500));
    service_ = std::make_unique<reporting::ReportingService>(*pool_, *registry_, *plans_,
                                                             TestTokens::Get().verifier(), clock);
    server_ = *server::GrpcServer::Start({"127.0.0.1:0", ""}, {service_.get()});
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = rv1::Reporting::NewStub(channel_);
  }
  ~ReportingServer() { server_->Shutdown(absl::Seconds(1)); }
  rv1::Reporting::Stub& stub() { return *stub_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  db::Pool& pool() { return *pool_; }

 private:
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<RegistryClient> registry_;
  std::unique_ptr<PlansClient> plans_;
  std::unique_ptr<reporting::ReportingService> service_;
  std::unique_ptr<server::GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<rv1::Reporting::Stub> stub_;
};

class ReportingTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    reporting_db_ = TestDatabase::Create();
    reporting_ = std::make_unique<ReportingServer>(
        reporting_db_->options(), absl::StrCat("127.0.0.1:", replica_->port()), clock_);
    province_ = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68").id();
    police_ = Create("Công an tỉnh Lâm Đồng", v1::POLICE, province_).id();
    staff_office_ = Create("Phòng Tham mưu Công an tỉnh Lâm Đồng", v1::DEPARTMENT, police_).id();
    for (const char* name : {"Phường Xuân Hương - Đà Lạt", "Xã Lạc Dương", "Xã Đam Rông 1"}) {
      const auto kind = std::string(name).rfind("Xã", 0) == 0 ? v1::COMMUNE : v1::WARD;
      communes_.push_back(Create(name, kind, province_, D(2025, 7, 1)).id());
    }
    other_province_ = Create("Tỉnh Đắk Lắk", v1::PROVINCE, nation_id_, D(2025, 7, 1), "66").id();
    designer_ = Designer(province_);
  }

  rv1::Reporting::Stub& reporting() { return reporting_->stub(); }

  // Starts a plans server over its own schema and restarts reporting to ask it (the other tests
  // run without plans: what needs it answers UNAVAILABLE).
  void StartPlans() {
    plans_db_ = TestDatabase::Create();
    plans_ = std::make_unique<PlansServer>(plans_db_->options(),
                                           absl::StrCat("127.0.0.1:", replica_->port()));
    reporting_.reset();
    reporting_ = std::make_unique<ReportingServer>(
        reporting_db_->options(), absl::StrCat("127.0.0.1:", replica_->port()), clock_,
        absl::StrCat("127.0.0.1:", plans_->port()));
  }

  // Lâm Đồng's plan 0150/KH-UBND, issued: a yearly report task for its police, and three
  // targets over its communes and wards: 60% of them recognised "An toàn về ANTT" in 2026
  // (measured by the yes/no indicator AN.DAT_ANTT), 30 propaganda sessions (TT.SO_BUOI), and
  // one measured by a recognition, not an indicator.
  pv1::Plan IssueProvincePlan() {
    const std::string editor = TestTokens::Get().Token(province_, {"plans-editor"}, "plans-editor");
    pv1::RegisterDocumentRequest document;
    document.mutable_document()->set_symbol("2447/QĐ-TTg");
    *document.mutable_document()->mutable_issue_date() = D(2025, 11, 6);
    document.mutable_document()->set_issuing_body("Thủ tướng Chính phủ");
    pv1::Document decision;
    grpc::Status status =
        plans_->stub().RegisterDocument(WithToken(editor).get(), document, &decision);
    EXPECT_TRUE(status.ok()) << status.error_message();
    pv1::CreatePlanRequest create;
    pv1::Plan& plan = *create.mutable_plan();
    plan.set_issuer_organization_id(province_);
    plan.set_title("Triển khai Phong trào “Toàn dân bảo vệ an ninh Tổ quốc” tỉnh Lâm Đồng");
    plan.set_place("Lâm Đồng");
    plan.mutable_signer()->set_authority("KT. CHỦ TỊCH");
    plan.mutable_signer()->set_position("PHÓ CHỦ TỊCH");
    plan.mutable_signer()->set_name("Đinh Văn Tuấn");
    plan.set_period_from_year(2025);
    plan.set_period_to_year(2030);
    plan.add_implements_document_ids(decision.id());
    auto* task = plan.add_tasks();
    task->set_title("Báo cáo kết quả thực hiện Phong trào hằng năm");
    task->set_lead_organization_id(police_);
    task->mutable_due()->mutable_yearly()->set_day(15);
    task->mutable_due()->mutable_yearly()->set_month(11);
    for (const auto& [measured_by, kind, value] :
         std::vector<std::tuple<std::string, pv1::MeasureKind, double>>{
             {"indicator:AN.DAT_ANTT", pv1::PERCENT, 60},
             {"indicator:TT.SO_BUOI", pv1::COUNT, 30},
             {"recognition:dien-hinh", pv1::COUNT, 2}}) {
      auto* target = plan.add_targets();
      target->set_measure(absl::StrCat("Chỉ tiêu đo bằng ", measured_by));
      auto* kinds = target->mutable_population()->mutable_kinds();
      kinds->set_scope_organization_id(province_);
      kinds->add_kinds(v1::COMMUNE);
      kinds->add_kinds(v1::WARD);
      target->set_kind(kind);
      target->set_measured_by(measured_by);
      auto* goal = target->add_values();
      goal->set_year(2026);
      goal->set_value(value);
    }
    pv1::Plan draft;
    status = plans_->stub().CreatePlan(WithToken(editor).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    pv1::IssuePlanRequest issue;
    issue.set_id(draft.id());
    issue.set_etag(draft.etag());
    issue.set_symbol("0150/KH-UBND");
    *issue.mutable_issue_date() = D(2025, 12, 1);
    issue.add_acknowledge_warnings("YEAR_OUTSIDE_PERIOD");
    pv1::Plan issued;
    status = plans_->stub().IssuePlan(WithToken(editor).get(), issue, &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return issued;
  }

  static std::string Designer(int64_t org) {
    return TestTokens::Get().Token(org, {"reporting-designer"}, absl::StrCat("designer-", org));
  }
  std::string NationDesigner() const { return Designer(nation_id_); }
  std::string NationAdmin() const {
    return TestTokens::Get().Token(nation_id_, {"reporting-admin"}, "calendar-admin");
  }

  static rv1::Indicator Count(const std::string& code, const std::string& name) {
    rv1::Indicator i;
    i.set_code(code);
    i.set_display_name(name);
    i.set_value_type(rv1::COUNT);
    i.set_aggregation(rv1::SUM);
    return i;
  }

  // Creates an indicator; fails the test on error.
  rv1::Indicator AddIndicator(const rv1::Indicator& indicator, const std::string& token = "") {
    rv1::CreateIndicatorRequest request;
    *request.mutable_indicator() = indicator;
    rv1::Indicator out;
    const grpc::Status status = reporting().CreateIndicator(
        WithToken(token.empty() ? NationDesigner() : token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << indicator.code() << ": " << status.error_message();
    return out;
  }

  // A template of Lâm Đồng over these indicator codes (the first required), with two sections.
  rv1::Template TemplateOf(const std::string& code, const std::vector<std::string>& codes) {
    rv1::Template t;
    t.set_code(code);
    t.set_display_name("Báo cáo kết quả phong trào Toàn dân bảo vệ ANTQ");
    t.set_owner_organization_id(province_);
    for (const std::string& c : codes) {
      auto* row = t.add_rows();
      row->set_indicator_code(c);
      row->set_required(t.rows_size() == 1);
      row->set_heading("I. Công tác tuyên truyền");
    }
    auto* results = t.add_sections();
    results->set_code("KET_QUA");
    results->set_title("Kết quả thực hiện");
    results->set_required(true);
    auto* proposals = t.add_sections();
    proposals->set_code("DE_XUAT");
    proposals->set_title("Đề xuất, kiến nghị");
    return t;
  }

  rv1::Template AddTemplate(const rv1::Template& t) {
    rv1::CreateTemplateRequest request;
    *request.mutable_template_() = t;
    rv1::Template out;
    const grpc::Status status =
        reporting().CreateTemplate(WithToken(designer_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message() << " " << status.error_details();
    return out;
  }

  // Seed 001: the communes report yearly to UBND tỉnh via Công an tỉnh (Phòng Tham mưu), on the
  // movement's year (15/11 → 14/11), before 15/11.
  rv1::Obligation YearlyObligation(int64_t template_id) {
    rv1::Obligation o;
    o.set_display_name("Báo cáo kết quả thực hiện Phong trào Toàn dân bảo vệ ANTQ năm");
    o.set_issuer_organization_id(province_);
    o.set_template_id(template_id);
    auto* kinds = o.mutable_reporters()->mutable_kinds();
    kinds->set_scope_organization_id(province_);
    kinds->add_kinds(v1::COMMUNE);
    kinds->add_kinds(v1::WARD);
    o.set_recipient_organization_id(province_);
    o.set_via_organization_id(police_);
    o.mutable_period()->set_kind(rv1::YEARLY);
    o.mutable_period()->set_window_start_day(15);
    o.mutable_period()->set_window_start_month(11);
    o.mutable_deadline()->mutable_day_of_month()->set_day(15);
    o.mutable_deadline()->set_before(true);
    o.set_first_year(2026);
    o.set_last_year(2030);
    o.set_legal_basis("Kế hoạch số 150/KH-UBND ngày 01/12/2025 của UBND tỉnh Lâm Đồng");
    return o;
  }

  // The reporting service's today: the real time until a test sets it.
  FakeClock clock_{absl::Now()};
  std::unique_ptr<TestDatabase> reporting_db_;
  std::unique_ptr<ReportingServer> reporting_;
  std::unique_ptr<TestDatabase> plans_db_;  // with StartPlans
  std::unique_ptr<PlansServer> plans_;
  int64_t province_ = 0;
  int64_t police_ = 0;
  int64_t staff_office_ = 0;
  std::vector<int64_t> communes_;
  int64_t other_province_ = 0;
  std::string designer_;
};

}  // namespace thidua::testing
