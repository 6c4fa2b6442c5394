#pragma once
// How far a plan's target has come, from the accepted figures of the indicator that measures it
// (reporting.proto, GetTargetProgress).

#include <optional>
#include <string>
#include <vector>

#include "services/reporting/domain/rollup.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::reporting {

// The indicator code of a target measured by an indicator (`measured_by: "indicator:<code>"`);
// nullopt for anything else ("recognition:...", empty).
std::optional<std::string> IndicatorMeasuring(const plans::v1::Target& target);

// How an indicator's figures give a target's value.
enum class TargetMeasure {
  kShareSayingYes,  // PERCENT target, yes/no indicator: units saying yes ÷ population × 100
  kRatioOfSums,     // PERCENT target, ratio indicator: Σ numerators ÷ Σ denominators × 100
  kSum,             // COUNT target, count or amount indicator
  kCountOfYes,      // COUNT target, yes/no indicator
};

// nullopt when the indicator cannot measure a target of this kind (a percentage entered as such,
// a weighted average, text, or one broken down by category: its categories need not share a
// unit).
std::optional<TargetMeasure> MeasureOf(plans::v1::MeasureKind kind, const v1::Indicator& indicator);

// What the units of a population of `population` units reached, from the figures of those units
// (the indicator's own, and a ratio's numerator and denominator). Units without figures count as
// no and zero.
struct Reached {
  Micros shown;  // a percentage rounded half up (a share to 2 decimals, a ratio to the
                 // indicator's), or the exact sum or count
  // The exact value in millionths is numerator ÷ denominator, so a target is met or not by the
  // exact value, never by the rounded one (59.995% does not meet 60%).
  absl::int128 numerator = 0;
  absl::int128 denominator = 1;
};
// nullopt when the population is empty or a ratio's denominators sum to 0.
std::optional<Reached> Achieved(TargetMeasure measure, const v1::Indicator& indicator,
                                const std::vector<const UnitFigure*>& figures, int population);

// Whether `reached` is at least `goal`.
bool Meets(const Reached& reached, const Micros& goal);

// A target value as the plan states it (a double), in millionths, rounded half away from zero.
Micros TargetMicros(double value);

}  // namespace thidua::reporting
