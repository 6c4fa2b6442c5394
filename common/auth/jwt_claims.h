#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/auth/principal.h"

namespace thidua::auth {

struct VerifiedClaims {
  Principal principal;
  absl::Time expires;
};

// The claims policy, applied to a payload whose signature has been verified: "iss" and "aud" as
// configured, "exp" required, "nbf" and "iat" honoured with the leeway, a lifetime no longer than
// the maximum, a non-empty "sub", and well-formed "org" and "roles" when present. UNAUTHENTICATED
// with a reason (for the log) otherwise.
absl::StatusOr<VerifiedClaims> CheckClaims(absl::string_view payload,
                                           const JwtVerifierOptions& options, absl::Time now);

}  // namespace thidua::auth
