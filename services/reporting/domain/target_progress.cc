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

std::optional<Reached> Achieved(TargetMeasure measure, const v1::Indicator& indicator,
                                const std::vector<const UnitFigure*>& figures, int population) {
  constexpr int64_t kOne = 1'000'000;
  if (population <= 0) return std::nullopt;
  auto sum_of = [&](const std::string& code) {
    Micros sum;
    for (const UnitFigure* f : figures) {
      if (f->indicator_code == code && f->number) sum += *f->number;
    }
    return sum;
  };
  auto yes_count = [&] {
    int64_t yes = 0;
    for (const UnitFigure* f : figures) {
      if (f->indicator_code == indicator.code() && f->yes.value_or(false)) ++yes;
    }
    return absl::int128(yes);
  };
  Reached r;
  switch (measure) {
    case TargetMeasure::kShareSayingYes: {
      const absl::int128 yes = yes_count();
      r.numerator = yes * 100 * kOne;
      r.denominator = population;
      r.shown = *Percentage(Micros::Of(yes * kOne), Micros::Of(absl::int128(population) * kOne), 2);
      return r;
    }
    case TargetMeasure::kRatioOfSums: {
      const Micros part = sum_of(indicator.numerator_code());
      const Micros whole = sum_of(indicator.denominator_code());
      const auto shown = Percentage(part, whole, indicator.scale());
      if (!shown) return std::nullopt;
      r.numerator = part.value() * 100 * kOne;
      r.denominator = whole.value();
      r.shown = *shown;
      return r;
    }
    case TargetMeasure::kSum:
      r.shown = sum_of(indicator.code());
      r.numerator = r.shown.value();
      return r;
    case TargetMeasure::kCountOfYes:
      r.numerator = yes_count() * kOne;
      r.shown = Micros::Of(r.numerator);
      return r;
  }
  return std::nullopt;
}

bool Meets(const Reached& reached, const Micros& goal) {
  // numerator ÷ denominator ≥ goal ⟺ ⌊numerator ÷ denominator⌋ ≥ goal, goal being whole
  // millionths and both non-negative; no product that could overflow.
  if (reached.denominator <= 0) return false;
  return reached.numerator / reached.denominator >= goal.value();
}

Micros TargetMicros(double value) {
  if (!std::isfinite(value)) return Micros();
  return Micros::Of(absl::int128(std::round(static_cast<long double>(value) * 1e6L)));
}

}  // namespace thidua::reporting
