// Seed 003 end to end: Tuyên Quang's districts and departments report six-monthly to UBND tỉnh via
// Công an tỉnh in 2023 (before 10/6, the window to 14/6), on time, late, returned and missing;
// the roll-up of 2023 on the tree of 2023 (seven districts); Công an tỉnh consolidating; and the
// same figures today attributed to the merged province. The registry, plans and reporting
// binaries run as deploy/local/up runs them; reporting runs on a drill clock in June 2023.
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_format.h"
#include "tests/e2e/plans_e2e_fixture.h"

namespace thidua::testing {
namespace {

namespace rpv1 = reporting::v1;

class ReportingEndToEnd : public PlansEndToEnd {
 protected:
  void SetUp() override {
    PlansEndToEnd::SetUp();
    if (HasFatalFailure()) return;
    reporting_db_ = TestDatabase::Create();
    ASSERT_NE(reporting_db_, nullptr);
    StartReporting("2023-06-05T09:00:00+07:00");
    ASSERT_NE(reporting_stub_, nullptr);
    // The seeds again, now with their reporting obligations (every create replays).
    SeedLoader loader({registry_stub_, plans_stub_, Designer(), reporting_stub_.get()});
    for (const char* file : {kRoot, kTuyenQuang}) {
      auto entered = loader.Enter(SeedPath(file));
      ASSERT_TRUE(entered.ok()) << entered.status();
    }
    six_months_ = loader.Obligation("tuyen-quang-6-thang");
    ASSERT_GT(six_months_, 0);
    province_ = loader.Org("tuyen-quang-2023");
    police_ = loader.Org("tuyen-quang-2023-cat");
    culture_ = loader.Org("tuyen-quang-2023-so-vhttdl");
    for (const char* d : {"tp-tuyen-quang", "lam-binh", "na-hang", "chiem-hoa", "ham-yen",
                          "yen-son", "son-duong"}) {
      districts_.push_back(loader.Org(absl::StrCat("tuyen-quang-2023-", d)));
    }
    LoadTemplate();
  }

  void TearDown() override {
    StopReporting();
    PlansEndToEnd::TearDown();
  }

  // (Re)starts the reporting binary over its database, its calendar starting at `drill_time`
  // (RFC 3339; empty: the real time).
  void StartReporting(const std::string& drill_time) {
    StopReporting();
    std::vector<std::string> flags = {"--db_socket=" + TestDatabase::Socket(),
                                      "--db_user=root",
                                      "--db_name=" + reporting_db_->name(),
                                      "--listen=127.0.0.1:0",
                                      "--metrics_listen=127.0.0.1:0",
                                      "--jwt_public_keys=" + TestTokens::Get().WritePublicKey(dir_),
                                      absl::StrCat("--registry=127.0.0.1:", registry_port_),
                                      absl::StrCat("--plans=127.0.0.1:", plans_port_)};
    if (!drill_time.empty()) flags.push_back("--drill_time=" + drill_time);
    // A log of its own per start, so the line waited for is this process's.
    reporting_ = std::make_unique<Process>(THIDUA_REPORTING_BINARY, flags,
                                           dir_ / absl::StrCat("reporting-", ++starts_, ".log"));
    const int port = PortOf(*reporting_, "reporting serving");
    ASSERT_GT(port, 0) << "the reporting service did not start";
    reporting_stub_.reset(Stub<rpv1::Reporting>(port));
  }

  void StopReporting() {
    reporting_stub_.reset();
    if (reporting_ != nullptr) EXPECT_EQ(reporting_->Terminate(), 0);
    reporting_.reset();
  }

  static std::string Designer() {
    return TestTokens::Get().Token(
        nation_, {"registry-admin", "plans-editor", "reporting-designer"}, "seed-loader");
  }
  static std::string ReporterOf(int64_t unit) {
    return TestTokens::Get().Token(unit, {"reporting-reporter"}, absl::StrCat("can-bo-", unit));
  }
  std::string Reviewer() const {
    return TestTokens::Get().Token(police_, {"reporting-reviewer"}, "phong-tham-muu");
  }

