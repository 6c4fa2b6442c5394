#include "common/auth/jwt.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/base64url.h"
#include "common/auth/ecdsa_signature.h"
#include "nlohmann/json.hpp"

namespace thidua::auth {
namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// OpenSSL ownership.

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// A failed OpenSSL call leaves entries in the thread's error queue; left there they would be
// misattributed to the next TLS operation on the same thread (gRPC checks that queue).
class ErrorQueueGuard {
 public:
  ErrorQueueGuard() = default;
  ErrorQueueGuard(const ErrorQueueGuard&) = delete;
  ErrorQueueGuard& operator=(const ErrorQueueGuard&) = delete;
  ~ErrorQueueGuard() { ERR_clear_error(); }
};

// ---------------------------------------------------------------------------------------------
// Base64url (RFC 7515 §2: no padding).

// ---------------------------------------------------------------------------------------------
// Keys.

enum class Alg { kRs256, kEs256 };

absl::string_view AlgName(Alg alg) { return alg == Alg::kRs256 ? "RS256" : "ES256"; }

// Below this an RSA signature is forgeable with public resources; the IdP uses 2048 or more.
constexpr int kMinRsaBits = 2048;

struct Key {
  Alg alg;
  PkeyPtr pkey;
};

bool IsP256(EVP_PKEY* pkey) {
  char name[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, name, sizeof(name), &len) != 1) return false;
  int nid = OBJ_sn2nid(name);
  if (nid == NID_undef) nid = EC_curve_nist2nid(name);
  return nid == NID_X9_62_prime256v1;
}

// Which JWS algorithm a key serves, or why it cannot serve any.
absl::StatusOr<Alg> AlgForKey(EVP_PKEY* pkey) {
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(pkey) < kMinRsaBits) {
        return absl::InvalidArgumentError(absl::StrCat(
            "RSA key of ", EVP_PKEY_get_bits(pkey), " bits, at least ", kMinRsaBits, " required"));
      }
      return Alg::kRs256;
    case EVP_PKEY_EC:
      if (!IsP256(pkey)) return absl::InvalidArgumentError("EC key is not on curve P-256");
      return Alg::kEs256;
    default:
      return absl::InvalidArgumentError("key is neither RSA nor EC P-256");
  }
}

absl::StatusOr<Key> ParsePublicKeyPem(absl::string_view pem) {
  ErrorQueueGuard guard;
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::InternalError("BIO_new_mem_buf failed");
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (pkey == nullptr) return absl::InvalidArgumentError("not a PEM public key");
  absl::StatusOr<Alg> alg = AlgForKey(pkey.get());
  if (!alg.ok()) return alg.status();
  return Key{*alg, std::move(pkey)};
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return std::move(contents).str();
}

// `signature` is the JWS form (raw R||S for ES256).
bool VerifySignature(const Key& key, absl::string_view signing_input, absl::string_view signature) {
  std::string der;
  if (key.alg == Alg::kEs256) {
    std::optional<std::string> converted = RawEcdsaToDer(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.pkey.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

// ---------------------------------------------------------------------------------------------
// Claims.

absl::Status Unauthenticated(absl::string_view reason) {
  return absl::UnauthenticatedError(reason);
}

// NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
std::optional<absl::Time> NumericDate(const json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    return absl::FromUnixSeconds(value.get<int64_t>());
  }
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return absl::InfiniteFuture();
    }
    return absl::FromUnixSeconds(static_cast<int64_t>(v));
  }
  if (value.is_number_float()) return absl::UnixEpoch() + absl::Seconds(value.get<double>());
  return std::nullopt;
}

