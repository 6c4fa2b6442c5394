#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"

namespace thidua::auth {

// Answers "does `organization` lie within the subtree of `scope_root`" (itself included). The
// registry answers from its read model; other services from the registry.
class OrganizationHierarchy {
 public:
  virtual ~OrganizationHierarchy() = default;
  virtual bool IsWithin(int64_t organization, int64_t scope_root) const = 0;
};

// Authorization by organisation scope: the caller must hold `role` and act for `target` or one of
// its ancestors. Checked for every object a write touches, before anything is looked up further, so
// a caller cannot probe for objects outside its scope.
absl::Status AuthorizeInScope(const Principal& principal, absl::string_view role, int64_t target,
                              const OrganizationHierarchy& hierarchy);

// The caller must hold `role`, whatever the scope.
absl::Status RequireRole(const Principal& principal, absl::string_view role);

}  // namespace thidua::auth
