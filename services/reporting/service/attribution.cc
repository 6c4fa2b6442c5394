// Roll-ups attributed to successors: where each unit of a period counts on today's tree.
#include "services/reporting/domain/attribution.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "services/reporting/service/reporting_service.h"

namespace thidua::reporting {
namespace {

// How many levels up the period's tree a unit that ended with no successor is looked for.
constexpr int kMaxFallbackLevels = 4;

}  // namespace

absl::StatusOr<absl::flat_hash_map<int64_t, int64_t>> ReportingService::RowsOfExpected(
    const server::Call& call, int64_t root, const std::vector<int64_t>& expected,
    const SubtreeRows& tree, bool attribute, CivilDay period_day, CivilDay today,
    std::vector<int64_t>& unattributed) {
  absl::flat_hash_map<int64_t, int64_t> row_of;
  row_of.reserve(expected.size());
  // Units valid in the period but not in the tree, each with the unit whose duties today decide
  // where it counts: at first itself.
  absl::flat_hash_map<int64_t, int64_t> pending;
  for (int64_t unit : expected) {
    auto row = tree.row_of.find(unit);
    if (row != tree.row_of.end()) {
      row_of.emplace(unit, row->second);  // in the tree asked about, valid on its day
    } else if (attribute) {
      pending.emplace(unit, unit);
    }
  }
  auto row_in_tree = [&](int64_t unit) -> std::optional<int64_t> {
    auto row = tree.row_of.find(unit);
    if (row == tree.row_of.end()) return std::nullopt;
    return row->second;
  };
  std::vector<int64_t> unclear;
  for (int level = 0; level <= kMaxFallbackLevels && !pending.empty(); ++level) {
    std::vector<int64_t> asked;
    for (const auto& [unit, stand_in] : pending) asked.push_back(stand_in);
    std::sort(asked.begin(), asked.end());
    asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
    auto carriers = registry_.CarriersOn(call, asked, today);
    if (!carriers.ok()) return carriers.status();
    std::vector<int64_t> went_nowhere;  // stand-ins with no carrier today
    absl::flat_hash_map<int64_t, int64_t> next;
    for (const auto& [unit, stand_in] : pending) {
      auto found = carriers->find(stand_in);
      if (found == carriers->end()) continue;  // unknown to the registry
      if (found->second.empty()) {
        next.emplace(unit, stand_in);
        went_nowhere.push_back(stand_in);
        continue;
      }
      std::vector<Carrier> options;
      for (const auto& c : found->second) {
        options.push_back({c.organization_id, c.share == registry::v1::FULL});
      }
      const Attribution to = Attribute(options, root, row_in_tree);
      if (to.placement == Attribution::kRow) {
        row_of.emplace(unit, to.row);
      } else if (to.placement == Attribution::kUnattributed) {
        unclear.push_back(unit);
      }
    }
    if (went_nowhere.empty()) break;
    // Ended with no successor recorded: the unit that managed it in the period stands in.
    auto managed = registry_.BatchGet(call, went_nowhere, period_day);
    if (!managed.ok()) return managed.status();
    absl::flat_hash_map<int64_t, int64_t> parent_of;
    for (const auto& o : managed->found) parent_of[o.id()] = o.parent_id();
    pending.clear();
    for (const auto& [unit, stand_in] : next) {
      auto parent = parent_of.find(stand_in);
      if (parent != parent_of.end() && parent->second != 0) pending.emplace(unit, parent->second);
    }
  }
  std::sort(unclear.begin(), unclear.end());
  unattributed = std::move(unclear);
  return row_of;
}

absl::StatusOr<std::shared_ptr<const UnitRows>> ReportingService::UnitRowsOf(
    const server::Call& call, const ReportFrame& frame, int64_t root, bool attribute, CivilDay day,
    std::shared_ptr<const SubtreeRows> tree, std::shared_ptr<const std::vector<int64_t>> expected) {
  const std::string key = absl::StrCat(frame.obligation->id(), "/", Key(frame.period), "/", root,
                                       "@", ToIso(day), attribute ? "/attributed" : "");
  auto kept = rollup_sources_.unit_rows.Find(key);
  if (kept != nullptr && kept->tree == tree && kept->expected == expected) return kept;
  UnitRows made;
  auto row_of = RowsOfExpected(call, root, *expected, *tree, attribute, frame.period.last, day,
                               made.unattributed);
  if (!row_of.ok()) return row_of.status();
  made.row_of = *std::move(row_of);
  made.tree = std::move(tree);
  made.expected = std::move(expected);
  auto out = std::make_shared<const UnitRows>(std::move(made));
  rollup_sources_.unit_rows.Put(key, out);
  return out;
}

}  // namespace thidua::reporting
