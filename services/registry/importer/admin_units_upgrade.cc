#include "services/registry/importer/admin_units_upgrade.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/errors.h"
#include "common/text.h"
#include "nlohmann/json.hpp"
#include "services/registry/domain/parent_kinds.h"

namespace thidua::registry::importer {
namespace {

constexpr char kDataset[] = "admin-units-2025";
constexpr size_t kListed = 10;  // refusals named in the message; the rest are counted
const std::string kFirstNewDay = "2025-07-01";
const std::string kOpenStartIso = "1000-01-01";

using Rows = std::unique_ptr<sql::ResultSet>;

std::string Str(const Rows& rs, int column) { return std::string(rs->getString(column)); }

// A version as stored, and what the upgrade makes of it.
struct StoredVersion {
  std::string from, to, name;
  int64_t parent = 0;
  std::string stored_from;  // its valid_from in the database (the row's key); empty: to insert
  bool renamed = false;     // its name is corrected
};

// A unit holding an ADMIN_UNIT code.
struct StoredUnit {
  Kind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
  std::string valid_to;
  std::vector<StoredVersion> versions;  // by valid_from
};

struct StoredEvent {
  int type = 0;
  std::string date;
  bool by_import = false;  // recorded by an import, not by a user through the API
};

// Why the upgrade stops, one line per unit; the message names the first few.
class Refusals {
 public:
  void Add(std::string line) { lines_.push_back(std::move(line)); }
  bool empty() const { return lines_.empty(); }
  // In English only: the operator reads it in the import's log (no API caller sees it), and a
  // second language would halve the room common/errors.h leaves for the list.
  absl::Status ToStatus(const EarlierVersion& earlier) const {
    const std::vector<std::string> shown(lines_.begin(),
                                         lines_.begin() + std::min(lines_.size(), kListed));
    const size_t more = lines_.size() - shown.size();
    return Error(absl::StatusCode::kFailedPrecondition, "REFERENCE_UPGRADE_REFUSED",
                 absl::StrCat("admin-units-2025 was imported from an earlier version of the files "
                              "(checksum ",
                              earlier.checksum.substr(0, 12),
                              ") and cannot be upgraded to these without a person deciding: ",
                              absl::StrJoin(shown, "; "),
                              more > 0 ? absl::StrCat("; and ", more, " more") : "",
                              ". Nothing was changed."),
                 "");
  }

