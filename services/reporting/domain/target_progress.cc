#include "services/reporting/domain/target_progress.h"

#include <cmath>

#include "absl/strings/match.h"

namespace thidua::reporting {

std::optional<std::string> IndicatorMeasuring(const plans::v1::Target& target) {
  constexpr absl::string_view kPrefix = "indicator:";
  if (!absl::StartsWith(target.measured_by(), kPrefix)) return std::nullopt;
  std::string code = target.measured_by().substr(kPrefix.size());
  if (code.empty()) return std::nullopt;
  return code;
}

std::optional<TargetMeasure> MeasureOf(plans::v1::MeasureKind kind,
                                       const v1::Indicator& indicator) {
  if (!indicator.categories().empty()) return std::nullopt;
  const v1::Aggregation aggregation = indicator.aggregation();
  if (kind == plans::v1::PERCENT) {
    if (aggregation == v1::COUNT_YES) return TargetMeasure::kShareSayingYes;
    if (aggregation == v1::RATIO_OF_SUMS) return TargetMeasure::kRatioOfSums;
  } else if (kind == plans::v1::COUNT) {
    if (aggregation == v1::SUM) return TargetMeasure::kSum;
    if (aggregation == v1::COUNT_YES) return TargetMeasure::kCountOfYes;
  }
  return std::nullopt;
}

std::optional<Micros> Achieved(TargetMeasure measure, const v1::Indicator& indicator,
                               const std::vector<const UnitFigure*>& figures, int population,
                               const IndicatorLookup& lookup) {
  constexpr int64_t kOne = 1'000'000;
  if (measure == TargetMeasure::kShareSayingYes) {
    if (population <= 0) return std::nullopt;
    int64_t yes = 0;
    for (const UnitFigure* f : figures) {
      if (f->indicator_code == indicator.code() && f->yes.value_or(false)) ++yes;
    }
    return Percentage(Micros::Of(absl::int128(yes) * kOne),
                      Micros::Of(absl::int128(population) * kOne), 2);
  }
  const auto rolled = Aggregate(figures, {indicator.code()}, lookup);
  if (rolled.empty()) {
    if (measure == TargetMeasure::kRatioOfSums) return std::nullopt;
    return Micros();  // nobody reported: nothing reached yet
  }
  return Micros::FromText(rolled.front().value().value());
}

Micros TargetMicros(double value) {
  if (!std::isfinite(value)) return Micros();
  return Micros::Of(absl::int128(std::round(static_cast<long double>(value) * 1e6L)));
}

}  // namespace thidua::reporting
