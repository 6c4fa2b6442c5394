// Seed 001 end to end: Lâm Đồng's yearly report of the movement's year 2026 (15/11/2025 →
// 14/11/2026), "trước ngày 15/11" to Công an tỉnh via Phòng Tham mưu, which consolidates for UBND
// tỉnh. Its 124 communes, wards and special zone report on time, late, returned and corrected, left
// waiting, or not at all; so do the agencies, enterprises and schools the province manages (the
// second obligation). The roll-ups, due lists, Công an tỉnh's consolidated report, the workbook
// and who may read what are checked against what the test sent. Reporting runs on a drill clock:
// 10/11/2026, then 20/11/2026, after the deadline.
#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "tests/e2e/reporting_e2e_fixture.h"
#include "tests/support/xlsx_cells.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

// The whole number a report gives an indicator (and category); 0 when it gives none.
int64_t NumberIn(const rpv1::Submission& s, const std::string& code,
                 const std::string& category = "") {
  for (const auto& f : s.figures()) {
    if (f.indicator_code() != code || f.category_code() != category) continue;
    int64_t n = 0;
    EXPECT_TRUE(absl::SimpleAtoi(f.number().value(), &n)) << code << ": " << f.number().value();
    return n;
  }
  return 0;
}

// Σ numerators ÷ Σ denominators as a percentage to 2 decimals, half up, written as the service
// writes decimals (no trailing zeros): what a RATIO_OF_SUMS figure must be.
std::string Percent(int64_t numerator, int64_t denominator) {
  const int64_t hundredths = (20000 * numerator + denominator) / (2 * denominator);
  std::string out = absl::StrCat(hundredths / 100);
  const int64_t cents = hundredths % 100;
  if (cents == 0) return out;
  return cents % 10 == 0 ? absl::StrCat(out, ".", cents / 10)
                         : absl::StrFormat("%s.%02d", out, cents);
}

// A rolled figure's value, or "(none)".
std::string FigureOf(const rpv1::RollupRow& row, const std::string& code,
                     const std::string& category = "") {
  for (const auto& f : row.figures()) {
    if (f.indicator_code() == code && f.category_code() == category) return f.value().value();
  }
  return "(none)";
}

bool YesIn(const rpv1::Submission& s, const std::string& code) {
  for (const auto& f : s.figures()) {
    if (f.indicator_code() == code) return f.yes();
  }
  return false;
}

int FigureUnits(const rpv1::RollupRow& row, const std::string& code) {
  for (const auto& f : row.figures()) {
    if (f.indicator_code() == code && f.category_code().empty()) return f.units();
  }
  return -1;
}

const rpv1::RollupRow* RowFor(const rpv1::Rollup& rollup, int64_t unit) {
  for (const auto& row : rollup.rows()) {
    if (row.organization_id() == unit) return &row;
  }
  return nullptr;
}

// Runs `work(k)` for each k on four client threads, as officials send at once on the last days.
template <typename Work>
void OnThreads(const std::vector<size_t>& ks, Work work) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < ks.size();) work(ks[i]);
    });
  }
  for (auto& t : threads) t.join();
}

class LamDongReportingEndToEnd : public ReportingEndToEndFixture {
 protected:
  void SetUp() override {
    ReportingEndToEndFixture::SetUp();
    if (HasFatalFailure()) return;
    StartReporting("2026-11-10T09:00:00+07:00");
    ASSERT_NE(reporting_stub_, nullptr);
    const auto loader = EnterWithObligations({kRoot, kLamDong});
    ASSERT_FALSE(HasFailure());
    province_ = loader->Org("lam-dong");
    police_ = loader->Org("lam-dong-cat");
    office_ = loader->Org("lam-dong-cat-phong-tham-muu");
    for (const char* key : {"so-noi-vu", "so-vhttdl", "ban-tuyen-giao-dan-van", "so-gddt",
                            "thpt-chuyen-thang-long", "cd-da-lat", "xskt"}) {
      agencies_[key] = loader->Org(absl::StrCat("lam-dong-", key));
      ASSERT_GT(agencies_[key], 0) << key;
    }
    lac_duong_school_ = loader->Org("lam-dong-th-lac-duong");
    front_ = loader->Org("lam-dong-ubmttq");
    communes_regime_ = {loader->Obligation("lam-dong-xa-nam"), "2026", "1a000000-0000-4000-8000-",
                        office_};
    agencies_regime_ = {loader->Obligation("lam-dong-co-quan-nam"), "2026",
                        "1b000000-0000-4000-8000-", office_};
    ASSERT_GT(communes_regime_.obligation, 0);
    ASSERT_GT(agencies_regime_.obligation, 0);
    LoadTemplate(communes_regime_.obligation);

    // The communes, wards and special zone on the period's last day, by id (the roll-up's order).
    rv1::ListOrganizationsRequest list;
    list.set_ancestor_id(province_);
    for (auto k : {rv1::COMMUNE, rv1::WARD, rv1::SPECIAL_ZONE}) list.add_kinds(k);
    *list.mutable_as_of() = D(2026, 11, 14);
    list.set_page_size(1000);
    rv1::ListOrganizationsResponse found;
    ASSERT_TRUE(registry_stub_->ListOrganizations(WithToken(Reader()).get(), list, &found).ok());
    for (const auto& o : found.organizations()) communes_.push_back(o);
    std::sort(communes_.begin(), communes_.end(),
              [](const auto& a, const auto& b) { return a.id() < b.id(); });
  }

