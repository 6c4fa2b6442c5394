#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "common/auth/jwt.h"
#include "common/clock.h"
#include "common/db/pool.h"
#include "common/server/access.h"
#include "common/server/call.h"
#include "common/server/pager.h"
#include "services/plans/client/plans_client.h"
#include "services/registry/client/registry_client.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "services/reporting/domain/deadline.h"
#include "services/reporting/domain/schedule.h"
#include "services/reporting/service/catalogue_cache.h"
#include "services/reporting/service/rollup_sources.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::reporting {

// Designers define an organisation's indicators, templates and obligations.
inline constexpr char kDesignerRole[] = "reporting-designer";
// Administrators keep the working calendar (the nation's staff only).
inline constexpr char kAdminRole[] = "reporting-admin";
// Reporters of a unit enter and submit its reports.
inline constexpr char kReporterRole[] = "reporting-reporter";
// Reviewers of the unit an obligation goes via (or of its recipient) return or accept reports.
inline constexpr char kReviewerRole[] = "reporting-reviewer";

// The gRPC face of the reporting service: validation, authorization (by organisation scope, asked
// of the registry), status mapping. Writes that name organisations check them against the
// registry first; when it is down they answer UNAVAILABLE before anything is written, while reads
// of the catalogue, obligations and periods need only the database.
class ReportingService final : public v1::Reporting::Service, private server::ScopeResolver {
 public:
  ReportingService(db::Pool& pool, RegistryClient& registry, PlansClient& plans,
                   const auth::JwtVerifier& verifier, const Clock& clock = Clock::System())
      : pool_(pool),
        registry_(registry),
        plans_(plans),
        runner_(verifier, v1::Reporting::service_full_name(), *this),
        clock_(clock),
        rollup_sources_(registry.cache_ttl()) {}

  using Ctx = grpc::ServerContext;
  grpc::Status CreateIndicator(Ctx*, const v1::CreateIndicatorRequest*, v1::Indicator*) override;
  grpc::Status GetIndicator(Ctx*, const v1::GetIndicatorRequest*, v1::Indicator*) override;
  grpc::Status ListIndicators(Ctx*, const v1::ListIndicatorsRequest*,
                              v1::ListIndicatorsResponse*) override;
  grpc::Status CreateTemplate(Ctx*, const v1::CreateTemplateRequest*, v1::Template*) override;
  grpc::Status ReviseTemplate(Ctx*, const v1::ReviseTemplateRequest*, v1::Template*) override;
  grpc::Status GetTemplate(Ctx*, const v1::GetTemplateRequest*, v1::Template*) override;
  grpc::Status ListTemplates(Ctx*, const v1::ListTemplatesRequest*,
                             v1::ListTemplatesResponse*) override;
  grpc::Status CreateObligation(Ctx*, const v1::CreateObligationRequest*, v1::Obligation*) override;
  grpc::Status GetObligation(Ctx*, const v1::GetObligationRequest*, v1::Obligation*) override;
  grpc::Status ListObligations(Ctx*, const v1::ListObligationsRequest*,
                               v1::ListObligationsResponse*) override;
  grpc::Status ListPeriods(Ctx*, const v1::ListPeriodsRequest*, v1::ListPeriodsResponse*) override;
  grpc::Status GetWorkingCalendar(Ctx*, const v1::GetWorkingCalendarRequest*,
                                  v1::WorkingCalendarYear*) override;
  grpc::Status SetWorkingCalendar(Ctx*, const v1::SetWorkingCalendarRequest*,
                                  v1::WorkingCalendarYear*) override;
  grpc::Status CreateSubmission(Ctx*, const v1::CreateSubmissionRequest*, v1::Submission*) override;
  grpc::Status UpdateSubmission(Ctx*, const v1::UpdateSubmissionRequest*, v1::Submission*) override;
  grpc::Status SubmitSubmission(Ctx*, const v1::SubmitSubmissionRequest*, v1::Submission*) override;
  grpc::Status ReturnSubmission(Ctx*, const v1::ReturnSubmissionRequest*, v1::Submission*) override;
  grpc::Status AcceptSubmission(Ctx*, const v1::AcceptSubmissionRequest*, v1::Submission*) override;
  grpc::Status ReopenSubmission(Ctx*, const v1::ReopenSubmissionRequest*, v1::Submission*) override;
  grpc::Status GetSubmission(Ctx*, const v1::GetSubmissionRequest*, v1::Submission*) override;
  grpc::Status ListSubmissions(Ctx*, const v1::ListSubmissionsRequest*,
                               v1::ListSubmissionsResponse*) override;
  grpc::Status GetRollup(Ctx*, const v1::GetRollupRequest*, v1::Rollup*) override;
  grpc::Status GetTargetProgress(Ctx*, const v1::GetTargetProgressRequest*,
                                 v1::TargetProgress*) override;
  grpc::Status ExportRollup(Ctx*, const v1::ExportRollupRequest*, v1::ExportedFile*) override;
  grpc::Status ListDueReports(Ctx*, const v1::ListDueReportsRequest*,
                              v1::ListDueReportsResponse*) override;
  grpc::Status ListOverdueReports(Ctx*, const v1::ListOverdueReportsRequest*,
                                  v1::ListOverdueReportsResponse*) override;
  grpc::Status ListReportChanges(Ctx*, const v1::ListReportChangesRequest*,
                                 v1::ListReportChangesResponse*) override;

