#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "services/registry/domain/organization.h"
#include "services/registry/model/read_model.h"

namespace thidua::registry::store {

// The registry's SQL, and nothing else. Functions taking a Connection run inside the caller's
// transaction (Pool::Transact), which catches Connector/C++ exceptions.

// Whole registry, for start-up and for a full reload after a bulk import.
Snapshot LoadAll(db::Connection& conn);

// One organisation with its versions and codes; `for_update` locks its row until commit.
std::optional<Organization> LoadOrganization(db::Connection& conn, int64_t id, bool for_update);
// Organisations managed by `parent` on `day` or on any later day, locked until commit: events
// that end a unit read its ties here, not from a replica's read model that may lag behind.
std::vector<int64_t> ChildrenFrom(db::Connection& conn, int64_t parent, CivilDay day);
// Groups where the organisation is a member on `day` or later (lock them with LoadGroup).
std::vector<int64_t> GroupsWithMemberFrom(db::Connection& conn, int64_t organization_id,
                                          CivilDay day);
// Who holds a code and when, read with FOR UPDATE (the gap where a new holder would go included).
struct CodeHolder {
  int64_t organization_id;
  Period period;
};
std::vector<CodeHolder> LockCodeHolders(db::Connection& conn, int scheme, const std::string& value);
// Lineage edges where the organisation is predecessor or successor.
std::vector<LineageEdge> LoadLineage(db::Connection& conn, int64_t id);

// Inserts a new organisation (its versions and codes too) and sets `org.id`.
void InsertOrganization(db::Connection& conn, Organization& org);
// Writes back an organisation loaded for update: row, versions and codes; bumps its version.
void SaveOrganization(db::Connection& conn, Organization& org);

struct EventParticipant {
  int64_t organization_id;
  std::string role;
  v1::LineageShare share = v1::LINEAGE_SHARE_UNSPECIFIED;
};

struct EventRecord {
  int64_t id = 0;
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  CivilDay effective_date;
  std::string legal_basis;
  std::string note;
  std::string recorded_by;
  absl::Time record_time;
  std::vector<EventParticipant> participants;
};

// Inserts the event with its participants; sets `event.id`.
void InsertEvent(db::Connection& conn, EventRecord& event);
void InsertLineage(db::Connection& conn, const LineageEdge& edge);
std::vector<EventRecord> ListEvents(db::Connection& conn, int64_t organization_id);
std::optional<EventRecord> LoadEvent(db::Connection& conn, int64_t event_id);

std::optional<Group> LoadGroup(db::Connection& conn, int64_t id, bool for_update);
void InsertGroup(db::Connection& conn, Group& group);
// Writes members back and bumps the group's version.
void SaveGroup(db::Connection& conn, Group& group);

// Appends to the change sequence other replicas follow ("organization", "group", or "reload").
void RecordChange(db::Connection& conn, absl::string_view entity, int64_t entity_id);
struct Change {
  int64_t seq;
  std::string entity;
  int64_t entity_id;
};
std::vector<Change> ChangesAfter(db::Connection& conn, int64_t seq, int limit);
// The changes among `seqs` that exist (committed), in sequence order.
std::vector<Change> ChangesAmong(db::Connection& conn, const std::vector<int64_t>& seqs);
int64_t LastChange(db::Connection& conn);

}  // namespace thidua::registry::store
