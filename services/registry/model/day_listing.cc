// The listings the day index answers (see day_index.h): by hierarchy and kind, and searches over
// the whole registry, each ordered by one integer key per unit.
#include <algorithm>
#include <iterator>
#include <limits>

#include "absl/strings/match.h"
#include "services/registry/domain/relevance.h"
#include "services/registry/model/read_model.h"

namespace thidua::registry {
namespace {

// A listing's key (match, level, folded name, id) as one integer: the rank is the (name, id)
// order of the day. Tiers and levels are small; clamping keeps a forged cursor in range.
uint64_t KeyOf(int match, int level, uint32_t rank) {
  const auto byte = [](int v) { return static_cast<uint64_t>(std::clamp(v, 0, 255)); };
  return byte(match) << 40 | byte(level) << 32 | rank;
}

// The page of `limit` units after `after` among `keys` (every match, in any order).
ListPage PageOf(const DayIndex& index, std::vector<uint64_t> keys,
                const std::optional<ListKey>& after, size_t limit) {
  ListPage page;
  page.total = keys.size();
  if (after) {
    const uint64_t first =
        KeyOf(after->match, after->level, index.RankAfter(after->name, after->id));
    keys.erase(std::remove_if(keys.begin(), keys.end(), [&](uint64_t k) { return k < first; }),
               keys.end());
  }
  const size_t end = std::min(limit, keys.size());
  std::partial_sort(keys.begin(), keys.begin() + end, keys.end());
  page.organizations.reserve(end);
  for (size_t i = 0; i < end; ++i) {
    page.organizations.push_back(index.at(static_cast<uint32_t>(keys[i])).org);
  }
  if (end < keys.size() && end > 0) {
    const uint64_t last = keys[end - 1];
    const DayIndex::Entry& e = index.at(static_cast<uint32_t>(last));
    page.last = ListKey{static_cast<int>(last >> 40), static_cast<int>((last >> 32) & 0xff),
                        std::string(e.name), e.org->id};
  }
  return page;
}

std::vector<uint32_t> Intersection(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

void ReadModel::ForgetDaysLocked() {
  absl::MutexLock lock(&days_mu_);
  days_.clear();
}

std::shared_ptr<const DayIndex> ReadModel::DayIndexLocked(CivilDay day) const {
  {
    absl::MutexLock lock(&days_mu_);
    for (auto it = days_.begin(); it != days_.end(); ++it) {
      if (!(*it)->Covers(day)) continue;
      std::rotate(days_.begin(), it, it + 1);  // most recently used first
      return days_.front();
    }
  }
  // Built outside days_mu_ (milliseconds for the whole registry), under mu_ held shared, so the
  // organisations cannot change meanwhile; two readers may build the same span, one is kept.
  auto built = DayIndex::Build(organizations_, day);
  absl::MutexLock lock(&days_mu_);
  for (const auto& index : days_) {
    if (index->Covers(day)) return index;
  }
  days_.insert(days_.begin(), built);
  if (days_.size() > kDayIndexes) days_.pop_back();
  return built;
}

std::optional<ListPage> ReadModel::ListOnDayLocked(const ListQuery& q,
                                                   const std::optional<ListKey>& after,
                                                   size_t limit) const {
  const auto index = DayIndexLocked(q.day);
  const auto kind_wanted = [&](Kind kind) {
    return q.kinds.empty() || std::find(q.kinds.begin(), q.kinds.end(), kind) != q.kinds.end();
  };
  // Without query words every match and level is 0: the keys are the ranks.
  std::vector<uint64_t> keys;
  if (q.parent_id != 0 || q.ancestor_id != 0) {
    const auto root = index->RankOf(q.parent_id != 0 ? q.parent_id : q.ancestor_id);
    if (!root || index->at(*root).first == DayIndex::kUnreached) return std::nullopt;
    // A parent filter within an ancestor filter: the parent's children, if it lies under it.
    if (q.parent_id != 0 && q.ancestor_id != 0 && q.ancestor_id != q.parent_id) {
      const auto ancestor = index->RankOf(q.ancestor_id);
      if (!ancestor) return std::nullopt;
      const DayIndex::Entry& a = index->at(*ancestor);
      const DayIndex::Entry& p = index->at(*root);
      if (a.first == DayIndex::kUnreached || p.first <= a.first || p.first >= a.end) {
        return ListPage{};
      }
    }
    index->ForEachUnder(*root, q.parent_id != 0, [&](uint32_t rank) {
      if (kind_wanted(index->at(rank).kind)) keys.push_back(rank);
    });
  } else {
    for (uint32_t rank = 0; rank < index->size(); ++rank) {
      if (kind_wanted(index->at(rank).kind)) keys.push_back(rank);
    }
  }
  return PageOf(*index, std::move(keys), after, limit);
}

std::optional<ListPage> ReadModel::SearchOnDayLocked(const ListQuery& q,
                                                     const std::optional<ListKey>& after,
                                                     size_t limit) const {
  const auto words = text::Words(q.folded_query);
  if (words.empty()) return std::nullopt;
  const std::string compact_query = Compact(q.folded_query);
  const auto index = DayIndexLocked(q.day);
  // Units with every word in their name on the day, and those with every word in some name or
  // alias (each is checked below: the words may be spread over several), from the word lists.
  std::vector<uint32_t> by_name;
  std::vector<uint32_t> by_any;
  for (size_t i = 0; i < words.size(); ++i) {
    std::vector<uint32_t> on_day = index->RanksWithWord(words[i], DayIndex::Names::kOnDay);
    const std::vector<uint32_t> other = index->RanksWithWord(words[i], DayIndex::Names::kOther);
    std::vector<uint32_t> any;
    std::set_union(on_day.begin(), on_day.end(), other.begin(), other.end(),
                   std::back_inserter(any));
    if (i == 0) {
      by_name = std::move(on_day);
      by_any = std::move(any);
      continue;
    }
    by_name = Intersection(by_name, on_day);
    by_any = Intersection(by_any, any);
  }
  // Units whose alias, written together, the query begins ("tph" and "tphcm" find "TP HCM").
  for (auto it = by_compact_alias_.lower_bound(compact_query);
       it != by_compact_alias_.end() && absl::StartsWith(it->first, compact_query); ++it) {
    for (int64_t id : it->second) {
      if (auto rank = index->RankOf(id)) by_any.push_back(*rank);
    }
  }
  std::sort(by_any.begin(), by_any.end());
  by_any.erase(std::unique(by_any.begin(), by_any.end()), by_any.end());
  std::vector<uint32_t> only_other;
  std::set_difference(by_any.begin(), by_any.end(), by_name.begin(), by_name.end(),
                      std::back_inserter(only_other));
  const auto kind_wanted = [&](Kind kind) {
    return q.kinds.empty() || std::find(q.kinds.begin(), q.kinds.end(), kind) != q.kinds.end();
  };
  std::vector<uint64_t> keys;
  keys.reserve(by_name.size() + only_other.size());
  for (uint32_t rank : by_name) {
    const DayIndex::Entry& e = index->at(rank);
    if (!kind_wanted(e.kind)) continue;
    int match = 0;
    if (e.has_aliases) {
      match = MatchTierOf(*e.org, e.name, words, compact_query);  // an alias may name it better
    } else if (words.size() == 1) {
      // One word in the name on the day: the unit is named by it (0) or mentions it (1). Most
      // searches are one word, and "xa" begins a word of most communes' names: no name is split.
      match = !e.sole_word.empty() && absl::StartsWith(e.sole_word, words.front()) ? 0 : 1;
    } else {
      match = RelevanceOf(e.name, e.kind, words).match;
    }
    keys.push_back(KeyOf(match, LevelOf(e.kind), rank));
  }
  for (uint32_t rank : only_other) {
    const DayIndex::Entry& e = index->at(rank);
    if (!kind_wanted(e.kind) || !AnyNameMatches(*e.org, words, compact_query)) continue;
    keys.push_back(KeyOf(MatchTierOf(*e.org, e.name, words, compact_query), LevelOf(e.kind), rank));
  }
  return PageOf(*index, std::move(keys), after, limit);
}

}  // namespace thidua::registry
