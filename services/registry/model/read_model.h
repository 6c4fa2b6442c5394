#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/scope.h"
#include "common/clock.h"
#include "common/server/pager.h"
#include "common/text/fold.h"
#include "services/registry/domain/organization.h"
#include "services/registry/domain/rules.h"
#include "services/registry/model/day_index.h"

namespace thidua::registry {

using OrgPtr = std::shared_ptr<const Organization>;
using GroupPtr = std::shared_ptr<const Group>;

// Everything the registry holds, as loaded from the database.
struct Snapshot {
  std::vector<Organization> organizations;
  std::vector<LineageEdge> lineage;
  std::vector<Group> groups;
};

// Filters of a listing; zero / empty means "not filtered".
struct ListQuery {
  CivilDay day;
  int64_t parent_id = 0;
  int64_t ancestor_id = 0;
  std::vector<Kind> kinds;
  int64_t group_id = 0;
  v1::CodeScheme code_scheme = v1::CODE_SCHEME_UNSPECIFIED;
  std::string code_value;
  // Holders of the code on any day, not only on `day`: a code is not an identity (GSO code 00004
  // was Phường Trúc Bạch's until 30/6/2025 and is Phường Ba Đình's since).
  bool code_on_any_day = false;
  std::string folded_query;
  bool include_invalid = false;
  // Answered from the day index where it can be (see DayIndex); false takes the general path
  // only, which the tests compare it with.
  bool day_index = true;
};

// The order of a listing of organisations: with a search query, by relevance
// (domain/relevance.h); then by folded name on the listing's day; then by id.
struct ListKey {
  int match = 0;
  int level = 0;
  std::string name;
  int64_t id = 0;

  auto Tied() const { return std::tie(match, level, name, id); }
  bool operator<(const ListKey& other) const { return Tied() < other.Tied(); }
  server::CursorKey ToCursor() const { return {int64_t{match}, int64_t{level}, name, id}; }
};

struct ListPage {
  std::vector<OrgPtr> organizations;
  std::optional<ListKey> last;  // the key of the last organisation, when more follow
  size_t total = 0;             // matches in all
};

struct TreeEntry {
  OrgPtr organization;
  int depth;
};

struct LineageHit {
  OrgPtr organization;
  v1::LineageShare share;
  int generation;
  int64_t event_id;
  CivilDay effective_date;
};

// The registry in memory, with indexes for every listing. Registry data changes rarely and is read
// constantly, so reads never touch the database; writers and the change follower replace whole
// organisations under a short exclusive lock. Organisations are immutable once published, so a
// reader may keep a pointer after the lock is released.
class ReadModel : public auth::OrganizationHierarchy {
 public:
  explicit ReadModel(const Clock& clock = Clock::System()) : clock_(clock) {}

  void Reset(Snapshot snapshot);
  // Replaces (or adds) an organisation with its lineage edges in both directions.
  void Put(Organization org, const std::vector<LineageEdge>& lineage);
  void PutGroup(Group group);

  OrgPtr Get(int64_t id) const;
  GroupPtr GetGroup(int64_t id) const;
  // Every match, ordered by ListKey.
  std::vector<OrgPtr> List(const ListQuery& query) const;
  // The first `limit` matches ordered by ListKey whose key comes after `after` (all when unset).
  ListPage List(const ListQuery& query, const std::optional<ListKey>& after, size_t limit) const;
  std::vector<GroupPtr> ListGroups(int64_t owner_id, const std::string& folded_query) const;
  std::vector<OrgPtr> GroupMembers(int64_t group_id, CivilDay day) const;
  std::vector<TreeEntry> Tree(int64_t root, CivilDay day, int max_depth) const;
  std::vector<OrgPtr> Ancestors(int64_t id, CivilDay day) const;
  std::vector<LineageHit> Predecessors(int64_t id) const;
  std::vector<LineageHit> Successors(int64_t id) const;
  // The organisations carrying `id`'s duties on `day`.
  std::vector<LineageHit> CarriersOn(int64_t id, CivilDay day) const;
  // Organisations valid on `day` whose parent is `id` on that day.
  std::vector<OrgPtr> ChildrenOn(int64_t id, CivilDay day) const;
  size_t size() const;
  // Bumped by every change, so that answers computed from the model can be cached safely.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // auth::OrganizationHierarchy: within the subtree today, or on the last day it was valid.
  bool IsWithin(int64_t organization, int64_t scope_root) const override;

