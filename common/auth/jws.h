#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/jwk.h"

namespace thidua::auth {

// A compact JWS (RFC 7515 §7.1) taken apart. Reading one verifies nothing.
struct CompactJws {
  // The three base64url segments, as views into the token.
  absl::string_view header;
  absl::string_view payload;
  absl::string_view signature;
  // From the protected header.
  JwsAlg alg;
  std::optional<std::string> kid;
};

// UNAUTHENTICATED with a reason (for the log) unless the token is three canonical base64url
// segments whose header is a JSON object without repeated members, naming an accepted "alg" and no
// "crit". The payload is not decoded: nothing in it is read before its signature is checked.
absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token);

// Whether `key` made the signature, by libjose. The caller picks a key of the token's algorithm.
bool VerifyJwsSignature(const CompactJws& jws, const Jwk& key);

// A compact JWS of `payload` signed by libjose with the private `key`, with the header
// {"alg", "kid", "typ": "JWT"}.
absl::StatusOr<std::string> SignCompactJws(const Jwk& key, absl::string_view payload);

}  // namespace thidua::auth
