#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// The indicator of a code in the catalogue, or nullptr when there is none.
using IndicatorLookup = std::function<const v1::Indicator*(absl::string_view code)>;

// An IndicatorLookup over `indicators`, which must outlive it.
IndicatorLookup LookupIn(const std::vector<v1::Indicator>& indicators);

// A stable code of the catalogue: capital ASCII letters, digits, '-', '_' and '.', starting with
// a letter, 2..`max_chars` characters. Codes travel in files and URLs, so they stay ASCII.
bool IsCode(absl::string_view code, int max_chars = 60);

// The rules of an indicator (see thidua.reporting.v1.Indicator and Aggregation): its code, its
// type with an aggregation that type allows, its unit, scale and categories, and for a RATIO or a
// WEIGHTED_AVERAGE the indicators it is computed from, which `lookup` finds in the catalogue.
// Fields are named under `prefix` ("indicator.").
void CheckIndicator(const v1::Indicator& indicator, const IndicatorLookup& lookup,
                    absl::string_view prefix, Violations& v);

// The rules of a template's content: 1..500 rows naming indicators of the catalogue, each once,
// a RATIO's and a WEIGHTED_AVERAGE's parts among the rows, rows of one heading consecutive;
// 0..20 narrative sections with distinct codes.
void CheckTemplateContent(const v1::Template& t, const IndicatorLookup& lookup,
                          absl::string_view prefix, Violations& v);

}  // namespace thidua::reporting
