// Create and update of organisations, and what every write shares: authorization, refresh.
#include "absl/strings/str_cat.h"
#include "common/auth/scope.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/update_mask.h"
#include "common/text.h"
#include "services/registry/domain/rules.h"
#include "services/registry/service/mapping.h"
#include "services/registry/service/registry_service.h"
#include "services/registry/store/registry_store.h"

namespace thidua::registry {
namespace {

// The day an organisation is shown on in a write's response: today, or its nearest valid day.
CivilDay ShownOn(const Organization& org, CivilDay today) {
  return std::clamp(today, org.validity.from, org.validity.to);
}

void CheckRequestId(const std::string& request_id, Violations& violations) {
  if (request_id.size() > 100 || !text::IsValidUtf8(request_id)) {
    violations.Add("request_id", "must be at most 100 bytes of UTF-8", "tối đa 100 byte UTF-8");
  }
}

}  // namespace

int64_t RegistryService::NationId() const {
  ListQuery query;
  query.day = Today();
  query.kinds = {v1::NATION};
  const auto nations = model_.List(query);
  return nations.empty() ? 0 : nations.front()->id;
}

absl::Status RegistryService::AuthorizeWrite(const server::Call& call, int64_t target) const {
  return auth::AuthorizeInScope(call.principal, kAdminRole, target == 0 ? NationId() : target,
                                model_);
}

absl::Status RegistryService::Refresh(const std::vector<int64_t>& ids, absl::Time) {
  // The write has committed: a failed reload must not turn it into an error for the caller (who
  // would retry and meet its own write). The change follower applies it within a poll anyway.
  absl::Status status =
      pool_.Run(absl::Now() + absl::Seconds(2), [&](db::Connection& conn) -> absl::Status {
        for (int64_t id : ids) {
          auto org = store::LoadOrganization(conn, id, /*for_update=*/false);
          if (org) model_.Put(*std::move(org), store::LoadLineage(conn, id));
        }
        return absl::OkStatus();
      });
  if (!status.ok()) {
    log::Warn("read model refresh after a write failed; the follower will catch up",
              {{"error", std::string(status.message())}});
  }
  return absl::OkStatus();
}

// A code held by two organisations over overlapping periods would make "who is 08 on that day"
// ambiguous; successors reuse codes only after their predecessors' periods end.
// Inside the write's transaction: no other organisation holds one of `org`'s codes over an
// overlapping period. The holders of each code are read with FOR UPDATE, which also locks the gap
// where a new holder would go: two replicas creating the same code at once are serialized (one
// waits or deadlocks and is retried), and the second sees the first.
absl::Status CheckCodesFree(db::Connection& conn, const Organization& org) {
  for (const Code& code : org.codes) {
    for (const store::CodeHolder& holder : store::LockCodeHolders(conn, code.scheme, code.value)) {
      if (holder.organization_id == org.id) continue;
      if (holder.period.from <= code.period.to && code.period.from <= holder.period.to) {
        return Error(absl::StatusCode::kAlreadyExists, "CODE_IN_USE",
                     absl::StrCat("Code ", code.value, " is held by organisation ",
                                  holder.organization_id, " over an overlapping period"),
                     absl::StrCat("Mã ", code.value, " đang được đơn vị ", holder.organization_id,
                                  " sử dụng trong cùng thời gian"));
      }
    }
  }
  return absl::OkStatus();
}

// Inside the write's transaction: the hierarchy rules against the parent as committed, its row
// locked until the write commits. An event ending the parent locks the same row, so a child can
// never be created under a parent being dissolved: one of the two waits for the other and then
// sees it.
absl::Status CheckHierarchyLocked(db::Connection& conn, const Organization& org,
                                  const ReadModel& model) {
  std::optional<Organization> parent;
  if (const int64_t id = org.versions.front().parent_id; id != 0) {
    parent = store::LoadOrganization(conn, id, /*for_update=*/true);
  }
  const Lookup lookup = [&, holder =
                                std::vector<OrgPtr>()](int64_t id) mutable -> const Organization* {
    if (parent && parent->id == id) return &*parent;
    holder.push_back(model.Get(id));
    return holder.back().get();
  };
  return CheckHierarchy(org, lookup);
}

absl::Status CheckArea(int64_t area_id, const ReadModel& model) {
  if (area_id == 0) return absl::OkStatus();
  OrgPtr area = model.Get(area_id);
  if (area == nullptr) {
    return NotFound(absl::StrCat("Area organisation ", area_id), absl::StrCat("địa bàn ", area_id));
  }
  if (!IsAdministrativeUnit(area->kind)) {
    return InvalidArgument({{"organization.area_id", "must be an administrative unit",
                             "phải là một đơn vị hành chính"}});
  }
  return absl::OkStatus();
}

grpc::Status RegistryService::CreateOrganization(Ctx* ctx,
                                                 const v1::CreateOrganizationRequest* request,
                                                 v1::Organization* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return DoCreateOrganization(call, *request, response);
  });
}