 private:
  absl::CivilDay Today() const;
  // The declared scope checks (server::ScopeResolver), asked of the registry.
  absl::StatusOr<bool> ActsFor(const server::Call& call, int64_t organization) override;
  // OK when the caller may define the catalogue of `owner`: its designers, or those of a unit
  // above it; for the national catalogue (owner 0), the nation's designers. PERMISSION_DENIED
  // otherwise.
  absl::Status AuthorizeDesigner(const server::Call& call, int64_t owner);
  // What a submission is checked against: its obligation, the period it reports on with its
  // deadline, the template version it is made on and the indicators of its rows.
  // The catalogue's parts are shared with CatalogueCache, not copied.
  struct ReportFrame {
    std::shared_ptr<const v1::Obligation> obligation;
    Period period;
    // Unknown (HOLIDAYS_NOT_LOADED, kept in deadline_status) while a working-days deadline runs
    // through a year whose days off are not loaded: only lateness needs it.
    std::optional<Deadline> deadline;
    absl::Status deadline_status;
    std::shared_ptr<const v1::Template> template_;
    std::shared_ptr<const std::vector<v1::Indicator>> indicators;  // of the template's rows
    IndicatorLookup lookup() const { return LookupIn(*indicators); }
    bool with_estimates() const { return deadline && WithEstimates(period, *deadline); }
  };
  // The frame of a report of `period_key` of `obligation_id` on `template_version` (0: the
  // template's current one). NOT_FOUND naming the field for an unknown obligation or period.
  // `prefix` names the request's fields ("submission." for a submission's).
  absl::StatusOr<ReportFrame> FrameOf(const server::Call& call, int64_t obligation_id,
                                      const std::string& period_key, int template_version,
                                      absl::string_view prefix = "submission.");
  // The units that owe a report of `period`: the obligation's population on the window's last
  // day, among the units valid that day (a named unit merged away before it owes nothing) and
  // within the obligation's issuer that day (a group whose members changed since the obligation
  // was made cannot address another unit's reports to it).
  absl::StatusOr<std::vector<int64_t>> ExpectedUnits(const server::Call& call,
                                                     const v1::Obligation& obligation,
                                                     const Period& period);
  // ExpectedUnits of the frame's period, sorted, as kept for the registry's answer time
  // (RollupSources::expected).
  absl::StatusOr<std::shared_ptr<const std::vector<int64_t>>> ExpectedUnitsOf(
      const server::Call& call, const ReportFrame& frame);
  // What `unit` owes now (see ListDueReports), in the contract's order.
  absl::StatusOr<std::vector<v1::DueReport>> DueReportsOf(const server::Call& call, int64_t unit);
  // Who may act on a stored submission, each answered PERMISSION_DENIED alike for an unknown id
  // (asking the registry alike too, so that its being down tells nothing either): a reporter is
  // staff of the reporting unit itself (units above it read its reports but do not write them);
  // a reviewer acts for the obligation's via unit, or for its recipient when it names none; a
  // reader is the unit or a unit above it, or acts for the recipient or the via unit.
  enum class SubmissionRole { kReporter, kReviewer, kReporterOrReviewer, kReader };
  absl::StatusOr<v1::Submission> AuthorizedSubmission(const server::Call& call, int64_t id,
                                                      SubmissionRole role);
  // The frame of a stored submission the caller may act on as `role`, after the request's own
  // id and etag are checked for presence.
  absl::StatusOr<ReportFrame> FrameOfSubmission(const server::Call& call, int64_t id,
                                                const std::string& etag, SubmissionRole role);
  // Makes `s` SUBMITTED (its state allowing it): INCOMPLETE when required figures or sections
  // are missing; its first arrival sets its lateness (against the correction deadline when a
  // reviewer gave one). The caller saves `s` and its version as submitted.
  static absl::Status MarkSubmitted(const ReportFrame& frame, absl::Time now, v1::Submission& s);
  // A state change of a submission the caller was authorized for, under its etag and request id
  // (replayed before the etag is compared, since the first call moved it on): locks it, checks
  // the etag, applies `change` (which checks the state), saves, and records the event and the
  // audit row, all in one transaction.
  absl::Status ChangeSubmission(
      const server::Call& call, const google::protobuf::Message& request,
      const std::string& request_id, int64_t id, const std::string& etag,
      v1::SubmissionEvent::Action action, const std::string& reason,
      absl::FunctionRef<absl::Status(db::Connection&, v1::Submission&)> change,
      v1::Submission* response);
  // CreateSubmission of a report not made yet: `in`, the request's, is checked against its frame
  // and completed, then inserted whole and moved to `response`; or nothing is written (a refusal,
  // or SUBMISSION_EXISTS when its client id or its unit's report of the period is taken), and its
  // client id, unit, obligation and period are left as they were.
  absl::Status NewReport(const server::Call& call, const v1::CreateSubmissionRequest& request,
                         v1::Submission& in, v1::Submission* response);
  // CreateSubmission's consolidate_obligation_ids: adds to `s` the sums of the accepted figures
  // of the same period of those obligations (see the proto), for the figures `s` leaves out.
  absl::Status Consolidate(const server::Call& call, const v1::CreateSubmissionRequest& request,
                           const ReportFrame& frame, v1::Submission& s);
  // GetRollup's answer to `request`, authorization included; `frame`, when given, receives the
  // frame of the period rolled up (its template and indicators, for an export).
  absl::Status RollupOf(const server::Call& call, const v1::GetRollupRequest& request,
                        v1::Rollup& response, ReportFrame* frame);
  // The row of `tree` (the subtree of `root`) each expected unit counts in, units outside it left
  // out (service/attribution.cc). Attributed to successors, `tree` is today's and a unit not in
  // it counts where its carriers today place it (Attribute); one that ended with no successor
  // recorded, where the unit that managed it on `period_day` is placed (its duties fell back to
  // it); one whose duties lie partly outside the tree is added to `unattributed`.
  absl::StatusOr<absl::flat_hash_map<int64_t, int64_t>> RowsOfExpected(
      const server::Call& call, int64_t root, const std::vector<int64_t>& expected,
      const SubtreeRows& tree, bool attribute, absl::CivilDay period_day, absl::CivilDay today,
      std::vector<int64_t>& unattributed);
  // RowsOfExpected of `frame`'s period under `root` on `day` (the period's last, or today's when
  // attributed), as kept (RollupSources::unit_rows) while `tree` and `expected` are the entries
  // it was made from: a national roll-up places 100,000 units, too many to place on every call.
  absl::StatusOr<std::shared_ptr<const UnitRows>> UnitRowsOf(
      const server::Call& call, const ReportFrame& frame, int64_t root, bool attribute,
      CivilDay day, std::shared_ptr<const SubtreeRows> tree,
      std::shared_ptr<const std::vector<int64_t>> expected);
  // The rows of `root`'s subtree on `day` (RollupSources::rows).
  absl::StatusOr<std::shared_ptr<const SubtreeRows>> SubtreeRowsOf(const server::Call& call,
                                                                   int64_t root, CivilDay day);
  // What was committed to a period's reports as of `conn`'s snapshot (Pool::ReadSnapshot), as kept
  // under the period's revision (rollup_sources.h): `at` ("@<revision>") ends the key of
  // everything read under it. Read on `conn`, which may throw as the store does.
  struct PeriodSnapshot {
    std::string at;
    std::shared_ptr<const PeriodReports> reports;
  };
  absl::StatusOr<PeriodSnapshot> SnapshotOf(const server::Call& call, db::Connection& conn,
                                            int64_t obligation_id, const std::string& period_key);
  // The figures a roll-up adds up: the accepted figures of each of `codes` as of the period's
  // revision `at` ("@<revision>"), and with include_submitted, the current figures of the reports
  // waiting for review (SUBMITTED in `reports`) in place of their accepted ones. Read on `conn`, in
  // the snapshot `reports` was read in.
  absl::StatusOr<FigureLists> FiguresOf(const server::Call& call, db::Connection& conn,
                                        const v1::GetRollupRequest& request,
                                        const std::vector<std::string>& codes,
                                        const std::string& at, const PeriodReports& reports);
  // A period's reports and, unless `codes` is null, the figures of `codes` a roll-up adds up
  // (FiguresOf), all as of one state of the database. The period's revision is read first on its
  // own: when everything it needs is already kept under that revision, which is exactly what was
  // committed up to it, that answers, with no snapshot opened (most calls, while nothing is
  // written); otherwise all is read in one snapshot (SnapshotOf, FiguresOf).
  struct PeriodRead {
    PeriodSnapshot snapshot;
    FigureLists figures;
  };
  absl::StatusOr<PeriodRead> ReadPeriod(const server::Call& call,
                                        const v1::GetRollupRequest& request,
                                        const std::vector<std::string>* codes);
  // ReadPeriod's answer from what is kept under the shard numbers `at` alone; nullopt when any
  // part of it is not kept.
  std::optional<PeriodRead> KeptPeriod(const v1::GetRollupRequest& request,
                                       const std::vector<std::string>* codes,
                                       const store::ShardRevisions& at);
  // An obligation's plan task, if it names one: the plan, read with the caller's token, is issued
  // and holds the task (UNKNOWN_PLAN_TASK, PLAN_NOT_ISSUED; UNAVAILABLE when plans cannot answer).
  absl::Status CheckPlanTask(const server::Call& call, const v1::Obligation& o);
  // An obligation addresses reports only among its issuer's own units: its recipient, via unit and
  // reporters (the kinds' scope, each named unit, each member of its group) lie within the issuer
  // on `day`, or are the issuer (the nation's obligations may name anyone). Otherwise any designer
  // could have another unit's reports, figures and narrative, sent to itself. INVALID_ARGUMENT
  // naming each field that points outside.
  absl::Status CheckWithinIssuer(const server::Call& call, const v1::Obligation& o,
                                 const std::vector<int64_t>& members, CivilDay day);
  // `organization` and the units under it on `day`; nullopt for the nation (every unit).
  absl::StatusOr<std::optional<std::set<int64_t>>> UnitsWithin(const server::Call& call,
                                                               int64_t organization, CivilDay day);
  // A listing of the catalogue (indicators, templates): of one owner (0: every owner), by code,
  // paged after the page token's code. `load(conn, owner or -1, after_code, limit)` reads a page.
  template <typename Request, typename Item, typename Load>
  absl::Status ListByCode(const server::Call& call, const Request& request, int64_t owner,
                          Load load, google::protobuf::RepeatedPtrField<Item>& out,
                          std::string& next_page_token) {
    Violations v;
    if (owner < 0) v.Add("owner_organization_id", "must not be negative", "không được âm");
    auto pager = server::Pager::Read(request, v);
    if (!v.empty()) return v.ToStatus();
    auto after = pager->StartAs(std::tuple<std::string>{""});
    if (!after.ok()) return after.status();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      std::vector<Item> page =
          load(conn, owner == 0 ? -1 : owner, std::get<0>(*after), pager->size() + 1);
      if (static_cast<int>(page.size()) > pager->size()) {
        page.resize(pager->size());
        next_page_token = pager->TokenAfter({page.back().code()});
      }
      for (auto& item : page) *out.Add() = std::move(item);
      return absl::OkStatus();
    });
  }
  // The indicators of the catalogue these codes name, for the domain's checks.
  absl::StatusOr<std::vector<v1::Indicator>> IndicatorsOf(const server::Call& call,
                                                          const std::vector<std::string>& codes);

  db::Pool& pool_;
  RegistryClient& registry_;
  PlansClient& plans_;
  server::CallRunner runner_;
  const Clock& clock_;
  CatalogueCache catalogue_;
  RollupSources rollup_sources_;
};

}  // namespace thidua::reporting