  std::string Office() const { return ReviewerFor(communes_regime_, "phong-tham-muu"); }

  // Made-up figures, the same every run for a unit: a ratio's part below its whole, yes for two
  // units in three.
  Numbers NumbersOf(int64_t unit) const {
    return [this, unit](const rpv1::Indicator& i, const std::string&) -> std::string {
      if (i.code() == "ANTQ.TT.BUOI") return absl::StrCat(3 + unit % 17);
      if (parts_.contains(i.code())) return absl::StrCat(unit % 7);
      if (wholes_.contains(i.code())) return absl::StrCat(7 + unit % 11);
      if (i.value_type() == rpv1::YES_NO) return unit % 3 == 0 ? "0" : "1";
      return absl::StrCat(1 + unit % 5);
    };
  }

  rpv1::ListDueReportsResponse DueOf(int64_t unit) {
    rpv1::ListDueReportsRequest request;
    request.set_organization_id(unit);
    rpv1::ListDueReportsResponse response;
    const grpc::Status status =
        reporting_stub_->ListDueReports(WithToken(ReporterOf(unit)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::StatusCode ReadSubmission(int64_t id, const std::string& token) {
    rpv1::GetSubmissionRequest request;
    request.set_id(id);
    rpv1::Submission out;
    return reporting_stub_->GetSubmission(WithToken(token).get(), request, &out).error_code();
  }

  int64_t province_ = 0, police_ = 0, office_ = 0, lac_duong_school_ = 0;
  int64_t front_ = 0;  // Ủy ban MTTQ tỉnh: asked to mobilise its members, owes no report
  std::map<std::string, int64_t> agencies_;  // by the seed's key, without "lam-dong-"
  ReportRegime communes_regime_, agencies_regime_;
  std::vector<rv1::Organization> communes_;
};

TEST_F(LamDongReportingEndToEnd, Year2026ReportsOnTimeLateReturnedAndMissingConsolidatedByCAT) {
  const ReportRegime& communes = communes_regime_;
  const ReportRegime& agencies = agencies_regime_;

  // Who owes the report, as the service resolves the obligations before anything is sent: all
  // 124 communes, wards and special zone of the official 2025 list (Công văn 1027/CTK-CSCL:
  // 103 communes, 20 wards, Đặc khu Phú Quý), and the 7 units the seed adds that the province
  // manages and are of the second obligation's kinds (three departments, the Party's board, the
  // college, the lottery company, and the high school through Sở Giáo dục và Đào tạo); not
  // Trường Tiểu học Lạc Dương, which Xã Lạc Dương manages, nor the Fatherland Front, which the
  // plan asks to mobilise its members (VI.2) but does not direct to report (IV.6).
  const std::set<std::string> official = OfficialUnitsOf("68");
  ASSERT_EQ(official.size(), 124u);
  ASSERT_EQ(communes_.size(), 124u);
  std::set<std::string> codes;
  std::vector<int64_t> commune_ids;
  std::map<rv1::OrganizationKind, int> kinds;
  for (const auto& c : communes_) {
    codes.insert(AdminCode(c));
    commune_ids.push_back(c.id());
    ++kinds[c.kind()];
    if (c.kind() == rv1::SPECIAL_ZONE) {
      EXPECT_EQ(c.display_name(), "Đặc khu Phú Quý");
    }
  }
  EXPECT_EQ(codes, official);
  EXPECT_EQ(kinds[rv1::COMMUNE], 103);
  EXPECT_EQ(kinds[rv1::WARD], 20);
  EXPECT_EQ(kinds[rv1::SPECIAL_ZONE], 1);
  rpv1::GetRollupRequest who = RollupRequest(communes, province_);
  who.set_view(rpv1::ROLLUP_VIEW_COMPLETENESS);
  rpv1::Rollup before = GetRollup(who, Office());
  EXPECT_EQ(before.total().completeness().expected(), 124);
  EXPECT_THAT(before.total().completeness().missing_organization_ids(),
              UnorderedElementsAreArray(commune_ids));
  std::vector<int64_t> agency_ids;
  for (const auto& [key, id] : agencies_) agency_ids.push_back(id);
  who = RollupRequest(agencies, province_);
  who.set_view(rpv1::ROLLUP_VIEW_COMPLETENESS);
  before = GetRollup(who, Office());
  EXPECT_EQ(before.total().completeness().expected(), 7);
  EXPECT_THAT(before.total().completeness().missing_organization_ids(),
              UnorderedElementsAreArray(agency_ids));
  // The Lạc Dương primary school and the Fatherland Front do not owe it: they cannot even start
  // one.
  for (int64_t unit : {lac_duong_school_, front_}) {
    rpv1::CreateSubmissionRequest request;
    *request.mutable_submission() = MakeReport(agencies, unit, NumbersOf(unit));
    rpv1::Submission none;
    const grpc::Status status =
        reporting_stub_->CreateSubmission(WithToken(ReporterOf(unit)).get(), request, &none);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << unit;
    EXPECT_EQ(DetailsOf(status).reason, "NOT_EXPECTED") << unit;
  }

  // The period as the API states it: the movement's year, "trước ngày 15/11", so the last day on
  // time is 14/11/2026 in Vietnam; open on 10/11.
  rpv1::ListPeriodsRequest periods;
  periods.set_obligation_id(communes.obligation);
  *periods.mutable_from() = D(2026, 11, 14);
  *periods.mutable_to() = D(2026, 11, 14);
  rpv1::ListPeriodsResponse listed;
  ASSERT_TRUE(reporting_stub_->ListPeriods(WithToken(Reader()).get(), periods, &listed).ok());
  ASSERT_EQ(listed.periods_size(), 1);
  const rpv1::Period& period = listed.periods(0);
  EXPECT_EQ(period.key(), "2026");
  EXPECT_EQ(absl::StrCat(period.window_first().day(), "/", period.window_first().month(), "/",
                         period.window_first().year()),
            "15/11/2025");
  EXPECT_EQ(period.deadline_text(), "trước ngày 15/11/2026");
  EXPECT_EQ(period.state(), rpv1::OPEN);
  const absl::CivilDay last_day_on_time(period.last_day_on_time().year(),
                                        period.last_day_on_time().month(),
                                        period.last_day_on_time().day());
  EXPECT_EQ(last_day_on_time, absl::CivilDay(2026, 11, 14));

  // 10/11/2026. By commune (k, in id order): every tenth from k = 9 sends nothing; every tenth
  // from k = 8 is sent and left waiting for review; k = 7 keeps a draft; k = 0 is returned and
  // corrected; the others are sent and accepted.
  const size_t n = communes_.size();
  auto missing_at_first = [](size_t k) { return k % 10 == 9; };
  auto waiting = [](size_t k) { return k % 10 == 8; };
  const size_t kReturned = 0, kDraft = 7, kLate1 = 9, kLate2 = 19, kNeverSends = 29;
  std::vector<size_t> sending;
  for (size_t k = 0; k < n; ++k) {
    if (!missing_at_first(k) && k != kDraft) sending.push_back(k);
  }
  std::vector<rpv1::Submission> report(n), sent(n);
  std::vector<std::string> reporter(n);
  for (size_t k = 0; k < n; ++k) {
    report[k] = MakeReport(communes, communes_[k].id(), NumbersOf(communes_[k].id()));
    reporter[k] = ReporterOf(communes_[k].id());
  }
  const std::string office = Office();
  OnThreads(sending, [&](size_t k) {
    sent[k] = SendReport(report[k], /*submit=*/true, reporter[k]);
    EXPECT_EQ(sent[k].state(), rpv1::SUBMITTED) << k;
    EXPECT_EQ(sent[k].days_late(), 0) << k;
    if (!waiting(k) && k != kReturned) {
      EXPECT_EQ(AcceptReport(sent[k], office).state(), rpv1::ACCEPTED) << k;
    }
  });
  const rpv1::Submission draft = SendReport(report[kDraft], /*submit=*/false);
  EXPECT_EQ(draft.state(), rpv1::DRAFT);

  // Phòng Tham mưu returns one; the commune sees it owed again, with the reason, corrects its
  // propaganda count and sends it again, still on time; it is accepted.
  const std::string reason = "Bổ sung số buổi tuyên truyền ở các thôn, tổ dân phố.";
  rpv1::ReturnSubmissionRequest give_back;
  give_back.set_id(sent[kReturned].id());
  give_back.set_etag(sent[kReturned].etag());
  give_back.set_reason(reason);
  rpv1::Submission returned;
  ASSERT_TRUE(
      reporting_stub_->ReturnSubmission(WithToken(Office()).get(), give_back, &returned).ok());
  rpv1::ListDueReportsResponse due = DueOf(communes_[kReturned].id());
  ASSERT_EQ(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).state(), rpv1::RETURNED_FOR_CORRECTION);
  EXPECT_EQ(due.due_reports(0).return_reason(), reason);
  EXPECT_EQ(due.due_reports(0).submission_id(), returned.id());
  const int64_t returned_unit = communes_[kReturned].id();
  for (auto& f : *report[kReturned].mutable_figures()) {
    if (f.indicator_code() == "ANTQ.TT.BUOI") {
      f.mutable_number()->set_value(
          absl::StrCat(NumberIn(report[kReturned], "ANTQ.TT.BUOI") + 100));
    }
  }
  rpv1::UpdateSubmissionRequest correct;
  *correct.mutable_submission() = report[kReturned];
  correct.mutable_submission()->set_id(returned.id());
  correct.mutable_submission()->set_etag(returned.etag());
  rpv1::Submission corrected;
  ASSERT_TRUE(
      reporting_stub_
          ->UpdateSubmission(WithToken(ReporterOf(returned_unit)).get(), correct, &corrected)
          .ok());
  rpv1::SubmitSubmissionRequest again;
  again.set_id(corrected.id());
  again.set_etag(corrected.etag());
  ASSERT_TRUE(reporting_stub_
                  ->SubmitSubmission(WithToken(ReporterOf(returned_unit)).get(), again, &corrected)
                  .ok());
  EXPECT_EQ(corrected.days_late(), 0);
  sent[kReturned] = AcceptReport(corrected, office);
  EXPECT_EQ(sent[kReturned].state(), rpv1::ACCEPTED);

  // Before the deadline a unit that sent nothing owes it, not yet overdue.
  due = DueOf(communes_[kNeverSends].id());
  ASSERT_EQ(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).period().key(), "2026");
  EXPECT_EQ(due.due_reports(0).state(), rpv1::NOT_STARTED);
  EXPECT_EQ(due.due_reports(0).days_overdue(), 0);

  // The agencies: five report on time and are accepted; Trường Cao đẳng Đà Lạt reports late;
  // the lottery company never does.
  std::map<std::string, rpv1::Submission> agency_report;  // what each sent, by key
  for (const char* key :
       {"so-noi-vu", "so-vhttdl", "ban-tuyen-giao-dan-van", "so-gddt", "thpt-chuyen-thang-long"}) {
    const int64_t unit = agencies_[key];
    agency_report[key] = MakeReport(agencies, unit, NumbersOf(unit));
    const rpv1::Submission s = SendReport(agency_report[key]);
    EXPECT_EQ(s.days_late(), 0) << key;
    EXPECT_EQ(AcceptReport(s, ReviewerFor(agencies, "phong-tham-muu")).state(), rpv1::ACCEPTED)
        << key;
  }

  // 20/11/2026, after the deadline: two communes and the college report late, 20 − 14 = 6 days,
  // and are accepted.
  StartReporting("2026-11-20T09:00:00+07:00");
  ASSERT_NE(reporting_stub_, nullptr);
  const int days_late = static_cast<int>(absl::CivilDay(2026, 11, 20) - last_day_on_time);
  for (size_t k : {kLate1, kLate2}) {
    sent[k] = SendReport(report[k]);
    EXPECT_EQ(sent[k].days_late(), days_late) << k;
    EXPECT_EQ(AcceptReport(sent[k], office).state(), rpv1::ACCEPTED) << k;
  }
  {
    const int64_t college = agencies_["cd-da-lat"];
    agency_report["cd-da-lat"] = MakeReport(agencies, college, NumbersOf(college));
    const rpv1::Submission s = SendReport(agency_report["cd-da-lat"]);
    EXPECT_EQ(s.days_late(), days_late);
    EXPECT_EQ(AcceptReport(s, ReviewerFor(agencies, "phong-tham-muu")).state(), rpv1::ACCEPTED);
  }
  EXPECT_EQ(days_late, 6);

  // What the test did, counted by itself.
  std::vector<int64_t> missing, late, waiting_ids;
  int64_t sessions = 0, sessions_with_waiting = 0, tips = 0, valuable_tips = 0, said_yes = 0;
  int accepted = 0;
  for (size_t k = 0; k < n; ++k) {
    const int64_t unit = communes_[k].id();
    if (k == kDraft || (missing_at_first(k) && k != kLate1 && k != kLate2)) {
      missing.push_back(unit);
      continue;
    }
    if (k == kLate1 || k == kLate2) late.push_back(unit);
    sessions_with_waiting += NumberIn(report[k], "ANTQ.TT.BUOI");
    if (waiting(k)) {
      waiting_ids.push_back(unit);
      continue;
    }
    ++accepted;
    sessions += NumberIn(report[k], "ANTQ.TT.BUOI");
    tips += NumberIn(report[k], "ANTQ.TG.TIN_BAO");
    valuable_tips += NumberIn(report[k], "ANTQ.TG.TIN_GIA_TRI");
    said_yes += YesIn(report[k], "ANTQ.NH.TO_CHUC") ? 1 : 0;
  }
  ASSERT_EQ(missing.size(), 11u);  // ten that sent nothing, one draft
  ASSERT_EQ(waiting_ids.size(), 12u);
  ASSERT_EQ(accepted, 101);

  // The province's roll-up, on the tree of 14/11/2026: one row per commune.
  rpv1::GetRollupRequest asked = RollupRequest(communes, province_);
  for (const char* code : {"ANTQ.TT.BUOI", "ANTQ.TG.TIN_BAO", "ANTQ.TG.TIN_GIA_TRI",
                           "ANTQ.TG.TY_LE_GIA_TRI", "ANTQ.NH.TO_CHUC"}) {
    asked.add_indicator_codes(code);
  }
  const std::string ubnd = TestTokens::Get().Token(province_, {}, "ubnd-tinh-lam-dong");
  const rpv1::Rollup rollup = GetRollup(asked, ubnd);
  EXPECT_EQ(rollup.tree_as_of().year(), 2026);
  EXPECT_EQ(rollup.tree_as_of().month(), 11);
  EXPECT_EQ(rollup.tree_as_of().day(), 14);
  EXPECT_FALSE(rollup.includes_submitted());
  const rpv1::Completeness& total = rollup.total().completeness();
  EXPECT_EQ(total.expected(), 124);
  EXPECT_EQ(total.received(), 113);  // 101 accepted, 12 waiting
  EXPECT_EQ(total.accepted(), 101);
  EXPECT_EQ(total.on_time(), 111);
  EXPECT_EQ(total.late(), 2);
  EXPECT_EQ(total.missing(), 11);
  EXPECT_THAT(total.missing_organization_ids(), UnorderedElementsAreArray(missing));
  EXPECT_THAT(total.late_organization_ids(), UnorderedElementsAreArray(late));
  EXPECT_EQ(FigureOf(rollup.total(), "ANTQ.TT.BUOI"), absl::StrCat(sessions));
  EXPECT_EQ(FigureUnits(rollup.total(), "ANTQ.TT.BUOI"), 101);
  EXPECT_EQ(FigureOf(rollup.total(), "ANTQ.TG.TIN_BAO"), absl::StrCat(tips));
  // A ratio of the sums, never an average of the communes' ratios.
  EXPECT_EQ(FigureOf(rollup.total(), "ANTQ.TG.TY_LE_GIA_TRI"), Percent(valuable_tips, tips));
  EXPECT_EQ(FigureOf(rollup.total(), "ANTQ.NH.TO_CHUC"), absl::StrCat(said_yes));
  ASSERT_EQ(rollup.rows_size(), 124);
  // The corrected figure counts, not the one returned.
  const rpv1::RollupRow* row = RowFor(rollup, returned_unit);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(FigureOf(*row, "ANTQ.TT.BUOI"),
            absl::StrCat(NumberIn(report[kReturned], "ANTQ.TT.BUOI")));
  EXPECT_EQ(FigureOf(*row, "ANTQ.TT.BUOI"),
            absl::StrCat(NumberIn(sent[kReturned], "ANTQ.TT.BUOI")));
  row = RowFor(rollup, communes_[kLate1].id());
  ASSERT_NE(row, nullptr);
  EXPECT_THAT(row->completeness().late_organization_ids(), ElementsAre(communes_[kLate1].id()));
  row = RowFor(rollup, communes_[kNeverSends].id());
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->completeness().missing(), 1);
  EXPECT_EQ(FigureOf(*row, "ANTQ.TT.BUOI"), "(none)");