 private:
  void IndexLocked(const OrgPtr& org) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UnindexLocked(const Organization& org) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void LinkLocked(const LineageEdge& edge) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const Organization* FindLocked(int64_t id) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A Lookup over the model for the domain's rules, called while the caller holds mu_.
  Lookup LookupLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  std::vector<OrgPtr> ChildrenLocked(int64_t id, CivilDay day) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void SortByName(std::vector<OrgPtr>& orgs, CivilDay day) const;
  // Drops the day indexes: the organisations they hold changed.
  void ForgetDaysLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The index of the span holding `day`, built on first use and dropped by any change.
  std::shared_ptr<const DayIndex> DayIndexLocked(CivilDay day) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A listing filtered by hierarchy and kinds only, from the day index; nullopt when the index
  // cannot answer it (a scope not valid on the day, or on a cycle).
  std::optional<ListPage> ListOnDayLocked(const ListQuery& query,
                                          const std::optional<ListKey>& after, size_t limit) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A search without hierarchy, group or code filters, from the day index's word lists.
  std::optional<ListPage> SearchOnDayLocked(const ListQuery& query,
                                            const std::optional<ListKey>& after, size_t limit) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  std::vector<LineageHit> WalkLocked(int64_t id, bool forward) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  bool MatchesLocked(const Organization& org, const ListQuery& query,
                     const text::WordList& query_words, absl::string_view compact_query,
                     bool in_subtree, const DayIndex* valid_on_day) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Units with a name word beginning with `prefix`: how many (with repeats), and their ids
  // appended (repeats included: the caller sorts and removes them), returning how many of the
  // index's sets were appended.
  size_t CandidateCountLocked(absl::string_view prefix) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  size_t AppendCandidatesLocked(absl::string_view prefix, std::vector<int64_t>& ids) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  std::atomic<uint64_t> generation_{0};
  // Readers (every call) share it; a change or a reload holds it alone.
  mutable absl::Mutex mu_;
  absl::flat_hash_map<int64_t, OrgPtr> organizations_ ABSL_GUARDED_BY(mu_);
  // parent in any version
  absl::flat_hash_map<int64_t, absl::flat_hash_set<int64_t>> children_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int, absl::flat_hash_set<int64_t>> by_kind_ ABSL_GUARDED_BY(mu_);
  // "scheme:value"
  absl::flat_hash_map<std::string, absl::flat_hash_set<int64_t>> by_code_ ABSL_GUARDED_BY(mu_);
  // folded name words
  std::map<std::string, absl::flat_hash_set<int64_t>, std::less<>> by_word_ ABSL_GUARDED_BY(mu_);
  // by predecessor
  absl::flat_hash_map<int64_t, std::vector<LineageEdge>> successors_ ABSL_GUARDED_BY(mu_);
  // by successor
  absl::flat_hash_map<int64_t, std::vector<LineageEdge>> predecessors_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int64_t, GroupPtr> groups_ ABSL_GUARDED_BY(mu_);
  // Aliases written together ("tphcm" for "TP HCM"), for prefix search; their words are in
  // by_word_ with the names'.
  std::map<std::string, absl::flat_hash_set<int64_t>, std::less<>> by_compact_alias_
      ABSL_GUARDED_BY(mu_);
  // Day indexes of the spans last asked for (at most kDayIndexes), newest first. Its own lock:
  // readers holding mu_ shared add to it.
  static constexpr size_t kDayIndexes = 8;
  mutable absl::Mutex days_mu_ ABSL_ACQUIRED_AFTER(mu_);
  mutable std::vector<std::shared_ptr<const DayIndex>> days_ ABSL_GUARDED_BY(days_mu_);
};

}  // namespace thidua::registry
