#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::registry {

using Kind = v1::OrganizationKind;
using absl::CivilDay;

// Open ends of a validity period, as stored: "since before the registry's records" and "still
// valid".
inline const CivilDay kOpenStart(1000, 1, 1);
inline const CivilDay kOpenEnd(9999, 12, 31);
// The 2025 reorganisation: districts abolished, communes placed directly under provinces.
inline const CivilDay kTwoLevelGovernment(2025, 7, 1);

// A period [from, to], both days included.
struct Period {
  CivilDay from = kOpenStart;
  CivilDay to = kOpenEnd;
  bool Contains(CivilDay day) const { return from <= day && day <= to; }
  friend bool operator==(const Period&, const Period&) = default;
};

// Name and managing parent for one period of an organisation's life.
struct Version {
  Period period;
  std::string display_name;
  std::string search_name;  // text::Fold(display_name)
  int64_t parent_id = 0;
};

struct Code {
  v1::CodeScheme scheme = v1::CODE_SCHEME_UNSPECIFIED;
  std::string value;
  Period period;
};

// Another name the organisation is searched by ("TP HCM"); at most kMaxAliases per organisation,
// no two the same by text::IdentityKey.
inline constexpr size_t kMaxAliases = 20;
struct Alias {
  std::string text;
  std::string search_text;  // text::Fold(text)
  v1::AliasKind kind = v1::ALIAS_KIND_UNSPECIFIED;
  std::string source;
};

struct Contact {
  std::string address, phone, email, website;
};

// An organisation with its whole history. Versions are ordered, contiguous and cover `validity`.
struct Organization {
  int64_t id = 0;
  Kind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
  std::string short_name;
  int64_t area_id = 0;
  Period validity;
  Contact contact;
  std::vector<Version> versions;
  std::vector<Code> codes;
  // Other names it is searched by, oldest first.
  std::vector<Alias> aliases;
  int64_t version = 1;  // the etag's number
  absl::Time create_time;
  absl::Time update_time;

  // The version in force on `day`; outside validity, the nearest one (first or last).
  const Version& VersionOn(CivilDay day) const { return versions[VersionIndexOn(day)]; }
  size_t VersionIndexOn(CivilDay day) const;
  // The organisation as the API shows it, serialized once per version when the read model
  // publishes it: a listing then copies bytes instead of building messages.
  std::vector<std::string> wire;
  bool ValidOn(CivilDay day) const { return validity.Contains(day); }
};

struct LineageEdge {
  int64_t predecessor_id = 0;
  int64_t successor_id = 0;
  v1::LineageShare share = v1::FULL;
  int64_t event_id = 0;
  CivilDay effective_date;
};

struct GroupMembership {
  int64_t organization_id = 0;
  Period period;
};

// A group holds at most this many memberships, ended ones included: GetGroup returns them all in
// one message (about 30 bytes each), while ListGroupMembers pages the members on a date. Five
// thousand is more than the communes of any province (Nghệ An has 130) or of the nation (3,321).
constexpr int kMaxGroupMemberships = 5000;

struct Group {
  int64_t id = 0;
  std::string display_name;
  std::string search_name;
  std::string description;
  int64_t owner_id = 0;
  std::vector<GroupMembership> members;
  int64_t version = 1;
  absl::Time create_time;
  absl::Time update_time;
};

// Etags are the row version, quoted as HTTP does; opaque to clients.
std::string EtagOf(int64_t version);

// The kinds that are communes, wards, townships or special zones (cấp xã).
bool IsCommuneLevel(Kind kind);
bool IsAdministrativeUnit(Kind kind);

}  // namespace thidua::registry
