#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/libjose.h"

namespace thidua::auth {

// The JWS algorithms thidua accepts. Every other name, "none" and the HMAC family included, is
// refused before any key is touched, so a public key can never act as a MAC secret.
enum class JwsAlg { kRs256, kEs256 };

absl::string_view JwsAlgName(JwsAlg alg);
std::optional<JwsAlg> JwsAlgFromName(absl::string_view name);

// A key as a JWK (RFC 7517) for libjose, with the one algorithm it serves and its "kid": the
// RFC 7638 SHA-256 thumbprint, so that a key's id follows from the key alone.
struct Jwk {
  JwsAlg alg;
  std::string kid;
  JsonPtr json;  // never changed once built: concurrent verifications share it
};

// RSA of 2048 bits or more serves RS256, EC on P-256 serves ES256; any other key is refused.
absl::StatusOr<Jwk> JwkFromPublicPem(absl::string_view pem);
// Unencrypted private keys only: an encrypted one fails instead of prompting on the terminal.
absl::StatusOr<Jwk> JwkFromPrivatePem(absl::string_view pem);

}  // namespace thidua::auth
