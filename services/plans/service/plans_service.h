#pragma once

#include <vector>

#include "common/auth/jwt.h"
#include "common/clock.h"
#include "common/db/pool.h"
#include "common/server/access.h"
#include "common/server/call.h"
#include "services/plans/store/plans_store.h"
#include "services/registry/client/registry_client.h"
#include "thidua/plans/v1/plans.grpc.pb.h"

namespace thidua::plans {

inline constexpr char kEditorRole[] = "plans-editor";
// Staff of an assignee who report progress and register their unit, without editing plans.
inline constexpr char kReporterRole[] = "plans-reporter";

// The gRPC face of the plans service: validation, authorization (by organisation scope, asked of
// the registry), status mapping. Writes that name organisations check them against the registry
// first; when it is down they answer UNAVAILABLE before anything is written.
class PlansService final : public v1::Plans::Service, private server::ScopeResolver {
 public:
  PlansService(db::Pool& pool, RegistryClient& registry, const auth::JwtVerifier& verifier,
               const Clock& clock = Clock::System())
      : pool_(pool),
        registry_(registry),
        runner_(verifier, v1::Plans::service_full_name(), *this),
        clock_(clock) {}

  using Ctx = grpc::ServerContext;
  grpc::Status CreateMovement(Ctx*, const v1::CreateMovementRequest*, v1::Movement*) override;
  grpc::Status ListMovements(Ctx*, const v1::ListMovementsRequest*,
                             v1::ListMovementsResponse*) override;
  grpc::Status CreateStandard(Ctx*, const v1::CreateStandardRequest*, v1::Standard*) override;
  grpc::Status GetStandard(Ctx*, const v1::GetStandardRequest*, v1::Standard*) override;
  grpc::Status ListStandards(Ctx*, const v1::ListStandardsRequest*,
                             v1::ListStandardsResponse*) override;
  grpc::Status UpdateStandard(Ctx*, const v1::UpdateStandardRequest*, v1::Standard*) override;
  grpc::Status RegisterDocument(Ctx*, const v1::RegisterDocumentRequest*, v1::Document*) override;
  grpc::Status GetDocument(Ctx*, const v1::GetDocumentRequest*, v1::Document*) override;
  grpc::Status ListDocuments(Ctx*, const v1::ListDocumentsRequest*,
                             v1::ListDocumentsResponse*) override;
  grpc::Status ParseDocumentSymbol(Ctx*, const v1::ParseDocumentSymbolRequest*,
                                   v1::ParsedSymbol*) override;
  grpc::Status CreatePlan(Ctx*, const v1::CreatePlanRequest*, v1::Plan*) override;
  grpc::Status GetPlan(Ctx*, const v1::GetPlanRequest*, v1::Plan*) override;
  grpc::Status ListPlans(Ctx*, const v1::ListPlansRequest*, v1::ListPlansResponse*) override;
  grpc::Status UpdatePlan(Ctx*, const v1::UpdatePlanRequest*, v1::Plan*) override;
  grpc::Status CheckPlan(Ctx*, const v1::CheckPlanRequest*, v1::CheckPlanResponse*) override;
  grpc::Status IssuePlan(Ctx*, const v1::IssuePlanRequest*, v1::Plan*) override;
  grpc::Status AmendPlan(Ctx*, const v1::AmendPlanRequest*, v1::Plan*) override;
  grpc::Status ClosePlan(Ctx*, const v1::ClosePlanRequest*, v1::Plan*) override;
  grpc::Status ListTasks(Ctx*, const v1::ListTasksRequest*, v1::ListTasksResponse*) override;
  grpc::Status SetTaskStatus(Ctx*, const v1::SetTaskStatusRequest*, v1::Task*) override;
  grpc::Status AddProgressNote(Ctx*, const v1::AddProgressNoteRequest*, v1::Task*) override;
  grpc::Status GetCascadeCompliance(Ctx*, const v1::GetCascadeComplianceRequest*,
                                    v1::CascadeCompliance*) override;
  grpc::Status GetTargetPopulation(Ctx*, const v1::GetTargetPopulationRequest*,
                                   v1::TargetPopulation*) override;
  grpc::Status CreateRegistration(Ctx*, const v1::CreateRegistrationRequest*,
                                  v1::Registration*) override;
  grpc::Status ListRegistrations(Ctx*, const v1::ListRegistrationsRequest*,
                                 v1::ListRegistrationsResponse*) override;
  grpc::Status GetRegistrationRate(Ctx*, const v1::GetRegistrationRateRequest*,
                                   v1::RegistrationRate*) override;
  grpc::Status CreateSecurityModel(Ctx*, const v1::CreateSecurityModelRequest*,
                                   v1::SecurityModel*) override;
  grpc::Status UpdateSecurityModel(Ctx*, const v1::UpdateSecurityModelRequest*,
                                   v1::SecurityModel*) override;
  grpc::Status ListSecurityModels(Ctx*, const v1::ListSecurityModelsRequest*,
                                  v1::ListSecurityModelsResponse*) override;

