#include "services/registry/model/read_model.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/domain/relevance.h"
#include "services/registry/domain/rules.h"
#include "services/registry/model/organization_wire.h"

namespace thidua::registry {
namespace {

std::string CodeKey(v1::CodeScheme scheme, absl::string_view value) {
  return absl::StrCat(static_cast<int>(scheme), ":", value);
}

}  // namespace

void ReadModel::Reset(Snapshot snapshot) {
  // Encoding is the slow part of a reload; readers keep being served meanwhile.
  for (Organization& org : snapshot.organizations) EncodeWire(org);
  absl::MutexLock lock(&mu_);
  organizations_.clear();
  children_.clear();
  by_kind_.clear();
  by_code_.clear();
  by_word_.clear();
  by_compact_alias_.clear();
  successors_.clear();
  predecessors_.clear();
  groups_.clear();
  for (Organization& org : snapshot.organizations) {
    IndexLocked(std::make_shared<const Organization>(std::move(org)));
  }
  for (const LineageEdge& edge : snapshot.lineage) LinkLocked(edge);
  for (Group& group : snapshot.groups) {
    const int64_t id = group.id;
    groups_[id] = std::make_shared<const Group>(std::move(group));
  }
  ForgetDaysLocked();
  generation_.fetch_add(1, std::memory_order_release);
}

void ReadModel::Put(Organization org, const std::vector<LineageEdge>& lineage) {
  EncodeWire(org);
  auto ptr = std::make_shared<const Organization>(std::move(org));
  absl::MutexLock lock(&mu_);
  const Organization* old = FindLocked(ptr->id);
  // Reloads land in any order (the writer's refresh, the follower's poll): an older version
  // never replaces a newer one. An equal version may carry new lineage, so it is applied.
  if (old != nullptr && old->version > ptr->version) return;
  if (old != nullptr) UnindexLocked(*old);
  IndexLocked(ptr);
  auto& succ = successors_[ptr->id];
  auto& pred = predecessors_[ptr->id];
  succ.clear();
  pred.clear();
  for (const LineageEdge& edge : lineage) {
    if (edge.predecessor_id == ptr->id) succ.push_back(edge);
    if (edge.successor_id == ptr->id) pred.push_back(edge);
  }
  ForgetDaysLocked();
  generation_.fetch_add(1, std::memory_order_release);
}

void ReadModel::PutGroup(Group group) {
  auto ptr = std::make_shared<const Group>(std::move(group));
  absl::MutexLock lock(&mu_);
  auto& slot = groups_[ptr->id];
  if (slot && slot->version > ptr->version) return;  // never older over newer
  slot = std::move(ptr);
  generation_.fetch_add(1, std::memory_order_release);
}

void ReadModel::IndexLocked(const OrgPtr& org) {
  organizations_[org->id] = org;
  by_kind_[org->kind].insert(org->id);
  for (const Version& v : org->versions) {
    if (v.parent_id != 0) children_[v.parent_id].insert(org->id);
    for (absl::string_view word : text::Words(v.search_name)) {
      auto it = by_word_.find(word);
      if (it == by_word_.end())
        it = by_word_.emplace(std::string(word), absl::flat_hash_set<int64_t>()).first;
      it->second.insert(org->id);
    }
  }
  for (const Alias& alias : org->aliases) {
    for (absl::string_view word : text::Words(alias.search_text)) {
      auto it = by_word_.find(word);
      if (it == by_word_.end())
        it = by_word_.emplace(std::string(word), absl::flat_hash_set<int64_t>()).first;
      it->second.insert(org->id);
    }
    by_compact_alias_[Compact(alias.search_text)].insert(org->id);
  }
  for (const Code& code : org->codes) by_code_[CodeKey(code.scheme, code.value)].insert(org->id);
}

void ReadModel::UnindexLocked(const Organization& org) {
  by_kind_[org.kind].erase(org.id);
  for (const Version& v : org.versions) {
    if (v.parent_id != 0) children_[v.parent_id].erase(org.id);
    for (absl::string_view word : text::Words(v.search_name)) {
      if (auto it = by_word_.find(word); it != by_word_.end()) it->second.erase(org.id);
    }
  }
  for (const Alias& alias : org.aliases) {
    for (absl::string_view word : text::Words(alias.search_text)) {
      if (auto it = by_word_.find(word); it != by_word_.end()) it->second.erase(org.id);
    }
    if (auto it = by_compact_alias_.find(Compact(alias.search_text));
        it != by_compact_alias_.end()) {
      it->second.erase(org.id);
    }
  }
  for (const Code& code : org.codes) by_code_[CodeKey(code.scheme, code.value)].erase(org.id);
}

void ReadModel::LinkLocked(const LineageEdge& edge) {
  successors_[edge.predecessor_id].push_back(edge);
  predecessors_[edge.successor_id].push_back(edge);
}

const Organization* ReadModel::FindLocked(int64_t id) const {
  auto it = organizations_.find(id);
  return it == organizations_.end() ? nullptr : it->second.get();
}

OrgPtr ReadModel::Get(int64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = organizations_.find(id);
  return it == organizations_.end() ? nullptr : it->second;
}

GroupPtr ReadModel::GetGroup(int64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : it->second;
}

size_t ReadModel::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return organizations_.size();
}