std::optional<int64_t> ParseOrganization(const json& value) {
  int64_t org = 0;
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    org = static_cast<int64_t>(v);
  } else if (value.is_number_integer()) {
    org = value.get<int64_t>();
  } else if (value.is_string()) {
    // Some identity providers emit every custom claim as a string; accept plain digits only.
    const std::string& s = value.get_ref<const std::string&>();
    if (s.empty() || s.size() > 19) return std::nullopt;
    for (char c : s) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (!absl::SimpleAtoi(s, &org)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  // Registry ids are positive; a negative one can only be a forged or broken claim.
  if (org < 0) return std::nullopt;
  return org;
}

struct VerifiedClaims {
  Principal principal;
  absl::Time expires;
};

absl::StatusOr<VerifiedClaims> CheckClaims(const json& claims, const JwtVerifierOptions& options,
                                           absl::Time now) {
  if (!claims.is_object()) return Unauthenticated("payload is not a JSON object");

  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string()) return Unauthenticated("missing iss");
  if (iss->get_ref<const std::string&>() != options.issuer) return Unauthenticated("wrong issuer");

  auto aud = claims.find("aud");
  if (aud == claims.end()) return Unauthenticated("missing aud");
  bool audience_ok = false;
  if (aud->is_string()) {
    audience_ok = aud->get_ref<const std::string&>() == options.audience;
  } else if (aud->is_array()) {
    for (const json& a : *aud) {
      if (!a.is_string()) return Unauthenticated("invalid aud");
      if (a.get_ref<const std::string&>() == options.audience) audience_ok = true;
    }
  } else {
    return Unauthenticated("invalid aud");
  }
  if (!audience_ok) return Unauthenticated("wrong audience");

  auto exp_it = claims.find("exp");
  if (exp_it == claims.end()) return Unauthenticated("missing exp");
  std::optional<absl::Time> exp = NumericDate(*exp_it);
  if (!exp) return Unauthenticated("invalid exp");
  if (!(now < *exp + options.leeway)) return Unauthenticated("token expired");
  // A token must not outlive the policy's maximum lifetime, counted from its "iat" when it has
  // one, else from now: a stolen token with exp = 2^64-1 would otherwise be good for ever.
  absl::Time issued = now;
  if (auto iat_it = claims.find("iat"); iat_it != claims.end()) {
    std::optional<absl::Time> iat = NumericDate(*iat_it);
    if (!iat) return Unauthenticated("invalid iat");
    if (now < *iat - options.leeway) return Unauthenticated("token issued in the future");
    issued = *iat;
  }
  if (*exp - issued > options.max_lifetime + options.leeway) {
    return Unauthenticated("token lifetime above the maximum");
  }

  if (auto nbf_it = claims.find("nbf"); nbf_it != claims.end()) {
    std::optional<absl::Time> nbf = NumericDate(*nbf_it);
    if (!nbf) return Unauthenticated("invalid nbf");
    if (now < *nbf - options.leeway) return Unauthenticated("token not yet valid");
  }

  VerifiedClaims out;
  out.expires = *exp;

  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return Unauthenticated("missing sub");
  }
  out.principal.subject = sub->get<std::string>();

  if (auto org = claims.find("org"); org != claims.end()) {
    std::optional<int64_t> id = ParseOrganization(*org);
    if (!id) return Unauthenticated("invalid org");
    out.principal.organization_id = *id;
  }

  if (auto roles = claims.find("roles"); roles != claims.end()) {
    if (!roles->is_array()) return Unauthenticated("invalid roles");
    for (const json& r : *roles) {
      if (!r.is_string()) return Unauthenticated("invalid roles");
      out.principal.roles.push_back(r.get<std::string>());
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cache of verified tokens.

// Sharded so that concurrent request threads rarely meet on one mutex. Keys are SHA-256 digests of
// the token: bounded memory per entry whatever the token size, and no collision can hand one
// caller another caller's principal.
class VerifiedTokenCache {
 public:
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxEntries = 10'000;

  using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

  static Digest DigestOf(absl::string_view token) {
    Digest d;
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), d.data());
    return d;
  }

  std::optional<VerifiedClaims> Find(const Digest& key) const {
    const Shard& shard = ShardFor(key);
    absl::ReaderMutexLock lock(&shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return std::nullopt;
    return it->second;
  }

  void Insert(const Digest& key, VerifiedClaims claims) {
    Shard& shard = ShardFor(key);
    absl::MutexLock lock(&shard.mu);
    // Dropping everything is crude but O(1) amortised and cannot be gamed into unbounded growth;
    // live tokens simply get verified once more.
    if (shard.entries.size() >= kMaxEntries / kShards) shard.entries.clear();
    shard.entries.insert_or_assign(key, std::move(claims));
  }

 private:
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<Digest, VerifiedClaims> entries ABSL_GUARDED_BY(mu);
  };

  // The digest is already uniform, so its first byte picks the shard.
  Shard& ShardFor(const Digest& key) { return shards_[key[0] % kShards]; }
  const Shard& ShardFor(const Digest& key) const { return shards_[key[0] % kShards]; }

  std::array<Shard, kShards> shards_;
};

// ---------------------------------------------------------------------------------------------
// Verifier.

// Far above any real token; refusing early keeps hostile inputs from costing decode work.
constexpr size_t kMaxTokenBytes = 16 * 1024;

class JwtVerifierImpl final : public JwtVerifier {
 public:
  JwtVerifierImpl(std::vector<Key> keys, JwtVerifierOptions options, const Clock& clock)
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
    std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
    if (parts.size() != 3) return Unauthenticated("malformed token: expected 3 parts");
    if (parts[0].empty()) return Unauthenticated("malformed token: empty header");

    std::optional<std::string> header_bytes = Base64UrlDecode(parts[0]);
    if (!header_bytes) return Unauthenticated("malformed token: bad base64 in header");
    const json header = json::parse(*header_bytes, nullptr, /*allow_exceptions=*/false);
    if (!header.is_object()) return Unauthenticated("malformed token: header is not a JSON object");

    auto alg_it = header.find("alg");
    if (alg_it == header.end() || !alg_it->is_string()) return Unauthenticated("missing alg");
    const std::string& alg_name = alg_it->get_ref<const std::string&>();
    Alg alg;
    if (alg_name == "RS256") {
      alg = Alg::kRs256;
    } else if (alg_name == "ES256") {
      alg = Alg::kEs256;
    } else {
      // Escaped and truncated: the reason ends up in logs and must not carry arbitrary bytes.
      return Unauthenticated(
          absl::StrCat("unsupported alg ", absl::CHexEscape(alg_name.substr(0, 32))));
    }
    // RFC 7515 §4.1.11: extensions we do not understand must not be silently ignored.
    if (header.contains("crit")) return Unauthenticated("unsupported crit header");

