#include "services/registry/store/registry_store.h"

#include <cppconn/statement.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/store/alias_store.h"

namespace thidua::registry::store {
namespace {

// Folded names live in VARCHAR(500) columns; folding may lengthen a name (compatibility forms
// such as "ﷺ" expand), so the stored copy is cut to the column rather than fail the write.
std::string SearchColumn(absl::string_view folded) {
  return std::string(text::TruncateToCodePoints(folded, 500));
}

using Rows = std::unique_ptr<sql::ResultSet>;

CivilDay Day(sql::ResultSet& rs, int column) {
  return ParseIso(std::string(rs.getString(column))).value_or(kOpenStart);
}

absl::Time Timestamp(sql::ResultSet& rs, int column) {
  absl::Time t;
  std::string err;
  absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(rs.getString(column)), absl::UTCTimeZone(), &t,
                  &err);
  return t;
}

constexpr char kOrgColumns[] =
    "SELECT id, kind, short_name, area_id, valid_from, valid_to, address, phone, email, website,"
    " version, create_time, update_time FROM organizations";
constexpr char kVersionColumns[] =
    "SELECT organization_id, valid_from, valid_to, display_name, search_name, parent_id"
    " FROM organization_versions";
constexpr char kCodeColumns[] =
    "SELECT organization_id, scheme, value, valid_from, valid_to FROM organization_codes";
constexpr char kLineageColumns[] =
    "SELECT predecessor_id, successor_id, share, event_id, effective_date FROM "
    "organization_lineage";

Organization ReadOrganization(sql::ResultSet& rs) {
  Organization org;
  org.id = rs.getInt64(1);
  org.kind = static_cast<Kind>(rs.getInt(2));
  org.short_name = rs.getString(3);
  org.area_id = rs.getInt64(4);
  org.validity = {Day(rs, 5), Day(rs, 6)};
  org.contact = {rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)};
  org.version = rs.getInt64(11);
  org.create_time = Timestamp(rs, 12);
  org.update_time = Timestamp(rs, 13);
  return org;
}

Version ReadVersion(sql::ResultSet& rs) {
  return {{Day(rs, 2), Day(rs, 3)}, rs.getString(4), rs.getString(5), rs.getInt64(6)};
}

Code ReadCode(sql::ResultSet& rs) {
  return {static_cast<v1::CodeScheme>(rs.getInt(2)), rs.getString(3), {Day(rs, 4), Day(rs, 5)}};
}

LineageEdge ReadEdge(sql::ResultSet& rs) {
  return {rs.getInt64(1), rs.getInt64(2), static_cast<v1::LineageShare>(rs.getInt(3)),
          rs.getInt64(4), Day(rs, 5)};
}

Group ReadGroup(sql::ResultSet& rs) {
  Group g;
  g.id = rs.getInt64(1);
  g.display_name = rs.getString(2);
  g.search_name = rs.getString(3);
  g.description = rs.getString(4);
  g.owner_id = rs.getInt64(5);
  g.version = rs.getInt64(6);
  g.create_time = Timestamp(rs, 7);
  g.update_time = Timestamp(rs, 8);
  return g;
}

constexpr char kGroupColumns[] =
    "SELECT id, display_name, search_name, description, owner_id, version, create_time, update_time"
    " FROM organization_groups";

void WriteVersionsAndCodes(db::Connection& conn, const Organization& org) {
  auto& del_versions = conn.Prepare("DELETE FROM organization_versions WHERE organization_id = ?");
  del_versions.setInt64(1, org.id);
  del_versions.executeUpdate();
  auto& del_codes = conn.Prepare("DELETE FROM organization_codes WHERE organization_id = ?");
  del_codes.setInt64(1, org.id);
  del_codes.executeUpdate();
  auto& version = conn.Prepare(
      "INSERT INTO organization_versions (organization_id, valid_from, valid_to, display_name,"
      " search_name, parent_id) VALUES (?, ?, ?, ?, ?, ?)");
  for (const Version& v : org.versions) {
    version.setInt64(1, org.id);
    version.setString(2, ToIso(v.period.from));
    version.setString(3, ToIso(v.period.to));
    version.setString(4, v.display_name);
    version.setString(5, SearchColumn(v.search_name));
    version.setInt64(6, v.parent_id);
    version.executeUpdate();
  }
  auto& code = conn.Prepare(
      "INSERT INTO organization_codes (organization_id, scheme, value, valid_from, valid_to)"
      " VALUES (?, ?, ?, ?, ?)");
  for (const Code& c : org.codes) {
    code.setInt64(1, org.id);
    code.setInt(2, c.scheme);
    code.setString(3, c.value);
    code.setString(4, ToIso(c.period.from));
    code.setString(5, ToIso(c.period.to));
    code.executeUpdate();
  }
}

