// Authorization and the catalogue lookups shared by the handlers.
#include "common/civil_date.h"
#include "common/errors.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {

absl::CivilDay ReportingService::Today() const { return TodayInVietnam(clock_); }

absl::StatusOr<bool> ReportingService::ActsFor(const server::Call& call, int64_t organization) {
  return thidua::ActsFor(registry_, call, organization);
}

absl::Status ReportingService::AuthorizeDesigner(const server::Call& call, int64_t owner) {
  if (auto s = auth::RequireRole(call.principal, kDesignerRole); !s.ok()) return s;
  auto allowed = owner == 0 ? ActsForNation(registry_, call, Today()) : ActsFor(call, owner);
  if (!allowed.ok()) return allowed.status();
  return *allowed ? absl::OkStatus() : PermissionDenied();
}

absl::StatusOr<std::vector<v1::Indicator>> ReportingService::IndicatorsOf(
    const server::Call& call, const std::vector<std::string>& codes) {
  std::vector<v1::Indicator> found;
  absl::Status status = pool_.Run(call.deadline, [&](db::Connection& conn) {
    found = catalogue_.Indicators(conn, codes);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

}  // namespace thidua::reporting
