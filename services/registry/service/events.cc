// ApplyEvent: rename, move, dissolve, merge and split, each applied atomically on its date.
#include "services/registry/domain/events.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/text.h"
#include "services/registry/domain/rules.h"
#include "services/registry/domain/ties.h"
#include "services/registry/service/mapping.h"
#include "services/registry/service/registry_service.h"
#include "services/registry/store/registry_store.h"

namespace thidua::registry {
namespace {

// The organisations an event reads and writes inside its transaction, looked up before the model.
struct Workspace {
  db::Connection& conn;
  const ReadModel& model;
  std::map<int64_t, Organization> changed;  // loaded for update (locked) from the database
  std::set<int64_t> written;                // the ones the event modifies
  std::vector<OrgPtr> pinned;               // keeps model entries alive for lookups

  // Loads and locks an organisation the event modifies.
  absl::StatusOr<Organization*> Load(int64_t id) {
    auto org = Lock(id);
    if (org.ok()) written.insert(id);
    return org;
  }

  // Loads and locks an organisation the event only relies on (a new parent).
  absl::StatusOr<Organization*> Lock(int64_t id) {
    if (auto it = changed.find(id); it != changed.end()) return &it->second;
    auto org = store::LoadOrganization(conn, id, /*for_update=*/true);
    if (!org) return NotFound(absl::StrCat("Organisation ", id), absl::StrCat("đơn vị ", id));
    return &changed.emplace(id, *std::move(org)).first->second;
  }

