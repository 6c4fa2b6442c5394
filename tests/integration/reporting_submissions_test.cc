// Submissions through gRPC against MariaDB with a real registry: seed 001's yearly report of Lâm
// Đồng's communes to Công an tỉnh via Phòng Tham mưu, from the draft to its acceptance and its
// correction, on a clock the test moves (deadline "trước ngày 15/11": the last day on time is
// 14/11).
#include <map>
#include <optional>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/reporting/store/submission_store.h"
#include "tests/integration/reporting_fixture.h"
#include "tests/support/xlsx_cells.h"

namespace thidua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 10:00 in Vietnam (UTC+7) on a day.
absl::Time VietnamTime(int y, int m, int d, int hour = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hour, 0, 0), VietnamTimeZone());
}

// The ErrorInfo metadata of a status.
std::map<std::string, std::string> Metadata(const grpc::Status& status) {
  google::rpc::Status details;
  std::map<std::string, std::string> out;
  if (!details.ParseFromString(status.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) out.insert(info.metadata().begin(), info.metadata().end());
  }
  return out;
}

class ReportingSubmissionsTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
    AddIndicator(Count("AN.DANG_KY", "Số đơn vị đăng ký"));
    AddIndicator(Count("AN.DAT", "Số đơn vị đạt chuẩn"));
    rv1::Indicator ratio;
    ratio.set_code("AN.TY_LE");
    ratio.set_display_name("Tỷ lệ đạt chuẩn");
    ratio.set_value_type(rv1::RATIO);
    ratio.set_aggregation(rv1::RATIO_OF_SUMS);
    ratio.set_unit("%");
    ratio.set_scale(2);
    ratio.set_numerator_code("AN.DAT");
    ratio.set_denominator_code("AN.DANG_KY");
    AddIndicator(ratio);
    rv1::Indicator explosives;
    explosives.set_code("VK.VAT_LIEU_NO");
    explosives.set_display_name("Vật liệu nổ thu hồi");
    explosives.set_value_type(rv1::AMOUNT);
    explosives.set_aggregation(rv1::SUM);
    explosives.set_unit("kg");
    explosives.set_scale(3);
    for (const char* c : {"THUOC_NO", "PHAO"}) {
      auto* category = explosives.add_categories();
      category->set_code(c);
      category->set_display_name(c);
    }
    AddIndicator(explosives);
    rv1::Indicator share;
    share.set_code("TT.TY_LE_HO");
    share.set_display_name("Tỷ lệ hộ được tuyên truyền");
    share.set_value_type(rv1::PERCENT);
    share.set_aggregation(rv1::NONE);
    share.set_unit("%");
    share.set_scale(1);
    AddIndicator(share);
    rv1::Indicator festival;
    festival.set_code("NH.TO_CHUC");
    festival.set_display_name("Tổ chức Ngày hội");
    festival.set_value_type(rv1::YES_NO);
    festival.set_aggregation(rv1::COUNT_YES);
    AddIndicator(festival);
    rv1::Template t = TemplateOf("LD.BC_NAM", {"TT.SO_BUOI", "AN.DANG_KY", "AN.DAT", "AN.TY_LE",
                                               "VK.VAT_LIEU_NO", "TT.TY_LE_HO", "NH.TO_CHUC"});
    t.mutable_rows(3)->set_required(true);  // the ratio: both its figures are required
    t.mutable_rows(4)->set_required(true);  // a breakdown: every category is required
    template_ = AddTemplate(t);
    rv1::CreateObligationRequest create;
    *create.mutable_obligation() = YearlyObligation(template_.id());
    ASSERT_TRUE(
        reporting().CreateObligation(WithToken(designer_).get(), create, &obligation_).ok());
    clock_.Set(VietnamTime(2026, 11, 10));
    commune_ = communes_[1];
    reporter_ = Reporter(commune_);
  }

  static std::string Reporter(int64_t org) {
    return TestTokens::Get().Token(org, {"reporting-reporter"}, absl::StrCat("reporter-", org));
  }
  static std::string Reviewer(int64_t org) {
    return TestTokens::Get().Token(org, {"reporting-reviewer"}, absl::StrCat("reviewer-", org));
  }

  static rv1::Figure Number(const std::string& code, const std::string& value,
                            const std::string& category = "") {
    rv1::Figure f;
    f.set_indicator_code(code);
    f.set_category_code(category);
    f.mutable_number()->set_value(value);
    return f;
  }

  // A complete report of 2026.
  void Fill(rv1::Submission& s) {
    s.clear_figures();
    *s.add_figures() = Number("TT.SO_BUOI", "12");
    *s.add_figures() = Number("AN.DANG_KY", "5");
    *s.add_figures() = Number("AN.DAT", "4");
    *s.add_figures() = Number("VK.VAT_LIEU_NO", "1.250", "THUOC_NO");
    *s.add_figures() = Number("VK.VAT_LIEU_NO", "0", "PHAO");
    s.clear_narrative();
    auto* results = s.add_narrative();
    results->set_section_code("KET_QUA");
    results->set_text("Tổ chức 12 buổi tuyên truyền (số liệu thử nghiệm).");
  }

  grpc::Status Create(const std::string& client_id, int64_t org, const std::string& token,
                      rv1::Submission* out, const std::vector<rv1::Figure>& figures = {}) {
    rv1::CreateSubmissionRequest request;
    auto* s = request.mutable_submission();
    s->set_client_id(client_id);
    s->set_obligation_id(obligation_.id());
    s->set_period_key("2026");
    s->set_organization_id(org);
    for (const auto& f : figures) *s->add_figures() = f;
    return reporting().CreateSubmission(WithToken(token).get(), request, out);
  }

  // A whole report of 2026 (Fill; `sessions` propaganda sessions when given) by `unit`'s own
  // staff, its client id numbered `client`, sent at once when `submit`.
  grpc::Status CreateWhole(int64_t unit, int client, bool submit, rv1::Submission* out,
                           std::optional<int> sessions = std::nullopt) {
    rv1::CreateSubmissionRequest request;
    rv1::Submission& s = *request.mutable_submission();
    Fill(s);
    if (sessions) s.mutable_figures(0)->mutable_number()->set_value(absl::StrCat(*sessions));
    s.set_client_id(absl::StrFormat("00000000-0000-4000-8000-%012d", client));
    s.set_obligation_id(obligation_.id());
    s.set_period_key("2026");
    s.set_organization_id(unit);
    request.set_submit(submit);
    return reporting().CreateSubmission(WithToken(Reporter(unit)).get(), request, out);
  }

  grpc::Status Update(const rv1::Submission& s, rv1::Submission* out) {
    rv1::UpdateSubmissionRequest request;
    *request.mutable_submission() = s;
    return reporting().UpdateSubmission(WithToken(reporter_).get(), request, out);
  }

  // Công an tỉnh, which the reports go via, accepts `s` as it stands.
  grpc::Status AcceptByPolice(const rv1::Submission& s, rv1::Submission* out) {
    rv1::AcceptSubmissionRequest request;
    request.set_id(s.id());
    request.set_etag(s.etag());
    return reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), request, out);
  }

  grpc::Status Submit(const rv1::Submission& s, rv1::Submission* out,
                      const std::string& request_id = "") {
    rv1::SubmitSubmissionRequest request;
    request.set_id(s.id());
    request.set_etag(s.etag());
    request.set_request_id(request_id);
    return reporting().SubmitSubmission(WithToken(reporter_).get(), request, out);
  }

  int64_t AcceptedRows(int64_t submission_id) {
    int64_t n = -1;
    EXPECT_TRUE(reporting_->pool()
                    .Run(absl::InfiniteFuture(),
                         [&](db::Connection& conn) {
                           auto& q = conn.Prepare(
                               "SELECT COUNT(*) FROM accepted_figures WHERE submission_id = ?");
                           q.setInt64(1, submission_id);
                           std::unique_ptr<sql::ResultSet> rows(q.executeQuery());
                           rows->next();
                           n = rows->getInt64(1);
                           return absl::OkStatus();
                         })
                    .ok());
    return n;
  }

  rv1::Template template_;
  rv1::Obligation obligation_;
  int64_t commune_ = 0;
  std::string reporter_;
};

constexpr char kClientId[] = "8c4e2f6a-1b7d-4c1e-9a3f-2d5b6c7e8f90";

// A report is made on the template's current version, which a revision moves on at once on the
// replica that made it; a report made earlier keeps its version.
TEST_F(ReportingSubmissionsTest, AReportIsMadeOnTheTemplateVersionCurrentWhenItIsCreated) {
  rv1::Submission first, second;
  ASSERT_TRUE(CreateWhole(communes_[0], 1, false, &first).ok());
  EXPECT_EQ(first.template_version(), 1);
  rv1::ReviseTemplateRequest revise;
  *revise.mutable_template_() = template_;
  revise.mutable_template_()->set_change_note("Sắp xếp lại đề cương");
  rv1::Template revised;
  ASSERT_TRUE(reporting().ReviseTemplate(WithToken(designer_).get(), revise, &revised).ok());
  ASSERT_EQ(revised.version(), 2);
  ASSERT_TRUE(CreateWhole(communes_[1], 2, false, &second).ok());
  EXPECT_EQ(second.template_version(), 2);
  rv1::GetSubmissionRequest get;
  get.set_id(first.id());
  ASSERT_TRUE(reporting().GetSubmission(WithToken(Reporter(communes_[0])).get(), get, &first).ok());
  EXPECT_EQ(first.template_version(), 1);
}