void BindOrganization(sql::PreparedStatement& st, const Organization& org) {
  st.setInt(1, org.kind);
  st.setString(2, org.short_name);
  st.setInt64(3, org.area_id);
  st.setString(4, ToIso(org.validity.from));
  st.setString(5, ToIso(org.validity.to));
  st.setString(6, org.contact.address);
  st.setString(7, org.contact.phone);
  st.setString(8, org.contact.email);
  st.setString(9, org.contact.website);
}

void WriteMembers(db::Connection& conn, const Group& group) {
  auto& del = conn.Prepare("DELETE FROM group_members WHERE group_id = ?");
  del.setInt64(1, group.id);
  del.executeUpdate();
  auto& insert = conn.Prepare(
      "INSERT INTO group_members (group_id, organization_id, valid_from, valid_to)"
      " VALUES (?, ?, ?, ?)");
  for (const GroupMembership& m : group.members) {
    insert.setInt64(1, group.id);
    insert.setInt64(2, m.organization_id);
    insert.setString(3, ToIso(m.period.from));
    insert.setString(4, ToIso(m.period.to));
    insert.executeUpdate();
  }
}

}  // namespace

Snapshot LoadAll(db::Connection& conn) {
  Snapshot snap;
  absl::flat_hash_map<int64_t, size_t> index;
  Rows orgs(conn.Prepare(std::string(kOrgColumns) + " ORDER BY id").executeQuery());
  while (orgs->next()) {
    index[orgs->getInt64(1)] = snap.organizations.size();
    snap.organizations.push_back(ReadOrganization(*orgs));
  }
  Rows versions(conn.Prepare(std::string(kVersionColumns) + " ORDER BY organization_id, valid_from")
                    .executeQuery());
  while (versions->next()) {
    if (auto it = index.find(versions->getInt64(1)); it != index.end()) {
      snap.organizations[it->second].versions.push_back(ReadVersion(*versions));
    }
  }
  Rows codes(
      conn.Prepare(std::string(kCodeColumns) + " ORDER BY organization_id, scheme, valid_from")
          .executeQuery());
  while (codes->next()) {
    if (auto it = index.find(codes->getInt64(1)); it != index.end()) {
      snap.organizations[it->second].codes.push_back(ReadCode(*codes));
    }
  }
  // An organisation without versions is unusable; it can only come from a failed manual edit.
  std::erase_if(snap.organizations, [](const Organization& o) { return o.versions.empty(); });
  LoadAllAliases(conn, snap.organizations);
  Rows lineage(conn.Prepare(kLineageColumns).executeQuery());
  while (lineage->next()) snap.lineage.push_back(ReadEdge(*lineage));
  absl::flat_hash_map<int64_t, size_t> group_index;
  Rows groups(conn.Prepare(kGroupColumns).executeQuery());
  while (groups->next()) {
    group_index[groups->getInt64(1)] = snap.groups.size();
    snap.groups.push_back(ReadGroup(*groups));
  }
  Rows members(
      conn.Prepare("SELECT group_id, organization_id, valid_from, valid_to FROM group_members"
                   " ORDER BY group_id, valid_from, organization_id")
          .executeQuery());
  while (members->next()) {
    if (auto it = group_index.find(members->getInt64(1)); it != group_index.end()) {
      snap.groups[it->second].members.push_back(
          {members->getInt64(2), {Day(*members, 3), Day(*members, 4)}});
    }
  }
  return snap;
}

