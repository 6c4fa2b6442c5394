#include "services/registry/domain/events.h"

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/text.h"

namespace thidua::registry {
namespace {

// Splits the latest version at `day`: the old values hold until the day before, a copy from `day`.
Version& OpenVersionOn(Organization& org, CivilDay day) {
  Version next = org.versions.back();
  org.versions.back().period.to = day - 1;
  next.period.from = day;
  org.versions.push_back(std::move(next));
  return org.versions.back();
}

}  // namespace

absl::Status CheckEventDate(const Organization& org, CivilDay day) {
  if (!org.ValidOn(day)) {
    return Error(
        absl::StatusCode::kFailedPrecondition, "NOT_VALID_ON_DATE",
        absl::StrCat("Organisation ", org.id, " is not valid on ", ToVietnamese(day)),
        absl::StrCat("Đơn vị ", org.id, " không có hiệu lực vào ngày ", ToVietnamese(day)));
  }
  if (day <= org.versions.back().period.from) {
    return Error(
        absl::StatusCode::kFailedPrecondition, "EVENT_OUT_OF_ORDER",
        absl::StrCat("Organisation ", org.id, " already has a change dated ",
                     ToVietnamese(org.versions.back().period.from), "; events must come in order"),
        absl::StrCat("Đơn vị ", org.id, " đã có thay đổi từ ngày ",
                     ToVietnamese(org.versions.back().period.from),
                     "; sự kiện phải theo thứ tự thời gian"));
  }
  return absl::OkStatus();
}

absl::Status Rename(Organization& org, CivilDay day, const std::string& display_name,
                    const std::string& short_name) {
  if (auto status = CheckEventDate(org, day); !status.ok()) return status;
  Version& v = OpenVersionOn(org, day);
  v.display_name = display_name;
  v.search_name = text::Fold(display_name);
  if (!short_name.empty()) org.short_name = short_name;
  return absl::OkStatus();
}

absl::Status Move(Organization& org, CivilDay day, int64_t new_parent) {
  if (auto status = CheckEventDate(org, day); !status.ok()) return status;
  OpenVersionOn(org, day).parent_id = new_parent;
  return absl::OkStatus();
}

absl::Status EndOn(Organization& org, CivilDay day) {
  if (auto status = CheckEventDate(org, day); !status.ok()) return status;
  org.validity.to = day - 1;
  org.versions.back().period.to = day - 1;
  for (Code& code : org.codes) {
    if (code.period.to > day - 1) code.period.to = day - 1;
  }
  return absl::OkStatus();
}

}  // namespace thidua::registry
