#include "services/reporting/service/rollup_sources.h"

namespace thidua::reporting {
namespace {

// What a revision's entry is worth keeping: the next write to the period makes it unreachable,
// and the least recently used go first anyway.
constexpr absl::Duration kRevisionTtl = absl::Minutes(10);

size_t SizeOf(const PeriodReports& r) {
  return 256 + r.by_unit.capacity() * 48 + r.changed.capacity() * sizeof(store::ReportState);
}

size_t SizeOfFigures(const std::vector<UnitFigure>& figures) {
  size_t bytes = 64 + figures.capacity() * sizeof(UnitFigure);
  for (const UnitFigure& f : figures) {
    bytes += f.indicator_code.capacity() > 15 ? f.indicator_code.capacity() : 0;
    bytes += f.category_code.capacity() > 15 ? f.category_code.capacity() : 0;
  }
  return bytes;
}

size_t SizeOfRows(const SubtreeRows& r) { return 64 + r.row_of.capacity() * 24; }

size_t SizeOfIds(const std::vector<int64_t>& ids) { return 64 + ids.capacity() * 8; }

size_t SizeOfUnitRows(const UnitRows& r) {
  return 128 + r.row_of.capacity() * 24 + r.unattributed.capacity() * 8;
}

}  // namespace

RollupSources::RollupSources(absl::Duration registry_ttl)
    : reports(kRevisionTtl, 256, size_t{128} << 20, SizeOf),
      figures(kRevisionTtl, 1024, size_t{256} << 20, SizeOfFigures),
      rows(registry_ttl, 1024, size_t{64} << 20, SizeOfRows),
      expected(registry_ttl, 1024, size_t{64} << 20, SizeOfIds),
      unit_rows(registry_ttl, 1024, size_t{128} << 20, SizeOfUnitRows) {}

// Bounded as the entries are: periods read by roll-ups, a few hundred at most; past 10,000 the
// map starts again (every period then reads whole once).
int64_t RollupSources::Latest(const std::string& period) {
  absl::MutexLock lock(&mu_);
  auto it = latest_.find(period);
  return it == latest_.end() ? -1 : it->second;
}

void RollupSources::SetLatest(const std::string& period, int64_t revision, bool read_whole) {
  absl::MutexLock lock(&mu_);
  if (latest_.size() >= 10000) latest_.clear();
  auto [it, added] = latest_.emplace(period, revision);
  if (!added && (read_whole || revision > it->second)) it->second = revision;
}

}  // namespace thidua::reporting
