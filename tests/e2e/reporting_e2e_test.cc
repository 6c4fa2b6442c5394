// Seed 003 end to end: Tuyên Quang's districts and departments report six-monthly to UBND tỉnh via
// Công an tỉnh in 2023 (before 10/6, the window to 14/6), on time, late, returned and missing;
// the roll-up of 2023 on the tree of 2023 (seven districts); Công an tỉnh consolidating; and the
// same figures today attributed to the merged province. The registry, plans and reporting
// binaries run as deploy/local/up runs them; reporting runs on a drill clock in June 2023.
#include <map>
#include <memory>
#include <set>

#include "tests/e2e/reporting_e2e_fixture.h"

namespace thidua::testing {
namespace {

class ReportingEndToEnd : public ReportingEndToEndFixture {
 protected:
  void SetUp() override {
    ReportingEndToEndFixture::SetUp();
    if (HasFatalFailure()) return;
    StartReporting("2023-06-05T09:00:00+07:00");
    ASSERT_NE(reporting_stub_, nullptr);
    // The seeds again, now with their reporting obligations (every create replays).
    const auto loader = EnterWithObligations({kRoot, kTuyenQuang});
    ASSERT_FALSE(HasFailure());
    six_months_ = loader->Obligation("tuyen-quang-6-thang");
    ASSERT_GT(six_months_, 0);
    province_ = loader->Org("tuyen-quang-2023");
    police_ = loader->Org("tuyen-quang-2023-cat");
    culture_ = loader->Org("tuyen-quang-2023-so-vhttdl");
    for (const char* d : {"tp-tuyen-quang", "lam-binh", "na-hang", "chiem-hoa", "ham-yen",
                          "yen-son", "son-duong"}) {
      districts_.push_back(loader->Org(absl::StrCat("tuyen-quang-2023-", d)));
    }
    regime_ = {six_months_, "2023-H1", "e2e00000-0000-4000-8000-", police_};
    LoadTemplate(six_months_);
  }

  std::string Reviewer() const { return ReviewerFor(regime_, "phong-tham-muu"); }

  // A whole report of 2023-H1 for `unit`, every row filled (a ratio's parts below their whole),
  // with `sessions` propaganda sessions (ANTQ.TT.BUOI).
  rpv1::Submission Report(int64_t unit, int sessions) {
    return MakeReport(regime_, unit, [&](const rpv1::Indicator& i, const std::string&) {
      return i.code() == "ANTQ.TT.BUOI"   ? absl::StrCat(sessions)
             : parts_.contains(i.code())  ? "1"
             : wholes_.contains(i.code()) ? "10"
                                          : "2";
    });
  }

  rpv1::Submission Send(int64_t unit, int sessions) { return SendReport(Report(unit, sessions)); }

  rpv1::Submission Accept(const rpv1::Submission& s) { return AcceptReport(s, Reviewer()); }

  rpv1::Rollup Rollup(int64_t root, bool attribute, const std::string& token) {
    rpv1::GetRollupRequest request = RollupRequest(regime_, root);
    request.add_indicator_codes("ANTQ.TT.BUOI");
    request.set_attribute_to_successors(attribute);
    return GetRollup(request, token);
  }

