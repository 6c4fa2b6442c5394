#include "common/auth/jwt.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/base64url.h"
#include "common/auth/jwk.h"
#include "common/auth/jws.h"
#include "common/auth/jwt_claims.h"
#include "common/auth/verified_token_cache.h"
#include "nlohmann/json.hpp"

namespace thidua::auth {
namespace {

using json = nlohmann::json;

absl::Status Unauthenticated(absl::string_view reason) {
  return absl::UnauthenticatedError(reason);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return std::move(contents).str();
}

// ---------------------------------------------------------------------------------------------
// Verifier.

// Far above any real token; refusing early keeps hostile inputs from costing decode work.
constexpr size_t kMaxTokenBytes = 16 * 1024;

class JwtVerifierImpl final : public JwtVerifier {
 public:
  JwtVerifierImpl(std::vector<Jwk> keys, JwtVerifierOptions options, const Clock& clock)
      : keys_(std::move(keys)), options_(std::move(options)), clock_(clock) {}

  absl::StatusOr<Principal> Verify(std::string_view token_view) const override {
    // Debian's abseil keeps its own string_view type, distinct from std::string_view.
    const absl::string_view token(token_view.data(), token_view.size());
    const absl::Time now = clock_.Now();
    if (token.empty()) return Unauthenticated("empty token");
    if (token.size() > kMaxTokenBytes) return Unauthenticated("token too large");

    const VerifiedTokenCache::Digest digest = VerifiedTokenCache::DigestOf(token);
    if (std::optional<VerifiedClaims> cached = cache_.Find(digest)) {
      if (!(now < cached->expires + options_.leeway)) return Unauthenticated("token expired");
      return std::move(cached->principal);
    }

    absl::StatusOr<VerifiedClaims> verified = VerifyUncached(token, now);
    if (!verified.ok()) return verified.status();
    cache_.Insert(digest, *verified);
    return std::move(verified->principal);
  }

 private:
  absl::StatusOr<VerifiedClaims> VerifyUncached(absl::string_view token, absl::Time now) const {
    absl::StatusOr<CompactJws> jws = ParseCompactJws(token);
    if (!jws.ok()) return jws.status();
    // Signature before payload: nothing attacker-controlled is interpreted beyond the header.
    if (absl::Status signature = CheckSignature(*jws); !signature.ok()) return signature;
    std::optional<std::string> payload = Base64UrlDecode(jws->payload);
    if (!payload) return Unauthenticated("malformed token: bad base64 in payload");
    return CheckClaims(*payload, options_, now);
  }

  // A token naming its key ("kid") is checked with that key alone, so that keys can rotate: the
  // old and the new key are configured side by side. A token naming none is tried with every key of
  // its algorithm.
  absl::Status CheckSignature(const CompactJws& jws) const {
    const auto serves_alg = [&](const Jwk& key) { return key.alg == jws.alg; };
    if (std::none_of(keys_.begin(), keys_.end(), serves_alg)) {
      return Unauthenticated(absl::StrCat("no key for alg ", JwsAlgName(jws.alg)));
    }
    if (jws.kid) {
      const auto named = std::find_if(keys_.begin(), keys_.end(),
                                      [&](const Jwk& key) { return key.kid == *jws.kid; });
      if (named == keys_.end()) {
        // Escaped and truncated: the reason ends up in logs and must not carry arbitrary bytes.
        return Unauthenticated(
            absl::StrCat("unknown kid ", absl::CHexEscape(jws.kid->substr(0, 64))));
      }
      if (!serves_alg(*named)) {
        return Unauthenticated(absl::StrCat("kid names no ", JwsAlgName(jws.alg), " key"));
      }
      if (!VerifyJwsSignature(jws, *named)) return Unauthenticated("bad signature");
      return absl::OkStatus();
    }
    for (const Jwk& key : keys_) {
      if (serves_alg(key) && VerifyJwsSignature(jws, key)) return absl::OkStatus();
    }
    return Unauthenticated("bad signature");
  }