  // With the reports waiting for review: the same completeness, their figures added.
  asked.set_include_submitted(true);
  const rpv1::Rollup with_waiting = GetRollup(asked, ubnd);
  EXPECT_TRUE(with_waiting.includes_submitted());
  EXPECT_EQ(with_waiting.total().completeness().received(), 113);
  EXPECT_EQ(with_waiting.total().completeness().missing(), 11);
  EXPECT_EQ(FigureOf(with_waiting.total(), "ANTQ.TT.BUOI"), absl::StrCat(sessions_with_waiting));
  EXPECT_EQ(FigureUnits(with_waiting.total(), "ANTQ.TT.BUOI"), 113);
  asked.set_include_submitted(false);

  // One level down: a commune's own roll-up is its report.
  const size_t kDrilled = 1;
  const rpv1::Rollup commune =
      GetRollup(RollupRequest(communes, communes_[kDrilled].id()), Office());
  EXPECT_EQ(commune.total().completeness().expected(), 1);
  EXPECT_EQ(commune.total().completeness().accepted(), 1);
  EXPECT_EQ(FigureOf(commune.total(), "ANTQ.TT.BUOI"),
            absl::StrCat(NumberIn(report[kDrilled], "ANTQ.TT.BUOI")));

  // The via unit's view of who is overdue (completeness only, no figure read), and its queue of
  // reports waiting for review.
  rpv1::GetRollupRequest overdue = RollupRequest(communes, province_);
  overdue.set_view(rpv1::ROLLUP_VIEW_COMPLETENESS);
  const rpv1::Rollup seen = GetRollup(overdue, Office());
  EXPECT_THAT(seen.total().completeness().missing_organization_ids(),
              UnorderedElementsAreArray(missing));
  EXPECT_THAT(seen.total().figures(), IsEmpty());
  rpv1::ListSubmissionsRequest queue;
  queue.set_addressed_to_organization_id(office_);
  queue.set_obligation_id(communes.obligation);
  queue.set_period_key("2026");
  queue.add_states(rpv1::SUBMITTED);
  queue.set_page_size(1000);
  rpv1::ListSubmissionsResponse queued;
  ASSERT_TRUE(reporting_stub_->ListSubmissions(WithToken(Office()).get(), queue, &queued).ok());
  std::vector<int64_t> queued_units;
  for (const auto& s : queued.submissions()) queued_units.push_back(s.organization_id());
  EXPECT_THAT(queued_units, UnorderedElementsAreArray(waiting_ids));

