#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/registry/domain/organization.h"
#include "services/registry/importer/admin_units_data.h"

namespace thidua::registry::importer {

// What an upgrade from an earlier version of the files changed (admin_units_upgrade.h).
struct UpgradeSummary {
  std::string from_checksum;
  int kinds = 0;    // organisations whose kind was corrected
  int names = 0;    // versions whose name was corrected
  int renames = 0;  // RENAME events added, each with the version of the earlier name
};

struct ImportSummary {
  bool already_imported = false;
  std::optional<UpgradeSummary> upgraded;  // set when an earlier version's import was upgraded
  int organizations = 0;
  int events = 0;
  int lineage_edges = 0;
  absl::Duration took;
};

// Writes the 2025 reorganisation into the registry in one transaction: the nation, the 63 old
// provinces with their districts and communes (valid until 30/06/2025), the 34 provinces and 3,321
// communes valid from 01/07/2025, and the events and lineage linking them. A unit that kept its
// code, name and whole territory (Hà Nội, a few communes) stays the same organisation: it is moved,
// not replaced. Idempotent: the dataset's checksum is recorded and a second run changes nothing.
// A registry that imported an earlier version of the files (admin_units_versions.h) is upgraded to
// these in the same transaction (UpgradeAdminUnits); any other recorded dataset is refused
// (FAILED_PRECONDITION) for a human to decide.
absl::StatusOr<ImportSummary> ImportAdminUnits(db::Pool& pool, const AdminUnits& data);

// How many administrative units of each kind the import creates that are in force on `iso_date`
// ("2025-06-30"), built as ImportAdminUnits builds them but without a database: what the tests
// check against the published totals. The nation is not counted.
absl::StatusOr<std::map<Kind, int>> KindsInForce(const AdminUnits& data,
                                                 const std::string& iso_date);

// An event as the import records it, seen from one participant.
struct ImportedEvent {
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  CivilDay effective_date;
  std::string legal_basis;
  std::string note;
  std::string role;  // the participant's: "subject", "predecessor", ...
};

// The old unit with GSO code `code` (2 digits a province, 3 a district, 5 a commune) as the import
// creates it, built as ImportAdminUnits builds it but without a database: its versions in order and
// the events it takes part in. What the tests of renames check; NOT_FOUND for an unknown code.
struct ImportedUnit {
  std::vector<Version> versions;
  std::vector<ImportedEvent> events;
};
absl::StatusOr<ImportedUnit> ImportedOldUnit(const AdminUnits& data, const std::string& code);

// A unit of the import named by what stays when its rows are corrected: its ADMIN_UNIT code and
// that code's validity, ISO dates (codes were reused in the 2025 reform, so a code alone names no
// unit). The registry ids differ from one database to another; this key does not.
struct UnitKey {
  std::string code, valid_from, valid_to;
  auto operator<=>(const UnitKey&) const = default;
};
std::string ToString(const UnitKey& key);  // "46 (1000-01-01..9999-12-31)", for messages

// One unit as ImportAdminUnits writes it, its versions in date order.
struct PlannedVersion {
  std::string valid_from, valid_to, display_name;
  std::optional<UnitKey> parent;  // nullopt: the nation
};
struct PlannedUnit {
  UnitKey key;
  Kind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
  std::vector<PlannedVersion> versions;
};
absl::StatusOr<std::vector<PlannedUnit>> PlannedUnits(const AdminUnits& data);

// The RENAME event a line of renames.tsv becomes: its note, and who it is recorded by (the import).
std::string RenameNote(const Rename& r);
extern const char kImportRecordedBy[];

}  // namespace thidua::registry::importer