TEST_F(ReportingSubmissionsTest, AReportGoesFromDraftToAcceptedAndIsCorrectedAsANewVersion) {
  rv1::Submission draft;
  ASSERT_TRUE(Create(kClientId, commune_, reporter_, &draft, {Number("TT.SO_BUOI", "012")}).ok());
  EXPECT_EQ(draft.state(), rv1::DRAFT);
  EXPECT_EQ(draft.version(), 1);
  EXPECT_EQ(draft.template_version(), 1);
  EXPECT_EQ(draft.figures(0).number().value(), "12");  // written back canonically
  EXPECT_EQ(draft.last_day_on_time().day(), 14);
  // A draft never sent is the commune's own: Công an tỉnh neither reads nor lists it yet.
  rv1::GetSubmissionRequest peek;
  peek.set_id(draft.id());
  rv1::Submission peeked;
  EXPECT_EQ(
      reporting().GetSubmission(WithToken(Reviewer(police_)).get(), peek, &peeked).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  rv1::ListSubmissionsRequest addressed;
  addressed.set_addressed_to_organization_id(police_);
  rv1::ListSubmissionsResponse queue;
  ASSERT_TRUE(
      reporting().ListSubmissions(WithToken(Reviewer(police_)).get(), addressed, &queue).ok());
  EXPECT_EQ(queue.submissions_size(), 0);
  // Nor reviews it: a wrong etag does not reveal its state, version or etag either.
  rv1::AcceptSubmissionRequest early;
  early.set_id(draft.id());
  early.set_etag("\"sai\"");
  const grpc::Status unsent =
      reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), early, &peeked);
  EXPECT_EQ(unsent.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(unsent.error_details(), Not(HasSubstr("DRAFT")));
  // The app lost the answer and sends the same client id again: the same report.
  rv1::Submission again;
  ASSERT_TRUE(Create(kClientId, commune_, reporter_, &again).ok());
  EXPECT_EQ(again.id(), draft.id());
  // Another client id for the same unit and period: the unit's report exists.
  grpc::Status status = Create("11111111-2222-4333-8444-555555555555", commune_, reporter_, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_details(), HasSubstr("SUBMISSION_EXISTS"));
  EXPECT_EQ(Metadata(status)["id"], absl::StrCat(draft.id()));

  // Submitting before the required figures are there names each of them.
  rv1::Submission submitted;
  status = Submit(draft, &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_details(), HasSubstr("INCOMPLETE"));
  EXPECT_THAT(status.error_details(), HasSubstr("AN.DANG_KY"));
  EXPECT_THAT(status.error_details(), HasSubstr("VK.VAT_LIEU_NO / PHAO"));
  EXPECT_THAT(status.error_details(), HasSubstr("KET_QUA"));

  Fill(draft);
  rv1::Submission filled;
  ASSERT_TRUE(Update(draft, &filled).ok());
  EXPECT_NE(filled.etag(), draft.etag());
  // An edit based on the old etag is refused with the current version and etag.
  status = Update(draft, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_details(), HasSubstr("SUBMISSION_CHANGED"));
  EXPECT_EQ(Metadata(status)["etag"], filled.etag());
  EXPECT_EQ(Metadata(status)["version"], "1");

  ASSERT_TRUE(Submit(filled, &submitted, "nop-1").ok());
  EXPECT_EQ(submitted.state(), rv1::SUBMITTED);
  EXPECT_EQ(submitted.days_late(), 0);
  EXPECT_TRUE(submitted.has_submit_time());
  // A retry of the submission after a lost answer replays it.
  rv1::Submission replay;
  ASSERT_TRUE(Submit(filled, &replay, "nop-1").ok());
  EXPECT_EQ(replay.etag(), submitted.etag());

  // Phòng Tham mưu does not review: the obligation goes via Công an tỉnh, whose reviewers do.
  rv1::ReturnSubmissionRequest give_back;
  give_back.set_id(submitted.id());
  give_back.set_etag(submitted.etag());
  rv1::Submission returned;
  status = reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), give_back, &returned);
  EXPECT_THAT(status.error_details(), HasSubstr("reason"));  // a reason is required
  give_back.set_reason("Bổ sung số liệu pháo thu hồi");
  EXPECT_EQ(reporting()
                .ReturnSubmission(WithToken(Reviewer(other_province_)).get(), give_back, &returned)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reporting()
                .ReturnSubmission(WithToken(Reviewer(communes_[0])).get(), give_back, &returned)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), give_back, &returned).ok());
  EXPECT_EQ(returned.state(), rv1::RETURNED);
  EXPECT_EQ(returned.return_reason(), "Bổ sung số liệu pháo thu hồi");

  // Corrected and sent again after the deadline: the first submission's lateness stays.
  clock_.Set(VietnamTime(2026, 11, 18));
  Fill(returned);
  returned.mutable_figures(4)->mutable_number()->set_value("0.5");
  rv1::Submission corrected;
  ASSERT_TRUE(Update(returned, &corrected).ok());
  ASSERT_TRUE(Submit(corrected, &submitted).ok());
  EXPECT_EQ(submitted.days_late(), 0);
  EXPECT_TRUE(submitted.return_reason().empty());

  rv1::AcceptSubmissionRequest accept;
  accept.set_id(submitted.id());
  accept.set_etag(submitted.etag());
  rv1::Submission accepted;
  EXPECT_EQ(
      reporting().AcceptSubmission(WithToken(reporter_).get(), accept, &accepted).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);  // a reporter does not accept its own report
  ASSERT_TRUE(
      reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), accept, &accepted).ok());
  EXPECT_EQ(accepted.state(), rv1::ACCEPTED);
  EXPECT_EQ(accepted.accepted_version(), 1);
  EXPECT_EQ(AcceptedRows(accepted.id()), 5);  // the figures roll-ups add up; text stays out
  // Accepted figures are frozen.
  status = Update(accepted, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_details(), HasSubstr("WRONG_STATE"));

  // A correction reopens it as version 2; version 1 stays readable as accepted.
  rv1::ReopenSubmissionRequest reopen;
  reopen.set_id(accepted.id());
  reopen.set_etag(accepted.etag());
  rv1::Submission reopened;
  EXPECT_EQ(
      reporting().ReopenSubmission(WithToken(reporter_).get(), reopen, &reopened).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  reopen.set_reason("Điều chỉnh số buổi tuyên truyền");
  ASSERT_TRUE(reporting().ReopenSubmission(WithToken(reporter_).get(), reopen, &reopened).ok());
  EXPECT_EQ(reopened.version(), 2);
  EXPECT_EQ(reopened.state(), rv1::DRAFT);
  EXPECT_EQ(reopened.accepted_version(), 1);  // roll-ups keep version 1 meanwhile
  EXPECT_EQ(AcceptedRows(accepted.id()), 5);

  rv1::GetSubmissionRequest get;
  get.set_id(accepted.id());
  get.set_version(1);
  rv1::Submission first;
  ASSERT_TRUE(reporting().GetSubmission(WithToken(Reviewer(police_)).get(), get, &first).ok());
  EXPECT_EQ(first.state(), rv1::ACCEPTED);
  EXPECT_EQ(first.figures(4).number().value(), "0.5");
  std::vector<rv1::SubmissionEvent::Action> actions;
  for (const auto& e : first.history()) actions.push_back(e.action());
  EXPECT_THAT(actions, ::testing::ElementsAre(
                           rv1::SubmissionEvent::CREATED, rv1::SubmissionEvent::UPDATED,
                           rv1::SubmissionEvent::SUBMITTED, rv1::SubmissionEvent::RETURNED,
                           rv1::SubmissionEvent::UPDATED, rv1::SubmissionEvent::SUBMITTED,
                           rv1::SubmissionEvent::ACCEPTED));
  EXPECT_EQ(first.history(3).reason(), "Bổ sung số liệu pháo thu hồi");
  EXPECT_EQ(first.history(3).acting_organization_id(), police_);
  get.set_version(0);
  rv1::Submission now;
  ASSERT_TRUE(reporting().GetSubmission(WithToken(reporter_).get(), get, &now).ok());
  ASSERT_EQ(now.history_size(), 1);
  EXPECT_EQ(now.history(0).action(), rv1::SubmissionEvent::REOPENED);
  get.set_version(3);
  EXPECT_EQ(reporting().GetSubmission(WithToken(reporter_).get(), get, &now).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Nobody else reads the unit's figures and narrative: another commune, another province's
  // staff, and the answer is the one an unknown id gets.
  get.set_version(0);
  rv1::Submission seen;
  const grpc::Status neighbour =
      reporting().GetSubmission(WithToken(Reporter(communes_[0])).get(), get, &seen);
  EXPECT_EQ(neighbour.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  get.set_id(accepted.id() + 1000);
  const grpc::Status unknown =
      reporting().GetSubmission(WithToken(Reporter(communes_[0])).get(), get, &seen);
  EXPECT_EQ(unknown.error_details(), neighbour.error_details());
  get.set_id(accepted.id());
  // The province above the commune, the recipient and the via unit read it.
  for (int64_t reader : {province_, police_}) {
    EXPECT_TRUE(reporting().GetSubmission(WithToken(Designer(reader)).get(), get, &seen).ok())
        << reader;
  }
}

TEST_F(ReportingSubmissionsTest, FiguresAreCheckedAgainstTheTemplateAndNamed) {
  rv1::Submission out;
  rv1::Figure unknown = Number("KHONG_CO", "1");
  rv1::Figure negative = Number("TT.SO_BUOI", "-3");
  rv1::Figure ratio = Number("AN.TY_LE", "80");
  rv1::Figure percent = Number("TT.TY_LE_HO", "100.5");
  rv1::Figure no_category = Number("VK.VAT_LIEU_NO", "2");
  rv1::Figure too_precise = Number("VK.VAT_LIEU_NO", "2.0001", "PHAO");
  rv1::Figure above = Number("AN.DAT", "7");
  rv1::Figure below = Number("AN.DANG_KY", "6");
  rv1::Figure huge = Number("AN.DANG_KY", "1000000000000000");
  rv1::Figure exponent = Number("AN.DANG_KY", "1e3");
  rv1::Figure estimated = Number("AN.DANG_KY", "6");
  estimated.set_estimated(true);  // the movement's year ends on its deadline: nothing to estimate
  rv1::Figure yes;
  yes.set_indicator_code("NH.TO_CHUC");
  yes.mutable_number()->set_value("1");
  const grpc::Status status = Create(
      kClientId, commune_, reporter_, &out,
      {unknown, negative, ratio, percent, no_category, too_precise, above, below, huge, yes});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string details = status.error_details();
  for (const char* expected :
       {"submission.figures[0].indicator_code", "KHONG_CO", "submission.figures[1].number",
        "không được âm", "submission.figures[2].indicator_code", "submission.figures[3].number",
        "submission.figures[4].category_code", "submission.figures[5].number",
        "submission.figures[6].number", "above its denominator AN.DANG_KY", "submission.figures[8]",
        "submission.figures[9].yes"}) {
    EXPECT_THAT(details, HasSubstr(expected));
  }
  // Counts are whole; an exponent is not a number here; estimates need a period with them.
  for (const rv1::Figure& f : {Number("TT.SO_BUOI", "2.5"), exponent, estimated}) {
    const grpc::Status one = Create(kClientId, commune_, reporter_, &out, {f});
    EXPECT_EQ(one.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << f.DebugString();
  }
  // Nothing was written by the refused calls: the client id is still free.
  ASSERT_TRUE(Create(kClientId, commune_, reporter_, &out, {below, Number("AN.DAT", "6")}).ok());
}

TEST_F(ReportingSubmissionsTest, OnlyTheUnitsThatOweTheReportStartItAndLatenessIsCounted) {
  rv1::Submission out;
  // The police are not among the communes, wards and special zone that owe it.
  grpc::Status status =
      Create(kClientId, police_, Reporter(police_), &out, {Number("TT.SO_BUOI", "1")});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_details(), HasSubstr("NOT_EXPECTED"));
  // A unit's report is started by its own reporters only: not another commune's, nor the
  // province's, though the province is above the commune and reads its reports.
  EXPECT_EQ(Create(kClientId, commune_, Reporter(communes_[0]), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Create(kClientId, commune_, Reporter(province_), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An unknown period is named.
  rv1::CreateSubmissionRequest request;
  request.mutable_submission()->set_client_id(kClientId);
  request.mutable_submission()->set_obligation_id(obligation_.id());
  request.mutable_submission()->set_period_key("2026-H1");
  request.mutable_submission()->set_organization_id(commune_);
  status = reporting().CreateSubmission(WithToken(reporter_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_details(), HasSubstr("submission.period_key"));
  request.mutable_submission()->set_client_id("not-a-uuid");
  status = reporting().CreateSubmission(WithToken(reporter_).get(), request, &out);
  EXPECT_THAT(status.error_details(), HasSubstr("submission.client_id"));
  // The year 2027 has not started on 10/11/2026.
  request.mutable_submission()->set_client_id(kClientId);
  request.mutable_submission()->set_period_key("2027");
  status = reporting().CreateSubmission(WithToken(reporter_).get(), request, &out);
  EXPECT_THAT(status.error_details(), HasSubstr("PERIOD_NOT_STARTED"));

  // Submitted at 23:30 UTC on 14/11, already 15/11 in Vietnam: one day late.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 11, 14, 23, 30, 0), absl::UTCTimeZone()));
  rv1::Submission draft;
  ASSERT_TRUE(Create(kClientId, commune_, reporter_, &draft).ok());
  Fill(draft);
  rv1::Submission filled, submitted;
  ASSERT_TRUE(Update(draft, &filled).ok());
  ASSERT_TRUE(Submit(filled, &submitted).ok());
  EXPECT_EQ(submitted.days_late(), 1);

  // Returned with a deadline for the correction: lateness is counted against it afresh.
  rv1::ReturnSubmissionRequest give_back;
  give_back.set_id(submitted.id());
  give_back.set_etag(submitted.etag());
  give_back.set_reason("Thiếu số liệu");
  *give_back.mutable_correction_deadline() = D(2026, 11, 25);
  rv1::Submission returned;
  ASSERT_TRUE(
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), give_back, &returned).ok());
  EXPECT_EQ(returned.last_day_on_time().day(), 25);
  clock_.Set(VietnamTime(2026, 11, 24));
  ASSERT_TRUE(Submit(returned, &submitted).ok());
  EXPECT_EQ(submitted.days_late(), 0);
}

TEST_F(ReportingSubmissionsTest, RollupsCountAcceptedReportsTheMomentTheyAreAccepted) {
  // Phường Xuân Hương reports on time and is accepted; Xã Lạc Dương reports late and waits for
  // review; Xã Đam Rông 1 does not report.
  auto report = [&](int64_t unit, const char* client_id, const char* thuoc_no, bool accept) {
    rv1::Submission draft, filled, submitted;
    EXPECT_TRUE(Create(client_id, unit, Reporter(unit), &draft).ok());
    Fill(draft);
    draft.mutable_figures(3)->mutable_number()->set_value(thuoc_no);
    rv1::UpdateSubmissionRequest update;
    *update.mutable_submission() = draft;
    EXPECT_TRUE(
        reporting().UpdateSubmission(WithToken(Reporter(unit)).get(), update, &filled).ok());
    rv1::SubmitSubmissionRequest submit;
    submit.set_id(filled.id());
    submit.set_etag(filled.etag());
    EXPECT_TRUE(
        reporting().SubmitSubmission(WithToken(Reporter(unit)).get(), submit, &submitted).ok());
    if (!accept) return submitted;
    rv1::AcceptSubmissionRequest request;
    request.set_id(submitted.id());
    request.set_etag(submitted.etag());
    rv1::Submission accepted;
    EXPECT_TRUE(
        reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), request, &accepted).ok());
    return accepted;
  };
  report(communes_[0], "00000000-0000-4000-8000-000000000001", "0.1", true);
  clock_.Set(VietnamTime(2026, 11, 17));
  const rv1::Submission waiting =
      report(communes_[1], "00000000-0000-4000-8000-000000000002", "0.2", false);
  EXPECT_EQ(waiting.days_late(), 3);

  rv1::GetRollupRequest request;
  request.set_obligation_id(obligation_.id());
  request.set_period_key("2026");
  request.set_organization_id(province_);
  rv1::Rollup rollup;
  ASSERT_TRUE(reporting().GetRollup(WithToken(Reviewer(police_)).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.tree_as_of().day(), 14);
  const rv1::Completeness& c = rollup.total().completeness();
  EXPECT_EQ(c.expected(), 3);
  EXPECT_EQ(c.received(), 2);
  EXPECT_EQ(c.accepted(), 1);
  EXPECT_EQ(c.on_time(), 1);
  EXPECT_EQ(c.late(), 1);
  EXPECT_THAT(c.late_organization_ids(), ::testing::ElementsAre(communes_[1]));
  EXPECT_EQ(c.missing(), 1);
  EXPECT_THAT(c.missing_organization_ids(), ::testing::ElementsAre(communes_[2]));
  EXPECT_EQ(rollup.rows_size(), 3);  // one row per commune or ward under the province
  auto figure = [](const rv1::RollupRow& row, const std::string& code,
                   const std::string& category = "") -> std::string {
    for (const auto& f : row.figures()) {
      if (f.indicator_code() == code && f.category_code() == category) return f.value().value();
    }
    return "(none)";
  };
  // Only the accepted report counts: 12 sessions, 4 of 5 units = 80%, 0.1 kg.
  EXPECT_EQ(figure(rollup.total(), "TT.SO_BUOI"), "12");
  EXPECT_EQ(figure(rollup.total(), "AN.TY_LE"), "80");
  EXPECT_EQ(figure(rollup.total(), "VK.VAT_LIEU_NO", "THUOC_NO"), "0.1");

  // With the reports waiting for review: 0.1 + 0.2 is exactly 0.3, and the ratio is of the sums.
  request.set_include_submitted(true);
  ASSERT_TRUE(reporting().GetRollup(WithToken(Reviewer(police_)).get(), request, &rollup).ok());
  EXPECT_TRUE(rollup.includes_submitted());
  EXPECT_EQ(figure(rollup.total(), "TT.SO_BUOI"), "24");
  EXPECT_EQ(figure(rollup.total(), "VK.VAT_LIEU_NO", "THUOC_NO"), "0.3");
  EXPECT_EQ(figure(rollup.total(), "AN.TY_LE"), "80");

  {
    rv1::GetRollupRequest own;
    own.set_obligation_id(obligation_.id());
    own.set_period_key("2026");
    own.set_organization_id(communes_[0]);
    rv1::Rollup mine;
    ASSERT_TRUE(reporting().GetRollup(WithToken(Reporter(communes_[0])).get(), own, &mine).ok());
    EXPECT_EQ(mine.total().completeness().on_time(), 1);
  }
  // Accepting it shows at once, without any batch.
  rv1::AcceptSubmissionRequest accept;
  accept.set_id(waiting.id());
  accept.set_etag(waiting.etag());
  rv1::Submission accepted;
  ASSERT_TRUE(
      reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), accept, &accepted).ok());
  request.set_include_submitted(false);
  ASSERT_TRUE(reporting().GetRollup(WithToken(Designer(province_)).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.total().completeness().accepted(), 2);
  EXPECT_EQ(figure(rollup.total(), "VK.VAT_LIEU_NO", "THUOC_NO"), "0.3");

  // Xã Lạc Dương's accepted report is reopened for a correction in March and sent again: the
  // report stays late by its first arrival (3 days), not by the correction's.
  clock_.Set(VietnamTime(2027, 3, 1));
  rv1::ReopenSubmissionRequest reopen;
  reopen.set_id(accepted.id());
  reopen.set_etag(accepted.etag());
  reopen.set_reason("Điều chỉnh số liệu thuốc nổ");
  rv1::Submission reopened, corrected;
  ASSERT_TRUE(reporting()
                  .ReopenSubmission(WithToken(Reporter(communes_[1])).get(), reopen, &reopened)
                  .ok());
  rv1::SubmitSubmissionRequest resend;
  resend.set_id(reopened.id());
  resend.set_etag(reopened.etag());
  ASSERT_TRUE(reporting()
                  .SubmitSubmission(WithToken(Reporter(communes_[1])).get(), resend, &corrected)
                  .ok());
  EXPECT_EQ(corrected.version(), 2);
  EXPECT_EQ(corrected.days_late(), 0);
  ASSERT_TRUE(reporting().GetRollup(WithToken(Designer(province_)).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.total().completeness().late(), 1);
  EXPECT_THAT(rollup.total().completeness().late_organization_ids(),
              ::testing::ElementsAre(communes_[1]));
  // Until the correction is accepted, the roll-up keeps the accepted version's figures.
  EXPECT_EQ(rollup.total().completeness().accepted(), 2);

  // The reviewer's queue: what is addressed to Công an tỉnh, by state; a commune lists its own.
  rv1::ListSubmissionsRequest queue;
  queue.set_addressed_to_organization_id(police_);
  queue.add_states(rv1::SUBMITTED);
  rv1::ListSubmissionsResponse listed;
  ASSERT_TRUE(reporting().ListSubmissions(WithToken(Reviewer(police_)).get(), queue, &listed).ok());
  ASSERT_EQ(listed.submissions_size(), 1);
  EXPECT_EQ(listed.submissions(0).organization_id(), communes_[1]);
  EXPECT_EQ(listed.submissions(0).figures_size(), 0);  // listed without its figures
  queue.clear_states();
  queue.set_page_size(1);
  ASSERT_TRUE(reporting().ListSubmissions(WithToken(Reviewer(police_)).get(), queue, &listed).ok());
  ASSERT_EQ(listed.submissions_size(), 1);
  queue.set_page_token(listed.next_page_token());
  ASSERT_TRUE(reporting().ListSubmissions(WithToken(Reviewer(police_)).get(), queue, &listed).ok());
  ASSERT_EQ(listed.submissions_size(), 1);
  EXPECT_TRUE(listed.next_page_token().empty());
  EXPECT_EQ(reporting()
                .ListSubmissions(WithToken(Reviewer(communes_[0])).get(), queue, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a commune does not see the police's queue
  rv1::ListSubmissionsRequest own;
  own.set_organization_id(communes_[0]);
  ASSERT_TRUE(
      reporting().ListSubmissions(WithToken(Reporter(communes_[0])).get(), own, &listed).ok());
  ASSERT_EQ(listed.submissions_size(), 1);
  own.set_organization_id(communes_[1]);
  EXPECT_EQ(reporting()
                .ListSubmissions(WithToken(Reporter(communes_[0])).get(), own, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A unit that did not exist on the period's last day has no roll-up of that period.
  const int64_t newer =
      RegistryTest::Create("Xã Mới Lập", v1::COMMUNE, province_, D(2026, 12, 1)).id();
  request.set_organization_id(newer);
  const grpc::Status too_new =
      reporting().GetRollup(WithToken(Designer(province_)).get(), request, &rollup);
  EXPECT_EQ(too_new.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(too_new.error_details(), HasSubstr("UNIT_NOT_IN_PERIOD"));
  request.set_organization_id(province_);
  // A commune sees its own subtree only; another province sees nothing, and an unknown unit
  // gets the same answer.
  request.set_organization_id(communes_[2]);
  ASSERT_TRUE(
      reporting().GetRollup(WithToken(Reporter(communes_[2])).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.total().completeness().missing(), 1);
  request.set_organization_id(province_);
  const grpc::Status commune =
      reporting().GetRollup(WithToken(Reporter(communes_[2])).get(), request, &rollup);
  EXPECT_EQ(commune.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status foreign =
      reporting().GetRollup(WithToken(Designer(other_province_)).get(), request, &rollup);
  request.set_organization_id(987654321);
  const grpc::Status unknown =
      reporting().GetRollup(WithToken(Designer(other_province_)).get(), request, &rollup);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(foreign.error_details(), unknown.error_details());
}

// Roll-ups keep what they read of a period and bring it up to date from the reports changed
// since (rollup_sources.h). After every write of a random sequence (create and submit, accept,
// return, resubmit, reopen and correct), the roll-up equals what the test's own account says, and
// at the end what a service started afresh, reading everything, says.
TEST_F(ReportingSubmissionsTest, AKeptRollupFollowsEveryChangeAsAFreshReadDoes) {
  std::mt19937 random(20261201);
  struct Unit {
    rv1::Submission report;
    std::optional<int> accepted;  // sessions of the accepted version
  };
  std::map<int64_t, Unit> units;
  rv1::GetRollupRequest request;
  request.set_obligation_id(obligation_.id());
  request.set_period_key("2026");
  request.set_organization_id(province_);
  auto rollup = [&] {
    rv1::Rollup out;
    const grpc::Status status =
        reporting().GetRollup(WithToken(Reviewer(police_)).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  auto sessions = [](const rv1::Rollup& r) -> std::string {
    for (const auto& f : r.total().figures()) {
      if (f.indicator_code() == "TT.SO_BUOI") return f.value().value();
    }
    return "(none)";
  };
  int next_client = 100;
  for (int step = 0; step < 60; ++step) {
    const int64_t unit = communes_[random() % communes_.size()];
    Unit& u = units[unit];
    const int n = static_cast<int>(random() % 50);
    const std::string reporter = Reporter(unit), reviewer = Reviewer(police_);
    rv1::Submission out;
    grpc::Status status;
    auto with_sessions = [&](rv1::Submission s) {
      Fill(s);
      s.mutable_figures(0)->mutable_number()->set_value(absl::StrCat(n));
      return s;
    };
    switch (u.report.state()) {
      case rv1::SUBMISSION_STATE_UNSPECIFIED:
        status = CreateWhole(unit, next_client++, true, &out, n);
        break;
      case rv1::DRAFT:
      case rv1::RETURNED: {
        rv1::UpdateSubmissionRequest update;
        *update.mutable_submission() = with_sessions(u.report);
        status = reporting().UpdateSubmission(WithToken(reporter).get(), update, &out);
        if (!status.ok()) break;
        rv1::SubmitSubmissionRequest submit;
        submit.set_id(out.id());
        submit.set_etag(out.etag());
        status = reporting().SubmitSubmission(WithToken(reporter).get(), submit, &out);
        break;
      }
      case rv1::SUBMITTED:
        if (random() % 3 != 0) {
          rv1::AcceptSubmissionRequest accept;
          accept.set_id(u.report.id());
          accept.set_etag(u.report.etag());
          status = reporting().AcceptSubmission(WithToken(reviewer).get(), accept, &out);
          if (status.ok()) u.accepted = std::stoi(u.report.figures(0).number().value());
        } else {
          rv1::ReturnSubmissionRequest back;
          back.set_id(u.report.id());
          back.set_etag(u.report.etag());
          back.set_reason("Số liệu chưa khớp, đề nghị rà soát lại.");
          status = reporting().ReturnSubmission(WithToken(reviewer).get(), back, &out);
        }
        break;
      case rv1::ACCEPTED: {
        rv1::ReopenSubmissionRequest reopen;
        reopen.set_id(u.report.id());
        reopen.set_etag(u.report.etag());
        reopen.set_reason("Bổ sung số liệu sau rà soát.");
        status = reporting().ReopenSubmission(WithToken(reviewer).get(), reopen, &out);
        break;
      }
      default:
        FAIL() << "state " << u.report.state();
    }
    ASSERT_TRUE(status.ok()) << "step " << step << ": " << status.error_message();
    u.report = out;

    int accepted = 0, total = 0;
    for (const auto& [id, x] : units) {
      if (!x.accepted) continue;
      ++accepted;
      total += *x.accepted;
    }
    const rv1::Rollup now = rollup();
    EXPECT_EQ(now.total().completeness().accepted(), accepted) << "step " << step;
    EXPECT_EQ(sessions(now), accepted == 0 ? "(none)" : absl::StrCat(total)) << "step " << step;
    // Asked again with nothing written, the answer comes from what is kept alone: the same.
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(now, rollup())) << step;
    request.set_include_submitted(true);
    const rv1::Rollup with_submitted = rollup();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(with_submitted, rollup()))
        << step;
    request.set_include_submitted(false);
  }
  for (bool include_submitted : {false, true}) {
    request.set_include_submitted(include_submitted);
    const rv1::Rollup kept = rollup();
    reporting_ = std::make_unique<ReportingServer>(
        reporting_db_->options(), absl::StrCat("127.0.0.1:", replica_->port()), clock_);
    const rv1::Rollup fresh = rollup();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(kept, fresh))
        << kept.DebugString() << "\n"
        << fresh.DebugString();
  }
}

// A write that moves its shard without recording the number on its report (a database restored or
// repaired by hand) cannot be found among the changes: the roll-up sees a shard whose number no
// changed report shows, and reads the period whole.
TEST_F(ReportingSubmissionsTest, AChangeWithoutItsNumberMakesTheRollupReadThePeriodWhole) {
  rv1::Submission sent;
  for (int k = 0; k < 2; ++k) ASSERT_TRUE(CreateWhole(communes_[k], 900 + k, true, &sent).ok());
  rv1::GetRollupRequest request;
  request.set_obligation_id(obligation_.id());
  request.set_period_key("2026");
  request.set_organization_id(province_);
  request.set_view(rv1::ROLLUP_VIEW_COMPLETENESS);
  rv1::Rollup rollup;
  ASSERT_TRUE(reporting().GetRollup(WithToken(Reviewer(police_)).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.total().completeness().accepted(), 0);

  // An acceptance written by hand with the row's numbering trigger dropped: the report and its
  // shard move, the report's number does not. The trigger is put back afterwards from 0008.
  auto run = [&](absl::string_view statement) {
    ASSERT_TRUE(reporting_->pool()
                    .Run(absl::Now() + absl::Seconds(5),
                         [&](db::Connection& conn) {
                           conn.Execute(std::string(statement));
                           return absl::OkStatus();
                         })
                    .ok());
  };
  run("DROP TRIGGER submissions_numbers_on_update");
  ASSERT_TRUE(reporting_->pool()
                  .Transact(absl::Now() + absl::Seconds(5),
                            [&](db::Connection& conn) {
                              auto& accept = conn.Prepare(
                                  "UPDATE submissions SET state = 4, accepted_version = version"
                                  " WHERE id = ?");
                              accept.setInt64(1, sent.id());
                              accept.executeUpdate();
                              auto& shard = conn.Prepare(
                                  "UPDATE period_revisions SET revision = revision + 1"
                                  " WHERE obligation_id = ? AND period_key = '2026' AND shard = ?");
                              shard.setInt64(1, obligation_.id());
                              shard.setInt(2, static_cast<int>(communes_[1] % 16));
                              EXPECT_EQ(shard.executeUpdate(), 1);
                              return absl::OkStatus();
                            })
                  .ok());
  for (const db::Migration& m : reporting::Migrations()) {
    if (m.version != 8) continue;
    for (const std::string& statement : db::SplitStatements(m.sql)) run(statement);
  }
  ASSERT_TRUE(reporting().GetRollup(WithToken(Reviewer(police_)).get(), request, &rollup).ok());
  EXPECT_EQ(rollup.total().completeness().accepted(), 1);
  // Put back, both of them.
  int64_t triggers = 0;
  ASSERT_TRUE(reporting_->pool()
                  .Run(absl::Now() + absl::Seconds(5),
                       [&](db::Connection& conn) {
                         std::unique_ptr<sql::ResultSet> rows(
                             conn.Prepare("SELECT COUNT(*) FROM information_schema.triggers"
                                          " WHERE trigger_schema = DATABASE()"
                                          " AND event_object_table = 'submissions'")
                                 .executeQuery());
                         rows->next();
                         triggers = rows->getInt64(1);
                         return absl::OkStatus();
                       })
                  .ok());
  EXPECT_EQ(triggers, 2);
}

// Whatever writes a report's row, its triggers give the row the unit's next feed number and the
// period shard's next change number, and leave both rows at those numbers: a draft, its submission
// and its acceptance through the API, and an update in bare SQL alike.
TEST_F(ReportingSubmissionsTest, EveryWriteOfAReportTakesItsUnitsAndItsShardsNextNumbers) {
  struct Numbers {
    int64_t feed_seq, unit_feed, period_seq, shard_revision;
  };
  auto numbers_of = [&](int64_t id) {
    Numbers n{-1, -2, -3, -4};
    EXPECT_TRUE(reporting_->pool()
                    .Run(absl::Now() + absl::Seconds(5),
                         [&](db::Connection& conn) {
                           auto& q = conn.Prepare(
                               "SELECT s.feed_seq, f.seq, s.period_seq, r.revision"
                               " FROM submissions s"
                               " JOIN unit_feeds f ON f.organization_id = s.organization_id"
                               " JOIN period_revisions r ON r.obligation_id = s.obligation_id"
                               " AND r.period_key = s.period_key AND r.shard = ?"
                               " WHERE s.id = ?");
                           q.setInt(1, reporting::store::ShardOf(commune_));
                           q.setInt64(2, id);
                           std::unique_ptr<sql::ResultSet> rows(q.executeQuery());
                           if (rows->next()) {
                             n = {rows->getInt64(1), rows->getInt64(2), rows->getInt64(3),
                                  rows->getInt64(4)};
                           }
                           return absl::OkStatus();
                         })
                    .ok());
    return n;
  };
  rv1::Submission draft, sent, accepted;
  ASSERT_TRUE(CreateWhole(commune_, 950, false, &draft).ok());
  const Numbers created = numbers_of(draft.id());
  EXPECT_EQ(created.feed_seq, created.unit_feed);
  EXPECT_EQ(created.period_seq, created.shard_revision);
  ASSERT_TRUE(Submit(draft, &sent).ok());
  ASSERT_TRUE(AcceptByPolice(sent, &accepted).ok());
  const Numbers reviewed = numbers_of(draft.id());
  EXPECT_EQ(reviewed.feed_seq, created.feed_seq + 2);
  EXPECT_EQ(reviewed.unit_feed, reviewed.feed_seq);
  EXPECT_EQ(reviewed.period_seq, created.period_seq + 2);
  EXPECT_EQ(reviewed.shard_revision, reviewed.period_seq);

  ASSERT_TRUE(reporting_->pool()
                  .Transact(absl::Now() + absl::Seconds(5),
                            [&](db::Connection& conn) {
                              auto& touch = conn.Prepare(
                                  "UPDATE submissions SET days_late = days_late WHERE id = ?");
                              touch.setInt64(1, draft.id());
                              touch.executeUpdate();
                              return absl::OkStatus();
                            })
                  .ok());
  const Numbers touched = numbers_of(draft.id());
  EXPECT_EQ(touched.feed_seq, reviewed.feed_seq + 1);
  EXPECT_EQ(touched.unit_feed, touched.feed_seq);
  EXPECT_EQ(touched.period_seq, reviewed.period_seq + 1);
  EXPECT_EQ(touched.shard_revision, touched.period_seq);
}

// A return sets a correction deadline of today at the latest; its retry the next morning, after
// a lost answer, gets the first answer rather than "in the past".
TEST_F(ReportingSubmissionsTest, AReturnRetriedTheNextDayGetsItsFirstAnswer) {
  rv1::Submission sent, first, again;
  ASSERT_TRUE(CreateWhole(commune_, 950, true, &sent).ok());
  rv1::ReturnSubmissionRequest back;
  back.set_id(sent.id());
  back.set_etag(sent.etag());
  back.set_reason("Bổ sung số liệu tuyên truyền.");
  *back.mutable_correction_deadline() = D(2026, 11, 10);
  back.set_request_id("tra-lai-1");
  ASSERT_TRUE(reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), back, &first).ok());
  clock_.Set(VietnamTime(2026, 11, 11));
  const grpc::Status status =
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), back, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.etag(), first.etag());
  // Sent again, then a new return with that deadline: the day has passed.
  rv1::Submission resent;
  ASSERT_TRUE(Submit(first, &resent).ok());
  back.set_etag(resent.etag());
  back.set_request_id("tra-lai-2");
  EXPECT_EQ(
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), back, &again).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

// No unit reviews its own report: where the unit the reports go via is itself in the population
// (seed 003's Công an tỉnh Tuyên Quang reports among the departments), its own report is reviewed
// by the recipient, and its staff, whatever roles their token holds, neither accept nor return it.
TEST_F(ReportingSubmissionsTest, TheUnitReportsGoViaDoesNotReviewItsOwnReport) {
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(template_.id());
  create.mutable_obligation()->set_display_name("Báo cáo năm của Công an tỉnh và Xã");
  auto* units = create.mutable_obligation()->mutable_reporters()->mutable_units();
  units->add_organization_ids(police_);
  units->add_organization_ids(commune_);
  rv1::Obligation both;
  ASSERT_TRUE(reporting().CreateObligation(WithToken(designer_).get(), create, &both).ok());
  rv1::CreateSubmissionRequest request;
  rv1::Submission& own = *request.mutable_submission();
  Fill(own);
  own.set_client_id("00000000-0000-4000-8000-000000000961");
  own.set_obligation_id(both.id());
  own.set_period_key("2026");
  own.set_organization_id(police_);
  request.set_submit(true);
  const std::string both_roles = TestTokens::Get().Token(
      police_, {"reporting-reporter", "reporting-reviewer"}, "ca-tinh-ca-hai-vai-tro");
  rv1::Submission sent;
  grpc::Status status = reporting().CreateSubmission(WithToken(both_roles).get(), request, &sent);
  ASSERT_TRUE(status.ok()) << status.error_message();
  rv1::AcceptSubmissionRequest accept;
  accept.set_id(sent.id());
  accept.set_etag(sent.etag());
  rv1::ReturnSubmissionRequest back;
  back.set_id(sent.id());
  back.set_etag(sent.etag());
  back.set_reason("Tự trả lại báo cáo của mình.");
  rv1::Submission out;
  for (const std::string& token : {both_roles, Reviewer(police_)}) {
    EXPECT_EQ(reporting().AcceptSubmission(WithToken(token).get(), accept, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(reporting().ReturnSubmission(WithToken(token).get(), back, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  status = reporting().AcceptSubmission(WithToken(Reviewer(province_)).get(), accept, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.state(), rv1::ACCEPTED);
  // The commune's report of the same obligation is still reviewed by the unit it goes via.
  rv1::Submission commune_report;
  own.set_client_id("00000000-0000-4000-8000-000000000962");
  own.set_organization_id(commune_);
  status = reporting().CreateSubmission(WithToken(reporter_).get(), request, &commune_report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = AcceptByPolice(commune_report, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

// The recipient's side of the due lists: after the last day on time, Phòng Tham mưu (the unit the
// reports go via) sees who has not sent the year's report, the most overdue first, page by page;
// a report returned with a correction deadline is overdue only once that day has passed.
TEST_F(ReportingSubmissionsTest, TheUnitReportsGoViaSeesWhoIsOverdue) {
  rv1::Submission sent, draft;
  ASSERT_TRUE(CreateWhole(communes_[0], 960, true, &sent).ok());
  ASSERT_TRUE(CreateWhole(communes_[1], 961, false, &draft).ok());
  rv1::ListOverdueReportsRequest request;
  request.set_addressed_to_organization_id(police_);
  rv1::ListOverdueReportsResponse page;
  auto list = [&] {
    page.Clear();
    const grpc::Status status =
        reporting().ListOverdueReports(WithToken(Reviewer(police_)).get(), request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return page;
  };
  EXPECT_EQ(list().overdue_reports_size(), 0);  // 10/11: nothing is late yet

  clock_.Set(VietnamTime(2026, 11, 17));
  rv1::ReturnSubmissionRequest back;
  back.set_id(sent.id());
  back.set_etag(sent.etag());
  back.set_reason("Thiếu số liệu tuyên truyền.");
  *back.mutable_correction_deadline() = D(2026, 11, 25);
  rv1::Submission returned;
  ASSERT_TRUE(
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), back, &returned).ok());
  clock_.Set(VietnamTime(2026, 11, 20));
  list();
  ASSERT_EQ(page.overdue_reports_size(), 2);
  const std::vector<int64_t> late = {std::min(communes_[1], communes_[2]),
                                     std::max(communes_[1], communes_[2])};
  for (int k = 0; k < 2; ++k) {
    const rv1::OverdueReport& o = page.overdue_reports(k);
    EXPECT_EQ(o.organization_id(), late[k]);
    EXPECT_EQ(o.days_overdue(), 6);  // the last day on time was 14/11
    EXPECT_EQ(o.period().key(), "2026");
    EXPECT_EQ(o.last_day_on_time().day(), 14);
    EXPECT_EQ(o.state(), o.organization_id() == communes_[1] ? rv1::IN_DRAFT : rv1::NOT_STARTED);
    EXPECT_EQ(o.submission_id(), o.organization_id() == communes_[1] ? draft.id() : 0);
  }

  // On 27/11 the returned report is 2 days past its correction deadline: last, one per page.
  clock_.Set(VietnamTime(2026, 11, 27));
  request.set_page_size(1);
  std::vector<std::pair<int64_t, int>> seen;
  do {
    list();
    for (const auto& o : page.overdue_reports())
      seen.emplace_back(o.organization_id(), o.days_overdue());
    request.set_page_token(page.next_page_token());
  } while (!page.next_page_token().empty());
  EXPECT_THAT(seen,
              ::testing::ElementsAre(::testing::Pair(late[0], 13), ::testing::Pair(late[1], 13),
                                     ::testing::Pair(communes_[0], 2)));

  // A commune is not the unit the reports go via.
  request.clear_page_token();
  EXPECT_EQ(reporting()
                .ListOverdueReports(WithToken(Reporter(communes_[1])).get(), request, &page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportingSubmissionsTest, AReportSentInOneStepShowsAtOnceOnAnotherReplica) {
  // Two replicas over one database: the second has read the period's roll-up already.
  ReportingServer other(reporting_db_->options(), absl::StrCat("127.0.0.1:", replica_->port()),
                        clock_);
  rv1::GetRollupRequest request;
  request.set_obligation_id(obligation_.id());
  request.set_period_key("2026");
  request.set_organization_id(province_);
  request.add_indicator_codes("TT.SO_BUOI");
  rv1::Rollup before;
  ASSERT_TRUE(other.stub().GetRollup(WithToken(Reviewer(police_)).get(), request, &before).ok());
  EXPECT_EQ(before.total().completeness().received(), 0);
  EXPECT_EQ(before.total().figures_size(), 0);

  // An app sends a report entered offline: created and submitted in one call; sending it again
  // after a lost answer returns the same report.
  rv1::CreateSubmissionRequest create;
  auto* s = create.mutable_submission();
  s->set_client_id("5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f405162");
  s->set_obligation_id(obligation_.id());
  s->set_period_key("2026");
  s->set_organization_id(communes_[0]);
  Fill(*s);
  create.set_submit(true);
  rv1::Submission sent, again;
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), create, &sent).ok());
  EXPECT_EQ(sent.state(), rv1::SUBMITTED);
  EXPECT_TRUE(sent.has_submit_time());
  // What the retries below may not move: the units' changes feeds and the period's changes.
  auto numbers = [&] {
    std::string out;
    EXPECT_TRUE(reporting_->pool()
                    .Run(absl::Now() + absl::Seconds(5),
                         [&](db::Connection& conn) {
                           std::unique_ptr<sql::ResultSet> rows(
                               conn.Prepare("SELECT 'feed', organization_id, seq FROM unit_feeds"
                                            " UNION ALL SELECT 'shard', shard, revision"
                                            " FROM period_revisions ORDER BY 1, 2")
                                   .executeQuery());
                           while (rows->next()) {
                             absl::StrAppend(&out, rows->getString(1).asStdString(),
                                             rows->getInt64(2), "=", rows->getInt64(3), " ");
                           }
                           return absl::OkStatus();
                         })
                    .ok());
    return out;
  };
  const std::string numbers_after_sending = numbers();
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), create, &again).ok());
  EXPECT_EQ(again.id(), sent.id());
  EXPECT_EQ(again.etag(), sent.etag());
  // Its retry is answered with it even when what it carries would now be refused (an app that
  // changed a figure meanwhile); the same client id for another of the unit's reports is taken,
  // and another unit guessing it is told nothing of it.
  rv1::CreateSubmissionRequest changed = create;
  changed.mutable_submission()->mutable_figures(0)->mutable_number()->set_value("-3");
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), changed, &again).ok());
  EXPECT_EQ(again.id(), sent.id());
  changed = create;
  changed.mutable_submission()->set_period_key("2025");
  const grpc::Status taken =
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), changed, &again);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(taken.error_details(), ::testing::HasSubstr("CLIENT_ID_TAKEN"));
  changed = create;
  changed.mutable_submission()->set_organization_id(communes_[2]);
  changed.mutable_submission()->set_obligation_id(obligation_.id() + 1000);
  const grpc::Status guessed =
      reporting().CreateSubmission(WithToken(Reporter(communes_[2])).get(), changed, &again);
  EXPECT_EQ(guessed.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(guessed.error_details(), ::testing::HasSubstr("UNKNOWN_OBLIGATION"));
  EXPECT_EQ(numbers(), numbers_after_sending) << "a retry or a taken client id wrote a change";

  // A draft started earlier under a client id is not taken for sent when sent again whole.
  rv1::Submission draft;
  ASSERT_TRUE(
      Create("5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f405164", communes_[2], Reporter(communes_[2]), &draft)
          .ok());
  rv1::CreateSubmissionRequest resend = create;
  resend.mutable_submission()->set_client_id("5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f405164");
  resend.mutable_submission()->set_organization_id(communes_[2]);
  rv1::Submission unsent;
  const grpc::Status not_sent =
      reporting().CreateSubmission(WithToken(Reporter(communes_[2])).get(), resend, &unsent);
  EXPECT_EQ(not_sent.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(not_sent.error_details(), ::testing::HasSubstr("REPORT_NOT_SENT"));

  // One missing required section refuses the whole: nothing is written.
  rv1::CreateSubmissionRequest incomplete = create;
  incomplete.mutable_submission()->set_client_id("5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f405163");
  incomplete.mutable_submission()->set_organization_id(communes_[1]);
  incomplete.mutable_submission()->clear_narrative();
  rv1::Submission refused;
  const grpc::Status status =
      reporting().CreateSubmission(WithToken(Reporter(communes_[1])).get(), incomplete, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_details(), ::testing::HasSubstr("INCOMPLETE"));

  rv1::AcceptSubmissionRequest accept;
  accept.set_id(sent.id());
  accept.set_etag(sent.etag());
  rv1::Submission accepted;
  ASSERT_TRUE(
      reporting().AcceptSubmission(WithToken(Reviewer(police_)).get(), accept, &accepted).ok());
  rv1::Rollup after;
  ASSERT_TRUE(other.stub().GetRollup(WithToken(Reviewer(police_)).get(), request, &after).ok());
  EXPECT_EQ(after.total().completeness().accepted(), 1);
  EXPECT_EQ(after.total().completeness().missing(), 2);  // Xã Lạc Dương wrote nothing
  ASSERT_EQ(after.total().figures_size(), 1);
  EXPECT_EQ(after.total().figures(0).value().value(), "12");

  // Completeness alone reads no figures.
  request.set_view(rv1::ROLLUP_VIEW_COMPLETENESS);
  rv1::Rollup counted;
  ASSERT_TRUE(other.stub().GetRollup(WithToken(Reviewer(police_)).get(), request, &counted).ok());
  EXPECT_EQ(counted.total().completeness().accepted(), 1);
  EXPECT_EQ(counted.total().figures_size(), 0);
  for (const auto& row : counted.rows()) EXPECT_EQ(row.figures_size(), 0);

  // Another unit sending a report under the same client id makes its own.
  rv1::CreateSubmissionRequest own = create;
  own.mutable_submission()->set_organization_id(communes_[1]);
  rv1::Submission theirs;
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[1])).get(), own, &theirs).ok());
  EXPECT_NE(theirs.id(), sent.id());
  EXPECT_EQ(theirs.organization_id(), communes_[1]);
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), create, &again).ok());
  EXPECT_EQ(again.id(), sent.id()) << "a retry found another unit's report";
}