absl::Status RegistryService::DoCreateOrganization(const server::Call& call,
                                                   const v1::CreateOrganizationRequest& request,
                                                   v1::Organization* response) {
  Violations violations;
  CheckRequestId(request.request_id(), violations);
  Organization org = FromProto(request.organization(), "organization", violations);
  ValidateFields(org, "organization", violations);
  if (!violations.empty()) return violations.ToStatus();
  const int64_t parent = org.versions.front().parent_id;
  if (auto status = AuthorizeWrite(call, parent); !status.ok()) return status;
  if (auto status = CheckArea(org.area_id, model_); !status.ok()) return status;

  // A retry is answered first (TransactOnce), before the checks its own first result would fail.
  const db::IdempotencyKey key(call, request.request_id(), request);
  absl::Status status = db::TransactOnce(
      pool_, call.deadline, key, response, [&](db::Connection& conn) -> absl::Status {
        // A check of stored state, so after the replay of a retry, as every such check.
        if (org.kind == v1::NATION && NationId() != 0) {
          return InvalidArgument(
              {{"organization.kind", "the nation already exists", "đã có đơn vị cấp quốc gia"}});
        }
        if (auto s = CheckHierarchyLocked(conn, org, model_); !s.ok()) return s;
        if (auto s = CheckCodesFree(conn, org); !s.ok()) return s;
        Organization row = org;
        store::InsertOrganization(conn, row);
        if (row.validity.from != kOpenStart) {
          store::EventRecord event;
          event.type = v1::ESTABLISH;
          event.effective_date = row.validity.from;
          event.recorded_by = call.principal.subject;
          event.participants = {{row.id, "created", v1::LINEAGE_SHARE_UNSPECIFIED}};
          store::InsertEvent(conn, event);
        }
        store::RecordChange(conn, "organization", row.id);
        response->Clear();
        ToProto(row, ShownOn(row, Today()), response);
        db::Audit(conn, call, response->name(), {{"created", response->display_name()}});
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return Refresh({response->id()}, call.deadline);
}

grpc::Status RegistryService::UpdateOrganization(Ctx* ctx,
                                                 const v1::UpdateOrganizationRequest* request,
                                                 v1::Organization* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return DoUpdateOrganization(call, *request, response);
  });
}

absl::Status RegistryService::DoUpdateOrganization(const server::Call& call,
                                                   const v1::UpdateOrganizationRequest& request,
                                                   v1::Organization* response) {
  const v1::Organization& in = request.organization();
  Violations violations;
  if (in.id() <= 0) violations.Add("organization.id", "is required", "là bắt buộc");
  if (in.etag().empty()) violations.Add("organization.etag", "is required", "là bắt buộc");
  // Names, parents and validity change through events, never by update.
  server::CheckUpdateMask(request.update_mask(), *v1::Organization::descriptor(),
                          {"short_name", "area_id", "codes", "contact", "contact.*"}, violations);
  if (!violations.empty()) return violations.ToStatus();
  if (auto status = AuthorizeWrite(call, in.id()); !status.ok()) return status;
  auto current = Existing(in.id());
  if (!current.ok()) return current.status();

  Organization updated;
  absl::Status status = pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
    auto org = store::LoadOrganization(conn, in.id(), /*for_update=*/true);
    if (!org) return NotFound(absl::StrCat("Organisation ", in.id()), "đơn vị");
    if (EtagOf(org->version) != in.etag()) return EtagMismatch();
    Violations invalid;
    for (const std::string& path : request.update_mask().paths()) {
      if (path == "short_name") org->short_name = in.short_name();
      if (path == "area_id") org->area_id = in.area_id();
      if (path == "codes") {
        org->codes = CodesFromProto(in, "organization", invalid);
        ClipCodesToValidity(*org);
      }
      if (path == "contact") org->contact = ContactFromProto(in.contact());
      if (path == "contact.address") org->contact.address = in.contact().address();
      if (path == "contact.phone") org->contact.phone = in.contact().phone();
      if (path == "contact.email") org->contact.email = in.contact().email();
      if (path == "contact.website") org->contact.website = in.contact().website();
    }
    ValidateFields(*org, "organization", invalid);
    if (!invalid.empty()) return invalid.ToStatus();
    if (auto s = CheckArea(org->area_id, model_); !s.ok()) return s;
    if (auto s = CheckCodesFree(conn, *org); !s.ok()) return s;
    store::SaveOrganization(conn, *org);
    store::RecordChange(conn, "organization", org->id);
    nlohmann::json changed = nlohmann::json::array();
    for (const std::string& path : request.update_mask().paths()) changed.push_back(path);
    db::Audit(conn, call, absl::StrCat("organizations/", org->id), {{"updated", changed}});
    updated = *std::move(org);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  (void)Refresh({updated.id}, call.deadline);
  ToProto(updated, ShownOn(updated, Today()), response);
  return absl::OkStatus();
}

}  // namespace thidua::registry
