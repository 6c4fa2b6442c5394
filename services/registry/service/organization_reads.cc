// Read handlers: answered from the in-memory read model, never from the database.
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/text.h"
#include "services/registry/service/mapping.h"
#include "services/registry/service/paging.h"
#include "services/registry/service/registry_service.h"

namespace thidua::registry {
namespace {

void ToProto(const LineageHit& hit, v1::LineageLink* out) {
  ToProto(*hit.organization, hit.effective_date - 1, out->mutable_organization());
  out->set_share(hit.share);
  out->set_generation(hit.generation);
  out->set_event_id(hit.event_id);
  *out->mutable_effective_date() = thidua::ToProto(hit.effective_date);
}

}  // namespace

CivilDay RegistryService::Today() const { return TodayInVietnam(clock_); }

absl::StatusOr<OrgPtr> RegistryService::Existing(int64_t id) const {
  if (OrgPtr org = model_.Get(id)) return org;
  return NotFound(absl::StrCat("Organisation ", id), absl::StrCat("đơn vị ", id));
}

grpc::Status RegistryService::GetOrganization(Ctx* ctx, const v1::GetOrganizationRequest* request,
                                              v1::Organization* response) {
  return runner_.Run(ctx, "GetOrganization", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (request->id() <= 0) violations.Add("id", "is required", "là bắt buộc");
    if (!violations.empty()) return violations.ToStatus();
    auto org = Existing(request->id());
    if (!org.ok()) return org.status();
    ToProto(**org, day, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::BatchGetOrganizations(Ctx* ctx,
                                                    const v1::BatchGetOrganizationsRequest* request,
                                                    v1::BatchGetOrganizationsResponse* response) {
  return runner_.Run(ctx, "BatchGetOrganizations", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (request->ids_size() > 1000) {
      violations.Add("ids", "at most 1000 ids per call", "tối đa 1000 mã mỗi lần gọi");
    }
    if (!violations.empty()) return violations.ToStatus();
    for (int64_t id : request->ids()) {
      if (OrgPtr org = model_.Get(id)) {
        ToProto(*org, day, response->add_organizations());
      } else {
        response->add_missing_ids(id);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListOrganizations(Ctx* ctx,
                                                const v1::ListOrganizationsRequest* request,
                                                v1::ListOrganizationsResponse* response) {
  return runner_.Run(ctx, "ListOrganizations", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    ListQuery query;
    query.day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    query.parent_id = request->parent_id();
    query.ancestor_id = request->ancestor_id();
    query.group_id = request->group_id();
    for (int i = 0; i < request->kinds_size(); ++i) {
      const auto kind = static_cast<Kind>(request->kinds(i));
      if (kind == v1::ORGANIZATION_KIND_UNSPECIFIED || !v1::OrganizationKind_IsValid(kind)) {
        violations.Add(absl::StrCat("kinds[", i, "]"), "is not an organisation kind",
                       "không phải loại đơn vị hợp lệ");
      }
      query.kinds.push_back(kind);
    }
    query.code_scheme = request->code_scheme();
    query.code_value = request->code_value();
    if ((query.code_scheme == v1::CODE_SCHEME_UNSPECIFIED) != query.code_value.empty()) {
      violations.Add("code_value", "code_scheme and code_value go together",
                     "loại mã và giá trị mã phải đi cùng nhau");
    }
    if (!text::IsValidUtf8(request->query()) || request->query().size() > 200) {
      violations.Add("query", "must be valid UTF-8 of at most 200 bytes",
                     "phải là UTF-8 hợp lệ, tối đa 200 byte");
    }
    query.folded_query = text::Fold(request->query());
    if (!request->query().empty() && query.folded_query.empty()) {
      violations.Add("query", "has no letters or digits to search for",
                     "không có chữ hoặc số để tìm");
    }
    query.include_invalid = request->include_invalid();
    const Page page = ReadPage(request->page_size(), request->page_token(), violations);
    if (!violations.empty()) return violations.ToStatus();

    const std::vector<OrgPtr> matches = model_.List(query);
    response->set_total_size(static_cast<int32_t>(matches.size()));
    const size_t end = std::min(matches.size(), page.offset + page.size);
    for (size_t i = page.offset; i < end; ++i) {
      ToProto(*matches[i], query.day, response->add_organizations());
    }
    if (end < matches.size()) response->set_next_page_token(NextPageToken(end));
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::GetTree(Ctx* ctx, const v1::GetTreeRequest* request,
                                      v1::GetTreeResponse* response) {
  return runner_.Run(ctx, "GetTree", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (request->max_depth() < 0)
      violations.Add("max_depth", "must not be negative", "không được âm");
    if (!violations.empty()) return violations.ToStatus();
    auto root = Existing(request->root_id());
    if (!root.ok()) return root.status();
    for (const TreeEntry& entry : model_.Tree(request->root_id(), day, request->max_depth())) {
      auto* node = response->add_nodes();
      ToProto(*entry.organization, day, node->mutable_organization());
      node->set_depth(entry.depth);
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListAncestors(Ctx* ctx, const v1::ListAncestorsRequest* request,
                                            v1::ListAncestorsResponse* response) {
  return runner_.Run(ctx, "ListAncestors", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (!violations.empty()) return violations.ToStatus();
    auto org = Existing(request->organization_id());
    if (!org.ok()) return org.status();
    for (const OrgPtr& ancestor : model_.Ancestors(request->organization_id(), day)) {
      ToProto(*ancestor, day, response->add_ancestors());
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::GetLineage(Ctx* ctx, const v1::GetLineageRequest* request,
                                         v1::GetLineageResponse* response) {
  return runner_.Run(ctx, "GetLineage", "", [&](const server::Call&) -> absl::Status {
    auto org = Existing(request->organization_id());
    if (!org.ok()) return org.status();
    for (const LineageHit& hit : model_.Predecessors(request->organization_id())) {
      ToProto(hit, response->add_predecessors());
    }
    for (const LineageHit& hit : model_.Successors(request->organization_id())) {
      auto* link = response->add_successors();
      ToProto(hit, link);
      // A successor is shown as it was when it took over, not the day before.
      link->clear_organization();
      registry::ToProto(*hit.organization, hit.effective_date, link->mutable_organization());
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ResolveSuccessors(Ctx* ctx,
                                                const v1::ResolveSuccessorsRequest* request,
                                                v1::ResolveSuccessorsResponse* response) {
  return runner_.Run(ctx, "ResolveSuccessors", "", [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (!violations.empty()) return violations.ToStatus();
    auto org = Existing(request->organization_id());
    if (!org.ok()) return org.status();
    for (const LineageHit& hit : model_.CarriersOn(request->organization_id(), day)) {
      auto* link = response->add_organizations();
      registry::ToProto(*hit.organization, day, link->mutable_organization());
      link->set_share(hit.share);
      link->set_generation(hit.generation);
      link->set_event_id(hit.event_id);
      if (hit.generation > 0) *link->mutable_effective_date() = thidua::ToProto(hit.effective_date);
    }
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListOrganizationHistory(
    Ctx* ctx, const v1::ListOrganizationHistoryRequest* request,
    v1::ListOrganizationHistoryResponse* response) {
  return runner_.Run(
      ctx, "ListOrganizationHistory", "", [&](const server::Call& call) -> absl::Status {
        auto org = Existing(request->organization_id());
        if (!org.ok()) return org.status();
        // History is read rarely and lives only in the database.
        return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
          for (const auto& event : store::ListEvents(conn, request->organization_id())) {
            registry::ToProto(event, response->add_events());
          }
          return absl::OkStatus();
        });
      });
}

}  // namespace thidua::registry
