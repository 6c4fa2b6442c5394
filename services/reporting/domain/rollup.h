#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// An exact figure in millionths. Figures have at most 6 decimals and stay below 10^15 (Figure's
// rules), so a unit's figure is below 10^21 millionths and the sum of a million of them below
// 10^27, far inside 128 bits: sums are exact, as the contract promises, with no floating point.
class Micros {
 public:
  Micros() = default;
  // "12", "1.25", "1.250000" (MariaDB's DECIMAL(24, 6) text); nullopt for anything else.
  static std::optional<Micros> FromText(absl::string_view text);
  // With at most `scale` decimals, trailing zeros dropped ("1.25", "7").
  std::string ToString(int scale = 6) const;
  Micros& operator+=(const Micros& other) {
    value_ += other.value_;
    return *this;
  }
  absl::int128 value() const { return value_; }
  static Micros Of(absl::int128 millionths) {
    Micros m;
    m.value_ = millionths;
    return m;
  }

 private:
  absl::int128 value_ = 0;
};

// `numerator` ÷ `denominator` × 100, rounded half up to `scale` decimals; nullopt when the
// denominator is 0.
std::optional<Micros> Percentage(const Micros& numerator, const Micros& denominator, int scale);

// One unit's figure, as a roll-up reads it.
struct UnitFigure {
  int64_t organization_id = 0;
  std::string indicator_code;
  std::string category_code;
  std::optional<Micros> number;
  std::optional<bool> yes;
  bool estimated = false;
};

// The indicators whose figures Aggregate reads to consolidate `codes`: each that adds up, a
// ratio's numerator and denominator, a weighted average's weight; sorted, each once.
std::vector<std::string> FiguresRead(const std::vector<std::string>& codes,
                                     const IndicatorLookup& lookup);

// The consolidated figures of `figures` (the units of one row) for the indicators `codes`, in that
// order and by category, each as its indicator aggregates (see thidua.reporting.v1.RolledFigure).
std::vector<v1::RolledFigure> Aggregate(const std::vector<const UnitFigure*>& figures,
                                        const std::vector<std::string>& codes,
                                        const IndicatorLookup& lookup);

}  // namespace thidua::reporting
