// AddOrganizationAlias and RemoveOrganizationAlias: the names people type for a unit ("TP HCM").
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/text.h"
#include "services/registry/service/mapping.h"
#include "services/registry/service/registry_service.h"
#include "services/registry/store/alias_store.h"
#include "services/registry/store/registry_store.h"

namespace thidua::registry {
namespace {

// What the request names, checked before anything is read: the unit, its etag, the alias text.
void CheckAliasRequest(int64_t organization_id, const std::string& etag, const std::string& text,
                       absl::string_view text_field, Violations& violations) {
  if (organization_id <= 0) violations.Add("organization_id", "is required", "là bắt buộc");
  if (etag.empty()) violations.Add("etag", "is required", "là bắt buộc");
  if (text.empty()) violations.Add(std::string(text_field), "is required", "là bắt buộc");
}

// The alias of `org` the same as `text` by identity, or end().
std::vector<Alias>::const_iterator FindAlias(const Organization& org, const std::string& text) {
  const std::string key = text::IdentityKey(text);
  return std::find_if(org.aliases.begin(), org.aliases.end(),
                      [&](const Alias& a) { return text::IdentityKey(a.text) == key; });
}

}  // namespace

grpc::Status RegistryService::AddOrganizationAlias(Ctx* ctx,
                                                   const v1::AddOrganizationAliasRequest* request,
                                                   v1::Organization* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return DoChangeAlias(call, request->request_id(), request->organization_id(), request->etag(),
                         request->alias().text(), &request->alias(), *request, response);
  });
}

grpc::Status RegistryService::RemoveOrganizationAlias(
    Ctx* ctx, const v1::RemoveOrganizationAliasRequest* request, v1::Organization* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return DoChangeAlias(call, request->request_id(), request->organization_id(), request->etag(),
                         request->text(), nullptr, *request, response);
  });
}

absl::Status RegistryService::DoChangeAlias(const server::Call& call, const std::string& request_id,
                                            int64_t organization_id, const std::string& etag,
                                            const std::string& text,
                                            const v1::OrganizationAlias* add,
                                            const google::protobuf::Message& request,
                                            v1::Organization* response) {
  Violations violations;
  CheckAliasRequest(organization_id, etag, text, add ? "alias.text" : "text", violations);
  if (!violations.empty()) return violations.ToStatus();
  if (auto status = AuthorizeWrite(call, organization_id); !status.ok()) return status;
  if (auto current = Existing(organization_id); !current.ok()) return current.status();

  // A retry is answered first (TransactOnce), before the etag its own first write has changed.
  const db::IdempotencyKey key(call, request_id, request);
  absl::Status status = db::TransactOnce(
      pool_, call.deadline, key, response, [&](db::Connection& conn) -> absl::Status {
        auto org = store::LoadOrganization(conn, organization_id, /*for_update=*/true);
        if (!org) return NotFound(absl::StrCat("Organisation ", organization_id), "đơn vị");
        if (EtagOf(org->version) != etag) return EtagMismatch();
        const auto same = FindAlias(*org, text);
        nlohmann::json change;
        if (add != nullptr) {
          if (same != org->aliases.end()) {
            return Error(
                absl::StatusCode::kAlreadyExists, "ALIAS_EXISTS",
                absl::StrCat("Organisation ", org->id, " already has the alias \"", same->text,
                             "\""),
                absl::StrCat("Đơn vị ", org->id, " đã có tên gọi khác \"", same->text, "\""));
          }
          if (org->aliases.size() >= kMaxAliases) {
            return InvalidArgument({{"alias",
                                     absl::StrCat("an organisation has at most ", kMaxAliases,
                                                  " aliases; remove one first"),
                                     absl::StrCat("mỗi đơn vị có tối đa ", kMaxAliases,
                                                  " tên gọi khác; hãy xoá bớt một tên")}});
          }
          Alias alias{add->text(), text::Fold(add->text()), add->kind(), add->source()};
          store::InsertAlias(conn, org->id, alias);
          org->aliases.push_back(std::move(alias));
          change = {{"alias_added", add->text()}};
        } else {
          if (same == org->aliases.end() ||
              !store::DeleteAlias(conn, org->id, text::IdentityDigest(same->text))) {
            return NotFound(absl::StrCat("Alias \"", text, "\" of organisation ", org->id),
                            absl::StrCat("tên gọi khác \"", text, "\" của đơn vị ", org->id));
          }
          change = {{"alias_removed", same->text}};
          org->aliases.erase(same);
        }
        store::TouchOrganization(conn, *org);
        store::RecordChange(conn, "organization", org->id);
        db::Audit(conn, call, absl::StrCat("organizations/", org->id), change);
        response->Clear();
        ToProto(*org, std::clamp(Today(), org->validity.from, org->validity.to), response);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return Refresh({response->id()}, call.deadline);
}

}  // namespace thidua::registry