Lookup ReadModel::LookupLocked() const {
  // The rules call it back while the caller still holds mu_ (for reading at least).
  return [this](int64_t id) {
    mu_.AssertReaderHeld();
    return FindLocked(id);
  };
}

std::vector<OrgPtr> ReadModel::ChildrenLocked(int64_t id, CivilDay day) const {
  std::vector<OrgPtr> out;
  auto it = children_.find(id);
  if (it == children_.end()) return out;
  for (int64_t child : it->second) {
    const OrgPtr& org = organizations_.at(child);
    if (org->ValidOn(day) && org->VersionOn(day).parent_id == id) out.push_back(org);
  }
  return out;
}

std::vector<OrgPtr> ReadModel::ChildrenOn(int64_t id, CivilDay day) const {
  absl::ReaderMutexLock lock(&mu_);
  auto out = ChildrenLocked(id, day);
  SortByName(out, day);
  return out;
}

void ReadModel::SortByName(std::vector<OrgPtr>& orgs, CivilDay day) const {
  std::vector<std::pair<absl::string_view, const OrgPtr*>> keyed;
  keyed.reserve(orgs.size());
  for (const OrgPtr& org : orgs) keyed.emplace_back(org->VersionOn(day).search_name, &org);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : (*a.second)->id < (*b.second)->id;
  });
  std::vector<OrgPtr> sorted;
  sorted.reserve(orgs.size());
  for (const auto& [key, org] : keyed) sorted.push_back(*org);
  orgs = std::move(sorted);
}

size_t ReadModel::CandidateCountLocked(absl::string_view prefix) const {
  size_t count = 0;
  for (auto it = by_word_.lower_bound(prefix);
       it != by_word_.end() && absl::StartsWith(it->first, prefix); ++it) {
    count += it->second.size();
  }
  return count;
}

size_t ReadModel::AppendCandidatesLocked(absl::string_view prefix,
                                         std::vector<int64_t>& ids) const {
  ids.reserve(ids.size() + CandidateCountLocked(prefix));
  size_t lists = 0;
  for (auto it = by_word_.lower_bound(prefix);
       it != by_word_.end() && absl::StartsWith(it->first, prefix); ++it, ++lists) {
    ids.insert(ids.end(), it->second.begin(), it->second.end());
  }
  return lists;
}

bool ReadModel::MatchesLocked(const Organization& org, const ListQuery& q,
                              const text::WordList& query_words, absl::string_view compact_query,
                              bool in_subtree, const DayIndex* valid_on_day) const {
  if (!q.include_invalid && valid_on_day == nullptr && !org.ValidOn(q.day)) return false;
  if (q.parent_id != 0 && org.VersionOn(q.day).parent_id != q.parent_id) return false;
  if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), org.kind) == q.kinds.end()) {
    return false;
  }
  if (q.code_scheme != v1::CODE_SCHEME_UNSPECIFIED) {
    const bool holds = std::any_of(org.codes.begin(), org.codes.end(), [&](const Code& c) {
      return c.scheme == q.code_scheme && c.value == q.code_value &&
             (q.code_on_any_day || c.period.Contains(q.day));
    });
    if (!holds) return false;
  }
  if (!query_words.empty() && !AnyNameMatches(org, query_words, compact_query)) return false;
  if (q.group_id != 0) {
    auto it = groups_.find(q.group_id);
    if (it == groups_.end()) return false;
    const auto& members = it->second->members;
    if (std::none_of(members.begin(), members.end(), [&](const GroupMembership& m) {
          return m.organization_id == org.id && m.period.Contains(q.day);
        })) {
      return false;
    }
  }
  if (q.ancestor_id != 0 && !in_subtree && valid_on_day != nullptr) {
    // Both on the day's tree: a range check instead of a walk up.
    const auto unit = valid_on_day->RankOf(org.id);
    const auto ancestor = valid_on_day->RankOf(q.ancestor_id);
    if (unit && ancestor && valid_on_day->at(*ancestor).first != DayIndex::kUnreached) {
      const DayIndex::Entry& a = valid_on_day->at(*ancestor);
      const uint32_t at = valid_on_day->at(*unit).first;
      return at > a.first && at < a.end;
    }
  }
  if (q.ancestor_id != 0 && !in_subtree) {
    const Lookup lookup = LookupLocked();
    const auto chain = AncestorsOn(org.id, q.day, lookup);
    if (std::find(chain.begin(), chain.end(), q.ancestor_id) == chain.end()) return false;
  }
  return true;
}

