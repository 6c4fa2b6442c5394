// Local security models (mô hình) and their status.
#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/happened.h"
#include "common/server/update_mask.h"
#include "common/text.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"

namespace thidua::plans {
namespace {

void ValidateModel(const v1::SecurityModel& m, absl::CivilDay today, Violations& v) {
  // Lengths and characters are declared in the proto and checked before the handler.
  if (text::CodePointCount(m.display_name()) < 3) {
    v.Add("model.display_name", "at least 3 characters", "ít nhất 3 ký tự");
  }
  if (m.owner_organization_id() <= 0)
    v.Add("model.owner_organization_id", "is required", "là bắt buộc");
  if (m.status() == v1::MODEL_STATUS_UNSPECIFIED || !v1::ModelStatus_IsValid(m.status())) {
    v.Add("model.status", "ACTIVE, INEFFECTIVE or DISSOLVED", "ACTIVE, INEFFECTIVE hoặc DISSOLVED");
  }
  auto started = thidua::FromProto(m.started());
  if (!started.ok()) {
    v.Add("model.started", "is not a valid date", "không phải ngày hợp lệ");
  } else if (started->has_value()) {
    CheckHappened(**started, today, "model.started", v);
  }
}

}  // namespace

absl::Status PlansService::CheckReplicatedFrom(const server::Call& call, int64_t source_id) {
  if (source_id == 0) return absl::OkStatus();
  std::optional<v1::SecurityModel> source;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
    source = store::LoadModel(conn, source_id, false);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  // A model outside the caller's scope and one that does not exist get the same denial
  // (AIP-211): naming a model must not confirm that it exists.
  auto readable = InScope(call, source ? source->owner_organization_id() : -1);
  if (!readable.ok()) return readable.status();
  return *readable ? absl::OkStatus() : PermissionDenied();
}

grpc::Status PlansService::CreateSecurityModel(Ctx* ctx,
                                               const v1::CreateSecurityModelRequest* request,
                                               v1::SecurityModel* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::SecurityModel model = request->model();
    Violations v;
    ValidateModel(model, Today(), v);
    if (!v.empty()) return v.ToStatus();
    if (auto s = AuthorizeFor(call, kEditorRole, model.owner_organization_id()); !s.ok()) return s;
    // Checked with the registry after a retry got its first answer (db::WriteOnce).
    auto checks = [&]() -> absl::Status {
      if (auto s = CheckOrganizations(call, {model.owner_organization_id()}); !s.ok()) return s;
      return CheckReplicatedFrom(call, model.replicated_from_id());
    };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(pool_, call.deadline, key, response, checks,
                         [&](db::Connection& conn) -> absl::Status {
                           store::InsertModel(conn, model);
                           *response = model;
                           db::Audit(conn, call, absl::StrCat("models/", model.id()),
                                     {{"created", model.display_name()}});
                           return absl::OkStatus();
                         });
  });
}

grpc::Status PlansService::UpdateSecurityModel(Ctx* ctx,
                                               const v1::UpdateSecurityModelRequest* request,
                                               v1::SecurityModel* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const v1::SecurityModel& in = request->model();
    Violations v;
    if (in.id() <= 0) v.Add("model.id", "is required", "là bắt buộc");
    if (in.etag().empty()) v.Add("model.etag", "is required", "là bắt buộc");
    server::CheckUpdateMask(
        request->update_mask(), *v1::SecurityModel::descriptor(),
        {"display_name", "model_type", "started", "status", "notes", "replicated_from_id"}, v);
    if (!v.empty()) return v.ToStatus();
    std::optional<v1::SecurityModel> current;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      current = store::LoadModel(conn, in.id(), false);
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    if (auto s = AuthorizeFor(call, kEditorRole, current ? current->owner_organization_id() : -1);
        !s.ok()) {
      return s;
    }
    if (absl::c_linear_search(request->update_mask().paths(), "replicated_from_id")) {
      if (auto s = CheckReplicatedFrom(call, in.replicated_from_id()); !s.ok()) return s;
    }
    return pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto model = store::LoadModel(conn, in.id(), true);
      if (!model) return NotFound("Model", "mô hình");
      if (model->etag() != in.etag()) return EtagMismatch();
      for (const std::string& path : request->update_mask().paths()) {
        if (path == "display_name")
          model->set_display_name(in.display_name());
        else if (path == "model_type")
          model->set_model_type(in.model_type());
        else if (path == "started")
          *model->mutable_started() = in.started();
        else if (path == "status")
          model->set_status(in.status());
        else if (path == "notes")
          model->set_notes(in.notes());
        else if (path == "replicated_from_id")
          model->set_replicated_from_id(in.replicated_from_id());
      }
      Violations invalid;
      ValidateModel(*model, Today(), invalid);
      if (!invalid.empty()) return invalid.ToStatus();
      store::SaveModel(conn, *model);
      *response = *model;
      db::Audit(conn, call, absl::StrCat("models/", model->id()),
                {{"status", v1::ModelStatus_Name(model->status())}});
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::ListSecurityModels(Ctx* ctx,
                                              const v1::ListSecurityModelsRequest* request,
                                              v1::ListSecurityModelsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->area_organization_id() <= 0) {
      return InvalidArgument({{"area_organization_id", "is required", "là bắt buộc"}});
    }
    auto in_scope = InScope(call, request->area_organization_id());
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return PermissionDenied();
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    // By id; ids start at 1.
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    // Owners: the area and every unit under it today.
    auto units = registry_.KindsWithin(call, request->area_organization_id(), {}, Today());
    if (!units.ok()) return units.status();
    std::vector<int64_t> owners = {request->area_organization_id()};
    for (const auto& u : *units) owners.push_back(u.id());
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto models = store::ListModels(conn, owners, request->status(), std::get<0>(*after),
                                      pager->size() + 1);
      if (static_cast<int>(models.size()) > pager->size()) {
        models.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter({models.back().id()}));
      }
      for (auto& m : models) *response->add_models() = std::move(m);
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::plans
