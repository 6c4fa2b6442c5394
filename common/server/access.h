#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/scope.h"
#include "common/server/call.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "thidua/common/v1/access.pb.h"

namespace thidua::server {

// Whether the caller acts for an organisation: it is the organisation the caller's token names,
// or lies under it today. The registry answers from its read model, the other services from the
// registry (asking with the caller's own token).
class ScopeResolver {
 public:
  virtual ~ScopeResolver() = default;
  virtual absl::StatusOr<bool> ActsFor(const Call& call, int64_t organization) = 0;
};

// A ScopeResolver over an in-process hierarchy (the registry's read model).
class HierarchyScopes final : public ScopeResolver {
 public:
  explicit HierarchyScopes(const auth::OrganizationHierarchy& hierarchy) : hierarchy_(hierarchy) {}
  absl::StatusOr<bool> ActsFor(const Call& call, int64_t organization) override;

 private:
  const auth::OrganizationHierarchy& hierarchy_;
};

// The access a method declares beside it in its proto (option (thidua.common.v1.access)), or
// nullptr when it declares none.
const common::v1::Access* DeclaredAccess(const google::protobuf::MethodDescriptor& method);

// The integer at a dotted field path of `message` ("plan.issuer_organization_id"): 0 when a
// message on the way is unset; INTERNAL when the path names no singular integer field (a wrong
// declaration, which the access tests catch first).
absl::StatusOr<int64_t> IntegerAt(const google::protobuf::Message& message, absl::string_view path);

// The shared check every RPC passes before its handler: one of the declared roles, then the
// declared scope. Denials are the one generic PERMISSION_DENIED, which names nothing.
absl::Status CheckAccess(const Call& call, const common::v1::Access& access,
                         const google::protobuf::Message& request, ScopeResolver& scopes);

}  // namespace thidua::server
