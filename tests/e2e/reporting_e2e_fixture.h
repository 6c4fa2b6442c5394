#pragma once

// The reporting binary beside the registry and plans ones (plans_e2e_fixture.h), as
// deploy/local/up runs it, its calendar on a drill clock (--drill_time), and what the seeds'
// reporting scenarios share: the tokens of designers, reporters and reviewers, the obligation's
// template and the catalogue, whole made-up reports, and the calls that send, review and roll
// them up. What is particular to a seed (its obligation, period, client ids and reviewer) is a
// ReportRegime.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/e2e/plans_e2e_fixture.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::testing {

namespace rpv1 = reporting::v1;

// One seed's reports: the obligation, the period reported on, and who reviews them.
struct ReportRegime {
  int64_t obligation = 0;
  std::string period_key;  // "2023-H1", "2026"
  // The first 24 characters of the reports' client ids (UUIDs); the unit's id on 12 digits ends
  // them, so a unit's report keeps its client id however often a test sends it.
  std::string client_id_prefix;
  // The unit the reports go via, or their recipient when they go via none: it accepts and
  // returns them.
  int64_t reviewer = 0;
};

class ReportingEndToEndFixture : public PlansEndToEnd {
 protected:
  // The number a made-up report gives a COUNT or AMOUNT row of the template (and category); a
  // YES_NO row says yes unless its number is "0".
  using Numbers =
      std::function<std::string(const rpv1::Indicator& indicator, const std::string& category)>;

  // The registry and plans as PlansEndToEnd starts them, and a database for reporting; the
  // seed's test starts reporting itself, with the drill time its scenario needs.
  void SetUp() override {
    PlansEndToEnd::SetUp();
    if (HasFatalFailure()) return;
    reporting_db_ = TestDatabase::Create();
    ASSERT_NE(reporting_db_, nullptr);
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
    if (reporting_ != nullptr) {
      EXPECT_EQ(reporting_->Terminate(), 0);
    }
    reporting_.reset();
  }

  // The national administrator that enters the seeds with their obligations.
  static std::string Designer() {
    return TestTokens::Get().Token(
        nation_, {"registry-admin", "plans-editor", "reporting-designer"}, "seed-loader");
  }
  static std::string ReporterOf(int64_t unit) {
    return TestTokens::Get().Token(unit, {"reporting-reporter"}, absl::StrCat("can-bo-", unit));
  }
  static std::string ReviewerOf(int64_t unit, const std::string& subject) {
    return TestTokens::Get().Token(unit, {"reporting-reviewer"}, subject);
  }

  // Enters seed files with their reporting obligations (every create replays what
  // PlansEndToEnd entered); the loader keeps the files' keys.
  std::unique_ptr<SeedLoader> EnterWithObligations(const std::vector<std::string>& files,
                                                   bool issue = true) {
    auto loader = std::make_unique<SeedLoader>(
        SeedLoader::Clients{registry_stub_, plans_stub_, Designer(), reporting_stub_.get()});
    for (const std::string& file : files) {
      auto entered = loader->Enter(SeedPath(file), issue);
      EXPECT_TRUE(entered.ok()) << file << ": " << entered.status();
    }
    return loader;
  }

  // The obligation's template (current version) and the whole catalogue, by code; `parts_` and
  // `wholes_` are the codes of the ratios' numerators and denominators.
  void LoadTemplate(int64_t obligation_id) {
    rpv1::GetObligationRequest get;
    get.set_id(obligation_id);
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
    for (const auto& i : indicators.indicators()) {
      indicators_[i.code()] = i;
      if (i.value_type() != rpv1::RATIO) continue;
      parts_.insert(i.numerator_code());
      wholes_.insert(i.denominator_code());
    }
  }

  // A whole report of the regime's period for `unit`: every row of the template that is entered
  // (a ratio is computed, never entered), each category of a breakdown, and every narrative
  // section.
  rpv1::Submission MakeReport(const ReportRegime& regime, int64_t unit,
                              const Numbers& numbers) const {
    rpv1::Submission s;
    s.set_client_id(absl::StrFormat("%s%012d", regime.client_id_prefix, unit));
    s.set_obligation_id(regime.obligation);
    s.set_period_key(regime.period_key);
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
            f->set_yes(numbers(i, category) != "0");
            break;
          case rpv1::TEXT:
            f->set_text("Số liệu thử nghiệm.");
            break;
          case rpv1::PERCENT:
            f->mutable_number()->set_value("50");
            break;
          default:
            f->mutable_number()->set_value(numbers(i, category));
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

  // A reviewer's token for the regime: staff of the unit its reports go via (or their recipient),
  // `subject` naming the official.
  static std::string ReviewerFor(const ReportRegime& regime, const std::string& subject) {
    return ReviewerOf(regime.reviewer, subject);
  }

  // Creates `report`, sent at once unless `submit` is false, with `token` (empty: a reporter of
  // its unit). Tokens are made before client threads start, so none is signed concurrently.
  rpv1::Submission SendReport(const rpv1::Submission& report, bool submit = true,
                              const std::string& token = "") {
    rpv1::CreateSubmissionRequest request;
    *request.mutable_submission() = report;
    request.set_submit(submit);
    rpv1::Submission sent;
    const grpc::Status status = reporting_stub_->CreateSubmission(
        WithToken(token.empty() ? ReporterOf(report.organization_id()) : token).get(), request,
        &sent);
    EXPECT_TRUE(status.ok()) << report.organization_id() << ": " << status.error_message();
    return sent;
  }

  // Accepts a sent report with a reviewer's `token` (ReviewerFor).
  rpv1::Submission AcceptReport(const rpv1::Submission& s, const std::string& token) {
    rpv1::AcceptSubmissionRequest request;
    request.set_id(s.id());
    request.set_etag(s.etag());
    rpv1::Submission out;
    const grpc::Status status =
        reporting_stub_->AcceptSubmission(WithToken(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << s.organization_id() << ": " << status.error_message();
    return out;
  }

  // A roll-up request of the regime's period over `root`'s subtree, to adjust before GetRollup.
  static rpv1::GetRollupRequest RollupRequest(const ReportRegime& regime, int64_t root) {
    rpv1::GetRollupRequest request;
    request.set_obligation_id(regime.obligation);
    request.set_period_key(regime.period_key);
    request.set_organization_id(root);
    return request;
  }

  rpv1::Rollup GetRollup(const rpv1::GetRollupRequest& request, const std::string& token) {
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
  rpv1::Template template_;
  std::map<std::string, rpv1::Indicator> indicators_;
  std::set<std::string> parts_, wholes_;
};

}  // namespace thidua::testing
