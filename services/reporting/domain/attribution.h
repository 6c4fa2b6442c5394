#pragma once
// Attributing a period's units to the units carrying their duties today (REPORTING.md, "Roll-up":
// full merges map one to one; a split goes to its named main successor; data, not a guess).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace thidua::reporting {

// One unit carrying (part of) an ended unit's duties today.
struct Carrier {
  int64_t organization_id = 0;
  bool whole = false;  // every link from the ended unit to it passed it whole (share FULL)
};

// Where a unit of the period counts in a roll-up on today's tree.
struct Attribution {
  enum Placement {
    kRow,           // in `row`
    kOutside,       // its duties lie wholly outside the subtree (or went nowhere)
    kUnattributed,  // its duties lie partly inside the subtree and partly outside: counted nowhere
  };
  Placement placement = kOutside;
  int64_t row = 0;
};

// The row a unit with these carriers today counts in, `row_of` giving the row of a unit of
// today's subtree (nullopt outside it) and `root` being the unit rolled up (its own row holds
// what belongs to no single row below it):
//   - the main carrier, when there is one: the only carrier (the unit itself while valid, or its
//     one successor), else the only one that took it whole; its row;
//   - otherwise (split among several, none whole) the smallest row holding every carrier: their
//     common row, or the root's own row when they fall in several rows. A district of 2023 whose
//     communes went to several communes of today's province counts under the province, never
//     under one commune chosen for it. Carriers partly outside the subtree: unattributed.
Attribution Attribute(const std::vector<Carrier>& carriers, int64_t root,
                      const std::function<std::optional<int64_t>(int64_t)>& row_of);

}  // namespace thidua::reporting
