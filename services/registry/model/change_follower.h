#pragma once

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/registry/model/read_model.h"

namespace thidua::registry {

// Keeps a replica's read model in step with writes made by other replicas. Every write appends to
// the `changes` table in its transaction; this follower polls it and reloads what changed, so any
// replica sees another's write within one poll interval (200 ms by default).
//
// Auto-increment sequence numbers may commit out of order (seq 9 after seq 10), and a rolled-back
// transaction leaves a permanent hole. The follower therefore only advances its low-water mark over
// holes older than `gap_timeout`, and re-reads everything above it.
class ChangeFollower {
 public:
  ChangeFollower(db::Pool& pool, ReadModel& model, absl::Duration interval,
                 absl::Duration gap_timeout = absl::Seconds(5))
      : pool_(pool), model_(model), interval_(interval), gap_timeout_(gap_timeout) {}
  ~ChangeFollower() { Stop(); }

  // Loads the whole registry and notes where the change sequence stands.
  absl::Status LoadAll();
  // Applies the changes committed since the last poll.
  absl::Status PollOnce();
  void Start();
  void Stop();
  // Every change up to this sequence number has been applied (for tests and metrics).
  int64_t low_water() const { return low_water_; }

 private:
  absl::Status Reload(const std::vector<int64_t>& organizations,
                      const std::vector<int64_t>& groups);

  db::Pool& pool_;
  ReadModel& model_;
  const absl::Duration interval_;
  const absl::Duration gap_timeout_;
  int64_t low_water_ = 0;                // every seq <= this has been applied
  std::set<int64_t> applied_above_;      // applied seqs above the low-water mark
  std::map<int64_t, absl::Time> holes_;  // missing seqs and when they were first noticed
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace thidua::registry
