#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans {

// What is done to a plan. A plan is a DRAFT while its issuer prepares it, ISSUED once it is a
// document others implement and assignees work on, CLOSED when its movement is over. Which status
// allows which action, and the status after it:
//
//   action             DRAFT  ISSUED  CLOSED  after     RPC
//   kEdit              yes    -       -       same      UpdatePlan (an issued plan is amended)
//   kCheck             yes    yes     yes     same      CheckPlan
//   kIssue             yes    -       -       ISSUED    IssuePlan
//   kAmend             -      yes     -       ISSUED    AmendPlan (a new version)
//   kClose             -      yes     -       CLOSED    ClosePlan
//   kReportProgress    -      yes     -       same      SetTaskStatus, AddProgressNote
//   kShowBeyondIssuer  -      yes     yes     same      GetPlan and the others that read a plan
//                                                       as an assignee or a unit above the issuer
//
// PLAN_STATUS_UNSPECIFIED (never stored) and unknown values allow nothing.
enum class PlanAction { kEdit, kCheck, kIssue, kAmend, kClose, kReportProgress, kShowBeyondIssuer };

inline constexpr PlanAction kPlanActions[] = {PlanAction::kEdit,
                                              PlanAction::kCheck,
                                              PlanAction::kIssue,
                                              PlanAction::kAmend,
                                              PlanAction::kClose,
                                              PlanAction::kReportProgress,
                                              PlanAction::kShowBeyondIssuer};

bool PlanAllows(v1::PlanStatus status, PlanAction action);

// The plan's status once `action` is done, or FAILED_PRECONDITION with the reason PLAN_STATUS
// ("A ISSUED plan cannot be edited; amend it") when its status does not allow it. Handlers that
// must not tell a plan's status apart from its absence (progress reported by assignees, reads
// beyond the issuer) ask PlanAllows and answer their one denial instead.
absl::StatusOr<v1::PlanStatus> PlanStatusAfter(v1::PlanStatus status, PlanAction action);

// What an assignee reports for its part of a task in a year. Any state may follow any other, and
// none has to come first: the assignee reports what is, and corrects a mistaken report the same
// way (DONE back to IN_PROGRESS when the work turns out unfinished), so no transition is refused.
// A report names a real state, DONE carries the day the work was done and no other state carries
// one (`dated`: a done_date was given, valid or not; its validity is the caller's to check). Adds a
// violation of the fields `state` and `done_date` for each rule broken.
void CheckTaskReport(int state, bool dated, Violations& violations);
// Work reported for a year is not done before that year begins (a yearly report for 2030 cannot
// have been done in 2026); done after it ends is late, not wrong.
void CheckDoneInYear(absl::CivilDay done, int year, Violations& violations);

}  // namespace thidua::plans