 private:
  std::vector<std::string> lines_;
};

// Every unit holding an ADMIN_UNIT code, with its versions and the events it takes part in.
struct Stored {
  // By code and the code's first day: an event users recorded that ends a unit ends its code too,
  // so the last day is compared, not matched.
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<int64_t, std::string>>>
      by_start;
  std::map<int64_t, StoredUnit> units;
  std::map<int64_t, std::vector<StoredEvent>> events;
  std::map<int64_t, Kind> kinds;       // of every organisation, for the kind rules
  std::set<int64_t> created_by_users;  // organisations a CreateOrganization call wrote
  int64_t nation = 0;
};

void Load(db::Connection& conn, Stored& s) {
  auto& codes = conn.Prepare(
      "SELECT c.organization_id, c.value, c.valid_from, c.valid_to, o.kind, o.valid_to"
      " FROM organization_codes c JOIN organizations o ON o.id = c.organization_id"
      " WHERE c.scheme = ?");
  codes.setInt(1, v1::ADMIN_UNIT);
  Rows rs(codes.executeQuery());
  while (rs->next()) {
    const int64_t id = rs->getInt64(1);
    s.by_start[{Str(rs, 2), Str(rs, 3)}].push_back({id, Str(rs, 4)});
    s.units[id].kind = static_cast<Kind>(rs->getInt(5));
    s.units[id].valid_to = Str(rs, 6);
  }
  const std::string coded =
      "JOIN (SELECT DISTINCT organization_id FROM organization_codes WHERE scheme = ?) c";
  auto& versions = conn.Prepare(absl::StrCat(
      "SELECT v.organization_id, v.valid_from, v.valid_to, v.display_name, v.parent_id"
      " FROM organization_versions v ",
      coded, " ON c.organization_id = v.organization_id ORDER BY v.organization_id, v.valid_from"));
  versions.setInt(1, v1::ADMIN_UNIT);
  rs.reset();  // one result set open on the connection at a time
  rs.reset(versions.executeQuery());
  while (rs->next()) {
    const std::string from = Str(rs, 2);
    s.units[rs->getInt64(1)].versions.push_back(
        {from, Str(rs, 3), Str(rs, 4), rs->getInt64(5), from, false});
  }
  auto& events = conn.Prepare(absl::StrCat(
      "SELECT p.organization_id, e.type, e.effective_date, e.recorded_by"
      " FROM organization_event_participants p JOIN organization_events e ON e.id = p.event_id ",
      coded, " ON c.organization_id = p.organization_id"));
  events.setInt(1, v1::ADMIN_UNIT);
  rs.reset();
  rs.reset(events.executeQuery());
  while (rs->next()) {
    s.events[rs->getInt64(1)].push_back(
        {rs->getInt(2), Str(rs, 3), Str(rs, 4) == kImportRecordedBy});
  }
  rs.reset();
  rs.reset(conn.Prepare("SELECT id, kind FROM organizations ORDER BY id").executeQuery());
  while (rs->next()) {
    const Kind kind = static_cast<Kind>(rs->getInt(2));
    s.kinds[rs->getInt64(1)] = kind;
    if (kind == v1::NATION && s.nation == 0) s.nation = rs->getInt64(1);
  }
  rs.reset();
  rs.reset(conn.Prepare("SELECT resource FROM audit_log WHERE method = 'CreateOrganization'")
               .executeQuery());
  while (rs->next()) {
    int64_t id = 0;
    const std::string resource = Str(rs, 1);
    if (absl::StartsWith(resource, "organizations/") &&
        absl::SimpleAtoi(absl::string_view(resource).substr(14), &id)) {
      s.created_by_users.insert(id);
    }
  }
}

// The corrections decided, before anything is written.
struct KindFix {
  int64_t id;
  UnitKey key;
  Kind from, to;
};
struct NameFix {
  int64_t id;
  std::string valid_from, from, to;
};
struct RenameFix {
  int64_t id;
  const Rename* rename;
};
struct Plan {
  std::vector<KindFix> kinds;
  std::vector<NameFix> names;
  std::vector<RenameFix> renames;
  std::set<int64_t> versions_changed;  // units whose versions are rewritten
};

class Upgrade {
 public:
  Upgrade(const AdminUnits& data, const std::vector<PlannedUnit>& planned, Stored& stored)
      : data_(data), planned_(planned), s_(stored) {}

  // Matches the files' units to stored ones and decides every correction, or why not.
  void Decide() {
    Match();
    for (const PlannedUnit& p : planned_) {
      auto id = id_of_.find(p.key);
      if (id != id_of_.end()) DecideKind(p, id->second);
    }
    DecideRenames();
    for (const PlannedUnit& p : planned_) {
      auto id = id_of_.find(p.key);
      if (id != id_of_.end()) DecideVersions(p, id->second);
    }
  }

  const Refusals& refusals() const { return refusals_; }
  const Plan& plan() const { return plan_; }

 private:
  void Match() {
    std::set<int64_t> matched;
    for (const PlannedUnit& p : planned_) {
      auto it = s_.by_start.find({p.key.code, p.key.valid_from});
      if (it == s_.by_start.end()) {
        refusals_.Add(
            absl::StrCat("unit ", ToString(p.key), " of the files is not in the registry"));
        continue;
      }
      const auto& holders = it->second;
      if (holders.size() > 1) {
        std::vector<int64_t> ids;
        for (const auto& h : holders) ids.push_back(h.first);
        refusals_.Add(absl::StrCat("unit ", ToString(p.key), " is held by organisations ",
                                   absl::StrJoin(ids, ", ")));
      } else if (holders[0].second > p.key.valid_to) {
        refusals_.Add(absl::StrCat("organisation ", holders[0].first, " holds code ", p.key.code,
                                   " from ", p.key.valid_from, " until ", holders[0].second,
                                   ", the files until ", p.key.valid_to));
      } else {
        id_of_[p.key] = holders[0].first;
        matched.insert(holders[0].first);
      }
    }
    // A unit with an administrative code that no user created came from the earlier import.
    for (const auto& [start, holders] : s_.by_start) {
      for (const auto& [id, valid_to] : holders) {
        if (!matched.count(id) && !s_.created_by_users.count(id)) {
          refusals_.Add(absl::StrCat("organisation ", id, " (code ",
                                     ToString({start.first, start.second, valid_to}),
                                     ") was imported from the earlier files and the files no "
                                     "longer have it"));
        }
      }
    }
  }

  bool UserEventOn(int64_t id, const std::string& day) const {
    auto it = s_.events.find(id);
    if (it == s_.events.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const StoredEvent& e) { return !e.by_import && e.date == day; });
  }