std::vector<OrgPtr> ReadModel::List(const ListQuery& q) const {
  return List(q, std::nullopt, std::numeric_limits<size_t>::max()).organizations;
}

ListPage ReadModel::List(const ListQuery& q, const std::optional<ListKey>& after,
                         size_t limit) const {
  absl::ReaderMutexLock lock(&mu_);
  // Listings by hierarchy and kind, on a day, are what portals ask most: the day index answers
  // them without visiting every unit that was ever under the scope.
  if (q.day_index && !q.include_invalid && q.folded_query.empty() && q.group_id == 0 &&
      q.code_scheme == v1::CODE_SCHEME_UNSPECIFIED &&
      (!after || (after->match == 0 && after->level == 0))) {
    if (auto page = ListOnDayLocked(q, after, limit)) return *std::move(page);
  }
  // A search over the whole registry on a day, the most common kind, from the day's word lists.
  if (q.day_index && !q.include_invalid && !q.folded_query.empty() && q.parent_id == 0 &&
      q.ancestor_id == 0 && q.group_id == 0 && q.code_scheme == v1::CODE_SCHEME_UNSPECIFIED) {
    if (auto page = SearchOnDayLocked(q, after, limit)) return *std::move(page);
  }
  bool in_subtree = false;  // candidates found by walking the subtree need no ancestor check
  // Start from the most selective index the query offers, then check every filter.
  std::vector<int64_t> candidates;
  // Candidates gathered from more than one set may repeat; one set's (or the walk's) do not.
  bool may_repeat = true;
  auto take = [&](const auto& ids) {
    candidates.assign(ids.begin(), ids.end());
    may_repeat = false;
  };
  if (q.parent_id != 0) {
    if (auto it = children_.find(q.parent_id); it != children_.end()) take(it->second);
  } else if (q.group_id != 0) {
    if (auto it = groups_.find(q.group_id); it != groups_.end()) {
      for (const auto& m : it->second->members) candidates.push_back(m.organization_id);
    }
  } else if (q.code_scheme != v1::CODE_SCHEME_UNSPECIFIED) {
    if (auto it = by_code_.find(CodeKey(q.code_scheme, q.code_value)); it != by_code_.end()) {
      take(it->second);
    }
  } else if (q.ancestor_id != 0) {
    in_subtree = true;
    std::deque<int64_t> queue = {q.ancestor_id};
    // Visited once each: bad data (a cycle on some date) cannot hang the walk.
    absl::flat_hash_set<int64_t> seen = {q.ancestor_id};
    while (!queue.empty()) {
      const int64_t id = queue.front();
      queue.pop_front();
      auto it = children_.find(id);
      if (it == children_.end()) continue;
      for (int64_t child : it->second) {
        const Organization& org = *organizations_.at(child);
        if (org.VersionOn(q.day).parent_id != id || !seen.insert(child).second) continue;
        candidates.push_back(child);
        queue.push_back(child);
      }
    }
    may_repeat = false;
  } else if (!q.folded_query.empty()) {
    // Only the rarest word's units are gathered: every match must contain each word, and the
    // count of a word's units is a sum over its index range, far cheaper than gathering them.
    std::optional<std::pair<size_t, absl::string_view>> rarest;
    for (absl::string_view word : text::Words(q.folded_query)) {
      const size_t count = CandidateCountLocked(word);
      if (!rarest || count < rarest->first) rarest = {count, word};
    }
    size_t lists = rarest ? AppendCandidatesLocked(rarest->second, candidates) : 0;
    // Units whose alias, written together, the query begins ("tphcm" for "TP HCM").
    const std::string compact = Compact(q.folded_query);
    for (auto it = by_compact_alias_.lower_bound(compact);
         it != by_compact_alias_.end() && absl::StartsWith(it->first, compact); ++it, ++lists) {
      candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
    may_repeat = lists > 1;
  } else if (!q.kinds.empty()) {
    for (Kind kind : q.kinds) {
      if (auto it = by_kind_.find(kind); it != by_kind_.end()) {
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
      }
    }
  } else {
    for (const auto& [id, org] : organizations_) candidates.push_back(id);
  }
  if (may_repeat) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  const auto words = text::Words(q.folded_query);
  const std::string compact_query = Compact(q.folded_query);
  // Each match with its key (viewing the name, to copy nothing); those up to `after` were on
  // earlier pages.
  struct Ranked {
    int match = 0;
    int level = 0;
    absl::string_view name;
    int64_t id = 0;
    const OrgPtr* org = nullptr;
    auto Tied() const { return std::tie(match, level, name, id); }
  };
  std::vector<Ranked> matches;
  ListPage page;
  const absl::string_view after_name = after ? absl::string_view(after->name) : "";
  // Units valid on the day are found in its index, with their name on the day; the others need
  // no look when invalid ones are not asked for.
  const auto day_index = q.include_invalid || !q.day_index ? nullptr : DayIndexLocked(q.day);
  for (int64_t id : candidates) {
    const OrgPtr* found = nullptr;
    absl::string_view name;
    if (day_index != nullptr) {
      const auto rank = day_index->RankOf(id);
      if (!rank) continue;
      found = &day_index->at(*rank).org;
      name = day_index->at(*rank).name;
    } else {
      auto it = organizations_.find(id);
      if (it == organizations_.end()) continue;
      found = &it->second;
      name = it->second->VersionOn(q.day).search_name;
    }
    if (!MatchesLocked(**found, q, words, compact_query, in_subtree, day_index.get())) continue;
    ++page.total;
    Ranked ranked{0, 0, name, id, found};
    if (!words.empty()) {
      ranked.match = MatchTierOf(**found, name, words, compact_query);
      ranked.level = LevelOf((*found)->kind);
    }
    if (after &&
        std::make_tuple(after->match, after->level, after_name, after->id) >= ranked.Tied()) {
      continue;
    }
    matches.push_back(ranked);
  }
  // Only the requested page needs ordering.
  const size_t end = std::min(limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + end, matches.end(),
                    [](const Ranked& a, const Ranked& b) { return a.Tied() < b.Tied(); });
  page.organizations.reserve(end);
  for (size_t i = 0; i < end; ++i) page.organizations.push_back(*matches[i].org);
  if (end < matches.size() && end > 0) {
    const Ranked& last = matches[end - 1];
    page.last = ListKey{last.match, last.level, std::string(last.name), last.id};
  }
  return page;
}

std::vector<GroupPtr> ReadModel::ListGroups(int64_t owner_id,
                                            const std::string& folded_query) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<GroupPtr> out;
  const auto words = text::Words(folded_query);
  for (const auto& [id, group] : groups_) {
    if (owner_id != 0 && group->owner_id != owner_id) continue;
    if (!words.empty() && !WordsFound(group->search_name, words)) continue;
    out.push_back(group);
  }
  std::sort(out.begin(), out.end(), [](const GroupPtr& a, const GroupPtr& b) {
    return a->search_name != b->search_name ? a->search_name < b->search_name : a->id < b->id;
  });
  return out;
}