    // Checked only now so that an "alg":"none" token is reported as such.
    if (parts[1].empty()) return Unauthenticated("malformed token: empty payload");
    if (parts[2].empty()) return Unauthenticated("missing signature");

    std::optional<std::string> signature = Base64UrlDecode(parts[2]);
    if (!signature) return Unauthenticated("malformed token: bad base64 in signature");

    // Signature before payload: nothing attacker-controlled is interpreted beyond the header.
    const absl::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
    {
      ErrorQueueGuard guard;
      bool have_key = false;
      bool signature_ok = false;
      for (const Key& key : keys_) {
        if (key.alg != alg) continue;
        have_key = true;
        if (VerifySignature(key, signing_input, *signature)) {
          signature_ok = true;
          break;
        }
      }
      if (!have_key) return Unauthenticated(absl::StrCat("no key for alg ", AlgName(alg)));
      if (!signature_ok) return Unauthenticated("bad signature");
    }

    std::optional<std::string> payload_bytes = Base64UrlDecode(parts[1]);
    if (!payload_bytes) return Unauthenticated("malformed token: bad base64 in payload");
    const json claims = json::parse(*payload_bytes, nullptr, /*allow_exceptions=*/false);
    if (claims.is_discarded()) return Unauthenticated("malformed token: payload is not JSON");
    return CheckClaims(claims, options_, now);
  }

  const std::vector<Key> keys_;
  const JwtVerifierOptions options_;
  const Clock& clock_;
  mutable VerifiedTokenCache cache_;
};

absl::StatusOr<std::unique_ptr<JwtVerifier>> MakeVerifier(std::vector<Key> keys,
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
  explicit JwtSignerImpl(Key key) : key_(std::move(key)) {}

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

    const json header = {{"alg", std::string(AlgName(key_.alg))}, {"typ", "JWT"}};
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
    const std::string signing_input =
        absl::StrCat(Base64UrlEncode(header.dump()), ".", Base64UrlEncode(payload_text));
    absl::StatusOr<std::string> signature = SignBytes(signing_input);
    if (!signature.ok()) return signature.status();
    return absl::StrCat(signing_input, ".", Base64UrlEncode(*signature));
  }

 private:
  absl::StatusOr<std::string> SignBytes(absl::string_view input) const {
    ErrorQueueGuard guard;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (ctx == nullptr) return absl::InternalError("EVP_MD_CTX_new failed");
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.pkey.get()) != 1) {
      return absl::InternalError("EVP_DigestSignInit failed");
    }
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1) {
      return absl::InternalError("EVP_DigestSign (size) failed");
    }
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                       input.size()) != 1) {
      return absl::InternalError("EVP_DigestSign failed");
    }
    sig.resize(len);
    if (key_.alg == Alg::kEs256) {
      std::optional<std::string> raw = DerEcdsaToRaw(sig);
      if (!raw) return absl::InternalError("cannot convert ECDSA signature");
      return std::move(*raw);
    }
    return sig;
  }

  const Key key_;
};

absl::StatusOr<Key> ParsePrivateKeyPem(absl::string_view pem) {
  ErrorQueueGuard guard;
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::InternalError("BIO_new_mem_buf failed");
  // An empty passphrase callback: encrypted keys fail here instead of prompting on the terminal.
  PkeyPtr pkey(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (pkey == nullptr) return absl::InvalidArgumentError("not an unencrypted PEM private key");
  absl::StatusOr<Alg> alg = AlgForKey(pkey.get());
  if (!alg.ok()) return alg.status();
  return Key{*alg, std::move(pkey)};
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromPemFiles(
    const std::vector<std::string>& paths, JwtVerifierOptions options, const Clock& clock) {
  std::vector<Key> keys;
  for (const std::string& path : paths) {
    absl::StatusOr<std::string> pem = ReadFile(path);
    if (!pem.ok()) return pem.status();
    absl::StatusOr<Key> key = ParsePublicKeyPem(*pem);
    if (!key.ok()) {
      return absl::Status(key.status().code(), absl::StrCat(path, ": ", key.status().message()));
    }
    keys.push_back(std::move(*key));
  }
  return MakeVerifier(std::move(keys), std::move(options), clock);
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromPemStrings(
    const std::vector<std::string>& pems, JwtVerifierOptions options, const Clock& clock) {
  std::vector<Key> keys;
  for (size_t i = 0; i < pems.size(); ++i) {
    absl::StatusOr<Key> key = ParsePublicKeyPem(pems[i]);
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
  absl::StatusOr<Key> key = ParsePrivateKeyPem(pem);
  if (!key.ok()) return key.status();
  return std::make_unique<JwtSignerImpl>(std::move(*key));
}

}  // namespace thidua::auth