 private:
  absl::CivilDay Today() const;
  // The declared scope checks (server::ScopeResolver): InScope.
  absl::StatusOr<bool> ActsFor(const server::Call& call, int64_t organization) override {
    return InScope(call, organization);
  }
  // The caller acts for `organization` or one of its ancestors (asked of the registry).
  absl::StatusOr<bool> InScope(const server::Call& call, int64_t organization);
  // PERMISSION_DENIED unless the caller holds `role` and `organization` lies in their scope.
  absl::Status AuthorizeFor(const server::Call& call, absl::string_view role, int64_t organization);
  // The units the caller acts for today: its own organisation, every unit under it, and the
  // chain above it; `everything` for the nation's staff, whose scope is the whole registry. Read
  // filters go into the query from this, so pages never hold what the caller may not see.
  struct CallerScope {
    bool everything = false;
    std::vector<int64_t> within;  // sorted: the organisation and its subtree on the day
    std::vector<int64_t> above;   // its ancestors today, nearest first
    bool Contains(int64_t organization) const;
  };
  // What the caller acts for today, or on `day`: a question about a past date (a population as
  // of then) is answered for the units that lay within the caller on that date, those that have
  // ended since included.
  // The model a new or updated model replicates (nhân rộng): 0, or one the caller may read;
  // PERMISSION_DENIED alike for one outside its scope and one that does not exist.
  absl::Status CheckReplicatedFrom(const server::Call& call, int64_t source_id);
  absl::StatusOr<CallerScope> ScopeOf(const server::Call& call);
  absl::StatusOr<CallerScope> ScopeOf(const server::Call& call, absl::CivilDay day);
  // Every id names an organisation in the registry (valid at some time); NOT_FOUND listing the
  // unknown ones, UNAVAILABLE when the registry cannot say.
  absl::Status CheckOrganizations(const server::Call& call, std::vector<int64_t> ids);
  // A plan assigns its tasks to its issuer and the units lying within it today, or on the issuer's
  // last day when it has ended (the nation's to any unit): INVALID_ARGUMENT naming each task field
  // that points elsewhere.
  absl::Status CheckAssignees(const server::Call& call, int64_t issuer, const v1::Plan& plan);
  // The first and last day of an organisation's validity (open ends as the far past and future);
  // NOT_FOUND (UNKNOWN_ORGANIZATION) when the registry does not know it.
  absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ValidityOf(const server::Call& call,
                                                                       int64_t id);
  // The units of a population on a date.
  absl::StatusOr<std::vector<int64_t>> Resolve(const server::Call& call, const v1::Population& p,
                                               absl::CivilDay day);
  // OK when the caller may edit the catalogue of the movement: an editor of its launching
  // organisation or of a unit above it, or the nation's staff for a movement launched by no
  // recorded authority. PERMISSION_DENIED otherwise, an unknown movement included.
  absl::Status AuthorizeMovementEditor(const server::Call& call, int64_t movement_id);
  // The plan's row, when the caller may edit plans of its issuer (PERMISSION_DENIED otherwise, an
  // unknown plan included, so that ids cannot be probed).
  absl::StatusOr<store::PlanRow> EditablePlanRow(const server::Call& call, int64_t plan_id);
  // The task of an issued plan that `organization` is assigned to, if the caller acts for it.
  struct AssigneeTask {
    v1::Plan plan;
    v1::Task task;
  };
  absl::StatusOr<AssigneeTask> TaskForAssignee(const server::Call& call, int64_t task_id,
                                               int64_t organization);
  // Reads a plan the caller may see.
  absl::StatusOr<v1::Plan> ReadablePlan(const server::Call& call, int64_t id, int version);

  db::Pool& pool_;
  RegistryClient& registry_;
  server::CallRunner runner_;
  const Clock& clock_;
};

}  // namespace thidua::plans