TEST_F(ReportingSubmissionsTest, AUnitSeesWhatItOwesAndWhatChangedSinceItLastAsked) {
  auto due_list = [&] {
    rv1::ListDueReportsRequest request;
    request.set_organization_id(commune_);
    rv1::ListDueReportsResponse response;
    const grpc::Status status =
        reporting().ListDueReports(WithToken(reporter_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  auto changes = [&](const std::string& token) {
    rv1::ListReportChangesRequest request;
    request.set_organization_id(commune_);
    request.set_page_token(token);
    request.set_page_size(1);
    rv1::ListReportChangesResponse response;
    const grpc::Status status =
        reporting().ListReportChanges(WithToken(reporter_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.next_page_token().empty());
    return response;
  };

  // 10/11/2026: the report of the movement's year 2026 is owed before 15/11, nothing started.
  rv1::ListDueReportsResponse due = due_list();
  ASSERT_EQ(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).period().key(), "2026");
  EXPECT_EQ(due.due_reports(0).state(), rv1::NOT_STARTED);
  EXPECT_EQ(due.due_reports(0).last_day_on_time().day(), 14);
  EXPECT_EQ(due.due_reports(0).days_overdue(), 0);
  rv1::ListReportChangesResponse feed = changes("");
  EXPECT_EQ(feed.changes_size(), 0);
  EXPECT_EQ(feed.due_reports_size(), 1);
  const std::string before_anything = feed.next_page_token();

  rv1::Submission draft, sent;
  ASSERT_TRUE(Create(kClientId, commune_, reporter_, &draft).ok());
  due = due_list();
  ASSERT_EQ(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).state(), rv1::IN_DRAFT);
  EXPECT_EQ(due.due_reports(0).submission_id(), draft.id());
  EXPECT_EQ(due.due_reports(0).etag(), draft.etag());

  // Sent, then returned on 20/11 with a correction due by 22/11; the app next looks on 25/11.
  Fill(draft);
  rv1::Submission filled;
  ASSERT_TRUE(Update(draft, &filled).ok());
  ASSERT_TRUE(Submit(filled, &sent).ok());
  EXPECT_EQ(due_list().due_reports_size(), 0);
  clock_.Set(VietnamTime(2026, 11, 20));
  rv1::ReturnSubmissionRequest give_back;
  give_back.set_id(sent.id());
  give_back.set_etag(sent.etag());
  give_back.set_reason("Bổ sung số buổi tuyên truyền ở các thôn");
  *give_back.mutable_correction_deadline() = D(2026, 11, 22);
  rv1::Submission returned;
  ASSERT_TRUE(
      reporting().ReturnSubmission(WithToken(Reviewer(police_)).get(), give_back, &returned).ok());
  // By then the movement's year 2027 has begun (15/11/2026), and its report is owed too, after
  // the overdue correction.
  clock_.Set(VietnamTime(2026, 11, 25));
  due = due_list();
  ASSERT_EQ(due.due_reports_size(), 2);
  EXPECT_EQ(due.due_reports(1).period().key(), "2027");
  EXPECT_EQ(due.due_reports(1).state(), rv1::NOT_STARTED);
  EXPECT_EQ(due.due_reports(1).days_overdue(), 0);
  EXPECT_EQ(due.due_reports(0).state(), rv1::RETURNED_FOR_CORRECTION);
  EXPECT_EQ(due.due_reports(0).return_reason(), "Bổ sung số buổi tuyên truyền ở các thôn");
  EXPECT_EQ(due.due_reports(0).last_day_on_time().day(), 22);
  EXPECT_EQ(due.due_reports(0).days_overdue(), 3);

  // From the first token: the report once, as it stands now (returned), in one-change pages.
  feed = changes(before_anything);
  ASSERT_EQ(feed.changes_size(), 1);
  EXPECT_EQ(feed.changes(0).id(), sent.id());
  EXPECT_EQ(feed.changes(0).state(), rv1::RETURNED);
  EXPECT_EQ(feed.changes(0).figures_size(), 0);
  EXPECT_FALSE(feed.more());
  const std::string after_return = feed.next_page_token();
  EXPECT_EQ(changes(after_return).changes_size(), 0);

  // Corrected and accepted: the next look shows it accepted, and nothing is owed any more.
  rv1::Submission corrected, accepted;
  ASSERT_TRUE(Submit(returned, &corrected).ok());
  ASSERT_TRUE(AcceptByPolice(corrected, &accepted).ok());
  feed = changes(after_return);
  ASSERT_EQ(feed.changes_size(), 1);
  EXPECT_EQ(feed.changes(0).state(), rv1::ACCEPTED);
  const std::string after_accept = feed.next_page_token();
  ASSERT_EQ(feed.due_reports_size(), 1);
  EXPECT_EQ(feed.due_reports(0).period().key(), "2027");

  // Reopened in March for a correction: owed again, but a correction is never judged late.
  clock_.Set(VietnamTime(2027, 3, 2));
  rv1::ReopenSubmissionRequest reopen;
  reopen.set_id(accepted.id());
  reopen.set_etag(accepted.etag());
  reopen.set_reason("Điều chỉnh số liệu sau kiểm tra");
  rv1::Submission reopened;
  ASSERT_TRUE(reporting().ReopenSubmission(WithToken(reporter_).get(), reopen, &reopened).ok());
  due = due_list();
  bool listed = false;
  for (const auto& d : due.due_reports()) {
    if (d.submission_id() != reopened.id()) continue;
    listed = true;
    EXPECT_EQ(d.state(), rv1::IN_DRAFT);
    EXPECT_FALSE(d.has_last_day_on_time());
    EXPECT_EQ(d.days_overdue(), 0);
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(changes(after_accept).changes(0).state(), rv1::DRAFT);

  // A token is the unit's own: with another unit it is refused.
  rv1::ListReportChangesRequest other;
  other.set_organization_id(communes_[0]);
  other.set_page_token(after_return);
  rv1::ListReportChangesResponse refused;
  const grpc::Status status =
      reporting().ListReportChanges(WithToken(Reporter(communes_[0])).get(), other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ReportingSubmissionsTest, TheConsolidatedReportDownloadsAsTheWorkbookOfficialsFile) {
  rv1::CreateSubmissionRequest create;
  auto* s = create.mutable_submission();
  s->set_client_id("7b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");
  s->set_obligation_id(obligation_.id());
  s->set_period_key("2026");
  s->set_organization_id(communes_[0]);
  Fill(*s);
  create.set_submit(true);
  rv1::Submission sent, accepted;
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[0])).get(), create, &sent).ok());
  ASSERT_TRUE(AcceptByPolice(sent, &accepted).ok());

  rv1::ExportRollupRequest request;
  request.set_obligation_id(obligation_.id());
  request.set_period_key("2026");
  request.set_organization_id(province_);
  rv1::ExportedFile file;
  const grpc::Status status =
      reporting().ExportRollup(WithToken(Reviewer(police_)).get(), request, &file);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(file.content_type(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(file.filename(), ::testing::EndsWith(".xlsx"));
  auto sheet = ReadXlsx(file.content());
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  auto text = [&](const std::string& at) {
    auto it = sheet->cells.find(at);
    return it == sheet->cells.end() ? std::string("(empty)") : it->second.value;
  };
  EXPECT_EQ(text("A2"), "Tỉnh Lâm Đồng");
  EXPECT_THAT(text("A6"), ::testing::StartsWith("Năm 2026 (từ ngày 15/11/2025"));
  // One row per commune or ward under the province, by id; the accepted report's 12 sessions.
  EXPECT_EQ(text("B10"), "Phường Xuân Hương - Đà Lạt");
  EXPECT_EQ(sheet->cells["C10"].type, "n");
  EXPECT_EQ(text("C10"), "12");
  EXPECT_EQ(text("B11"), "Xã Lạc Dương");
  EXPECT_EQ(text("C11"), "(empty)");
  EXPECT_EQ(text("B13"), "Tổng cộng");
  EXPECT_EQ(text("C13"), "12");
  EXPECT_EQ(text("A15"), "Đơn vị chưa báo cáo (2):");
  EXPECT_EQ(text("B16"), "Xã Lạc Dương");
  EXPECT_EQ(text("B17"), "Xã Đam Rông 1");

  // Another province's staff get nothing.
  rv1::ExportedFile none;
  EXPECT_EQ(reporting()
                .ExportRollup(WithToken(Designer(other_province_)).get(), request, &none)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportingSubmissionsTest, CongAnTinhStartsItsOwnReportFromTheReportsAddressedToIt) {
  // Two communes' reports of 2026, accepted by Công an tỉnh, which they go via.
  for (int k : {0, 1}) {
    rv1::CreateSubmissionRequest create;
    auto* s = create.mutable_submission();
    s->set_client_id(absl::StrCat("3c2b1a09-8f7e-4d6c-9b5a-00000000000", k));
    s->set_obligation_id(obligation_.id());
    s->set_period_key("2026");
    s->set_organization_id(communes_[k]);
    Fill(*s);
    create.set_submit(true);
    rv1::Submission sent, accepted;
    ASSERT_TRUE(
        reporting().CreateSubmission(WithToken(Reporter(communes_[k])).get(), create, &sent).ok());
    ASSERT_TRUE(AcceptByPolice(sent, &accepted).ok());
  }
  // Công an tỉnh reports to UBND tỉnh itself, on the same template and year.
  rv1::Obligation own = YearlyObligation(template_.id());
  own.set_display_name("Báo cáo của Công an tỉnh về kết quả Phong trào");
  own.mutable_reporters()->clear_kinds();
  own.mutable_reporters()->mutable_units()->add_organization_ids(police_);
  own.clear_via_organization_id();
  rv1::CreateObligationRequest add;
  *add.mutable_obligation() = own;
  rv1::Obligation police_obligation;
  ASSERT_TRUE(
      reporting().CreateObligation(WithToken(designer_).get(), add, &police_obligation).ok());

  rv1::CreateSubmissionRequest start;
  auto* mine = start.mutable_submission();
  mine->set_client_id("3c2b1a09-8f7e-4d6c-9b5a-0000000000aa");
  mine->set_obligation_id(police_obligation.id());
  mine->set_period_key("2026");
  mine->set_organization_id(police_);
  *mine->add_figures() = Number("TT.SO_BUOI", "3");  // its own count, kept
  start.add_consolidate_obligation_ids(obligation_.id());
  rv1::Submission draft;
  const grpc::Status status =
      reporting().CreateSubmission(WithToken(Reporter(police_)).get(), start, &draft);
  ASSERT_TRUE(status.ok()) << status.error_message() << status.error_details();
  std::map<std::string, std::string> figures;
  for (const auto& f : draft.figures()) {
    figures[absl::StrCat(f.indicator_code(), "/", f.category_code())] = f.number().value();
  }
  EXPECT_EQ(figures["TT.SO_BUOI/"], "3");
  EXPECT_EQ(figures["AN.DANG_KY/"], "10");  // 5 + 5
  EXPECT_EQ(figures["AN.DAT/"], "8");
  EXPECT_EQ(figures["VK.VAT_LIEU_NO/THUOC_NO"], "2.5");  // 1.250 + 1.250
  EXPECT_EQ(figures["VK.VAT_LIEU_NO/PHAO"], "0");
  EXPECT_EQ(figures.count("AN.TY_LE/"), 0u);    // a ratio is never entered
  EXPECT_EQ(figures.count("NH.TO_CHUC/"), 0u);  // yes or no does not add up into yes or no
  EXPECT_EQ(draft.state(), rv1::DRAFT);

  // A commune's reports are not addressed to a commune: it cannot consolidate them.
  rv1::CreateSubmissionRequest wrong = start;
  wrong.mutable_submission()->set_client_id("3c2b1a09-8f7e-4d6c-9b5a-0000000000bb");
  wrong.mutable_submission()->set_obligation_id(obligation_.id());
  wrong.mutable_submission()->set_organization_id(communes_[2]);
  rv1::Submission refused;
  const grpc::Status refusal =
      reporting().CreateSubmission(WithToken(Reporter(communes_[2])).get(), wrong, &refused);
  EXPECT_EQ(refusal.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refusal.error_details(), ::testing::HasSubstr("consolidate_obligation_ids[0]"));

  // A third commune's accepted figure, entered wrongly as 999999999999999, brings a sum to 10^15:
  // beyond what a figure may be, the consolidation names it rather than a figure never sent.
  rv1::CreateSubmissionRequest huge;
  rv1::Submission& big = *huge.mutable_submission();
  Fill(big);
  big.mutable_figures(1)->mutable_number()->set_value("999999999999999");  // AN.DANG_KY
  big.set_client_id("3c2b1a09-8f7e-4d6c-9b5a-0000000000cc");
  big.set_obligation_id(obligation_.id());
  big.set_period_key("2026");
  big.set_organization_id(communes_[2]);
  huge.set_submit(true);
  rv1::Submission sent, accepted;
  ASSERT_TRUE(
      reporting().CreateSubmission(WithToken(Reporter(communes_[2])).get(), huge, &sent).ok());
  ASSERT_TRUE(AcceptByPolice(sent, &accepted).ok());
  start.mutable_submission()->set_client_id("3c2b1a09-8f7e-4d6c-9b5a-0000000000dd");
  const grpc::Status beyond =
      reporting().CreateSubmission(WithToken(Reporter(police_)).get(), start, &refused);
  EXPECT_EQ(beyond.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(beyond.error_details(), HasSubstr("CONSOLIDATED_FIGURE_TOO_LARGE"));
  EXPECT_THAT(beyond.error_message(), HasSubstr("AN.DANG_KY"));
  EXPECT_THAT(beyond.error_details(), Not(HasSubstr("submission.figures")));
}

}  // namespace
}  // namespace thidua::testing
