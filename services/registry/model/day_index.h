#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "services/registry/domain/organization.h"

namespace thidua::registry {

// The registry as it stands over a span of days on which no organisation begins, ends, is renamed
// or moves. History changes on few days (the 2025 reference data has six), so one index answers
// every date of its span: the units valid then, ranked by folded name and id (the order of a
// listing), each with its subtree as a range of a depth-first order, so "the units under X on
// day d" is a contiguous run instead of a walk through every unit that was ever under X.
//
// Immutable once built; it holds its organisations, so a reader may keep it after the model moved
// on. A unit whose parent is not valid on the day is a root; units on a cycle (bad data) are
// reachable from no root and have no subtree, so callers fall back to a guarded walk.
class DayIndex {
 public:
  struct Entry {
    std::shared_ptr<const Organization> org;
    absl::string_view name;  // folded, on the span's days (owned by `org`)
    // The one word of the name's named part (relevance.h NamedPart), if it has one word: a
    // one-word query it begins names the unit ("lam" for "tinh lam"); empty otherwise.
    absl::string_view sole_word;
    Kind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
    bool has_aliases = false;
    // [first, end): this unit and its subtree in `preorder_`; first == kUnreached on a cycle.
    uint32_t first = 0;
    uint32_t end = 0;
  };
  static constexpr uint32_t kUnreached = ~uint32_t{0};

  // `organizations` is every organisation the model holds; `day` any day of the wanted span.
  static std::shared_ptr<const DayIndex> Build(
      const absl::flat_hash_map<int64_t, std::shared_ptr<const Organization>>& organizations,
      CivilDay day);

  bool Covers(CivilDay day) const { return span_.Contains(day); }
  // The rank of a unit valid on the span's days, in (folded name, id) order.
  std::optional<uint32_t> RankOf(int64_t id) const;
  const Entry& at(uint32_t rank) const { return entries_[rank]; }
  size_t size() const { return entries_.size(); }
  // The first rank whose (folded name, id) comes after the given key.
  uint32_t RankAfter(absl::string_view name, int64_t id) const;
  // Which names a word index covers: the names the units bear on the span's days, or their other
  // names (borne on other days) and aliases.
  enum class Names { kOnDay, kOther };
  // The ranks of the units with a word beginning with `prefix` in those names, ascending.
  std::vector<uint32_t> RanksWithWord(absl::string_view prefix, Names names) const;
  // Calls fn(rank) for every unit under the one at `root` (itself excluded): at any depth, or
  // only its children. The root must be reached (first != kUnreached).
  template <typename Fn>
  void ForEachUnder(uint32_t root, bool children_only, Fn&& fn) const {
    const Entry& r = entries_[root];
    for (uint32_t i = r.first + 1; i < r.end;) {
      const uint32_t rank = preorder_[i];
      fn(rank);
      i = children_only ? entries_[rank].end : i + 1;
    }
  }

 private:
  Period span_;
  std::vector<Entry> entries_;      // by (folded name on the span, id)
  std::vector<uint32_t> preorder_;  // ranks, depth first, children by rank
  absl::flat_hash_map<int64_t, uint32_t> rank_of_;
  // Folded word → ranks (ascending) of the units with it in their name on the day, and in their
  // other names and aliases.
  std::map<std::string, std::vector<uint32_t>, std::less<>> words_on_day_, other_words_;
};

}  // namespace thidua::registry