std::optional<Organization> LoadOrganization(db::Connection& conn, int64_t id, bool for_update) {
  auto& select =
      conn.Prepare(std::string(kOrgColumns) + " WHERE id = ?" + (for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  Rows row(select.executeQuery());
  if (!row->next()) return std::nullopt;
  Organization org = ReadOrganization(*row);
  auto& versions =
      conn.Prepare(std::string(kVersionColumns) + " WHERE organization_id = ? ORDER BY valid_from");
  versions.setInt64(1, id);
  Rows vs(versions.executeQuery());
  while (vs->next()) org.versions.push_back(ReadVersion(*vs));
  auto& codes = conn.Prepare(std::string(kCodeColumns) +
                             " WHERE organization_id = ? ORDER BY scheme, valid_from");
  codes.setInt64(1, id);
  Rows cs(codes.executeQuery());
  while (cs->next()) org.codes.push_back(ReadCode(*cs));
  if (org.versions.empty()) return std::nullopt;
  org.aliases = LoadAliases(conn, id);
  return org;
}

std::vector<int64_t> ChildrenFrom(db::Connection& conn, int64_t parent, CivilDay day) {
  auto& select = conn.Prepare(
      "SELECT DISTINCT organization_id FROM organization_versions WHERE parent_id = ?"
      " AND valid_to >= ? ORDER BY organization_id FOR UPDATE");
  select.setInt64(1, parent);
  select.setString(2, ToIso(day));
  Rows rows(select.executeQuery());
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

std::vector<int64_t> GroupsWithMemberFrom(db::Connection& conn, int64_t organization_id,
                                          CivilDay day) {
  auto& select = conn.Prepare(
      "SELECT DISTINCT group_id FROM group_members WHERE organization_id = ? AND valid_to >= ?"
      " ORDER BY group_id");
  select.setInt64(1, organization_id);
  select.setString(2, ToIso(day));
  Rows rows(select.executeQuery());
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

std::vector<CodeHolder> LockCodeHolders(db::Connection& conn, int scheme,
                                        const std::string& value) {
  auto& select = conn.Prepare(
      "SELECT organization_id, valid_from, valid_to FROM organization_codes"
      " WHERE scheme = ? AND value = ? FOR UPDATE");
  select.setInt(1, scheme);
  select.setString(2, value);
  Rows rows(select.executeQuery());
  std::vector<CodeHolder> out;
  while (rows->next()) {
    out.push_back({rows->getInt64(1), {Day(*rows, 2), Day(*rows, 3)}});
  }
  return out;
}

std::vector<LineageEdge> LoadLineage(db::Connection& conn, int64_t id) {
  auto& select =
      conn.Prepare(std::string(kLineageColumns) + " WHERE predecessor_id = ? OR successor_id = ?");
  select.setInt64(1, id);
  select.setInt64(2, id);
  Rows rows(select.executeQuery());
  std::vector<LineageEdge> edges;
  while (rows->next()) edges.push_back(ReadEdge(*rows));
  return edges;
}

void InsertOrganization(db::Connection& conn, Organization& org) {
  auto& insert = conn.Prepare(
      "INSERT INTO organizations (kind, short_name, area_id, valid_from, valid_to, address, phone,"
      " email, website) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  BindOrganization(insert, org);
  insert.executeUpdate();
  Rows id(conn.Prepare("SELECT LAST_INSERT_ID(), CURRENT_TIMESTAMP(3)").executeQuery());
  id->next();
  org.id = id->getInt64(1);
  org.version = 1;
  org.create_time = org.update_time = Timestamp(*id, 2);
  WriteVersionsAndCodes(conn, org);
}

void SaveOrganization(db::Connection& conn, Organization& org) {
  auto& update = conn.Prepare(
      "UPDATE organizations SET kind = ?, short_name = ?, area_id = ?, valid_from = ?,"
      " valid_to = ?, address = ?, phone = ?, email = ?, website = ?, version = version + 1,"
      " update_time = CURRENT_TIMESTAMP(3) WHERE id = ?");
  BindOrganization(update, org);
  update.setInt64(10, org.id);
  update.executeUpdate();
  WriteVersionsAndCodes(conn, org);
  ++org.version;
  org.update_time = absl::Now();
}

void InsertEvent(db::Connection& conn, EventRecord& event) {
  auto& insert = conn.Prepare(
      "INSERT INTO organization_events (type, effective_date, legal_basis, note, recorded_by)"
      " VALUES (?, ?, ?, ?, ?)");
  insert.setInt(1, event.type);
  insert.setString(2, ToIso(event.effective_date));
  insert.setString(3, event.legal_basis);
  insert.setString(4, event.note);
  insert.setString(5, event.recorded_by);
  insert.executeUpdate();
  Rows id(conn.Prepare("SELECT LAST_INSERT_ID(), CURRENT_TIMESTAMP(3)").executeQuery());
  id->next();
  event.id = id->getInt64(1);
  event.record_time = Timestamp(*id, 2);
  auto& participant = conn.Prepare(
      "INSERT INTO organization_event_participants (event_id, organization_id, role, share)"
      " VALUES (?, ?, ?, ?)");
  for (const EventParticipant& p : event.participants) {
    participant.setInt64(1, event.id);
    participant.setInt64(2, p.organization_id);
    participant.setString(3, p.role);
    participant.setInt(4, p.share);
    participant.executeUpdate();
  }
}

void InsertLineage(db::Connection& conn, const LineageEdge& edge) {
  auto& insert = conn.Prepare(
      "INSERT INTO organization_lineage (predecessor_id, successor_id, share, event_id,"
      " effective_date) VALUES (?, ?, ?, ?, ?)");
  insert.setInt64(1, edge.predecessor_id);
  insert.setInt64(2, edge.successor_id);
  insert.setInt(3, edge.share);
  insert.setInt64(4, edge.event_id);
  insert.setString(5, ToIso(edge.effective_date));
  insert.executeUpdate();
}

namespace {

std::vector<EventRecord> ReadEvents(db::Connection& conn, sql::PreparedStatement& select) {
  std::vector<EventRecord> events;
  absl::flat_hash_map<int64_t, size_t> index;
  Rows rows(select.executeQuery());
  while (rows->next()) {
    EventRecord e;
    e.id = rows->getInt64(1);
    e.type = static_cast<v1::EventType>(rows->getInt(2));
    e.effective_date = Day(*rows, 3);
    e.legal_basis = rows->getString(4);
    e.note = rows->getString(5);
    e.recorded_by = rows->getString(6);
    e.record_time = Timestamp(*rows, 7);
    index[e.id] = events.size();
    events.push_back(std::move(e));
  }
  for (EventRecord& e : events) {
    auto& parts = conn.Prepare(
        "SELECT organization_id, role, share FROM organization_event_participants"
        " WHERE event_id = ? ORDER BY role, organization_id");
    parts.setInt64(1, e.id);
    Rows ps(parts.executeQuery());
    while (ps->next()) {
      e.participants.push_back(
          {ps->getInt64(1), ps->getString(2), static_cast<v1::LineageShare>(ps->getInt(3))});
    }
  }
  return events;
}

constexpr char kEventColumns[] =
    "SELECT e.id, e.type, e.effective_date, e.legal_basis, e.note, e.recorded_by, e.record_time"
    " FROM organization_events e";

}  // namespace

std::vector<EventRecord> ListEvents(db::Connection& conn, int64_t organization_id) {
  auto& select = conn.Prepare(std::string(kEventColumns) +
                              " WHERE e.id IN (SELECT event_id FROM organization_event_participants"
                              " WHERE organization_id = ?) ORDER BY e.effective_date, e.id");
  select.setInt64(1, organization_id);
  return ReadEvents(conn, select);
}

std::optional<EventRecord> LoadEvent(db::Connection& conn, int64_t event_id) {
  auto& select = conn.Prepare(std::string(kEventColumns) + " WHERE e.id = ?");
  select.setInt64(1, event_id);
  auto events = ReadEvents(conn, select);
  if (events.empty()) return std::nullopt;
  return std::move(events.front());
}

std::optional<Group> LoadGroup(db::Connection& conn, int64_t id, bool for_update) {
  auto& select = conn.Prepare(std::string(kGroupColumns) + " WHERE id = ?" +
                              (for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  Rows row(select.executeQuery());
  if (!row->next()) return std::nullopt;
  Group group = ReadGroup(*row);
  auto& members = conn.Prepare(
      "SELECT group_id, organization_id, valid_from, valid_to FROM group_members"
      " WHERE group_id = ? ORDER BY valid_from, organization_id");
  members.setInt64(1, id);
  Rows ms(members.executeQuery());
  while (ms->next()) group.members.push_back({ms->getInt64(2), {Day(*ms, 3), Day(*ms, 4)}});
  return group;
}

void InsertGroup(db::Connection& conn, Group& group) {
  auto& insert = conn.Prepare(
      "INSERT INTO organization_groups (display_name, search_name, description, owner_id)"
      " VALUES (?, ?, ?, ?)");
  insert.setString(1, group.display_name);
  insert.setString(2, SearchColumn(group.search_name));
  insert.setString(3, group.description);
  insert.setInt64(4, group.owner_id);
  insert.executeUpdate();
  Rows id(conn.Prepare("SELECT LAST_INSERT_ID(), CURRENT_TIMESTAMP(3)").executeQuery());
  id->next();
  group.id = id->getInt64(1);
  group.version = 1;
  group.create_time = group.update_time = Timestamp(*id, 2);
  WriteMembers(conn, group);
}

void SaveGroup(db::Connection& conn, Group& group) {
  auto& update = conn.Prepare(
      "UPDATE organization_groups SET display_name = ?, search_name = ?, description = ?,"
      " version = version + 1, update_time = CURRENT_TIMESTAMP(3) WHERE id = ?");
  update.setString(1, group.display_name);
  update.setString(2, SearchColumn(group.search_name));
  update.setString(3, group.description);
  update.setInt64(4, group.id);
  update.executeUpdate();
  WriteMembers(conn, group);
  ++group.version;
}

void RecordChange(db::Connection& conn, absl::string_view entity, int64_t entity_id) {
  auto& insert = conn.Prepare("INSERT INTO changes (entity, entity_id) VALUES (?, ?)");
  insert.setString(1, std::string(entity));
  insert.setInt64(2, entity_id);
  insert.executeUpdate();
}

std::vector<Change> ChangesAfter(db::Connection& conn, int64_t seq, int limit) {
  auto& select =
      conn.Prepare("SELECT seq, entity, entity_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?");
  select.setInt64(1, seq);
  select.setInt(2, limit);
  Rows rows(select.executeQuery());
  std::vector<Change> out;
  while (rows->next()) out.push_back({rows->getInt64(1), rows->getString(2), rows->getInt64(3)});
  return out;
}

std::vector<Change> ChangesAmong(db::Connection& conn, const std::vector<int64_t>& seqs) {
  std::vector<Change> out;
  // Sequence numbers are integers: joined literally they cannot inject anything, and a one-off
  // statement keeps the connection's statement cache from growing with every list.
  for (size_t start = 0; start < seqs.size(); start += 1000) {
    const std::vector<int64_t> part(seqs.begin() + start,
                                    seqs.begin() + std::min(seqs.size(), start + 1000));
    std::unique_ptr<sql::Statement> statement(conn.raw().createStatement());
    Rows rows(statement->executeQuery(
        absl::StrCat("SELECT seq, entity, entity_id FROM changes WHERE seq IN (",
                     absl::StrJoin(part, ","), ") ORDER BY seq")));
    while (rows->next()) out.push_back({rows->getInt64(1), rows->getString(2), rows->getInt64(3)});
  }
  return out;
}

int64_t LastChange(db::Connection& conn) {
  Rows rows(conn.Prepare("SELECT COALESCE(MAX(seq), 0) FROM changes").executeQuery());
  rows->next();
  return rows->getInt64(1);
}

}  // namespace thidua::registry::store