  // Due lists on 20/11: a commune that sent nothing owes 2026, six days overdue, and 2027, whose
  // year began on 15/11; the draft is owed as a draft; a late report accepted is no longer owed.
  due = DueOf(communes_[kNeverSends].id());
  ASSERT_EQ(due.due_reports_size(), 2);
  EXPECT_EQ(due.due_reports(0).obligation_id(), communes.obligation);
  EXPECT_EQ(due.due_reports(0).period().key(), "2026");
  EXPECT_EQ(due.due_reports(0).state(), rpv1::NOT_STARTED);
  EXPECT_EQ(due.due_reports(0).days_overdue(), days_late);
  EXPECT_EQ(due.due_reports(0).last_day_on_time().day(), 14);
  EXPECT_EQ(due.due_reports(1).period().key(), "2027");
  EXPECT_EQ(due.due_reports(1).days_overdue(), 0);
  due = DueOf(communes_[kDraft].id());
  ASSERT_GE(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).state(), rpv1::IN_DRAFT);
  EXPECT_EQ(due.due_reports(0).submission_id(), draft.id());
  EXPECT_EQ(due.due_reports(0).days_overdue(), days_late);
  due = DueOf(communes_[kLate1].id());
  ASSERT_EQ(due.due_reports_size(), 1);
  EXPECT_EQ(due.due_reports(0).period().key(), "2027");
  // The returned commune's app, catching up from its first token: its one report, accepted.
  {
    rpv1::ListReportChangesRequest request;
    request.set_organization_id(returned_unit);
    rpv1::ListReportChangesResponse feed;
    ASSERT_TRUE(reporting_stub_
                    ->ListReportChanges(WithToken(ReporterOf(returned_unit)).get(), request, &feed)
                    .ok());
    ASSERT_EQ(feed.changes_size(), 1);
    EXPECT_EQ(feed.changes(0).id(), returned.id());
    EXPECT_EQ(feed.changes(0).state(), rpv1::ACCEPTED);
    EXPECT_FALSE(feed.more());
  }

  // The agencies' roll-up: seven expected, six accepted, the college late, the company missing;
  // the high school counts in Sở Giáo dục và Đào tạo's row.
  rpv1::GetRollupRequest agencies_asked = RollupRequest(agencies, province_);
  agencies_asked.add_indicator_codes("ANTQ.TT.BUOI");
  const rpv1::Rollup provincial = GetRollup(agencies_asked, Office());
  int64_t agency_sessions = 0, agency_tips = 0;
  for (const auto& [key, s] : agency_report) {
    agency_sessions += NumberIn(s, "ANTQ.TT.BUOI");
    agency_tips += NumberIn(s, "ANTQ.TG.TIN_BAO");
  }
  ASSERT_EQ(agency_report.size(), 6u);
  EXPECT_EQ(provincial.total().completeness().expected(), 7);
  EXPECT_EQ(provincial.total().completeness().accepted(), 6);
  EXPECT_THAT(provincial.total().completeness().late_organization_ids(),
              ElementsAre(agencies_["cd-da-lat"]));
  EXPECT_THAT(provincial.total().completeness().missing_organization_ids(),
              ElementsAre(agencies_["xskt"]));
  EXPECT_EQ(FigureOf(provincial.total(), "ANTQ.TT.BUOI"), absl::StrCat(agency_sessions));
  EXPECT_EQ(provincial.rows_size(), 6);
  row = RowFor(provincial, agencies_["so-gddt"]);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->completeness().expected(), 2);
  EXPECT_EQ(FigureOf(*row, "ANTQ.TT.BUOI"),
            absl::StrCat(NumberIn(agency_report["so-gddt"], "ANTQ.TT.BUOI") +
                         NumberIn(agency_report["thpt-chuyen-thang-long"], "ANTQ.TT.BUOI")));

  // Công an tỉnh consolidates for UBND tỉnh. The seed enters the reports addressed to it; its own
  // report to UBND tỉnh, on the same template and year, is entered here.
  rpv1::CreateObligationRequest add;
  rpv1::Obligation* own = add.mutable_obligation();
  own->set_display_name("Báo cáo tổng hợp của Công an tỉnh về kết quả Phong trào thi đua hằng năm");
  own->set_issuer_organization_id(province_);
  own->set_template_id(template_.id());
  own->mutable_reporters()->mutable_units()->add_organization_ids(police_);
  own->set_recipient_organization_id(province_);
  own->mutable_period()->set_kind(rpv1::YEARLY);
  own->mutable_period()->set_window_start_day(15);
  own->mutable_period()->set_window_start_month(11);
  own->mutable_deadline()->mutable_day_of_month()->set_day(15);
  own->mutable_deadline()->set_before(true);
  own->set_first_year(2026);
  own->set_legal_basis("Kế hoạch của UBND tỉnh Lâm Đồng, mục VI.6");
  rpv1::Obligation police_obligation;
  ASSERT_TRUE(
      reporting_stub_->CreateObligation(WithToken(Designer()).get(), add, &police_obligation).ok());
  const ReportRegime consolidated = {police_obligation.id(), "2026", "1c000000-0000-4000-8000-",
                                     province_};
  rpv1::CreateSubmissionRequest start;
  rpv1::Submission* mine = start.mutable_submission();
  mine->set_client_id(absl::StrFormat("%s%012d", consolidated.client_id_prefix, police_));
  mine->set_obligation_id(consolidated.obligation);
  mine->set_period_key("2026");
  mine->set_organization_id(police_);
  for (const auto& section : template_.sections()) {
    auto* text = mine->add_narrative();
    text->set_section_code(section.code());
    text->set_text("Tổng hợp báo cáo của các xã, phường, đặc khu và các cơ quan, đơn vị.");
  }
  start.add_consolidate_obligation_ids(communes.obligation);
  start.add_consolidate_obligation_ids(agencies.obligation);
  rpv1::Submission cat_draft;
  const grpc::Status started =
      reporting_stub_->CreateSubmission(WithToken(ReporterOf(police_)).get(), start, &cat_draft);
  ASSERT_TRUE(started.ok()) << started.error_message();
  EXPECT_EQ(cat_draft.state(), rpv1::DRAFT);
  EXPECT_EQ(NumberIn(cat_draft, "ANTQ.TT.BUOI"), sessions + agency_sessions);
  EXPECT_EQ(NumberIn(cat_draft, "ANTQ.TG.TIN_BAO"), tips + agency_tips);
  for (const auto& f : cat_draft.figures()) {
    // Only sums are prefilled: a ratio is computed, a yes or no is no sum.
    EXPECT_NE(f.indicator_code(), "ANTQ.TG.TY_LE_GIA_TRI");
    EXPECT_NE(f.indicator_code(), "ANTQ.NH.TO_CHUC");
  }
  // It sees who has not reported to it.
  const rpv1::Rollup cat_view = GetRollup(overdue, ReporterOf(police_));
  EXPECT_THAT(cat_view.total().completeness().missing_organization_ids(),
              UnorderedElementsAreArray(missing));
  // It sends its report (late too), and UBND tỉnh accepts it: the province's own roll-up of that
  // obligation holds the consolidated figure.
  rpv1::SubmitSubmissionRequest send_own;
  send_own.set_id(cat_draft.id());
  send_own.set_etag(cat_draft.etag());
  rpv1::Submission cat_sent;
  const grpc::Status sent_own =
      reporting_stub_->SubmitSubmission(WithToken(ReporterOf(police_)).get(), send_own, &cat_sent);
  ASSERT_TRUE(sent_own.ok()) << sent_own.error_message();
  EXPECT_EQ(cat_sent.days_late(), days_late);
  EXPECT_EQ(AcceptReport(cat_sent, ReviewerFor(consolidated, "van-phong-ubnd-tinh")).state(),
            rpv1::ACCEPTED);
  rpv1::GetRollupRequest for_ubnd = RollupRequest(consolidated, province_);
  for_ubnd.add_indicator_codes("ANTQ.TT.BUOI");
  const rpv1::Rollup at_ubnd = GetRollup(for_ubnd, ubnd);
  EXPECT_EQ(at_ubnd.total().completeness().expected(), 1);
  EXPECT_EQ(at_ubnd.total().completeness().accepted(), 1);
  EXPECT_EQ(FigureOf(at_ubnd.total(), "ANTQ.TT.BUOI"), absl::StrCat(sessions + agency_sessions));

  // The province's roll-up as the workbook officials file, read by openpyxl: a row per commune
  // from row 10 in id order, the total, then the units that have not reported.
  rpv1::ExportRollupRequest export_request;
  export_request.set_obligation_id(communes.obligation);
  export_request.set_period_key("2026");
  export_request.set_organization_id(province_);
  rpv1::ExportedFile file;
  const grpc::Status exported =
      reporting_stub_->ExportRollup(WithToken(Office()).get(), export_request, &file);
  ASSERT_TRUE(exported.ok()) << exported.error_message();
  auto sheet = ReadXlsx(file.content());
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  auto cell = [&](const std::string& at) {
    auto it = sheet->cells.find(at);
    return it == sheet->cells.end() ? std::string("(empty)") : it->second.value;
  };
  // The columns by their heading (row 9): the first figure, the ratio, the status.
  std::map<std::string, std::string> column_of;
  for (const auto& [at, c] : sheet->cells) {
    const size_t digits = at.find_first_of("0123456789");
    if (at.substr(digits) == "9") column_of[c.value] = at.substr(0, digits);
  }
  const std::string sessions_column = column_of["Số buổi tuyên truyền, vận động quần chúng (buổi)"];
  const std::string ratio_column = column_of["Tỷ lệ tin báo, tố giác có giá trị (%)"];
  const std::string status_column = column_of["Tình hình báo cáo"];
  EXPECT_EQ(sessions_column, "C");
  ASSERT_FALSE(ratio_column.empty());
  ASSERT_FALSE(status_column.empty());
  const std::string total_row = absl::StrCat(10 + n);
  EXPECT_EQ(cell("B" + total_row), "Tổng cộng");
  EXPECT_EQ(cell(sessions_column + total_row), absl::StrCat(sessions));
  EXPECT_EQ(sheet->cells["C" + total_row].type, "n");
  EXPECT_EQ(cell(ratio_column + total_row), Percent(valuable_tips, tips));
  const std::string late_row = absl::StrCat(10 + kLate1);
  EXPECT_EQ(cell("B" + late_row), communes_[kLate1].display_name());
  EXPECT_EQ(cell(sessions_column + late_row),
            absl::StrCat(NumberIn(report[kLate1], "ANTQ.TT.BUOI")));
  EXPECT_EQ(cell(status_column + late_row), "Đã nhận 1/1, trễ hạn 1");
  const std::string silent_row = absl::StrCat(10 + kNeverSends);
  EXPECT_EQ(cell("B" + silent_row), communes_[kNeverSends].display_name());
  EXPECT_EQ(cell(sessions_column + silent_row), "(empty)");
  EXPECT_EQ(cell(status_column + silent_row), "Đã nhận 0/1");
  EXPECT_EQ(cell(absl::StrCat("A", 12 + n)), "Đơn vị chưa báo cáo (11):");
  std::set<std::string> listed_missing, expected_missing;
  for (size_t r = 13 + n; r < 13 + n + missing.size(); ++r) {
    listed_missing.insert(cell(absl::StrCat("B", r)));
  }
  for (size_t k = 0; k < n; ++k) {
    if (std::find(missing.begin(), missing.end(), communes_[k].id()) != missing.end()) {
      expected_missing.insert(communes_[k].display_name());
    }
  }
  EXPECT_EQ(listed_missing, expected_missing);
  EXPECT_TRUE(listed_missing.contains(communes_[kNeverSends].display_name()));

  // Who may read what. A commune of Tuyên Quang sees neither Lâm Đồng's roll-up nor a report of
  // one of its communes; a Lâm Đồng commune does not read its neighbour's report, nor the
  // province's roll-up; the commune itself and Phòng Tham mưu read it.
  rv1::ListOrganizationsRequest by_code;
  by_code.set_code_scheme(rv1::ADMIN_UNIT);
  by_code.set_code_value("08");
  *by_code.mutable_as_of() = D(2026, 11, 14);
  rv1::ListOrganizationsResponse tuyen_quang;
  ASSERT_TRUE(
      registry_stub_->ListOrganizations(WithToken(Reader()).get(), by_code, &tuyen_quang).ok());
  ASSERT_EQ(tuyen_quang.organizations_size(), 1);
  rv1::ListOrganizationsRequest one_commune;
  one_commune.set_ancestor_id(tuyen_quang.organizations(0).id());
  one_commune.add_kinds(rv1::COMMUNE);
  *one_commune.mutable_as_of() = D(2026, 11, 14);
  one_commune.set_page_size(1);
  rv1::ListOrganizationsResponse outsider;
  ASSERT_TRUE(
      registry_stub_->ListOrganizations(WithToken(Reader()).get(), one_commune, &outsider).ok());
  ASSERT_EQ(outsider.organizations_size(), 1);
  const std::string stranger = ReporterOf(outsider.organizations(0).id());
  rpv1::Rollup refused;
  EXPECT_EQ(reporting_stub_->GetRollup(WithToken(stranger).get(), asked, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  rpv1::ExportedFile no_file;
  EXPECT_EQ(reporting_stub_->ExportRollup(WithToken(stranger).get(), export_request, &no_file)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const int64_t neighbour_report = sent[kDrilled].id();
  EXPECT_EQ(ReadSubmission(neighbour_report, stranger), grpc::StatusCode::PERMISSION_DENIED);
  const std::string next_door = ReporterOf(communes_[kDrilled + 1].id());
  EXPECT_EQ(ReadSubmission(neighbour_report, next_door), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reporting_stub_->GetRollup(WithToken(next_door).get(), asked, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReadSubmission(neighbour_report, ReporterOf(communes_[kDrilled].id())),
            grpc::StatusCode::OK);
  EXPECT_EQ(ReadSubmission(neighbour_report, Office()), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace thidua::testing
