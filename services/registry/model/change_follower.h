#pragma once

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/db/pool.h"
#include "services/registry/model/read_model.h"

namespace thidua::registry {

// Keeps a replica's read model in step with writes made by other replicas. Every write appends to
// the `changes` table in its transaction; this follower polls it and reloads what changed, so any
// replica sees another's write within one poll interval (200 ms by default).
//
// Auto-increment sequence numbers may commit out of order (seq 9 after seq 10), and a rolled-back
// transaction leaves a permanent hole. The follower therefore only advances its low-water mark over
// holes older than `gap_timeout`, and re-reads everything above it. A hole it moved past is still
// looked for at every poll until `late_commit_window` has passed (far longer than any write
// transaction can last: calls are capped at 30 s), so a write that commits very late is applied
// late, never lost. The read model keeps the newest version of each object, whatever the order in
// which reloads land.
class ChangeFollower {
 public:
  ChangeFollower(db::Pool& pool, ReadModel& model, absl::Duration interval,
                 absl::Duration gap_timeout = absl::Seconds(5),
                 absl::Duration late_commit_window = absl::Minutes(10),
                 const Clock& clock = Clock::System())
      : pool_(pool),
        model_(model),
        interval_(interval),
        gap_timeout_(gap_timeout),
        late_commit_window_(late_commit_window),
        clock_(clock) {}
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
  // Applies the changes among the holes given up within the late-commit window, and forgets those
  // older than it.
  absl::Status PollGivenUp();

  const absl::Duration gap_timeout_;
  const absl::Duration late_commit_window_;
  const Clock& clock_;
  int64_t low_water_ = 0;                   // every seq <= this has been applied or given up
  std::set<int64_t> applied_above_;         // applied seqs above the low-water mark
  std::map<int64_t, absl::Time> holes_;     // missing seqs and when they were first noticed
  std::map<int64_t, absl::Time> given_up_;  // holes passed over, still looked for until expiry
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace thidua::registry
