#pragma once

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace thidua {

// Time is injected so that deadline and expiry rules are testable without waiting.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The process-wide real clock.
  static const Clock& System();
};

// The real clock moved by a fixed offset: a service whose calendar starts at another time and runs
// on (drills, training, end-to-end tests of a past year's deadlines).
class ShiftedClock : public Clock {
 public:
  explicit ShiftedClock(absl::Duration offset) : offset_(offset) {}
  absl::Time Now() const override { return absl::Now() + offset_; }

 private:
  absl::Duration offset_;
};

// A clock tests move by hand.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_ns_(absl::ToUnixNanos(now)) {}
  absl::Time Now() const override { return absl::FromUnixNanos(now_ns_.load()); }
  void Set(absl::Time t) { now_ns_ = absl::ToUnixNanos(t); }
  void Advance(absl::Duration d) { now_ns_ += absl::ToInt64Nanoseconds(d); }

 private:
  std::atomic<int64_t> now_ns_;
};

}  // namespace thidua
