#pragma once

#include <string>
#include <vector>

#include "common/auth/jwt.h"
#include "common/clock.h"
#include "common/db/pool.h"
#include "common/server/access.h"
#include "common/server/call.h"
#include "services/registry/client/registry_client.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "services/reporting/domain/schedule.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::reporting {

// Designers define an organisation's indicators, templates and obligations.
inline constexpr char kDesignerRole[] = "reporting-designer";
// Administrators keep the working calendar (the nation's staff only).
inline constexpr char kAdminRole[] = "reporting-admin";

// The gRPC face of the reporting service: validation, authorization (by organisation scope, asked
// of the registry), status mapping. Writes that name organisations check them against the
// registry first; when it is down they answer UNAVAILABLE before anything is written, while reads
// of the catalogue, obligations and periods need only the database.
class ReportingService final : public v1::Reporting::Service, private server::ScopeResolver {
 public:
  ReportingService(db::Pool& pool, RegistryClient& registry, const auth::JwtVerifier& verifier,
                   const Clock& clock = Clock::System())
      : pool_(pool),
        registry_(registry),
        runner_(verifier, v1::Reporting::service_full_name(), *this),
        clock_(clock) {}

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

 private:
  absl::CivilDay Today() const;
  // The declared scope checks (server::ScopeResolver), asked of the registry.
  absl::StatusOr<bool> ActsFor(const server::Call& call, int64_t organization) override;
  // OK when the caller may define the catalogue of `owner`: its designers, or those of a unit
  // above it; for the national catalogue (owner 0), the nation's designers. PERMISSION_DENIED
  // otherwise.
  absl::Status AuthorizeDesigner(const server::Call& call, int64_t owner);
  // The indicators of the catalogue these codes name, for the domain's checks.
  absl::StatusOr<std::vector<v1::Indicator>> IndicatorsOf(const server::Call& call,
                                                          const std::vector<std::string>& codes);

  db::Pool& pool_;
  RegistryClient& registry_;
  server::CallRunner runner_;
  const Clock& clock_;
};

// An IndicatorLookup over a list of indicators.
IndicatorLookup LookupIn(const std::vector<v1::Indicator>& indicators);

}  // namespace thidua::reporting