  Lookup lookup() {
    return [this](int64_t id) -> const Organization* {
      if (auto it = changed.find(id); it != changed.end()) return &it->second;
      pinned.push_back(model.Get(id));
      return pinned.back().get();
    };
  }
};

absl::Status HasChildren(int64_t id, size_t count, CivilDay day) {
  return Error(absl::StatusCode::kFailedPrecondition, "HAS_CHILDREN",
               absl::StrCat("Organisation ", id, " still manages ", count, " unit(s) on or after ",
                            ToVietnamese(day), "; move them first"),
               absl::StrCat("Đơn vị ", id, " còn quản lý ", count, " đơn vị từ ngày ",
                            ToVietnamese(day), "; hãy chuyển các đơn vị này trước"));
}

v1::LineageShare ShareOr(v1::LineageShare share, v1::LineageShare fallback) {
  return share == v1::LINEAGE_SHARE_UNSPECIFIED ? fallback : share;
}

// Ids the caller must be entitled to write for this event.
std::vector<int64_t> ScopeTargets(const v1::ApplyEventRequest& r) {
  switch (r.event_case()) {
    case v1::ApplyEventRequest::kRename:
      return {r.rename().organization_id()};
    case v1::ApplyEventRequest::kMove:
      return {r.move().organization_id(), r.move().new_parent_id()};
    case v1::ApplyEventRequest::kDissolve:
      return {r.dissolve().organization_id()};
    case v1::ApplyEventRequest::kMerge: {
      std::vector<int64_t> ids;
      for (const auto& p : r.merge().predecessors()) ids.push_back(p.organization_id());
      ids.push_back(r.merge().has_new_successor() ? r.merge().new_successor().parent_id()
                                                  : r.merge().existing_successor_id());
      return ids;
    }
    case v1::ApplyEventRequest::kSplit: {
      std::vector<int64_t> ids = {r.split().organization_id()};
      for (const auto& s : r.split().successors()) {
        ids.push_back(s.has_new_organization() ? s.new_organization().parent_id()
                                               : s.existing_id());
      }
      return ids;
    }
    default:
      return {};
  }
}

void ValidateShape(const v1::ApplyEventRequest& r, Violations& v) {
  Violations& violations = v;
  // Lengths and characters are declared in the proto and checked before the handler.
  if (r.legal_basis().empty()) {
    violations.Add("legal_basis", "is required: the decision that orders the change",
                   "là bắt buộc: văn bản quyết định thay đổi");
  }
  auto need_id = [&](int64_t id, std::string field) {
    if (id <= 0) violations.Add(std::move(field), "is required", "là bắt buộc");
  };
  switch (r.event_case()) {
    case v1::ApplyEventRequest::kRename: {
      need_id(r.rename().organization_id(), "rename.organization_id");
      if (text::CodePointCount(r.rename().new_display_name()) < 2) {
        violations.Add("rename.new_display_name", "at least 2 characters", "ít nhất 2 ký tự");
      }
      break;
    }
    case v1::ApplyEventRequest::kMove:
      need_id(r.move().organization_id(), "move.organization_id");
      need_id(r.move().new_parent_id(), "move.new_parent_id");
      break;
    case v1::ApplyEventRequest::kDissolve:
      need_id(r.dissolve().organization_id(), "dissolve.organization_id");
      break;
    case v1::ApplyEventRequest::kMerge:
      if (r.merge().predecessors_size() == 0) {
        violations.Add("merge.predecessors", "at least one is required", "cần ít nhất một đơn vị");
      }
      for (int i = 0; i < r.merge().predecessors_size(); ++i) {
        const int64_t id = r.merge().predecessors(i).organization_id();
        const std::string field = absl::StrCat("merge.predecessors[", i, "].organization_id");
        need_id(id, field);
        // A unit merged twice, or into itself, is a mistake of the request, named as such.
        for (int k = 0; k < i; ++k) {
          if (id > 0 && r.merge().predecessors(k).organization_id() == id) {
            violations.Add(field, absl::StrCat("repeats merge.predecessors[", k, "]"),
                           absl::StrCat("trùng với merge.predecessors[", k, "]"));
          }
        }
        if (id > 0 && r.merge().existing_successor_id() == id) {
          violations.Add(field, "is also the successor: a unit cannot merge into itself",
                         "cũng là đơn vị kế thừa: một đơn vị không thể hợp nhất vào chính nó");
        }
      }
      if (r.merge().successor_case() == v1::MergeEvent::SUCCESSOR_NOT_SET) {
        violations.Add("merge.successor", "an existing or a new successor is required",
                       "cần đơn vị kế thừa (có sẵn hoặc mới)");
      }
      break;
    case v1::ApplyEventRequest::kSplit:
      need_id(r.split().organization_id(), "split.organization_id");
      if (r.split().successors_size() == 0) {
        violations.Add("split.successors", "at least one is required", "cần ít nhất một đơn vị");
      }
      for (int i = 0; i < r.split().successors_size(); ++i) {
        const v1::SplitPart& part = r.split().successors(i);
        if (part.target_case() == v1::SplitPart::TARGET_NOT_SET) {
          violations.Add(absl::StrCat("split.successors[", i, "]"),
                         "an existing or a new organisation is required", "cần đơn vị kế thừa");
        }
        if (!part.has_existing_id()) continue;
        const std::string field = absl::StrCat("split.successors[", i, "].existing_id");
        for (int k = 0; k < i; ++k) {
          if (r.split().successors(k).has_existing_id() &&
              r.split().successors(k).existing_id() == part.existing_id()) {
            violations.Add(field, absl::StrCat("repeats split.successors[", k, "]"),
                           absl::StrCat("trùng với split.successors[", k, "]"));
          }
        }
        if (part.existing_id() == r.split().organization_id()) {
          violations.Add(field, "is the unit being split", "là chính đơn vị bị chia tách");
        }
      }
      break;
    default:
      violations.Add("event", "one of rename, move, dissolve, merge, split is required",
                     "cần một trong các sự kiện: đổi tên, chuyển, giải thể, hợp nhất, chia tách");
  }
}

}  // namespace

grpc::Status RegistryService::ApplyEvent(Ctx* ctx, const v1::ApplyEventRequest* request,
                                         v1::OrganizationEvent* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return DoApplyEvent(call, *request, response);
  });
}

