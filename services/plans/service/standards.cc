// The catalogue of a movement's standards and titles (tiêu chuẩn, danh hiệu) that units register
// for: registrations and, later, awards name an entry by id instead of typing its name.
#include "absl/strings/str_cat.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "common/server/update_mask.h"
#include "common/text.h"
#include "services/plans/domain/standard.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"

namespace thidua::plans {
namespace {

void ValidateStandard(const v1::Standard& s, Violations& v) {
  // Lengths and characters are declared in the proto and checked before the handler.
  if (text::CodePointCount(s.display_name()) < 3)
    v.Add("standard.display_name", "at least 3 characters", "ít nhất 3 ký tự");
  bool any = false;
  for (int r : s.recipients()) {
    if (r == v1::RECIPIENT_UNSPECIFIED || !v1::Recipient_IsValid(r)) {
      v.Add("standard.recipients", "COLLECTIVE, HOUSEHOLD or INDIVIDUAL",
            "COLLECTIVE, HOUSEHOLD hoặc INDIVIDUAL");
      return;
    }
    any = true;
  }
  if (!any) v.Add("standard.recipients", "at least one", "ít nhất một đối tượng");
}

absl::Status NameTaken() {
  return Error(absl::StatusCode::kAlreadyExists, "STANDARD_NAME_TAKEN",
               "The movement already has a standard of this name",
               "Phong trào đã có tiêu chuẩn, danh hiệu mang tên này");
}

}  // namespace

absl::Status PlansService::AuthorizeMovementEditor(const server::Call& call, int64_t movement_id) {
  std::optional<int64_t> launcher;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
    launcher = store::MovementLauncher(conn, movement_id);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  if (!launcher) return PermissionDenied();
  if (*launcher != 0) return AuthorizeFor(call, kEditorRole, *launcher);
  // Launched by no recorded authority: the nation's staff alone answer for it.
  auto scope = ScopeOf(call);
  if (!scope.ok()) return scope.status();
  return scope->everything ? absl::OkStatus() : PermissionDenied();
}

grpc::Status PlansService::CreateStandard(Ctx* ctx, const v1::CreateStandardRequest* request,
                                          v1::Standard* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Standard standard = request->standard();
    if (auto s = AuthorizeMovementEditor(call, standard.movement_id()); !s.ok()) return s;
    Violations v;
    if (!IsStandardCode(standard.code())) {
      v.Add("standard.code", "capital letters, digits, '-', '_' or '.'",
            "chữ in hoa không dấu, chữ số, '-', '_' hoặc '.'");
    }
    ValidateStandard(standard, v);
    if (!v.empty()) return v.ToStatus();
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::TransactOnce(
        pool_, call.deadline, key, response, [&](db::Connection& conn) -> absl::Status {
          // A concurrent twin meets the unique keys instead, also ALREADY_EXISTS.
          if (store::StandardCodeTaken(conn, standard.movement_id(), standard.code())) {
            return Error(absl::StatusCode::kAlreadyExists, "STANDARD_CODE_TAKEN",
                         "The movement already has a standard of this code",
                         "Phong trào đã có tiêu chuẩn, danh hiệu mang mã này");
          }
          if (store::StandardNameTaken(conn, standard.movement_id(), standard.display_name(), 0))
            return NameTaken();
          store::InsertStandard(conn, standard);
          *response = standard;
          db::Audit(conn, call, absl::StrCat("standards/", standard.id()),
                    {{"created", standard.display_name()}});
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::GetStandard(Ctx* ctx, const v1::GetStandardRequest* request,
                                       v1::Standard* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto standard = store::LoadStandard(conn, request->id(), false);
      if (!standard) return NotFound(absl::StrCat("Standard ", request->id()), "tiêu chuẩn");
      *response = *std::move(standard);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::ListStandards(Ctx* ctx, const v1::ListStandardsRequest* request,
                                         v1::ListStandardsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->movement_id() <= 0)
      return InvalidArgument({{"movement_id", "is required", "là bắt buộc"}});
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    // By id; ids start at 1.
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto standards = store::ListStandards(conn, request->movement_id(), std::get<0>(*after),
                                            pager->size() + 1);
      if (static_cast<int>(standards.size()) > pager->size()) {
        standards.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter({standards.back().id()}));
      }
      for (auto& s : standards) *response->add_standards() = std::move(s);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::UpdateStandard(Ctx* ctx, const v1::UpdateStandardRequest* request,
                                          v1::Standard* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const v1::Standard& in = request->standard();
    std::optional<v1::Standard> current;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      current = store::LoadStandard(conn, in.id(), false);
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    // An unknown entry is denied as one of another movement.
    if (!current) return PermissionDenied();
    if (auto s = AuthorizeMovementEditor(call, current->movement_id()); !s.ok()) return s;
    Violations v;
    if (in.etag().empty()) v.Add("standard.etag", "is required", "là bắt buộc");
    server::CheckUpdateMask(request->update_mask(), *v1::Standard::descriptor(),
                            {"display_name", "recipients", "legal_source", "legal_article"}, v);
    if (!v.empty()) return v.ToStatus();
    return pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto standard = store::LoadStandard(conn, in.id(), true);
      if (!standard) return PermissionDenied();
      if (standard->etag() != in.etag()) return EtagMismatch();
      for (const std::string& path : request->update_mask().paths()) {
        if (path == "display_name")
          standard->set_display_name(in.display_name());
        else if (path == "recipients")
          *standard->mutable_recipients() = in.recipients();
        else if (path == "legal_source")
          standard->set_legal_source(in.legal_source());
        else if (path == "legal_article")
          standard->set_legal_article(in.legal_article());
      }
      Violations invalid;
      ValidateStandard(*standard, invalid);
      if (!invalid.empty()) return invalid.ToStatus();
      if (store::StandardNameTaken(conn, standard->movement_id(), standard->display_name(),
                                   standard->id())) {
        return NameTaken();
      }
      store::SaveStandard(conn, *standard);
      *response = *standard;
      db::Audit(conn, call, absl::StrCat("standards/", standard->id()),
                {{"display_name", standard->display_name()}});
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::plans
