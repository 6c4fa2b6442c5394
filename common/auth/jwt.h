#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/clock.h"

namespace thidua::auth {

struct JwtVerifierOptions {
  std::string issuer;                         // required "iss"
  std::string audience;                       // required among "aud" (string or array)
  absl::Duration leeway = absl::Seconds(60);  // tolerated clock skew for exp/nbf/iat
  // The longest a token may be valid, from its "iat" (or from now when it has none).
  absl::Duration max_lifetime = absl::Hours(24);
};

// Verifies compact JWS tokens signed RS256 or ES256 with one of the configured public keys.
// alg "none" and every HMAC algorithm are refused, so a public key can never act as a MAC secret.
// Each key's id is its RFC 7638 thumbprint: a token naming a key ("kid") is checked with that key
// alone and refused when no configured key has that id; a token naming none is tried with every
// key of its algorithm. Configuring the old and the new key side by side rotates keys.
// Verified tokens are cached until they expire: verification is the costliest part of a read.
class JwtVerifier {
 public:
  // Loads PEM public keys (RSA, or EC on P-256). At least one is required.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> FromPemFiles(
      const std::vector<std::string>& paths, JwtVerifierOptions options,
      const Clock& clock = Clock::System());
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> FromPemStrings(
      const std::vector<std::string>& pems, JwtVerifierOptions options,
      const Clock& clock = Clock::System());
  virtual ~JwtVerifier() = default;

  // UNAUTHENTICATED with a reason (for the log, never for the caller) when the token is malformed,
  // badly signed, expired, not yet valid, valid for longer than the maximum lifetime, or for
  // another issuer or audience.
  virtual absl::StatusOr<Principal> Verify(std::string_view token) const = 0;
};

struct JwtClaims {
  std::string issuer;
  std::string audience;
  std::string subject;
  int64_t organization_id = 0;
  std::vector<std::string> roles;
  absl::Time not_before = absl::InfinitePast();  // omitted when infinite
  absl::Time issued_at = absl::InfinitePast();   // "iat"; omitted when infinite
  absl::Time expires;                            // required
};

// Signs tokens with a PEM private key (RSA → RS256, EC P-256 → ES256), naming the key in the
// header by its RFC 7638 thumbprint ("kid"). Used by the development token tool and by tests;
// production tokens come from the province's identity provider.
class JwtSigner {
 public:
  static absl::StatusOr<std::unique_ptr<JwtSigner>> FromPemFile(const std::string& path);
  static absl::StatusOr<std::unique_ptr<JwtSigner>> FromPemString(const std::string& pem);
  virtual ~JwtSigner() = default;
  virtual absl::StatusOr<std::string> Sign(const JwtClaims& claims) const = 0;
};

}  // namespace thidua::auth
