#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// An exact, non-negative decimal as reports carry it (google.type.Decimal's text): stored and
// added up by MariaDB as DECIMAL(24, 6); here only read, compared and written back canonically.
struct Decimal {
  std::string whole;     // digits without leading zeros; "0" for zero
  std::string fraction;  // digits without trailing zeros; "" for none
  std::string ToString() const { return fraction.empty() ? whole : whole + "." + fraction; }
};

// "12", "3.50", "0.001", "007": digits, optionally a point and more digits, at most 6 of them
// once trailing zeros are dropped; at most 15 whole digits (below 10^15). nullopt for anything
// else: a sign, an exponent, spaces, separators.
std::optional<Decimal> ParseDecimal(absl::string_view text);
// −1, 0 or 1 as a is below, equal to or above b.
int Compare(const Decimal& a, const Decimal& b);

// Checks the figures and narrative of `s` against its template `t` (see thidua.reporting.v1.Figure
// for the rules) and writes every number back canonically ("007.50" → "7.5"), adding a violation
// per bad figure under "submission.figures[i]" or "submission.narrative[i]", with the indicator's
// code in the message. `with_estimates`: the period lets figures be estimates.
void CheckFigures(v1::Submission& s, const v1::Template& t, const IndicatorLookup& lookup,
                  bool with_estimates, Violations& v);

// The rows and sections `t` requires that `s` lacks: a violation per missing row ("<prefix>
// figures", naming the indicator and, for a breakdown, the category) and section ("<prefix>
// narrative"). A TEXT figure or a section with an empty text is missing.
void CheckComplete(const v1::Submission& s, const v1::Template& t, const IndicatorLookup& lookup,
                   absl::string_view prefix, Violations& v);

}  // namespace thidua::reporting
