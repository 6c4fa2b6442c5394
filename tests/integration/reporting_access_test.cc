// Every RPC of reporting, called as outsiders (no token, no role, another province's staff, an
// unknown id) against Lâm Đồng's catalogue and obligations; see tests/support/access_matrix.h. A
// new RPC fails here until it declares its access and its fixture request. The owner is the
// nation's staff, who alone keep the working calendar and act for Lâm Đồng too.
#include "google/protobuf/text_format.h"
#include "tests/integration/reporting_fixture.h"
#include "tests/support/access_matrix.h"

namespace thidua::testing {
namespace {

namespace pb = google::protobuf;

template <typename Request>
void Add(AccessFixture& fixture, const std::string& method, const std::string& text) {
  auto request = std::make_unique<Request>();
  ASSERT_TRUE(pb::TextFormat::ParseFromString(text, request.get())) << method << ": " << text;
  fixture.requests[method] = std::move(request);
}

class ReportingAccessTest : public ReportingTest {};

TEST_F(ReportingAccessTest, ReportingRefusesOutsidersAlikeForEveryRpc) {
  StartPlans();
  const pv1::Plan plan = IssueProvincePlan();  // its second target: 30 propaganda sessions
  AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  const rv1::Template t = AddTemplate(TemplateOf("LD.BC_NAM", {"TT.SO_BUOI"}));
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(t.id());
  create.mutable_obligation()->set_plan_id(plan.id());
  create.mutable_obligation()->set_plan_task_id(plan.tasks(0).id());
  rv1::Obligation obligation;
  ASSERT_TRUE(reporting().CreateObligation(WithToken(designer_).get(), create, &obligation).ok());

  // A commune's report of 2026, sent (a draft never sent is its unit's own, which no reviewer
  // acts on), whose narrative only the commune, those above it and the units it is addressed to
  // may read.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 11, 10, 10, 0, 0), VietnamTimeZone()));
  constexpr char kSecret[] = "Nhận định riêng của Xã Lạc Dương";
  rv1::CreateSubmissionRequest start;
  auto* draft = start.mutable_submission();
  draft->set_client_id("0f0e0d0c-0b0a-4908-8706-050403020100");
  draft->set_obligation_id(obligation.id());
  draft->set_period_key("2026");
  draft->set_organization_id(communes_[1]);
  auto* text = draft->add_narrative();
  text->set_section_code("KET_QUA");
  text->set_text(kSecret);
  auto* sessions = draft->add_figures();
  sessions->set_indicator_code("TT.SO_BUOI");
  sessions->mutable_number()->set_value("3");
  start.set_submit(true);
  rv1::Submission report;
  const grpc::Status started = reporting().CreateSubmission(
      WithToken(TestTokens::Get().Token(communes_[1], {"reporting-reporter"}, "xa")).get(), start,
      &report);
  ASSERT_TRUE(started.ok()) << started.error_message();

  AccessFixture f;
  f.secrets = {kSecret};
  for (int k : {0, 1}) {
    const std::string staff =
        TestTokens::Get().Token(communes_[k], {"reporting-reporter"}, absl::StrCat("xa-", k));
    // The report of communes_[0] is started, and that of communes_[1] edited, by their own staff.
    for (const char* method :
         k == 0 ? std::vector<const char*>{"CreateSubmission"}
                : std::vector<const char*>{"UpdateSubmission", "SubmitSubmission"}) {
      f.owner_of[method] = staff;
    }
  }
  const std::vector<std::string> every_role = {"reporting-designer", "reporting-admin",
                                               "reporting-reporter", "reporting-reviewer"};
  f.owner = TestTokens::Get().Token(nation_id_, every_role, "nation-staff");
  f.owner_without_roles = TestTokens::Get().Token(province_, {}, "lam-dong-no-role");
  f.outsider = TestTokens::Get().Token(other_province_, every_role, "dak-lak-staff");
  const std::string p = absl::StrCat(province_), tid = absl::StrCat(t.id()),
                    oid = absl::StrCat(obligation.id()), police = absl::StrCat(police_);
  Add<rv1::CreateIndicatorRequest>(
      f, "CreateIndicator",
      absl::StrCat("indicator { code: 'TT.SO_LUOT' display_name: 'Số lượt người'"
                   " value_type: COUNT aggregation: SUM owner_organization_id: ",
                   p, " }"));
  Add<rv1::GetIndicatorRequest>(f, "GetIndicator", "code: 'TT.SO_BUOI'");
  Add<rv1::ListIndicatorsRequest>(f, "ListIndicators", "");
  Add<rv1::CreateTemplateRequest>(
      f, "CreateTemplate",
      absl::StrCat("template { code: 'LD.BC_QUY' display_name: 'Báo cáo quý'"
                   " owner_organization_id: ",
                   p, " rows { indicator_code: 'TT.SO_BUOI' } }"));
  Add<rv1::ReviseTemplateRequest>(
      f, "ReviseTemplate",
      absl::StrCat("template { id: ", tid, " etag: '", t.etag(),
                   "' change_note: 'Sửa' rows { indicator_code: 'TT.SO_BUOI' required: true } }"));
  Add<rv1::GetTemplateRequest>(f, "GetTemplate", absl::StrCat("id: ", tid));
  Add<rv1::ListTemplatesRequest>(f, "ListTemplates", "");
  Add<rv1::CreateObligationRequest>(
      f, "CreateObligation",
      absl::StrCat("obligation { display_name: 'Báo cáo quý' issuer_organization_id: ", p,
                   " template_id: ", tid, " reporters { units { organization_ids: ", police,
                   " } } recipient_organization_id: ", p,
                   " period { kind: QUARTERLY window_start_day: 15 window_start_month: 12 }"
                   " deadline { working_days_after_cutoff: 2 } first_year: 2026 }"));
  Add<rv1::GetObligationRequest>(f, "GetObligation", absl::StrCat("id: ", oid));
  Add<rv1::ListObligationsRequest>(f, "ListObligations",
                                   absl::StrCat("recipient_organization_id: ", p));
  Add<rv1::ListPeriodsRequest>(f, "ListPeriods", absl::StrCat("obligation_id: ", oid));
  Add<rv1::GetWorkingCalendarRequest>(f, "GetWorkingCalendar", "year: 2026");
  Add<rv1::SetWorkingCalendarRequest>(
      f, "SetWorkingCalendar",
      "calendar { year: 2026 source: 'Lịch thử nghiệm' days_off { year: 2026 month: 5 day: 1 } }");
  const std::string sid = absl::StrCat(report.id()), etag = report.etag();
  Add<rv1::CreateSubmissionRequest>(
      f, "CreateSubmission",
      absl::StrCat("submission { client_id: 'a0a1a2a3-b4b5-4c6c-8d7d-e8e9f0f1f2f3' obligation_id: ",
                   oid, " period_key: '2026' organization_id: ", communes_[0], " }"));
  Add<rv1::UpdateSubmissionRequest>(
      f, "UpdateSubmission",
      absl::StrCat("submission { id: ", sid, " etag: '", etag,
                   "' narrative { section_code: 'KET_QUA' text: 'Sửa' } }"));
  Add<rv1::SubmitSubmissionRequest>(f, "SubmitSubmission",
                                    absl::StrCat("id: ", sid, " etag: '", etag, "'"));
  Add<rv1::ReturnSubmissionRequest>(
      f, "ReturnSubmission", absl::StrCat("id: ", sid, " etag: '", etag, "' reason: 'Thiếu'"));
  Add<rv1::AcceptSubmissionRequest>(f, "AcceptSubmission",
                                    absl::StrCat("id: ", sid, " etag: '", etag, "'"));
  Add<rv1::ReopenSubmissionRequest>(f, "ReopenSubmission",
                                    absl::StrCat("id: ", sid, " etag: '", etag, "' reason: 'Sửa'"));
  Add<rv1::GetSubmissionRequest>(f, "GetSubmission", absl::StrCat("id: ", sid));
  Add<rv1::ListSubmissionsRequest>(f, "ListSubmissions",
                                   absl::StrCat("addressed_to_organization_id: ", police));
  Add<rv1::GetRollupRequest>(
      f, "GetRollup",
      absl::StrCat("obligation_id: ", oid, " period_key: '2026' organization_id: ", p));
  Add<rv1::ExportRollupRequest>(
      f, "ExportRollup",
      absl::StrCat("obligation_id: ", oid, " period_key: '2026' organization_id: ", p));
  Add<rv1::GetTargetProgressRequest>(
      f, "GetTargetProgress",
      absl::StrCat("plan_id: ", plan.id(), " target_id: ", plan.targets(1).id(), " year: 2026"));
  Add<rv1::ListDueReportsRequest>(f, "ListDueReports",
                                  absl::StrCat("organization_id: ", communes_[1]));
  Add<rv1::ListOverdueReportsRequest>(f, "ListOverdueReports",
                                      absl::StrCat("addressed_to_organization_id: ", police_));
  Add<rv1::ListReportChangesRequest>(f, "ListReportChanges",
                                     absl::StrCat("organization_id: ", communes_[1]));
  CheckAccessMatrix(
      reporting_->channel(),
      *pb::DescriptorPool::generated_pool()->FindServiceByName(rv1::Reporting::service_full_name()),
      f);
}

}  // namespace
}  // namespace thidua::testing
