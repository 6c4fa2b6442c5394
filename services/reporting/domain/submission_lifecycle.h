#pragma once

#include "absl/status/status.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

// What can be done to a submission (thidua.reporting.v1.Reporting): DRAFT → SUBMITTED →
// RETURNED → SUBMITTED → ACCEPTED, and ACCEPTED → a new DRAFT version on reopening.
enum class SubmissionAction { kUpdate, kSubmit, kReturn, kAccept, kReopen };

bool Allows(v1::SubmissionState state, SubmissionAction action);

// FAILED_PRECONDITION (reason WRONG_STATE) naming the state, when `state` does not allow
// `action`; OK otherwise.
absl::Status CheckAllowed(v1::SubmissionState state, SubmissionAction action);

}  // namespace thidua::reporting