std::vector<OrgPtr> ReadModel::GroupMembers(int64_t group_id, CivilDay day) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<OrgPtr> out;
  auto it = groups_.find(group_id);
  if (it == groups_.end()) return out;
  for (const GroupMembership& m : it->second->members) {
    if (!m.period.Contains(day)) continue;
    // Events end memberships with their unit; the unit's own validity is checked as well so a
    // row that escaped them never counts a unit that does not exist.
    if (auto org = organizations_.find(m.organization_id);
        org != organizations_.end() && org->second->ValidOn(day)) {
      out.push_back(org->second);
    }
  }
  SortByName(out, day);
  return out;
}

std::vector<TreeEntry> ReadModel::Tree(int64_t root, CivilDay day, int max_depth) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<TreeEntry> out;
  auto it = organizations_.find(root);
  if (it == organizations_.end()) return out;
  // Depth-first, children by name, with an explicit stack (trees are shallow but wide).
  std::vector<TreeEntry> stack = {{it->second, 0}};
  absl::flat_hash_set<int64_t> seen;  // a cycle in bad data cannot hang the walk
  while (!stack.empty()) {
    TreeEntry entry = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(entry.organization->id).second) continue;
    out.push_back(entry);
    if (max_depth > 0 && entry.depth >= max_depth) continue;
    auto children = ChildrenLocked(entry.organization->id, day);
    SortByName(children, day);
    for (auto c = children.rbegin(); c != children.rend(); ++c) {
      stack.push_back({*c, entry.depth + 1});
    }
  }
  return out;
}