  // The kind must suit the unit's parents and the children placed under it, on every version.
  void DecideKind(const PlannedUnit& p, int64_t id) {
    const StoredUnit& u = s_.units[id];
    if (u.kind == p.kind) return;
    const std::string what =
        absl::StrCat("organisation ", id, " (code ", ToString(p.key), ") is of kind ",
                     v1::OrganizationKind_Name(u.kind), ", the files make it ",
                     v1::OrganizationKind_Name(p.kind), ", but ");
    if ((p.kind == v1::TOWNSHIP || p.kind == v1::DISTRICT) && u.valid_to >= kFirstNewDay) {
      refusals_.Add(absl::StrCat(what, "it is valid until ", u.valid_to,
                                 " and that kind ended on 30/06/2025"));
      return;
    }
    for (const StoredVersion& v : u.versions) {
      if (v.parent == 0) continue;
      if (!ParentKindAllowed(p.kind, s_.kinds[v.parent], *ParseIso(v.from))) {
        refusals_.Add(absl::StrCat(what, "its parent ", v.parent, " from ", v.from,
                                   " may not manage that kind"));
        return;
      }
    }
    children_to_check_.push_back({id, p.key, u.kind, p.kind});
  }

  // Renames of renames.tsv missing from the registry, latest first as the import applies them:
  // each splits the stored version in force on its date, as the import's own does.
  void DecideRenames() {
    std::map<std::string, UnitKey> old_unit;  // old units all start before the registry's records
    for (const PlannedUnit& p : planned_) {
      if (p.key.valid_from == kOpenStartIso) old_unit[p.key.code] = p.key;
    }
    std::vector<const Rename*> latest_first;
    for (const Rename& r : data_.renames) latest_first.push_back(&r);
    std::stable_sort(latest_first.begin(), latest_first.end(),
                     [](const Rename* a, const Rename* b) { return a->effective > b->effective; });
    for (const Rename* r : latest_first) {
      auto key = old_unit.find(r->code);
      if (key == old_unit.end()) continue;  // Build refused it already
      auto id = id_of_.find(key->second);
      if (id == id_of_.end()) continue;  // refused by Match
      const std::string day = ToIso(r->effective);
      const auto& events = s_.events[id->second];
      if (std::any_of(events.begin(), events.end(), [&](const StoredEvent& e) {
            return e.type == v1::RENAME && e.date == day;
          })) {
        continue;  // recorded already; its names are compared with the files' below
      }
      const std::string what =
          absl::StrCat("the rename of organisation ", id->second, " (code ", ToString(key->second),
                       ") on ", day, " (", r->legal_basis, ") cannot be added: ");
      if (std::any_of(events.begin(), events.end(),
                      [&](const StoredEvent& e) { return !e.by_import && e.date <= day; })) {
        refusals_.Add(absl::StrCat(what, "an event users recorded is dated on or before it"));
        continue;
      }
      auto& versions = s_.units[id->second].versions;
      auto it = std::find_if(versions.begin(), versions.end(),
                             [&](const StoredVersion& v) { return v.from < day && day <= v.to; });
      if (it == versions.end()) {
        refusals_.Add(absl::StrCat(what, "no version runs across that day"));
        continue;
      }
      StoredVersion before = *it;
      before.to = ToIso(r->effective - 1);
      before.name = r->name_before;
      before.stored_from.clear();
      it->from = day;
      versions.insert(it, std::move(before));
      plan_.renames.push_back({id->second, r});
      plan_.versions_changed.insert(id->second);
    }
  }

