#include "services/registry/domain/ties.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "services/registry/domain/events.h"

namespace thidua::registry {

std::optional<CivilDay> ManagedByFrom(const Organization& child, int64_t parent, CivilDay day) {
  for (const Version& v : child.versions) {
    if (v.parent_id == parent && v.period.to >= day) return std::max(v.period.from, day);
  }
  return std::nullopt;
}

absl::Status LaterTie(int64_t child, int64_t parent, CivilDay on) {
  return Error(
      absl::StatusCode::kFailedPrecondition, "LATER_TIES",
      absl::StrCat("Organisation ", child, " is managed by ", parent, " on ", ToVietnamese(on),
                   ", after ", parent, " would end; change that first"),
      absl::StrCat("Đơn vị ", child, " trực thuộc đơn vị ", parent, " vào ngày ", ToVietnamese(on),
                   ", sau khi đơn vị này kết thúc; hãy điều chỉnh trước"));
}

absl::Status HandOver(Organization& child, int64_t from, CivilDay day, int64_t to) {
  const Version& last = child.versions.back();
  if (last.parent_id != from || last.period.from >= day) {
    return LaterTie(child.id, from, ManagedByFrom(child, from, day).value_or(day));
  }
  return Move(child, day, to);
}

bool EndMemberships(Group& group, int64_t organization_id, CivilDay day) {
  bool changed = false;
  auto& members = group.members;
  for (GroupMembership& m : members) {
    if (m.organization_id == organization_id && m.period.to >= day) {
      m.period.to = day - 1;
      changed = true;
    }
  }
  const auto never = [&](const GroupMembership& m) {
    return m.organization_id == organization_id && m.period.to < m.period.from;
  };
  members.erase(std::remove_if(members.begin(), members.end(), never), members.end());
  return changed;
}

absl::Status FitMembership(const Organization& org, GroupMembership& membership) {
  if (!org.ValidOn(membership.period.from)) {
    return Error(absl::StatusCode::kFailedPrecondition, "MEMBER_NOT_VALID",
                 absl::StrCat("Organisation ", org.id, " does not exist on ",
                              ToVietnamese(membership.period.from)),
                 absl::StrCat("Đơn vị ", org.id, " không tồn tại vào ngày ",
                              ToVietnamese(membership.period.from)));
  }
  membership.period.to = std::min(membership.period.to, org.validity.to);
  return absl::OkStatus();
}

}  // namespace thidua::registry
