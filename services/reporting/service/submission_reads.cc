// Reading submissions: a unit's or a reviewer's listing, and one report with its history.
#include "common/errors.h"
#include "common/server/pager.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/submission_store.h"

namespace thidua::reporting {

grpc::Status ReportingService::ListSubmissions(Ctx* ctx, const v1::ListSubmissionsRequest* request,
                                               v1::ListSubmissionsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    const int64_t to = request->addressed_to_organization_id();
    const int64_t unit = request->organization_id();
    if ((to > 0) == (unit > 0) || to < 0 || unit < 0) {
      v.Add("addressed_to_organization_id",
            "give exactly one of addressed_to_organization_id and organization_id",
            "cần đúng một trong addressed_to_organization_id và organization_id");
    }
    if (request->obligation_id() < 0)
      v.Add("obligation_id", "must not be negative", "không được âm");
    for (int state : request->states()) {
      if (state == v1::SUBMISSION_STATE_UNSPECIFIED || !v1::SubmissionState_IsValid(state)) {
        v.Add("states", "DRAFT, SUBMITTED, RETURNED or ACCEPTED",
              "DRAFT, SUBMITTED, RETURNED hoặc ACCEPTED");
      }
    }
    auto pager = server::Pager::Read(*request, v);
    if (!v.empty()) return v.ToStatus();
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    // The filter is the scope: the caller acts for the unit asked about, decided before any
    // report is read, and the query returns only what is addressed to it or written by it.
    auto allowed = ActsFor(call, to > 0 ? to : unit);
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) return PermissionDenied();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto page = store::ListSubmissions(conn, *request, std::get<0>(*after), pager->size() + 1);
      if (static_cast<int>(page.size()) > pager->size()) {
        page.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter({page.back().id()}));
      }
      for (auto& s : page) *response->add_submissions() = std::move(s);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::GetSubmission(Ctx* ctx, const v1::GetSubmissionRequest* request,
                                             v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->version() < 0) {
      return InvalidArgument({{"version", "must not be negative", "không được âm"}});
    }
    auto current = AuthorizedSubmission(call, request->id(), SubmissionRole::kReader);
    if (!current.ok()) return current.status();
    const int version = request->version() == 0 ? current->version() : request->version();
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      if (version == current->version()) {
        *response = *current;
      } else {
        auto earlier = version < current->version()
                           ? store::LoadVersion(conn, current->id(), version)
                           : std::nullopt;
        if (!earlier) {
          return Error(absl::StatusCode::kNotFound, "UNKNOWN_VERSION",
                       "The report has no such version", "Báo cáo không có phiên bản này",
                       {{"version", absl::StrCat("1 to ", current->version()),
                         absl::StrCat("từ 1 đến ", current->version())}});
        }
        *response = *std::move(earlier);
      }
      for (auto& e : store::LoadEvents(conn, current->id(), version)) {
        *response->add_history() = std::move(e);
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::reporting
