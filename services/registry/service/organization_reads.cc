// Read handlers: answered from the in-memory read model, never from the database.
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "common/server/raw_message.h"
#include "common/text.h"
#include "services/registry/service/mapping.h"
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

grpc::ServerUnaryReactor* RegistryService::GetOrganization(grpc::CallbackServerContext* ctx,
                                                           const grpc::ByteBuffer* request_bytes,
                                                           grpc::ByteBuffer* response_bytes) {
  v1::GetOrganizationRequest request;
  const bool parsed = server::ParseRequest(*request_bytes, &request);
  std::string wire;
  const grpc::Status status = runner_.Run(
      ctx, __func__, parsed ? &request : nullptr, [&](const server::Call&) -> absl::Status {
        Violations violations;
        const CivilDay day = OptionalDay(request.as_of(), Today(), "as_of", violations);
        if (request.id() <= 0) violations.Add("id", "is required", "là bắt buộc");
        if (!violations.empty()) return violations.ToStatus();
        auto org = Existing(request.id());
        if (!org.ok()) return org.status();
        wire = (*org)->wire[(*org)->VersionIndexOn(day)];
        return absl::OkStatus();
      });
  if (status.ok()) *response_bytes = server::ToByteBuffer(std::move(wire));
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

grpc::Status RegistryService::BatchGetOrganizations(Ctx* ctx,
                                                    const v1::BatchGetOrganizationsRequest* request,
                                                    v1::BatchGetOrganizationsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
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

grpc::ServerUnaryReactor* RegistryService::ListOrganizations(grpc::CallbackServerContext* ctx,
                                                             const grpc::ByteBuffer* request_bytes,
                                                             grpc::ByteBuffer* response_bytes) {
  v1::ListOrganizationsRequest request;
  const bool parsed = server::ParseRequest(*request_bytes, &request);
  std::string wire;
  std::shared_ptr<const std::string> shared;
  const grpc::Status status = runner_.Run(
      ctx, __func__, parsed ? &request : nullptr, [&](const server::Call&) -> absl::Status {
        Violations violations;
        ListQuery query;
        query.day = OptionalDay(request.as_of(), Today(), "as_of", violations);
        query.parent_id = request.parent_id();
        query.ancestor_id = request.ancestor_id();
        query.group_id = request.group_id();
        for (int i = 0; i < request.kinds_size(); ++i) {
          const auto kind = static_cast<Kind>(request.kinds(i));
          if (kind == v1::ORGANIZATION_KIND_UNSPECIFIED || !v1::OrganizationKind_IsValid(kind)) {
            violations.Add(absl::StrCat("kinds[", i, "]"), "is not an organisation kind",
                           "không phải loại đơn vị hợp lệ");
          }
          query.kinds.push_back(kind);
        }
        query.code_scheme = request.code_scheme();
        query.code_value = request.code_value();
        if ((query.code_scheme == v1::CODE_SCHEME_UNSPECIFIED) != query.code_value.empty()) {
          violations.Add("code_value", "code_scheme and code_value go together",
                         "loại mã và giá trị mã phải đi cùng nhau");
        }
        query.folded_query = text::Fold(request.query());
        if (!request.query().empty() && query.folded_query.empty()) {
          violations.Add("query", "has no letters or digits to search for",
                         "không có chữ hoặc số để tìm");
        }
        query.include_invalid = request.include_invalid();
        // A code asked without a date: every unit that ever held it, with its validity, never
        // silently today's holder alone.
        if (query.code_scheme != v1::CODE_SCHEME_UNSPECIFIED && !request.has_as_of()) {
          query.code_on_any_day = true;
          query.include_invalid = true;
        }
        auto pager = server::Pager::Read(request, violations);
        if (!violations.empty()) return violations.ToStatus();
        std::optional<ListKey> after;
        if (!pager->first_page()) {
          auto start = pager->StartAs(std::tuple<int64_t, int64_t, std::string, int64_t>{});
          if (!start.ok()) return start.status();
          auto& [match, level, name, id] = *start;
          after = ListKey{static_cast<int>(match), static_cast<int>(level), std::move(name), id};
        }

        // The same listing asked again (the communes of a province, a popular search) is served
        // from the cache until the registry changes.
        const uint64_t generation = model_.generation();
        const std::string key = absl::StrCat(request.SerializeAsString(), "@", ToIso(query.day));
        if ((shared = list_cache_.Find(key, generation))) return absl::OkStatus();
        const ListPage page = model_.List(query, after, pager->size());
        // ListOrganizationsResponse: organizations = 1, next_page_token = 2, total_size = 3.
        wire.reserve(page.organizations.size() * 256);
        for (const OrgPtr& org : page.organizations) {
          server::AppendLengthDelimited(wire, 1, org->wire[org->VersionIndexOn(query.day)]);
        }
        if (page.last) {
          server::AppendLengthDelimited(wire, 2, pager->TokenAfter(page.last->ToCursor()));
        }
        if (page.total > 0) server::AppendVarint(wire, 3, page.total);
        shared = std::make_shared<const std::string>(std::move(wire));
        list_cache_.Put(key, generation, shared);
        return absl::OkStatus();
      });
  if (status.ok()) *response_bytes = server::ToByteBuffer(std::move(shared));
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

grpc::Status RegistryService::GetTree(Ctx* ctx, const v1::GetTreeRequest* request,
                                      v1::GetTreeResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (request->max_depth() < 0)
      violations.Add("max_depth", "must not be negative", "không được âm");
    if (!violations.empty()) return violations.ToStatus();
    auto pager = server::Pager::Read(*request, 1000, 5000);
    if (!pager.ok()) return pager.status();
    auto root = Existing(request->root_id());
    if (!root.ok()) return root.status();
    // A node's key is the (name, id) of every node from the root down to it: comparing keys
    // orders them depth-first with children by name, so a page starts after the last node shown
    // even when units were added or dissolved meanwhile.
    struct Keyed {
      TreeEntry entry;
      server::CursorKey key;
    };
    std::vector<Keyed> nodes;
    server::CursorKey path;
    for (TreeEntry& entry : model_.Tree(request->root_id(), day, request->max_depth())) {
      path.resize(2 * static_cast<size_t>(entry.depth));
      path.emplace_back(entry.organization->VersionOn(day).search_name);
      path.emplace_back(entry.organization->id);
      nodes.push_back({std::move(entry), path});
    }
    std::string next_token;
    for (const Keyed& keyed : pager->PageOf(
             nodes, [](const Keyed& k) -> const server::CursorKey& { return k.key; }, next_token)) {
      auto* node = response->add_nodes();
      ToProto(*keyed.entry.organization, day, node->mutable_organization());
      node->set_depth(keyed.entry.depth);
    }
    response->set_next_page_token(next_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListAncestors(Ctx* ctx, const v1::ListAncestorsRequest* request,
                                            v1::ListAncestorsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
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
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
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
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (!violations.empty()) return violations.ToStatus();
    auto org = Existing(request->organization_id());
    if (!org.ok()) return org.status();
    AddCarriers(request->organization_id(), day, *response->mutable_organizations());
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::BatchResolveSuccessors(
    Ctx* ctx, const v1::BatchResolveSuccessorsRequest* request,
    v1::BatchResolveSuccessorsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (request->organization_ids_size() > 1000) {
      violations.Add("organization_ids", "at most 1000 ids per call", "tối đa 1000 mã mỗi lần gọi");
    }
    if (!violations.empty()) return violations.ToStatus();
    for (int64_t id : request->organization_ids()) {
      if (model_.Get(id) == nullptr) {
        response->add_missing_ids(id);
        continue;
      }
      auto* result = response->add_results();
      result->set_organization_id(id);
      AddCarriers(id, day, *result->mutable_organizations());
    }
    return absl::OkStatus();
  });
}

void RegistryService::AddCarriers(int64_t id, CivilDay day,
                                  google::protobuf::RepeatedPtrField<v1::LineageLink>& out) const {
  for (const LineageHit& hit : model_.CarriersOn(id, day)) {
    auto* link = out.Add();
    registry::ToProto(*hit.organization, day, link->mutable_organization());
    link->set_share(hit.share);
    link->set_generation(hit.generation);
    link->set_event_id(hit.event_id);
    if (hit.generation > 0) *link->mutable_effective_date() = thidua::ToProto(hit.effective_date);
  }
}

grpc::Status RegistryService::ListOrganizationHistory(
    Ctx* ctx, const v1::ListOrganizationHistoryRequest* request,
    v1::ListOrganizationHistoryResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto org = Existing(request->organization_id());
    if (!org.ok()) return org.status();
    // History is read rarely and lives only in the database.
    auto pager = server::Pager::Read(*request);
    if (!pager.ok()) return pager.status();
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      std::string next_token;
      const auto events = store::ListEvents(conn, request->organization_id());
      for (const auto& event : pager->PageOf(
               events,
               [](const auto& e) {
                 return server::CursorKey{ToIso(e.effective_date), e.id};
               },
               next_token)) {
        registry::ToProto(event, response->add_events());
      }
      response->set_next_page_token(next_token);
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::registry
