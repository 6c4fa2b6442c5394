#include "services/reporting/domain/submission_lifecycle.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace thidua::reporting {

bool Allows(v1::SubmissionState state, SubmissionAction action) {
  switch (action) {
    case SubmissionAction::kUpdate:
    case SubmissionAction::kSubmit:
      return state == v1::DRAFT || state == v1::RETURNED;
    case SubmissionAction::kReturn:
    case SubmissionAction::kAccept:
      return state == v1::SUBMITTED;
    case SubmissionAction::kReopen:
      return state == v1::ACCEPTED;
  }
  return false;
}

absl::Status CheckAllowed(v1::SubmissionState state, SubmissionAction action) {
  if (Allows(state, action)) return absl::OkStatus();
  const std::string name = v1::SubmissionState_Name(state);
  return Error(absl::StatusCode::kFailedPrecondition, "WRONG_STATE",
               absl::StrCat("Not possible while the submission is ", name),
               absl::StrCat("Không thực hiện được khi báo cáo đang ở trạng thái ", name), {},
               {{"state", name}});
}

}  // namespace thidua::reporting
