// Groups of organisations with membership validity ("the communes once affected by ...").
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server/pager.h"
#include "common/text.h"
#include "services/registry/domain/ties.h"
#include "services/registry/service/mapping.h"
#include "services/registry/service/registry_service.h"
#include "services/registry/store/registry_store.h"

namespace thidua::registry {
namespace {

absl::StatusOr<GroupPtr> ExistingGroup(const ReadModel& model, int64_t id) {
  if (GroupPtr group = model.GetGroup(id)) return group;
  return NotFound(absl::StrCat("Group ", id), absl::StrCat("nhóm ", id));
}

// The longest a name may be and its characters are declared in the proto and checked before the
// handler (common/server/text_fields.h); the shortest is the group's own rule.
void CheckName(const std::string& name, const std::string& field, Violations& violations) {
  if (text::CodePointCount(name) < 2) {
    violations.Add(field, "at least 2 characters", "ít nhất 2 ký tự");
  }
}

// A membership lies within its unit's validity (domain/ties.h); the unit is read and locked
// inside the write's transaction, as events lock the units they end.
absl::Status FitMember(db::Connection& conn, GroupMembership& member) {
  const auto org = store::LoadOrganization(conn, member.organization_id, /*for_update=*/true);
  if (!org) {
    return NotFound(absl::StrCat("Organisation ", member.organization_id),
                    absl::StrCat("đơn vị ", member.organization_id));
  }
  return FitMembership(*org, member);
}

}  // namespace

absl::Status RegistryService::RefreshGroup(int64_t group_id, absl::Time) {
  // As Refresh: the write has committed, so a failed reload is logged, not reported.
  absl::Status status =
      pool_.Run(absl::Now() + absl::Seconds(2), [&](db::Connection& conn) -> absl::Status {
        if (auto group = store::LoadGroup(conn, group_id, /*for_update=*/false)) {
          model_.PutGroup(*std::move(group));
        }
        return absl::OkStatus();
      });
  if (!status.ok()) log::Warn("group refresh failed", {{"error", std::string(status.message())}});
  return absl::OkStatus();
}

grpc::Status RegistryService::CreateGroup(Ctx* ctx, const v1::CreateGroupRequest* request,
                                          v1::Group* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const v1::Group& in = request->group();
    Violations violations;
    CheckName(in.display_name(), "group.display_name", violations);
    if (in.owner_id() <= 0) violations.Add("group.owner_id", "is required", "là bắt buộc");
    if (request->request_id().size() > 100) {
      violations.Add("request_id", "at most 100 bytes", "tối đa 100 byte");
    }
    Group group;
    group.display_name = in.display_name();
    group.search_name = text::Fold(in.display_name());
    group.description = in.description();
    group.owner_id = in.owner_id();
    if (in.members_size() > kMaxGroupMemberships) {
      violations.Add("group.members",
                     absl::StrCat("at most ", kMaxGroupMemberships, " memberships"),
                     absl::StrCat("tối đa ", kMaxGroupMemberships, " thành viên"));
    }
    for (int i = 0; i < std::min(in.members_size(), kMaxGroupMemberships); ++i) {
      const auto& m = in.members(i);
      const std::string field = absl::StrCat("group.members[", i, "]");
      GroupMembership member{
          m.organization_id(),
          {RequiredDay(m.valid_from(), field + ".valid_from", violations),
           OptionalDay(m.valid_to(), kOpenEnd, field + ".valid_to", violations)}};
      if (member.period.to < member.period.from) {
        violations.Add(field + ".valid_to", "must not be before valid_from",
                       "không được trước ngày bắt đầu");
      }
      group.members.push_back(member);
    }
    if (!violations.empty()) return violations.ToStatus();
    if (auto s = AuthorizeWrite(call, group.owner_id); !s.ok()) return s;
    for (const auto& m : group.members) {
      if (!model_.Get(m.organization_id)) {
        return NotFound(absl::StrCat("Organisation ", m.organization_id),
                        absl::StrCat("đơn vị ", m.organization_id));
      }
    }
    const db::IdempotencyKey key(call, request->request_id(), *request);
    absl::Status status = db::TransactOnce(
        pool_, call.deadline, key, response, [&](db::Connection& conn) -> absl::Status {
          Group row = group;
          for (GroupMembership& m : row.members) {
            if (auto s = FitMember(conn, m); !s.ok()) return s;
          }
          store::InsertGroup(conn, row);
          store::RecordChange(conn, "group", row.id);
          response->Clear();
          ToProto(row, response);
          db::Audit(conn, call, response->name(), {{"created", row.display_name}});
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    return RefreshGroup(response->id(), call.deadline);
  });
}

grpc::Status RegistryService::GetGroup(Ctx* ctx, const v1::GetGroupRequest* request,
                                       v1::Group* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    auto group = ExistingGroup(model_, request->id());
    if (!group.ok()) return group.status();
    ToProto(**group, response);
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListGroups(Ctx* ctx, const v1::ListGroupsRequest* request,
                                         v1::ListGroupsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    auto pager = server::Pager::Read(*request);
    if (!pager.ok()) return pager.status();
    const auto groups = model_.ListGroups(request->owner_id(), text::Fold(request->query()));
    std::string next_token;
    for (const GroupPtr& group : pager->PageOf(
             groups,
             [](const GroupPtr& g) {
               return server::CursorKey{g->search_name, g->id};
             },
             next_token)) {
      ToProto(*group, response->add_groups());
    }
    response->set_next_page_token(next_token);
    return absl::OkStatus();
  });
}

