#pragma once
// The JWT tests' keys, hand-made tokens and fixture, shared by jwt_signature_test.cc (algorithms,
// keys, kid, tampering) and jwt_claims_test.cc (lifetime, issuer, audience, claims, cache).

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace thidua::auth::jwt_testing {

using json = nlohmann::json;

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

constexpr char kIssuer[] = "https://id.example.gov.vn";
constexpr char kAudience[] = "thidua";

inline std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

inline std::string PublicPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PUBKEY(bio.get(), key), 1);
  return BioContents(bio.get());
}

inline std::string PrivatePem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  return BioContents(bio.get());
}

inline std::string B64(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

inline std::string B64Decode(const std::string& text) {
  std::string out;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(text, &out));
  return out;
}

// Signs arbitrary header and payload text with an RSA key, so tests can build tokens the real
// signer would refuse to produce.
inline std::string SignRs256Text(EVP_PKEY* key, const std::string& header,
                                 const std::string& payload) {
  const std::string input = absl::StrCat(B64(header), ".", B64(payload));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key), 1);
  size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  EXPECT_EQ(EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()), 1);
  std::string sig(len, '\0');
  EXPECT_EQ(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                           input.size()),
            1);
  sig.resize(len);
  return absl::StrCat(input, ".", B64(sig));
}

inline std::string SignRs256Raw(EVP_PKEY* key, const json& header, const json& payload) {
  return SignRs256Text(key, header.dump(), payload.dump());
}

// A public key parameter as big-endian bytes, left-padded to `width` when it is not 0.
inline std::string BnParam(EVP_PKEY* key, const char* name, int width) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &bn), 1) << name;
  std::string out(width != 0 ? width : BN_num_bytes(bn), '\0');
  EXPECT_EQ(
      BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())),
      static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

// RFC 7638, computed here independently of the code under test: the SHA-256 of the key's required
// JWK members, sorted, without whitespace.
inline std::string Rfc7638Thumbprint(EVP_PKEY* key) {
  json members;  // nlohmann objects keep their members sorted; dump() adds no whitespace
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    members = {{"e", B64(BnParam(key, OSSL_PKEY_PARAM_RSA_E, 0))},
               {"kty", "RSA"},
               {"n", B64(BnParam(key, OSSL_PKEY_PARAM_RSA_N, 0))}};
  } else {
    members = {{"crv", "P-256"},
               {"kty", "EC"},
               {"x", B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
               {"y", B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }
  const std::string text = members.dump();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return B64(std::string(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// Replaces the character at `pos` by a different base64url character of the same 6-bit class, so
// the segment stays canonical base64url.
inline std::string FlipChar(std::string s, size_t pos) {
  s[pos] = s[pos] == 'A' ? 'B' : 'A';
  return s;
}

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_a_ = EVP_RSA_gen(2048);
    rsa_b_ = EVP_RSA_gen(2048);
    ec_a_ = EVP_EC_gen("P-256");
    ec_b_ = EVP_EC_gen("P-256");
    ASSERT_NE(rsa_a_, nullptr);
    ASSERT_NE(rsa_b_, nullptr);
    ASSERT_NE(ec_a_, nullptr);
    ASSERT_NE(ec_b_, nullptr);
  }

  static void TearDownTestSuite() {
    for (EVP_PKEY** key : {&rsa_a_, &rsa_b_, &ec_a_, &ec_b_}) {
      EVP_PKEY_free(*key);
      *key = nullptr;
    }
  }

  JwtVerifierOptions Options() const {
    JwtVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.leeway = absl::Seconds(60);
    return options;
  }

  std::unique_ptr<JwtVerifier> Verifier(const std::vector<EVP_PKEY*>& keys) {
    std::vector<std::string> pems;
    for (EVP_PKEY* key : keys) pems.push_back(PublicPem(key));
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
        JwtVerifier::FromPemStrings(pems, Options(), clock_);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return verifier.ok() ? std::move(*verifier) : nullptr;
  }

  std::unique_ptr<JwtSigner> Signer(EVP_PKEY* key) {
    absl::StatusOr<std::unique_ptr<JwtSigner>> signer = JwtSigner::FromPemString(PrivatePem(key));
    EXPECT_TRUE(signer.ok()) << signer.status();
    return signer.ok() ? std::move(*signer) : nullptr;
  }

  JwtClaims Claims() const {
    JwtClaims claims;
    claims.issuer = kIssuer;
    claims.audience = kAudience;
    claims.subject = "nguyen.van.a";
    claims.organization_id = 4711;
    claims.roles = {"registry-admin", "auditor"};
    claims.expires = clock_.Now() + absl::Hours(1);
    return claims;
  }

  // Payload equivalent to Claims(), for hand-made tokens.
  json Payload() const {
    return {{"iss", kIssuer},
            {"aud", kAudience},
            {"sub", "nguyen.van.a"},
            {"org", 4711},
            {"roles", {"registry-admin", "auditor"}},
            {"exp", absl::ToUnixSeconds(clock_.Now() + absl::Hours(1))}};
  }

  std::string SignWith(EVP_PKEY* key, const JwtClaims& claims) {
    std::unique_ptr<JwtSigner> signer = Signer(key);
    if (signer == nullptr) return "";
    absl::StatusOr<std::string> token = signer->Sign(claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }

  static void ExpectUnauthenticated(const absl::StatusOr<Principal>& result,
                                    const std::string& reason) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated) << result.status();
    EXPECT_TRUE(absl::StrContains(result.status().message(), reason)) << result.status();
  }

  static inline EVP_PKEY* rsa_a_ = nullptr;
  static inline EVP_PKEY* rsa_b_ = nullptr;
  static inline EVP_PKEY* ec_a_ = nullptr;
  static inline EVP_PKEY* ec_b_ = nullptr;
  FakeClock clock_{absl::FromUnixSeconds(1'750'000'000)};
};

}  // namespace thidua::auth::jwt_testing