  // Each version of the files must start where a stored one does, under the same parent unless an
  // event users recorded moved it; a wrong name is corrected wherever it runs within the files'
  // version (events users recorded may have split it), unless such an event set it.
  void DecideVersions(const PlannedUnit& p, int64_t id) {
    auto& versions = s_.units[id].versions;
    const std::string unit = absl::StrCat("organisation ", id, " (code ", ToString(p.key), ")");
    for (const PlannedVersion& want : p.versions) {
      auto s = std::find_if(versions.begin(), versions.end(),
                            [&](const StoredVersion& v) { return v.from == want.valid_from; });
      if (s == versions.end()) {
        refusals_.Add(
            absl::StrCat(unit, " has no version from ", want.valid_from, " as the files give"));
        continue;
      }
      if (s->to > want.valid_to) {
        refusals_.Add(absl::StrCat(unit, "'s version from ", s->from, " runs to ", s->to,
                                   ", the files end it on ", want.valid_to));
        continue;
      }
      const bool by_user = UserEventOn(id, s->from);
      int64_t parent = s_.nation;
      if (want.parent) {
        auto it = id_of_.find(*want.parent);
        parent = it == id_of_.end() ? s->parent : it->second;  // an unmatched parent is refused
      }
      if (s->parent != parent && !by_user) {
        refusals_.Add(absl::StrCat(unit, " is under organisation ", s->parent, " from ", s->from,
                                   ", the files put it under ", parent));
      }
      if (s->name == want.display_name) continue;
      if (by_user) {
        refusals_.Add(absl::StrCat(unit, " is named \"", s->name, "\" from ", s->from,
                                   " by an event recorded since the import, the files name it \"",
                                   want.display_name, "\""));
        continue;
      }
      const std::string wrong = s->name;
      for (StoredVersion& v : versions) {
        if (v.from < want.valid_from || v.to > want.valid_to || v.name != wrong) continue;
        plan_.names.push_back({id, v.from, wrong, want.display_name});
        v.name = want.display_name;
        v.renamed = true;
        plan_.versions_changed.insert(id);
      }
    }
  }

 public:
  // The children of each unit whose kind changes must still be allowed under it.
  void CheckChildren(db::Connection& conn) {
    auto& children = conn.Prepare(
        "SELECT v.organization_id, v.valid_from, o.kind FROM organization_versions v"
        " JOIN organizations o ON o.id = v.organization_id WHERE v.parent_id = ?");
    for (const KindFix& fix : children_to_check_) {
      children.setInt64(1, fix.id);
      Rows rs(children.executeQuery());
      std::string refused;
      while (rs->next() && refused.empty()) {
        const std::string from = Str(rs, 2);
        if (!ParentKindAllowed(static_cast<Kind>(rs->getInt(3)), fix.to, *ParseIso(from))) {
          refused = absl::StrCat("organisation ", fix.id, " (code ", ToString(fix.key),
                                 ") is of kind ", v1::OrganizationKind_Name(fix.from),
                                 ", the files make it ", v1::OrganizationKind_Name(fix.to),
                                 ", but organisation ", rs->getInt64(1), " of kind ",
                                 v1::OrganizationKind_Name(static_cast<Kind>(rs->getInt(3))),
                                 " is under it from ", from);
        }
      }
      if (refused.empty()) {
        plan_.kinds.push_back(fix);
      } else {
        refusals_.Add(refused);
      }
    }
  }

 private:
  const AdminUnits& data_;
  const std::vector<PlannedUnit>& planned_;
  Stored& s_;
  std::map<UnitKey, int64_t> id_of_;
  std::vector<KindFix> children_to_check_;
  Refusals refusals_;
  Plan plan_;
};

// Writes the decided corrections; `units` holds the versions as they are to be.
void Apply(db::Connection& conn, const Plan& plan, const std::map<int64_t, StoredUnit>& units,
           std::map<int64_t, nlohmann::json>& changes) {
  auto& kind = conn.Prepare("UPDATE organizations SET kind = ? WHERE id = ?");
  for (const KindFix& fix : plan.kinds) {
    kind.setInt(1, fix.to);
    kind.setInt64(2, fix.id);
    kind.executeUpdate();
    changes[fix.id]["kind"] = {{"from", v1::OrganizationKind_Name(fix.from)},
                               {"to", v1::OrganizationKind_Name(fix.to)}};
  }
  for (const NameFix& fix : plan.names) {
    changes[fix.id]["names"].push_back(
        {{"valid_from", fix.valid_from}, {"from", fix.from}, {"to", fix.to}});
  }
  // Stored versions first (a split moves a row's key), then the versions of earlier names.
  auto& update = conn.Prepare(
      "UPDATE organization_versions SET valid_from = ?, display_name = ?, search_name = ?"
      " WHERE organization_id = ? AND valid_from = ?");
  auto& insert = conn.Prepare(
      "INSERT INTO organization_versions (organization_id, valid_from, valid_to, display_name,"
      " search_name, parent_id) VALUES (?, ?, ?, ?, ?, ?)");
  for (int64_t id : plan.versions_changed) {
    for (const StoredVersion& v : units.at(id).versions) {
      if (v.stored_from.empty() || (v.from == v.stored_from && !v.renamed)) continue;
      update.setString(1, v.from);
      update.setString(2, v.name);
      update.setString(3, text::Fold(v.name));
      update.setInt64(4, id);
      update.setString(5, v.stored_from);
      update.executeUpdate();
    }
    for (const StoredVersion& v : units.at(id).versions) {
      if (!v.stored_from.empty()) continue;
      insert.setInt64(1, id);
      insert.setString(2, v.from);
      insert.setString(3, v.to);
      insert.setString(4, v.name);
      insert.setString(5, text::Fold(v.name));
      insert.setInt64(6, v.parent);
      insert.executeUpdate();
    }
  }
  auto& event = conn.Prepare(
      "INSERT INTO organization_events (type, effective_date, legal_basis, note, recorded_by)"
      " VALUES (?, ?, ?, ?, ?)");
  auto& participant = conn.Prepare(
      "INSERT INTO organization_event_participants (event_id, organization_id, role, share)"
      " VALUES (LAST_INSERT_ID(), ?, 'subject', ?)");
  for (const RenameFix& fix : plan.renames) {
    const Rename& r = *fix.rename;
    event.setInt(1, v1::RENAME);
    event.setString(2, ToIso(r.effective));
    event.setString(3, r.legal_basis);
    event.setString(4, RenameNote(r));
    event.setString(5, kImportRecordedBy);
    event.executeUpdate();
    participant.setInt64(1, fix.id);
    participant.setInt(2, v1::LINEAGE_SHARE_UNSPECIFIED);
    participant.executeUpdate();
    changes[fix.id]["renames"].push_back({{"effective_date", ToIso(r.effective)},
                                          {"from", r.name_before},
                                          {"to", r.name_from},
                                          {"legal_basis", r.legal_basis}});
  }
  // A corrected organisation has a new etag: an edit prepared against the earlier rows is refused.
  auto& bump = conn.Prepare(
      "UPDATE organizations SET version = version + 1, update_time = CURRENT_TIMESTAMP(3)"
      " WHERE id = ?");
  for (const auto& [id, change] : changes) {
    bump.setInt64(1, id);
    bump.executeUpdate();
  }
}

}  // namespace