  void LoadTemplate() {
    rpv1::GetObligationRequest get;
    get.set_id(six_months_);
    rpv1::Obligation obligation;
    ASSERT_TRUE(reporting_stub_->GetObligation(WithToken(Designer()).get(), get, &obligation).ok());
    rpv1::GetTemplateRequest t;
    t.set_id(obligation.template_id());
    ASSERT_TRUE(reporting_stub_->GetTemplate(WithToken(Designer()).get(), t, &template_).ok());
    rpv1::ListIndicatorsRequest list;
    list.set_page_size(1000);
    rpv1::ListIndicatorsResponse indicators;
    ASSERT_TRUE(
        reporting_stub_->ListIndicators(WithToken(Designer()).get(), list, &indicators).ok());
    for (const auto& i : indicators.indicators()) indicators_[i.code()] = i;
  }

  // A whole report of 2023-H1 for `unit`, every row filled (a ratio's parts below their whole),
  // with `sessions` propaganda sessions (ANTQ.TT.BUOI).
  rpv1::Submission Report(int64_t unit, int sessions) {
    std::set<std::string> parts, wholes;
    for (const auto& [code, i] : indicators_) {
      if (i.value_type() != rpv1::RATIO) continue;
      parts.insert(i.numerator_code());
      wholes.insert(i.denominator_code());
    }
    rpv1::Submission s;
    s.set_client_id(absl::StrFormat("e2e00000-0000-4000-8000-%012d", unit));
    s.set_obligation_id(six_months_);
    s.set_period_key("2023-H1");
    s.set_organization_id(unit);
    for (const auto& row : template_.rows()) {
      const auto& i = indicators_.at(row.indicator_code());
      if (i.value_type() == rpv1::RATIO) continue;
      std::vector<std::string> categories = {""};
      if (!i.categories().empty()) categories.clear();
      for (const auto& c : i.categories()) categories.push_back(c.code());
      for (const std::string& category : categories) {
        auto* f = s.add_figures();
        f->set_indicator_code(i.code());
        f->set_category_code(category);
        switch (i.value_type()) {
          case rpv1::YES_NO:
            f->set_yes(true);
            break;
          case rpv1::TEXT:
            f->set_text("Số liệu thử nghiệm.");
            break;
          case rpv1::PERCENT:
            f->mutable_number()->set_value("50");
            break;
          default:
            f->mutable_number()->set_value(i.code() == "ANTQ.TT.BUOI"  ? absl::StrCat(sessions)
                                           : parts.contains(i.code())  ? "1"
                                           : wholes.contains(i.code()) ? "10"
                                                                       : "2");
        }
      }
    }
    for (const auto& section : template_.sections()) {
      auto* n = s.add_narrative();
      n->set_section_code(section.code());
      n->set_text("Số liệu thử nghiệm của bài kiểm thử đầu cuối.");
    }
    return s;
  }

  rpv1::Submission Send(int64_t unit, int sessions) {
    rpv1::CreateSubmissionRequest request;
    *request.mutable_submission() = Report(unit, sessions);
    request.set_submit(true);
    rpv1::Submission sent;
    const grpc::Status status =
        reporting_stub_->CreateSubmission(WithToken(ReporterOf(unit)).get(), request, &sent);
    EXPECT_TRUE(status.ok()) << unit << ": " << status.error_message();
    return sent;
  }

  rpv1::Submission Accept(const rpv1::Submission& s) {
    rpv1::AcceptSubmissionRequest request;
    request.set_id(s.id());
    request.set_etag(s.etag());
    rpv1::Submission out;
    const grpc::Status status =
        reporting_stub_->AcceptSubmission(WithToken(Reviewer()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  rpv1::Rollup Rollup(int64_t root, bool attribute, const std::string& token) {
    rpv1::GetRollupRequest request;
    request.set_obligation_id(six_months_);
    request.set_period_key("2023-H1");
    request.set_organization_id(root);
    request.add_indicator_codes("ANTQ.TT.BUOI");
    request.set_attribute_to_successors(attribute);
    rpv1::Rollup rollup;
    const grpc::Status status =
        reporting_stub_->GetRollup(WithToken(token).get(), request, &rollup);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return rollup;
  }

  std::unique_ptr<TestDatabase> reporting_db_;
  std::unique_ptr<Process> reporting_;
  int starts_ = 0;
  std::unique_ptr<rpv1::Reporting::Stub> reporting_stub_;
  int64_t six_months_ = 0, province_ = 0, police_ = 0, culture_ = 0;
  std::vector<int64_t> districts_;  // TP Tuyên Quang, Lâm Bình, Na Hang, Chiêm Hóa, Hàm Yên,
                                    // Yên Sơn, Sơn Dương
  rpv1::Template template_;
  std::map<std::string, rpv1::Indicator> indicators_;
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