std::vector<OrgPtr> ReadModel::Ancestors(int64_t id, CivilDay day) const {
  absl::ReaderMutexLock lock(&mu_);
  const Lookup lookup = LookupLocked();
  std::vector<OrgPtr> out;
  for (int64_t ancestor : AncestorsOn(id, day, lookup)) {
    if (auto it = organizations_.find(ancestor); it != organizations_.end()) {
      out.push_back(it->second);
    }
  }
  return out;
}

std::vector<LineageHit> ReadModel::WalkLocked(int64_t id, bool forward) const {
  std::vector<LineageHit> out;
  absl::flat_hash_set<int64_t> seen = {id};
  struct Step {
    int64_t id;
    v1::LineageShare share;
    int generation;
  };
  std::deque<Step> queue = {{id, v1::FULL, 0}};
  const auto& edges_by = forward ? successors_ : predecessors_;
  while (!queue.empty()) {
    const Step step = queue.front();
    queue.pop_front();
    auto it = edges_by.find(step.id);
    if (it == edges_by.end()) continue;
    for (const LineageEdge& edge : it->second) {
      const int64_t next = forward ? edge.successor_id : edge.predecessor_id;
      if (!seen.insert(next).second) continue;
      auto org = organizations_.find(next);
      if (org == organizations_.end()) continue;
      const auto share =
          step.share == v1::PARTIAL || edge.share == v1::PARTIAL ? v1::PARTIAL : v1::FULL;
      out.push_back({org->second, share, step.generation + 1, edge.event_id, edge.effective_date});
      queue.push_back({next, share, step.generation + 1});
    }
  }
  return out;
}

std::vector<LineageHit> ReadModel::Predecessors(int64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  return WalkLocked(id, /*forward=*/false);
}

std::vector<LineageHit> ReadModel::Successors(int64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  return WalkLocked(id, /*forward=*/true);
}

std::vector<LineageHit> ReadModel::CarriersOn(int64_t id, CivilDay day) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<LineageHit> out;
  auto self = organizations_.find(id);
  if (self == organizations_.end()) return out;
  if (self->second->ValidOn(day)) return {{self->second, v1::FULL, 0, 0, day}};
  // Successors valid on the day carry the duties; those already ended pass them on further.
  struct Step {
    int64_t id;
    v1::LineageShare share;
    int generation;
  };
  absl::flat_hash_set<int64_t> seen = {id};
  std::deque<Step> queue = {{id, v1::FULL, 0}};
  while (!queue.empty()) {
    const Step step = queue.front();
    queue.pop_front();
    auto edges = successors_.find(step.id);
    if (edges == successors_.end()) continue;
    for (const LineageEdge& edge : edges->second) {
      if (!seen.insert(edge.successor_id).second) continue;
      auto org = organizations_.find(edge.successor_id);
      if (org == organizations_.end()) continue;
      const auto share =
          step.share == v1::PARTIAL || edge.share == v1::PARTIAL ? v1::PARTIAL : v1::FULL;
      if (org->second->ValidOn(day)) {
        out.push_back(
            {org->second, share, step.generation + 1, edge.event_id, edge.effective_date});
      } else {
        queue.push_back({edge.successor_id, share, step.generation + 1});
      }
    }
  }
  return out;
}

bool ReadModel::IsWithin(int64_t organization, int64_t scope_root) const {
  if (organization == scope_root) return true;
  absl::ReaderMutexLock lock(&mu_);
  const Organization* org = FindLocked(organization);
  if (org == nullptr) return false;
  CivilDay day = TodayInVietnam(clock_);
  if (day > org->validity.to) day = org->validity.to;
  if (day < org->validity.from) day = org->validity.from;
  const Lookup lookup = LookupLocked();
  const auto chain = AncestorsOn(organization, day, lookup);
  return std::find(chain.begin(), chain.end(), scope_root) != chain.end();
}

}  // namespace thidua::registry