absl::StatusOr<UpgradeSummary> UpgradeAdminUnits(db::Connection& conn, const AdminUnits& data,
                                                 const EarlierVersion& earlier) {
  auto planned = PlannedUnits(data);
  if (!planned.ok()) return planned.status();
  Stored stored;
  Load(conn, stored);
  Upgrade upgrade(data, *planned, stored);
  upgrade.Decide();
  upgrade.CheckChildren(conn);
  if (!upgrade.refusals().empty()) return upgrade.refusals().ToStatus(earlier);

  const Plan& plan = upgrade.plan();
  std::map<int64_t, nlohmann::json> changes;  // what changed, by organisation, for the audit log
  Apply(conn, plan, stored.units, changes);
  UpgradeSummary summary;
  summary.from_checksum = std::string(earlier.checksum);
  summary.kinds = static_cast<int>(plan.kinds.size());
  summary.names = static_cast<int>(plan.names.size());
  summary.renames = static_cast<int>(plan.renames.size());

  // Recorded as the import's own writes: by the import, on behalf of the nation.
  server::Call call;
  call.principal.subject = kImportRecordedBy;
  call.principal.organization_id = stored.nation;
  call.method = "UpgradeAdminUnits";
  call.request_id = data.checksum;
  const nlohmann::json upgrade_of = {
      {"dataset", kDataset}, {"from", std::string(earlier.checksum)}, {"to", data.checksum}};
  for (auto& [id, change] : changes) {
    change["reference_upgrade"] = upgrade_of;
    db::Audit(conn, call, absl::StrCat("organizations/", id), change);
  }
  db::Audit(conn, call, absl::StrCat("reference_imports/", kDataset),
            {{"reference_upgrade", upgrade_of},
             {"earlier_files", std::string(earlier.what)},
             {"kinds", summary.kinds},
             {"names", summary.names},
             {"renames", summary.renames}});
  // Replicas reload everything, as after the import.
  conn.Execute("INSERT INTO changes (entity, entity_id) VALUES ('reload', 0)");
  auto& record = conn.Prepare(
      "UPDATE reference_imports SET checksum = ?,"
      " summary = LEFT(CONCAT(summary, ?), 1000) WHERE dataset = ?");
  record.setString(1, data.checksum);
  record.setString(2, absl::StrCat("; upgraded from ", earlier.checksum.substr(0, 12), ": ",
                                   summary.kinds, " kinds, ", summary.names, " names, ",
                                   summary.renames, " renames corrected"));
  record.setString(3, kDataset);
  record.executeUpdate();
  return summary;
}

}  // namespace thidua::registry::importer
