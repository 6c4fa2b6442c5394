#include "services/reporting/domain/attribution.h"

namespace thidua::reporting {
namespace {

std::optional<int64_t> MainCarrier(const std::vector<Carrier>& carriers) {
  if (carriers.size() == 1) return carriers.front().organization_id;
  std::optional<int64_t> whole;
  for (const Carrier& c : carriers) {
    if (!c.whole) continue;
    if (whole.has_value()) return std::nullopt;  // two main successors: none is the main one
    whole = c.organization_id;
  }
  return whole;
}

}  // namespace

Attribution Attribute(const std::vector<Carrier>& carriers, int64_t root,
                      const std::function<std::optional<int64_t>(int64_t)>& row_of) {
  if (const auto main = MainCarrier(carriers)) {
    const auto row = row_of(*main);
    return row ? Attribution{Attribution::kRow, *row} : Attribution{};
  }
  std::optional<int64_t> common;
  bool inside = false, outside = false, several = false;
  for (const Carrier& c : carriers) {
    const auto row = row_of(c.organization_id);
    if (!row) {
      outside = true;
      continue;
    }
    inside = true;
    if (common && *common != *row) several = true;
    common = *row;
  }
  if (!inside) return {};
  if (outside) return {Attribution::kUnattributed, 0};
  return {Attribution::kRow, several ? root : *common};
}

}  // namespace thidua::reporting
