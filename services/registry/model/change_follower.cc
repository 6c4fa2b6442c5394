#include "services/registry/model/change_follower.h"

#include <iterator>

#include "common/log.h"
#include "services/registry/store/registry_store.h"

namespace thidua::registry {
namespace {
constexpr int kBatch = 2000;
constexpr int64_t kReloadWindow = 1000;
}  // namespace

absl::Status ChangeFollower::LoadAll() {
  return pool_.Run(absl::Now() + absl::Minutes(2), [&](db::Connection& conn) -> absl::Status {
    // Read the mark first: a change committed meanwhile is applied again, never missed.
    const int64_t mark = store::LastChange(conn);
    Snapshot snapshot = store::LoadAll(conn);
    model_.Reset(std::move(snapshot));
    // A transaction holding a sequence number below the mark may still be committing: keep the
    // last changes open, so that a late commit is applied by the next poll instead of lost, and
    // holes among them are given up only after the gap timeout.
    low_water_ = std::max<int64_t>(0, mark - kReloadWindow);
    applied_above_.clear();
    holes_.clear();
    given_up_.clear();
    for (const auto& change : store::ChangesAfter(conn, low_water_, kBatch)) {
      if (change.seq <= mark) applied_above_.insert(change.seq);
    }
    return absl::OkStatus();
  });
}

absl::Status ChangeFollower::Reload(const std::vector<int64_t>& organizations,
                                    const std::vector<int64_t>& groups) {
  return pool_.Run(absl::Now() + absl::Seconds(30), [&](db::Connection& conn) -> absl::Status {
    for (int64_t id : organizations) {
      if (auto org = store::LoadOrganization(conn, id, /*for_update=*/false)) {
        model_.Put(*std::move(org), store::LoadLineage(conn, id));
      }
    }
    for (int64_t id : groups) {
      if (auto group = store::LoadGroup(conn, id, /*for_update=*/false)) {
        model_.PutGroup(*std::move(group));
      }
    }
    return absl::OkStatus();
  });
}

absl::Status ChangeFollower::PollOnce() {
  std::vector<store::Change> changes;
  absl::Status status = pool_.Run(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
    changes = store::ChangesAfter(conn, low_water_, kBatch);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (changes.size() == static_cast<size_t>(kBatch)) return LoadAll();  // far behind: start over
  std::vector<int64_t> organizations, groups;
  bool full_reload = false;
  for (const auto& change : changes) {
    if (applied_above_.count(change.seq)) continue;
    if (change.entity == "organization") organizations.push_back(change.entity_id);
    if (change.entity == "group") groups.push_back(change.entity_id);
    if (change.entity == "reload") full_reload = true;
  }
  if (full_reload) return LoadAll();
  if (auto s = Reload(organizations, groups); !s.ok()) return s;
  if (auto s = PollGivenUp(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  for (const auto& change : changes) applied_above_.insert(change.seq);
  const int64_t top = changes.empty() ? low_water_ : changes.back().seq;
  while (low_water_ < top) {
    const int64_t next = low_water_ + 1;
    if (applied_above_.erase(next)) {
      holes_.erase(next);
      low_water_ = next;
      continue;
    }
    auto hole = holes_.emplace(next, now).first;
    if (now - hole->second >= gap_timeout_) {
      // Most likely a rolled-back write, which nothing will ever fill; watched a while longer.
      holes_.erase(hole);
      given_up_.emplace(next, now);
      low_water_ = next;
      continue;
    }
    // Note every other hole below the top now, so that they all time out together.
    for (int64_t seq = next + 1; seq < top; ++seq) {
      if (!applied_above_.count(seq)) holes_.emplace(seq, now);
    }
    break;
  }
  return absl::OkStatus();
}

absl::Status ChangeFollower::PollGivenUp() {
  const absl::Time now = clock_.Now();
  for (auto it = given_up_.begin(); it != given_up_.end();) {
    it = now - it->second >= late_commit_window_ ? given_up_.erase(it) : std::next(it);
  }
  if (given_up_.empty()) return absl::OkStatus();
  std::vector<int64_t> seqs;
  for (const auto& [seq, since] : given_up_) seqs.push_back(seq);
  std::vector<store::Change> late;
  absl::Status status = pool_.Run(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
    late = store::ChangesAmong(conn, seqs);
    return absl::OkStatus();
  });
  if (!status.ok() || late.empty()) return status;
  std::vector<int64_t> organizations, groups;
  for (const auto& change : late) {
    if (change.entity == "organization") organizations.push_back(change.entity_id);
    if (change.entity == "group") groups.push_back(change.entity_id);
    if (change.entity == "reload") return LoadAll();
  }
  if (auto s = Reload(organizations, groups); !s.ok()) return s;
  for (const auto& change : late) given_up_.erase(change.seq);
  log::Warn("changes committed after their hole was passed over were applied",
            {{"changes", late.size()}});
  return absl::OkStatus();
}

void ChangeFollower::Start() {
  thread_ = std::thread([this] {
    while (!stop_) {
      if (auto s = PollOnce(); !s.ok()) {
        log::Warn("change follower poll failed", {{"error", std::string(s.message())}});
      }
      const absl::Time until = absl::Now() + interval_;
      while (!stop_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
    }
  });
}

void ChangeFollower::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace thidua::registry
