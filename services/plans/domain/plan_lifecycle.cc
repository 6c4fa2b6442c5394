#include "services/plans/domain/plan_lifecycle.h"

#include "absl/strings/str_cat.h"

namespace thidua::plans {
namespace {

// How the refusal ends: "A CLOSED plan cannot be " + this.
absl::string_view Refused(PlanAction action) {
  switch (action) {
    case PlanAction::kEdit:
      return "edited; amend it";
    case PlanAction::kCheck:
      return "checked";
    case PlanAction::kIssue:
      return "issued again";
    case PlanAction::kAmend:
      return "amended";
    case PlanAction::kClose:
      return "closed";
    case PlanAction::kReportProgress:
      return "reported on";
    case PlanAction::kShowBeyondIssuer:
      return "read outside its issuer";
  }
  return "changed";
}

}  // namespace

bool PlanAllows(v1::PlanStatus status, PlanAction action) {
  const bool draft = status == v1::DRAFT;
  const bool issued = status == v1::ISSUED;
  const bool closed = status == v1::CLOSED;
  switch (action) {
    case PlanAction::kEdit:
    case PlanAction::kIssue:
      return draft;
    case PlanAction::kCheck:
      return draft || issued || closed;
    case PlanAction::kAmend:
    case PlanAction::kClose:
    case PlanAction::kReportProgress:
      return issued;
    case PlanAction::kShowBeyondIssuer:
      return issued || closed;
  }
  return false;
}

absl::StatusOr<v1::PlanStatus> PlanStatusAfter(v1::PlanStatus status, PlanAction action) {
  if (!PlanAllows(status, action)) {
    const std::string name = v1::PlanStatus_Name(status);
    return Error(absl::StatusCode::kFailedPrecondition, "PLAN_STATUS",
                 absl::StrCat("A ", name, " plan cannot be ", Refused(action)),
                 absl::StrCat("Kế hoạch ở trạng thái ", name, " không thể thực hiện thao tác này"));
  }
  switch (action) {
    case PlanAction::kIssue:
    case PlanAction::kAmend:
      return v1::ISSUED;
    case PlanAction::kClose:
      return v1::CLOSED;
    default:
      return status;
  }
}

void CheckTaskReport(int state, bool dated, Violations& violations) {
  if (state == v1::TASK_STATE_UNSPECIFIED || !v1::TaskState_IsValid(state)) {
    violations.Add("state", "is required", "là bắt buộc");
  } else if (state == v1::DONE && !dated) {
    violations.Add("done_date", "is required when the task is done",
                   "là bắt buộc khi đã hoàn thành");
  } else if (state != v1::DONE && dated) {
    violations.Add("done_date", "is given only when the task is done",
                   "chỉ ghi khi nhiệm vụ đã hoàn thành");
  }
}

void CheckDoneInYear(absl::CivilDay done, int year, Violations& violations) {
  if (done.year() >= year) return;
  violations.Add("done_date", absl::StrCat("is before the year it reports on (", year, ")"),
                 absl::StrCat("trước năm được báo cáo (", year, ")"));
}

}  // namespace thidua::plans