  ReportRegime regime_;
  int64_t six_months_ = 0, province_ = 0, police_ = 0, culture_ = 0;
  std::vector<int64_t> districts_;  // TP Tuyên Quang, Lâm Bình, Na Hang, Chiêm Hóa, Hàm Yên,
                                    // Yên Sơn, Sơn Dương
};

TEST_F(ReportingEndToEnd, TuyenQuang2023ReportsOnTimeLateReturnedAndMissingRollUpThenAndToday) {
  // 5 June 2023: four districts and the culture department report; Công an tỉnh (Phòng Tham
  // mưu) accepts them but returns Chiêm Hóa's.
  std::map<int64_t, rpv1::Submission> sent;
  for (int k = 0; k < 4; ++k) sent[districts_[k]] = Send(districts_[k], 10 * (k + 1));
  sent[culture_] = Send(culture_, 5);
  for (int64_t unit : {districts_[0], districts_[1], districts_[2], culture_}) {
    EXPECT_EQ(Accept(sent[unit]).state(), rpv1::ACCEPTED);
  }
  rpv1::ReturnSubmissionRequest give_back;
  give_back.set_id(sent[districts_[3]].id());
  give_back.set_etag(sent[districts_[3]].etag());
  give_back.set_reason("Bổ sung số liệu tuyên truyền ở các xã vùng cao.");
  rpv1::Submission returned;
  ASSERT_TRUE(
      reporting_stub_->ReturnSubmission(WithToken(Reviewer()).get(), give_back, &returned).ok());

  // 20 June 2023, after the deadline (before 10/6): Hàm Yên reports late, Chiêm Hóa sends its
  // correction, both accepted; Yên Sơn and Sơn Dương never report.
  StartReporting("2023-06-20T09:00:00+07:00");
  ASSERT_NE(reporting_stub_, nullptr);
  const rpv1::Submission late = Send(districts_[4], 50);
  EXPECT_EQ(late.days_late(), 11);
  Accept(late);
  rpv1::SubmitSubmissionRequest again;
  again.set_id(returned.id());
  again.set_etag(returned.etag());
  rpv1::Submission corrected;
  ASSERT_TRUE(reporting_stub_
                  ->SubmitSubmission(WithToken(ReporterOf(districts_[3])).get(), again, &corrected)
                  .ok());
  EXPECT_EQ(corrected.days_late(), 0);  // first sent on time
  Accept(corrected);

  // The roll-up of 2023 on the tree of 2023: the seven districts and the departments, boards and
  // forces the province managed directly (those the seed creates).
  const int agencies = 10;
  const rpv1::Rollup then = Rollup(province_, false, Reviewer());
  EXPECT_EQ(then.tree_as_of().year(), 2023);
  EXPECT_EQ(then.total().completeness().expected(), 7 + agencies);
  EXPECT_EQ(then.total().completeness().accepted(), 6);
  EXPECT_EQ(then.total().completeness().late(), 1);
  EXPECT_THAT(then.total().completeness().late_organization_ids(),
              ::testing::ElementsAre(districts_[4]));
  EXPECT_EQ(then.total().completeness().missing(), 7 + agencies - 6);
  EXPECT_THAT(then.total().completeness().missing_organization_ids(),
              ::testing::IsSupersetOf({districts_[5], districts_[6], police_}));
  ASSERT_EQ(then.total().figures_size(), 1);
  EXPECT_EQ(then.total().figures(0).value().value(), "155");
  std::set<int64_t> rows;
  for (const auto& row : then.rows()) rows.insert(row.organization_id());
  for (int64_t d : districts_) EXPECT_TRUE(rows.contains(d)) << d;

  // Công an tỉnh consolidates for UBND tỉnh: its own report starts from the accepted sums.
  rpv1::CreateSubmissionRequest own;
  own.mutable_submission()->set_client_id("e2e00000-0000-4000-8000-00000000ca01");
  own.mutable_submission()->set_obligation_id(six_months_);
  own.mutable_submission()->set_period_key("2023-H1");
  own.mutable_submission()->set_organization_id(police_);
  own.add_consolidate_obligation_ids(six_months_);
  rpv1::Submission draft;
  const grpc::Status started =
      reporting_stub_->CreateSubmission(WithToken(ReporterOf(police_)).get(), own, &draft);
  ASSERT_TRUE(started.ok()) << started.error_message();
  std::string sessions;
  for (const auto& f : draft.figures()) {
    if (f.indicator_code() == "ANTQ.TT.BUOI") sessions = f.number().value();
  }
  EXPECT_EQ(sessions, "155");

  // Today, on the real calendar: the same figures under the province Tuyên Quang merged with Hà
  // Giang in 2025; the districts, dissolved into several communes, and the departments, ended
  // with no successor recorded, count under the province itself.
  StartReporting("");
  ASSERT_NE(reporting_stub_, nullptr);
  rv1::ResolveSuccessorsRequest resolve;
  resolve.set_organization_id(province_);
  rv1::ResolveSuccessorsResponse carriers;
  ASSERT_TRUE(
      registry_stub_->ResolveSuccessors(WithToken(Reader()).get(), resolve, &carriers).ok());
  ASSERT_EQ(carriers.organizations_size(), 1);
  const int64_t today = carriers.organizations(0).organization().id();
  const std::string staff = TestTokens::Get().Token(today, {}, "ubnd-tuyen-quang");
  const rpv1::Rollup now = Rollup(today, true, staff);
  EXPECT_TRUE(now.attributed_to_successors());
  EXPECT_EQ(now.total().completeness().expected(), 7 + agencies);
  EXPECT_EQ(now.total().completeness().accepted(), 6);
  ASSERT_EQ(now.total().figures_size(), 1);
  EXPECT_EQ(now.total().figures(0).value().value(), "155");
  EXPECT_THAT(now.unattributed_organization_ids(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace thidua::testing
