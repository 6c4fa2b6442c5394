#include "common/auth/scope.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"

namespace thidua::auth {

absl::Status RequireRole(const Principal& principal, absl::string_view role) {
  if (principal.HasRole(role)) return absl::OkStatus();
  return PermissionDenied(absl::StrCat("This action needs the role ", std::string(role)),
                          absl::StrCat("Thao tác này cần vai trò ", std::string(role)));
}

absl::Status AuthorizeInScope(const Principal& principal, absl::string_view role, int64_t target,
                              const OrganizationHierarchy& hierarchy) {
  if (auto status = RequireRole(principal, role); !status.ok()) return status;
  if (principal.organization_id != 0 && hierarchy.IsWithin(target, principal.organization_id)) {
    return absl::OkStatus();
  }
  return PermissionDenied();
}

}  // namespace thidua::auth