grpc::Status RegistryService::ListGroupMembers(Ctx* ctx, const v1::ListGroupMembersRequest* request,
                                               v1::ListGroupMembersResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    Violations violations;
    const CivilDay day = OptionalDay(request->as_of(), Today(), "as_of", violations);
    if (!violations.empty()) return violations.ToStatus();
    auto pager = server::Pager::Read(*request);
    if (!pager.ok()) return pager.status();
    auto group = ExistingGroup(model_, request->group_id());
    if (!group.ok()) return group.status();
    std::string next_token;
    for (const OrgPtr& org : pager->PageOf(
             model_.GroupMembers(request->group_id(), day),
             [&](const OrgPtr& o) {
               return server::CursorKey{o->VersionOn(day).search_name, o->id};
             },
             next_token)) {
      ToProto(*org, day, response->add_organizations());
    }
    response->set_next_page_token(next_token);
    return absl::OkStatus();
  });
}

// Membership changes share one shape: authorize on the owner, lock, check the etag, edit, save.
template <typename Edit>
absl::Status EditMembers(db::Pool& pool, ReadModel& model, const server::Call& call,
                         int64_t group_id, const std::string& etag, Edit&& edit,
                         v1::Group* response) {
  std::optional<Group> saved;
  absl::Status status = pool.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
    auto group = store::LoadGroup(conn, group_id, /*for_update=*/true);
    if (!group) return NotFound(absl::StrCat("Group ", group_id), "nhóm");
    if (EtagOf(group->version) != etag) return EtagMismatch();
    if (auto s = edit(conn, *group); !s.ok()) return s;
    store::SaveGroup(conn, *group);
    store::RecordChange(conn, "group", group->id);
    db::Audit(conn, call, absl::StrCat("groups/", group->id), {{"members", group->members.size()}});
    response->Clear();
    ToProto(*group, response);
    saved = std::move(group);
    return absl::OkStatus();
  });
  if (status.ok()) model.PutGroup(*std::move(saved));  // published only once committed
  return status;
}

grpc::Status RegistryService::AddGroupMember(Ctx* ctx, const v1::AddGroupMemberRequest* request,
                                             v1::Group* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations violations;
    if (request->etag().empty()) violations.Add("etag", "is required", "là bắt buộc");
    GroupMembership member{
        request->member().organization_id(),
        {RequiredDay(request->member().valid_from(), "member.valid_from", violations),
         OptionalDay(request->member().valid_to(), kOpenEnd, "member.valid_to", violations)}};
    if (member.period.to < member.period.from) {
      violations.Add("member.valid_to", "must not be before valid_from",
                     "không được trước ngày bắt đầu");
    }
    if (!violations.empty()) return violations.ToStatus();
    auto group = ExistingGroup(model_, request->group_id());
    if (!group.ok()) {
      return AuthorizeWrite(call, 0).ok() ? group.status() : AuthorizeWrite(call, 0);
    }
    if (auto s = AuthorizeWrite(call, (*group)->owner_id); !s.ok()) return s;
    return EditMembers(
        pool_, model_, call, request->group_id(), request->etag(),
        [&](db::Connection& conn, Group& g) -> absl::Status {
          // Locked as events lock it: a unit ending meanwhile ends this membership too.
          if (auto s = FitMember(conn, member); !s.ok()) return s;
          for (const auto& m : g.members) {
            if (m.organization_id == member.organization_id && m.period.from <= member.period.to &&
                member.period.from <= m.period.to) {
              return Error(absl::StatusCode::kAlreadyExists, "ALREADY_MEMBER",
                           "The organisation is already a member over that period",
                           "Đơn vị đã là thành viên của nhóm trong thời gian này");
            }
          }
          if (g.members.size() >= static_cast<size_t>(kMaxGroupMemberships)) {
            return Error(absl::StatusCode::kFailedPrecondition, "GROUP_FULL",
                         absl::StrCat("A group holds at most ", kMaxGroupMemberships,
                                      " memberships; start another group"),
                         absl::StrCat("Một nhóm có tối đa ", kMaxGroupMemberships,
                                      " thành viên; hãy lập nhóm khác"));
          }
          g.members.push_back(member);
          return absl::OkStatus();
        },
        response);
  });
}

grpc::Status RegistryService::RemoveGroupMember(Ctx* ctx,
                                                const v1::RemoveGroupMemberRequest* request,
                                                v1::Group* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations violations;
    if (request->etag().empty()) violations.Add("etag", "is required", "là bắt buộc");
    const CivilDay last = RequiredDay(request->last_day(), "last_day", violations);
    if (!violations.empty()) return violations.ToStatus();
    auto group = ExistingGroup(model_, request->group_id());
    if (!group.ok()) {
      return AuthorizeWrite(call, 0).ok() ? group.status() : AuthorizeWrite(call, 0);
    }
    if (auto s = AuthorizeWrite(call, (*group)->owner_id); !s.ok()) return s;
    return EditMembers(
        pool_, model_, call, request->group_id(), request->etag(),
        [&](db::Connection&, Group& g) -> absl::Status {
          for (auto& m : g.members) {
            if (m.organization_id == request->organization_id() && m.period.Contains(last)) {
              m.period.to = last;
              return absl::OkStatus();
            }
          }
          return Error(absl::StatusCode::kFailedPrecondition, "NOT_A_MEMBER",
                       "The organisation is not a member on that day",
                       "Đơn vị không phải thành viên của nhóm vào ngày này");
        },
        response);
  });
}

}  // namespace thidua::registry