  const std::vector<Jwk> keys_;
  const JwtVerifierOptions options_;
  const Clock& clock_;
  mutable VerifiedTokenCache cache_;
};

absl::StatusOr<std::unique_ptr<JwtVerifier>> MakeVerifier(std::vector<Jwk> keys,
                                                          JwtVerifierOptions options,
                                                          const Clock& clock) {
  if (keys.empty()) return absl::InvalidArgumentError("at least one public key is required");
  if (options.issuer.empty()) return absl::InvalidArgumentError("issuer is required");
  if (options.audience.empty()) return absl::InvalidArgumentError("audience is required");
  if (options.leeway < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("leeway must not be negative");
  }
  return std::make_unique<JwtVerifierImpl>(std::move(keys), std::move(options), clock);
}

// ---------------------------------------------------------------------------------------------
// Signer.

class JwtSignerImpl final : public JwtSigner {
 public:
  explicit JwtSignerImpl(Jwk key) : key_(std::move(key)) {}

  absl::StatusOr<std::string> Sign(const JwtClaims& claims) const override {
    if (claims.issuer.empty()) return absl::InvalidArgumentError("issuer is required");
    if (claims.audience.empty()) return absl::InvalidArgumentError("audience is required");
    if (claims.subject.empty()) return absl::InvalidArgumentError("subject is required");
    if (claims.expires == absl::InfiniteFuture() || claims.expires == absl::InfinitePast()) {
      return absl::InvalidArgumentError("expires must be finite");
    }
    if (claims.not_before == absl::InfiniteFuture()) {
      return absl::InvalidArgumentError("not_before must not be infinite future");
    }

    json payload = {{"iss", claims.issuer},
                    {"aud", claims.audience},
                    {"sub", claims.subject},
                    {"roles", claims.roles},
                    {"exp", absl::ToUnixSeconds(claims.expires)}};
    if (claims.organization_id != 0) payload["org"] = claims.organization_id;
    if (claims.not_before != absl::InfinitePast()) {
      payload["nbf"] = absl::ToUnixSeconds(claims.not_before);
    }
    if (claims.issued_at != absl::InfinitePast()) {
      payload["iat"] = absl::ToUnixSeconds(claims.issued_at);
    }

    std::string payload_text;
    try {
      payload_text = payload.dump();
    } catch (const json::exception&) {
      // dump() throws on invalid UTF-8, which only caller-supplied claim strings can contain.
      return absl::InvalidArgumentError("claims are not valid UTF-8");
    }
    return SignCompactJws(key_, payload_text);
  }

 private:
  const Jwk key_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromPemFiles(
    const std::vector<std::string>& paths, JwtVerifierOptions options, const Clock& clock) {
  std::vector<Jwk> keys;
  for (const std::string& entry : paths) {
    // "kid=path" names the key as the identity provider's tokens do; a bare path is named by
    // its thumbprint.
    std::string path = entry, kid;
    if (const size_t eq = entry.find('=');
        eq != std::string::npos && eq > 0 && entry.substr(0, eq).find('/') == std::string::npos) {
      kid = entry.substr(0, eq);
      path = entry.substr(eq + 1);
    }
    absl::StatusOr<std::string> pem = ReadFile(path);
    if (!pem.ok()) return pem.status();
    absl::StatusOr<Jwk> key = JwkFromPublicPem(*pem);
    if (!key.ok()) {
      return absl::Status(key.status().code(), absl::StrCat(path, ": ", key.status().message()));
    }
    if (!kid.empty()) key->kid = kid;
    keys.push_back(std::move(*key));
  }
  return MakeVerifier(std::move(keys), std::move(options), clock);
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromPemStrings(
    const std::vector<std::string>& pems, JwtVerifierOptions options, const Clock& clock) {
  std::vector<Jwk> keys;
  for (size_t i = 0; i < pems.size(); ++i) {
    absl::StatusOr<Jwk> key = JwkFromPublicPem(pems[i]);
    if (!key.ok()) {
      return absl::Status(key.status().code(),
                          absl::StrCat("public key #", i, ": ", key.status().message()));
    }
    keys.push_back(std::move(*key));
  }
  return MakeVerifier(std::move(keys), std::move(options), clock);
}

absl::StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::FromPemFile(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<std::unique_ptr<JwtSigner>> signer = FromPemString(*pem);
  if (!signer.ok()) {
    return absl::Status(signer.status().code(),
                        absl::StrCat(path, ": ", signer.status().message()));
  }
  return signer;
}

absl::StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::FromPemString(const std::string& pem) {
  absl::StatusOr<Jwk> key = JwkFromPrivatePem(pem);
  if (!key.ok()) return key.status();
  return std::make_unique<JwtSignerImpl>(std::move(*key));
}

}  // namespace thidua::auth
