#pragma once

#include <vector>

#include "common/auth/jwt.h"
#include "common/clock.h"
#include "common/db/pool.h"
#include "common/server/access.h"
#include "common/server/call.h"
#include "services/registry/model/read_model.h"
#include "services/registry/service/response_cache.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua::registry {

inline constexpr char kAdminRole[] = "registry-admin";

// The gRPC face of the registry: validation, authorization and status mapping. Reads are answered
// from the read model; writes go to the database in one transaction each, then refresh the model
// before answering, so the replica that wrote reads its own write at once.
// The two hottest reads (GetOrganization, ListOrganizations) use the callback API with raw bytes,
// answering from the read model's pre-serialized organisations; everything else is a plain
// synchronous handler.
using RegistryBase = v1::Registry::WithRawCallbackMethod_GetOrganization<
    v1::Registry::WithRawCallbackMethod_ListOrganizations<v1::Registry::Service>>;

class RegistryService final : public RegistryBase {
 public:
  RegistryService(db::Pool& pool, ReadModel& model, const auth::JwtVerifier& verifier,
                  const Clock& clock = Clock::System())
      : pool_(pool),
        model_(model),
        scopes_(model),
        runner_(verifier, v1::Registry::service_full_name(), scopes_),
        clock_(clock) {}

  using Ctx = grpc::ServerContext;
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext*, const grpc::ByteBuffer*,
                                            grpc::ByteBuffer*) override;
  grpc::Status BatchGetOrganizations(Ctx*, const v1::BatchGetOrganizationsRequest*,
                                     v1::BatchGetOrganizationsResponse*) override;
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext*, const grpc::ByteBuffer*,
                                              grpc::ByteBuffer*) override;
  grpc::Status CreateOrganization(Ctx*, const v1::CreateOrganizationRequest*,
                                  v1::Organization*) override;
  grpc::Status UpdateOrganization(Ctx*, const v1::UpdateOrganizationRequest*,
                                  v1::Organization*) override;
  grpc::Status AddOrganizationAlias(Ctx*, const v1::AddOrganizationAliasRequest*,
                                    v1::Organization*) override;
  grpc::Status RemoveOrganizationAlias(Ctx*, const v1::RemoveOrganizationAliasRequest*,
                                       v1::Organization*) override;
  grpc::Status ApplyEvent(Ctx*, const v1::ApplyEventRequest*, v1::OrganizationEvent*) override;
  grpc::Status ListOrganizationHistory(Ctx*, const v1::ListOrganizationHistoryRequest*,
                                       v1::ListOrganizationHistoryResponse*) override;
  grpc::Status GetTree(Ctx*, const v1::GetTreeRequest*, v1::GetTreeResponse*) override;
  grpc::Status ListAncestors(Ctx*, const v1::ListAncestorsRequest*,
                             v1::ListAncestorsResponse*) override;
  grpc::Status GetLineage(Ctx*, const v1::GetLineageRequest*, v1::GetLineageResponse*) override;
  grpc::Status ResolveSuccessors(Ctx*, const v1::ResolveSuccessorsRequest*,
                                 v1::ResolveSuccessorsResponse*) override;
  grpc::Status BatchResolveSuccessors(Ctx*, const v1::BatchResolveSuccessorsRequest*,
                                      v1::BatchResolveSuccessorsResponse*) override;
  grpc::Status CreateGroup(Ctx*, const v1::CreateGroupRequest*, v1::Group*) override;
  grpc::Status GetGroup(Ctx*, const v1::GetGroupRequest*, v1::Group*) override;
  grpc::Status ListGroups(Ctx*, const v1::ListGroupsRequest*, v1::ListGroupsResponse*) override;
  grpc::Status AddGroupMember(Ctx*, const v1::AddGroupMemberRequest*, v1::Group*) override;
  grpc::Status RemoveGroupMember(Ctx*, const v1::RemoveGroupMemberRequest*, v1::Group*) override;
  grpc::Status ListGroupMembers(Ctx*, const v1::ListGroupMembersRequest*,
                                v1::ListGroupMembersResponse*) override;

 private:
  CivilDay Today() const;
  // Re-reads organisations (and their lineage) or groups after a commit and publishes them.
  absl::Status Refresh(const std::vector<int64_t>& organization_ids, absl::Time deadline);
  absl::Status RefreshGroup(int64_t group_id, absl::Time deadline);
  // The id whose subtree a write without a parent falls in: the nation.
  int64_t NationId() const;
  absl::Status AuthorizeWrite(const server::Call& call, int64_t target) const;
  // Fails with NOT_FOUND (bilingual) unless the organisation exists.
  absl::StatusOr<OrgPtr> Existing(int64_t id) const;
  // The organisations carrying `id`'s duties on `day` (ReadModel::CarriersOn), as links.
  void AddCarriers(int64_t id, CivilDay day,
                   google::protobuf::RepeatedPtrField<v1::LineageLink>& out) const;

  absl::Status DoApplyEvent(const server::Call& call, const v1::ApplyEventRequest& request,
                            v1::OrganizationEvent* response);
  absl::Status DoCreateOrganization(const server::Call& call,
                                    const v1::CreateOrganizationRequest& request,
                                    v1::Organization* response);
  absl::Status DoUpdateOrganization(const server::Call& call,
                                    const v1::UpdateOrganizationRequest& request,
                                    v1::Organization* response);
  // Adds `*add` (when set) or removes the alias the same as `text` (services/aliases.cc).
  absl::Status DoChangeAlias(const server::Call& call, const std::string& request_id,
                             int64_t organization_id, const std::string& etag,
                             const std::string& text, const v1::OrganizationAlias* add,
                             const google::protobuf::Message& request, v1::Organization* response);

  db::Pool& pool_;
  ReadModel& model_;
  server::HierarchyScopes scopes_;  // the declared scope checks, from the read model
  server::CallRunner runner_;
  const Clock& clock_;
  ResponseCache list_cache_{"organizations"};
};

}  // namespace thidua::registry