absl::Status RegistryService::DoApplyEvent(const server::Call& call, const v1::ApplyEventRequest& r,
                                           v1::OrganizationEvent* response) {
  Violations violations;
  const CivilDay day = RequiredDay(r.effective_date(), "effective_date", violations);
  ValidateShape(r, violations);
  // New organisations an event creates are validated like CreateOrganization's.
  std::vector<Organization> new_orgs;
  auto new_org = [&](const v1::Organization& in, const std::string& prefix) {
    Organization org = FromProto(in, prefix, violations);
    org.validity = {day, kOpenEnd};
    org.versions.front().period = org.validity;
    for (Code& c : org.codes) c.period.from = std::max(c.period.from, day);
    ValidateFields(org, prefix, violations);
    return org;
  };
  if (r.has_merge() && r.merge().has_new_successor()) {
    new_orgs.push_back(new_org(r.merge().new_successor(), "merge.new_successor"));
  }
  for (int i = 0; r.has_split() && i < r.split().successors_size(); ++i) {
    if (r.split().successors(i).has_new_organization()) {
      new_orgs.push_back(new_org(r.split().successors(i).new_organization(),
                                 absl::StrCat("split.successors[", i, "].new_organization")));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  for (int64_t target : ScopeTargets(r)) {
    if (auto status = AuthorizeWrite(call, target); !status.ok()) return status;
  }

  const db::IdempotencyKey key(call, r.request_id(), r);
  std::vector<int64_t> touched;
  std::set<int64_t> groups_changed;
  absl::Status status = db::TransactOnce(
      pool_, call.deadline, key, response, [&](db::Connection& conn) -> absl::Status {
        touched.clear();
        groups_changed.clear();
        Workspace ws{conn, model_, {}, {}, {}};
        store::EventRecord event;
        event.effective_date = day;
        event.legal_basis = r.legal_basis();
        event.note = r.note();
        event.recorded_by = call.principal.subject;
        std::vector<LineageEdge> edges;
        // Every unit an event ends goes through here, so its ties end with it over the whole
        // future: the units it manages on its last day or later follow its full successor (each
        // with the event in its history) or keep it alive (`successor` 0), a unit placed under it
        // later refuses the end (HandOver), and its memberships end.
        auto end_unit = [&](Organization& unit, int64_t successor) -> absl::Status {
          const std::vector<int64_t> children = store::ChildrenFrom(conn, unit.id, day);
          if (!children.empty() && successor == 0) {
            return HasChildren(unit.id, children.size(), day);
          }
          for (int64_t child : children) {
            auto c = ws.Load(child);
            if (!c.ok()) return c.status();
            if (auto s = HandOver(**c, unit.id, day, successor); !s.ok()) return s;
            event.participants.push_back({child, "handed_over", v1::LINEAGE_SHARE_UNSPECIFIED});
          }
          if (auto s = EndOn(unit, day); !s.ok()) return s;
          for (int64_t group_id : store::GroupsWithMemberFrom(conn, unit.id, day)) {
            auto group = store::LoadGroup(conn, group_id, /*for_update=*/true);
            if (!group || !EndMemberships(*group, unit.id, day)) continue;
            store::SaveGroup(conn, *group);
            store::RecordChange(conn, "group", group_id);
            groups_changed.insert(group_id);
          }
          return absl::OkStatus();
        };
        auto insert_new = [&](Organization& org) {
          // The parent is read and locked from the database like every other participant.
          if (const int64_t parent = org.versions.front().parent_id; parent != 0)
            (void)ws.Lock(parent);
          store::InsertOrganization(conn, org);
          event.participants.push_back({org.id, "created", v1::LINEAGE_SHARE_UNSPECIFIED});
          ws.changed.emplace(org.id, org);
          ws.written.insert(org.id);
          return org.id;
        };
        size_t next_new = 0;
        switch (r.event_case()) {
          case v1::ApplyEventRequest::kRename: {
            event.type = v1::RENAME;
            auto org = ws.Load(r.rename().organization_id());
            if (!org.ok()) return org.status();
            if (auto s =
                    Rename(**org, day, r.rename().new_display_name(), r.rename().new_short_name());
                !s.ok()) {
              return s;
            }
            event.participants.push_back({(*org)->id, "subject", v1::LINEAGE_SHARE_UNSPECIFIED});
            break;
          }
          case v1::ApplyEventRequest::kMove: {
            event.type = v1::MOVE;
            auto org = ws.Load(r.move().organization_id());
            if (!org.ok()) return org.status();
            if (auto parent = ws.Lock(r.move().new_parent_id()); !parent.ok())
              return parent.status();
            if (auto s = Move(**org, day, r.move().new_parent_id()); !s.ok()) return s;
            event.participants.push_back({(*org)->id, "subject", v1::LINEAGE_SHARE_UNSPECIFIED});
            event.participants.push_back(
                {r.move().new_parent_id(), "new_parent", v1::LINEAGE_SHARE_UNSPECIFIED});
            break;
          }
          case v1::ApplyEventRequest::kDissolve: {
            event.type = v1::DISSOLVE;
            auto org = ws.Load(r.dissolve().organization_id());
            if (!org.ok()) return org.status();
            if (auto s = end_unit(**org, 0); !s.ok()) return s;
            event.participants.push_back({(*org)->id, "subject", v1::LINEAGE_SHARE_UNSPECIFIED});
            break;
          }
          case v1::ApplyEventRequest::kMerge: {
            event.type = v1::MERGE;
            int64_t successor = r.merge().existing_successor_id();
            if (r.merge().has_new_successor()) {
              successor = insert_new(new_orgs[next_new++]);
            } else {
              auto s = ws.Load(successor);
              if (!s.ok()) return s.status();
              if (!(*s)->ValidOn(day)) return CheckEventDate(**s, day);
              event.participants.push_back({successor, "successor", v1::LINEAGE_SHARE_UNSPECIFIED});
            }
            for (const auto& part : r.merge().predecessors()) {
              if (part.organization_id() == successor) continue;  // absorbing unit continues
              auto pred = ws.Load(part.organization_id());
              if (!pred.ok()) return pred.status();
              const auto share = ShareOr(part.share(), v1::FULL);
              if (auto s = end_unit(**pred, share == v1::FULL ? successor : 0); !s.ok()) return s;
              event.participants.push_back({(*pred)->id, "predecessor", share});
              edges.push_back({(*pred)->id, successor, share, 0, day});
            }
            break;
          }
          case v1::ApplyEventRequest::kSplit: {
            event.type = v1::SPLIT;
            auto pred = ws.Load(r.split().organization_id());
            if (!pred.ok()) return pred.status();
            if (auto s = end_unit(**pred, 0); !s.ok()) return s;
            event.participants.push_back(
                {(*pred)->id, "predecessor", v1::LINEAGE_SHARE_UNSPECIFIED});
            for (const auto& part : r.split().successors()) {
              int64_t successor = part.existing_id();
              if (part.has_new_organization()) {
                successor = insert_new(new_orgs[next_new++]);
              } else {
                auto s = ws.Load(successor);
                if (!s.ok()) return s.status();
                if (!(*s)->ValidOn(day)) return CheckEventDate(**s, day);
              }
              const auto share = ShareOr(part.share(), v1::PARTIAL);
              event.participants.push_back({successor, "successor", share});
              edges.push_back({(*pred)->id, successor, share, 0, day});
            }
            break;
          }
          default:
            return absl::InternalError("event kind checked above");
        }
        // Every organisation the event changed must still obey the hierarchy rules.
        const Lookup lookup = ws.lookup();
        for (int64_t id : ws.written) {
          if (auto s = CheckHierarchy(ws.changed.at(id), lookup); !s.ok()) return s;
        }
        store::InsertEvent(conn, event);
        for (LineageEdge& edge : edges) {
          edge.event_id = event.id;
          store::InsertLineage(conn, edge);
        }
        for (int64_t id : ws.written) {
          const bool created = std::any_of(
              event.participants.begin(), event.participants.end(),
              [&](const auto& p) { return p.organization_id == id && p.role == "created"; });
          if (!created) store::SaveOrganization(conn, ws.changed.at(id));
          store::RecordChange(conn, "organization", id);
          touched.push_back(id);
        }
        response->Clear();
        ToProto(event, response);
        db::Audit(conn, call, absl::StrCat("events/", event.id),
                  {{"type", v1::EventType_Name(event.type)}, {"organizations", touched}});
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (touched.empty()) {  // a replay: refresh what the first call touched
    for (const auto& p : response->participants()) touched.push_back(p.organization_id());
  }
  for (int64_t group_id : groups_changed) (void)RefreshGroup(group_id, call.deadline);
  return Refresh(touched, call.deadline);
}

}  // namespace thidua::registry
