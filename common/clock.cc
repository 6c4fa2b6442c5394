#include "common/clock.h"

namespace thidua {
namespace {
class SystemClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};
}  // namespace

const Clock& Clock::System() {
  static const SystemClock clock;
  return clock;
}

}  // namespace thidua
