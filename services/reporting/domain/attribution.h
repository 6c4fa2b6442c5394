#pragma once
// Attributing a period's units to the units carrying their duties today (REPORTING.md, "Roll-up":
// full merges map one to one; a split goes to its named main successor, or nowhere: data, not a
// guess).

#include <cstdint>
#include <optional>
#include <vector>

namespace thidua::reporting {

// One unit carrying (part of) an ended unit's duties today.
struct Carrier {
  int64_t organization_id = 0;
  bool whole = false;  // every link from the ended unit to it passed it whole (share FULL)
};

// The unit whose row counts a unit with these carriers today: the only carrier (the unit itself
// while it is valid, or its one successor), else the only one that took it whole; nullopt when
// there is none or several of those.
std::optional<int64_t> AttributedTo(const std::vector<Carrier>& carriers);

}  // namespace thidua::reporting
