#include "common/auth/jwk.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace thidua::auth {
namespace {

// Below this an RSA signature is forgeable with public resources; the IdP uses 2048 or more.
constexpr int kMinRsaBits = 2048;

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

absl::string_view StringMember(const json_t* object, const char* name) {
  const json_t* value = json_object_get(object, name);
  if (!json_is_string(value)) return {};
  return absl::string_view(json_string_value(value), json_string_length(value));
}

// Which algorithm the key serves, or why it serves none.
absl::StatusOr<JwsAlg> AlgForKey(EVP_PKEY* pkey, const json_t* jwk) {
  const absl::string_view kty = StringMember(jwk, "kty");
  if (kty == "RSA") {
    if (EVP_PKEY_get_bits(pkey) < kMinRsaBits) {
      return absl::InvalidArgumentError(absl::StrCat("RSA key of ", EVP_PKEY_get_bits(pkey),
                                                     " bits, at least ", kMinRsaBits, " required"));
    }
    return JwsAlg::kRs256;
  }
  if (kty == "EC") {
    if (StringMember(jwk, "crv") != "P-256") {
      return absl::InvalidArgumentError("EC key is not on curve P-256");
    }
    return JwsAlg::kEs256;
  }
  return absl::InvalidArgumentError("key is neither RSA nor EC P-256");
}

absl::StatusOr<Jwk> JwkFromPkey(EVP_PKEY* pkey) {
  jose_cfg_t* cfg = QuietJoseConfig();
  JsonPtr json(jose_openssl_jwk_from_EVP_PKEY(cfg, pkey));
  // libjose converts RSA and EC keys on the NIST curves only.
  if (json == nullptr) return absl::InvalidArgumentError("key is neither RSA nor EC P-256");
  absl::StatusOr<JwsAlg> alg = AlgForKey(pkey, json.get());
  if (!alg.ok()) return alg.status();
  JsonPtr thumbprint(jose_jwk_thp(cfg, json.get(), "S256"));
  if (!json_is_string(thumbprint.get())) return absl::InternalError("JWK thumbprint failed");
  // Binds the key to its algorithm inside libjose too.
  const std::string alg_name(JwsAlgName(*alg));
  if (json_object_set_new(json.get(), "alg", json_string(alg_name.c_str())) != 0) {
    return absl::InternalError("cannot set the JWK's alg");
  }
  return Jwk{*alg, json_string_value(thumbprint.get()), std::move(json)};
}

BioPtr MemoryBio(absl::string_view pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

}  // namespace

absl::string_view JwsAlgName(JwsAlg alg) { return alg == JwsAlg::kRs256 ? "RS256" : "ES256"; }

std::optional<JwsAlg> JwsAlgFromName(absl::string_view name) {
  if (name == "RS256") return JwsAlg::kRs256;
  if (name == "ES256") return JwsAlg::kEs256;
  return std::nullopt;
}

absl::StatusOr<Jwk> JwkFromPublicPem(absl::string_view pem) {
  OpensslErrorQueueGuard guard;
  BioPtr bio = MemoryBio(pem);
  if (bio == nullptr) return absl::InternalError("BIO_new_mem_buf failed");
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (pkey == nullptr) return absl::InvalidArgumentError("not a PEM public key");
  return JwkFromPkey(pkey.get());
}

absl::StatusOr<Jwk> JwkFromPrivatePem(absl::string_view pem) {
  OpensslErrorQueueGuard guard;
  BioPtr bio = MemoryBio(pem);
  if (bio == nullptr) return absl::InternalError("BIO_new_mem_buf failed");
  // An empty passphrase callback: encrypted keys fail here instead of prompting on the terminal.
  PkeyPtr pkey(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (pkey == nullptr) return absl::InvalidArgumentError("not an unencrypted PEM private key");
  return JwkFromPkey(pkey.get());
}

}  // namespace thidua::auth
