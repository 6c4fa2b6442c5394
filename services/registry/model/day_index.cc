#include "services/registry/model/day_index.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "common/text/fold.h"
#include "services/registry/domain/relevance.h"

namespace thidua::registry {
namespace {

// Appends `rank` to the list of each word of `folded` (ranks come in ascending order, so each
// list stays sorted and holds a rank once).
void Post(std::map<std::string, std::vector<uint32_t>, std::less<>>& words,
          absl::string_view folded, uint32_t rank) {
  for (absl::string_view word : text::Words(folded)) {
    auto it = words.find(word);
    if (it == words.end()) it = words.emplace(std::string(word), std::vector<uint32_t>()).first;
    if (it->second.empty() || it->second.back() != rank) it->second.push_back(rank);
  }
}

// Narrows `span` (around `day`) to the days on which `period` neither begins nor ends.
void Narrow(Period& span, const Period& period, CivilDay day) {
  if (period.from <= day) {
    span.from = std::max(span.from, period.from);
  } else {
    span.to = std::min(span.to, period.from - 1);
  }
  if (period.to < day) {
    span.from = std::max(span.from, period.to + 1);
  } else {
    span.to = std::min(span.to, period.to);
  }
}

}  // namespace

std::shared_ptr<const DayIndex> DayIndex::Build(
    const absl::flat_hash_map<int64_t, std::shared_ptr<const Organization>>& organizations,
    CivilDay day) {
  auto index = std::make_shared<DayIndex>();
  index->span_ = {kOpenStart, kOpenEnd};
  struct Unit {
    Entry entry;
    int64_t parent_id;
  };
  std::vector<Unit> units;
  units.reserve(organizations.size());
  for (const auto& [id, org] : organizations) {
    Narrow(index->span_, org->validity, day);
    for (const Version& v : org->versions) Narrow(index->span_, v.period, day);
    if (!org->ValidOn(day)) continue;
    const Version& version = org->VersionOn(day);
    const absl::string_view named = NamedPart(version.search_name, org->kind);
    units.push_back(
        {{org, version.search_name, absl::StrContains(named, ' ') ? absl::string_view() : named,
          org->kind, !org->aliases.empty(), kUnreached, kUnreached},
         version.parent_id});
  }
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    return std::tie(a.entry.name, a.entry.org->id) < std::tie(b.entry.name, b.entry.org->id);
  });
  const auto n = static_cast<uint32_t>(units.size());
  index->rank_of_.reserve(n);
  for (uint32_t rank = 0; rank < n; ++rank) index->rank_of_[units[rank].entry.org->id] = rank;

  // Children by rank, as one array cut by offsets: kids[offset[p], offset[p + 1]).
  std::vector<uint32_t> parent(n, kUnreached);
  std::vector<uint32_t> offset(n + 1, 0);
  for (uint32_t rank = 0; rank < n; ++rank) {
    if (auto p = index->rank_of_.find(units[rank].parent_id); p != index->rank_of_.end()) {
      parent[rank] = p->second;
      ++offset[p->second + 1];
    }
  }
  for (uint32_t rank = 0; rank < n; ++rank) offset[rank + 1] += offset[rank];
  std::vector<uint32_t> kids(offset[n]);
  std::vector<uint32_t> filled(offset.begin(), offset.end() - 1);
  for (uint32_t rank = 0; rank < n; ++rank) {
    if (parent[rank] != kUnreached) kids[filled[parent[rank]]++] = rank;
  }

  index->entries_.reserve(n);
  for (Unit& unit : units) index->entries_.push_back(std::move(unit.entry));
  for (uint32_t rank = 0; rank < n; ++rank) {
    const Entry& entry = index->entries_[rank];
    Post(index->words_on_day_, entry.name, rank);
    for (const Version& v : entry.org->versions) {
      if (v.search_name != entry.name) Post(index->other_words_, v.search_name, rank);
    }
    for (const Alias& alias : entry.org->aliases)
      Post(index->other_words_, alias.search_text, rank);
  }
  // Depth first from every root, with an explicit stack. Each unit has one parent, so it is
  // reached at most once; units on a cycle are reached from no root and stay kUnreached.
  index->preorder_.reserve(n);
  std::vector<std::pair<uint32_t, uint32_t>> stack;  // rank, next of its kids
  for (uint32_t root = 0; root < n; ++root) {
    if (parent[root] != kUnreached) continue;
    auto enter = [&](uint32_t rank) {
      index->entries_[rank].first = static_cast<uint32_t>(index->preorder_.size());
      index->preorder_.push_back(rank);
      stack.emplace_back(rank, offset[rank]);
    };
    enter(root);
    while (!stack.empty()) {
      auto& [rank, next] = stack.back();
      if (next < offset[rank + 1]) {
        enter(kids[next++]);
      } else {
        index->entries_[rank].end = static_cast<uint32_t>(index->preorder_.size());
        stack.pop_back();
      }
    }
  }
  return index;
}

std::optional<uint32_t> DayIndex::RankOf(int64_t id) const {
  auto it = rank_of_.find(id);
  if (it == rank_of_.end()) return std::nullopt;
  return it->second;
}

std::vector<uint32_t> DayIndex::RanksWithWord(absl::string_view prefix, Names names) const {
  const auto& words = names == Names::kOnDay ? words_on_day_ : other_words_;
  auto it = words.lower_bound(prefix);
  const auto has_prefix = [&](auto at) {
    return at != words.end() && absl::StartsWith(at->first, prefix);
  };
  if (!has_prefix(it)) return {};
  if (!has_prefix(std::next(it))) return it->second;
  // Several words begin with the prefix ("t": "tan", "tanh", "thanh"...) and a unit may have
  // more than one: their lists are merged through a bit per unit, in order and once each.
  std::vector<uint64_t> bits((entries_.size() + 63) / 64);
  for (; has_prefix(it); ++it) {
    for (uint32_t rank : it->second) bits[rank / 64] |= uint64_t{1} << (rank % 64);
  }
  std::vector<uint32_t> ranks;
  for (size_t word = 0; word < bits.size(); ++word) {
    for (uint64_t rest = bits[word]; rest != 0; rest &= rest - 1) {
      ranks.push_back(
          static_cast<uint32_t>(word * 64 + static_cast<size_t>(__builtin_ctzll(rest))));
    }
  }
  return ranks;
}

uint32_t DayIndex::RankAfter(absl::string_view name, int64_t id) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), std::make_pair(name, id),
                             [](const std::pair<absl::string_view, int64_t>& key, const Entry& e) {
                               return key < std::make_pair(e.name, e.org->id);
                             });
  return static_cast<uint32_t>(it - entries_.begin());
}

}  // namespace thidua::registry
