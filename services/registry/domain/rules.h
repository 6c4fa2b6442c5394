#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "services/registry/domain/organization.h"

namespace thidua::registry {

// Finds an organisation by id; nullptr when unknown.
using Lookup = std::function<const Organization*(int64_t)>;

// Field checks of an organisation as a client sent it: names (valid UTF-8 in NFC, lengths), kind,
// contact formats, codes (format per scheme, dates in order), validity in order. `prefix` is the
// proto path of the organisation in the request ("organization").
void ValidateFields(const Organization& org, absl::string_view prefix, Violations& violations);

// Format of one code value for its scheme; empty when valid, otherwise the English reason.
std::string CheckCodeFormat(v1::CodeScheme scheme, absl::string_view value);

// Hierarchy rules over every version: the parent exists and is valid when the version starts, its
// kind may manage this kind on that date (a commune under a district before 1/7/2025 and under a
// province from then), districts and townships end by 30/6/2025, and no organisation is its own
// ancestor on any day of any version. FAILED_PRECONDITION with reason KIND_RULE / PARENT_NOT_VALID
// / CYCLE otherwise.
absl::Status CheckHierarchy(const Organization& org, const Lookup& lookup);

// A day within `period` on which `ancestor` is `org` or manages it at any depth; nullopt
// when it never does. The walk follows every version of every ancestor that overlaps the period.
std::optional<CivilDay> ManagedOverOn(int64_t org, Period period, int64_t ancestor,
                                      const Lookup& lookup);

// The organisations managing `org` on `day`, nearest first (stops at a cycle or unknown id).
std::vector<int64_t> AncestorsOn(int64_t org, CivilDay day, const Lookup& lookup);

}  // namespace thidua::registry
