#include "services/reporting/domain/attribution.h"

namespace thidua::reporting {

std::optional<int64_t> AttributedTo(const std::vector<Carrier>& carriers) {
  if (carriers.size() == 1) return carriers.front().organization_id;
  std::optional<int64_t> whole;
  for (const Carrier& c : carriers) {
    if (!c.whole) continue;
    if (whole.has_value()) return std::nullopt;  // two main successors: the data contradicts itself
    whole = c.organization_id;
  }
  return whole;
}

}  // namespace thidua::reporting
