#pragma once
// What roll-ups read, kept between calls: a national roll-up adds up 100,000 reports, and reading
// them again for every call would cost more than the whole answer may take.
//   - Of the database: a period's report states and each indicator's accepted figures, kept under
//     the period's revision (the sum of its shards' numbers, store::PeriodShardRevisions), which
//     every call reads first. Any committed write to a report of the period changes it, on
//     whichever replica it was made, so an entry is never older than its revision: a call sees at
//     least what was committed before it began. A new revision is made from the period's latest
//     entry by reading only the reports changed since (store::ReportsChangedSince) and their
//     accepted figures, so a deadline day's stream of acceptances does not make every roll-up read
//     100,000 reports again. The whole period is read when there is no entry to start from, a
//     shard went back (a restored database), more than a quarter of the reports changed, a shard
//     moved with no report showing its number (a database repaired by hand, or a read that
//     reached a lagging node), and at least
//     every two minutes, so no miss of a kind not foreseen here outlives that.
//     A call reads the revision, the reports and the figures it needs in one snapshot
//     (Pool::ReadSnapshot), so its counts and sums agree, and an entry holds exactly what was
//     committed up to its revision: commits are seen in order, one shard number at a time, so two
//     snapshots at the same revision saw the same writes. Hence a call that finds everything it
//     needs kept under the revision it read (alone, first) needs no snapshot at all
//     (ReportingService::ReadPeriod). No batch table, no job.
//   - Of the registry: the rows of a subtree on a day and the units expected to report, kept no
//     longer than the registry client reuses the answers they are made from, and where each
//     expected unit counts under a root, kept while those two are (attributed to successors, its
//     carriers today are then up to twice that old).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/registry/client/answer_cache.h"
#include "services/reporting/domain/rollup.h"
#include "services/reporting/store/submission_store.h"

namespace thidua::reporting {

// The reports of one period, by reporting unit, as of the shard numbers `at`. Made from the entry
// of revision `base` (≥ 0) by the reports `changed` since it, or read whole (`base` −1) at
// `read_whole_at`, which entries made from it keep.
struct PeriodReports {
  absl::flat_hash_map<int64_t, store::ReportState> by_unit;
  store::ShardRevisions at{};
  int64_t base = -1;
  std::vector<store::ReportState> changed;
  absl::Time read_whole_at;
};

// Lists of figures a roll-up adds up, as kept (RollupSources::figures).
using FigureLists = std::vector<std::shared_ptr<const std::vector<UnitFigure>>>;

// The tree of a unit on a day: for each unit of its subtree, the row it is counted in (the unit
// directly under the root on its path; the root for the root itself).
struct SubtreeRows {
  absl::flat_hash_map<int64_t, int64_t> row_of;
};

// Where each expected unit of a period counts in a roll-up of one root on one day
// (ReportingService::RowsOfExpected), made from the entries `tree` and `expected`, which it holds:
// a kept one serves only while both are still the ones kept (so never longer than they are).
struct UnitRows {
  std::shared_ptr<const SubtreeRows> tree;
  std::shared_ptr<const std::vector<int64_t>> expected;
  absl::flat_hash_map<int64_t, int64_t> row_of;
  std::vector<int64_t> unattributed;  // ascending
};

struct RollupSources {
  explicit RollupSources(absl::Duration registry_ttl);

  registry::AnswerCache<PeriodReports> reports;            // "<obligation>/<period>@<revision>"
  registry::AnswerCache<std::vector<UnitFigure>> figures;  // ".../<code>@<revision>", "submitted"
  registry::AnswerCache<SubtreeRows> rows;                 // "<root>@<day>"
  registry::AnswerCache<std::vector<int64_t>> expected;    // "<obligation>/<period>"
  registry::AnswerCache<UnitRows> unit_rows;  // "<obligation>/<period>/<root>@<day>[/attributed]"

  // The revision of each period's latest entry in `reports` ("<obligation>/<period>"), where the
  // next revision starts from: the highest made since the period was last read whole, or the one
  // read whole (a restored database's revisions go back).
  int64_t Latest(const std::string& period) ABSL_LOCKS_EXCLUDED(mu_);
  void SetLatest(const std::string& period, int64_t revision, bool read_whole)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, int64_t> latest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace thidua::reporting
