#include "common/auth/jwt.h"

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
#include "common/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace thidua::auth {
namespace {

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

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string PublicPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PUBKEY(bio.get(), key), 1);
  return BioContents(bio.get());
}

std::string PrivatePem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  return BioContents(bio.get());
}

std::string B64(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string B64Decode(const std::string& text) {
  std::string out;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(text, &out));
  return out;
}

// Signs arbitrary header and payload text with an RSA key, so tests can build tokens the real
// signer would refuse to produce.
std::string SignRs256Text(EVP_PKEY* key, const std::string& header, const std::string& payload) {
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

std::string SignRs256Raw(EVP_PKEY* key, const json& header, const json& payload) {
  return SignRs256Text(key, header.dump(), payload.dump());
}

// A public key parameter as big-endian bytes, left-padded to `width` when it is not 0.
std::string BnParam(EVP_PKEY* key, const char* name, int width) {
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
std::string Rfc7638Thumbprint(EVP_PKEY* key) {
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
std::string FlipChar(std::string s, size_t pos) {
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

  static EVP_PKEY* rsa_a_;
  static EVP_PKEY* rsa_b_;
  static EVP_PKEY* ec_a_;
  static EVP_PKEY* ec_b_;
  FakeClock clock_{absl::FromUnixSeconds(1'750'000'000)};
};

EVP_PKEY* JwtTest::rsa_a_ = nullptr;
EVP_PKEY* JwtTest::rsa_b_ = nullptr;
EVP_PKEY* JwtTest::ec_a_ = nullptr;
EVP_PKEY* JwtTest::ec_b_ = nullptr;

TEST_F(JwtTest, Rs256RoundTrip) {
  const std::string token = SignWith(rsa_a_, Claims());
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  const json header = json::parse(B64Decode(parts[0]));
  EXPECT_EQ(header, json({{"alg", "RS256"}, {"kid", Rfc7638Thumbprint(rsa_a_)}, {"typ", "JWT"}}));
  const json payload = json::parse(B64Decode(parts[1]));
  EXPECT_FALSE(payload.contains("nbf"));
  EXPECT_TRUE(payload["org"].is_number_integer());
  EXPECT_EQ(token.find('='), std::string::npos);

  absl::StatusOr<Principal> principal = Verifier({rsa_a_})->Verify(token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "nguyen.van.a");
  EXPECT_EQ(principal->organization_id, 4711);
  EXPECT_EQ(principal->roles, std::vector<std::string>({"registry-admin", "auditor"}));
  EXPECT_TRUE(principal->HasRole("auditor"));
}

TEST_F(JwtTest, Es256RoundTrip) {
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now();
  const std::string token = SignWith(ec_a_, claims);
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(json::parse(B64Decode(parts[0]))["alg"], "ES256");
  EXPECT_EQ(json::parse(B64Decode(parts[1]))["nbf"], absl::ToUnixSeconds(clock_.Now()));
  // JWS wants raw R||S, not DER.
  EXPECT_EQ(B64Decode(parts[2]).size(), 64u);

  absl::StatusOr<Principal> principal = Verifier({ec_a_})->Verify(token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "nguyen.van.a");
  EXPECT_EQ(principal->organization_id, 4711);
  EXPECT_EQ(principal->roles, std::vector<std::string>({"registry-admin", "auditor"}));
}

TEST_F(JwtTest, Es256SignaturesAlwaysVerify) {
  // R or S with a leading zero byte (1 in 128 signatures) must still be padded to 32 bytes.
  std::unique_ptr<JwtSigner> signer = Signer(ec_a_);
  std::unique_ptr<JwtVerifier> verifier = Verifier({ec_a_});
  for (int i = 0; i < 1000; ++i) {
    JwtClaims claims = Claims();
    claims.subject = absl::StrCat("user-", i);
    absl::StatusOr<std::string> token = signer->Sign(claims);
    ASSERT_TRUE(token.ok()) << token.status();
    absl::StatusOr<Principal> principal = verifier->Verify(*token);
    ASSERT_TRUE(principal.ok()) << principal.status();
    EXPECT_EQ(principal->subject, claims.subject);
  }
}

TEST_F(JwtTest, OrganizationZeroIsOmitted) {
  JwtClaims claims = Claims();
  claims.organization_id = 0;
  claims.roles.clear();
  const std::string token = SignWith(rsa_a_, claims);
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  EXPECT_FALSE(json::parse(B64Decode(parts[1])).contains("org"));
  absl::StatusOr<Principal> principal = Verifier({rsa_a_})->Verify(token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->organization_id, 0);
  EXPECT_TRUE(principal->roles.empty());
}

TEST_F(JwtTest, AnyConfiguredKeyOfTheRightTypeVerifies) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_b_, ec_b_, rsa_a_, ec_a_});
  EXPECT_TRUE(verifier->Verify(SignWith(rsa_a_, Claims())).ok());
  EXPECT_TRUE(verifier->Verify(SignWith(rsa_b_, Claims())).ok());
  EXPECT_TRUE(verifier->Verify(SignWith(ec_a_, Claims())).ok());
  EXPECT_TRUE(verifier->Verify(SignWith(ec_b_, Claims())).ok());
}

TEST_F(JwtTest, WrongKeyRefused) {
  // The signer names its key, which the verifier does not know.
  ExpectUnauthenticated(Verifier({rsa_b_})->Verify(SignWith(rsa_a_, Claims())), "unknown kid");
  ExpectUnauthenticated(Verifier({ec_b_})->Verify(SignWith(ec_a_, Claims())), "unknown kid");
  // A token naming no key is tried with the verifier's key, which did not sign it.
  ExpectUnauthenticated(
      Verifier({rsa_b_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, Payload())),
      "bad signature");
}

TEST_F(JwtTest, NoKeyForAlgRefused) {
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(ec_a_, Claims())),
                        "no key for alg ES256");
  ExpectUnauthenticated(Verifier({ec_a_})->Verify(SignWith(rsa_a_, Claims())),
                        "no key for alg RS256");
}

TEST_F(JwtTest, AlgSwitchedBetweenRsaAndEcRefused) {
  // An RS256 signature relabelled ES256 must be checked against EC keys only.
  std::vector<std::string> parts = absl::StrSplit(SignWith(rsa_a_, Claims()), '.');
  parts[0] = B64(json({{"alg", "ES256"}, {"typ", "JWT"}}).dump());
  ExpectUnauthenticated(Verifier({rsa_a_, ec_a_})->Verify(absl::StrJoin(parts, ".")),
                        "bad signature");
}

TEST_F(JwtTest, TamperedPayloadRefused) {
  for (EVP_PKEY* key : {rsa_a_, ec_a_}) {
    std::vector<std::string> parts = absl::StrSplit(SignWith(key, Claims()), '.');
    json payload = json::parse(B64Decode(parts[1]));
    payload["org"] = 1;
    parts[1] = B64(payload.dump());
    ExpectUnauthenticated(Verifier({key})->Verify(absl::StrJoin(parts, ".")), "bad signature");
  }
}

TEST_F(JwtTest, TamperedSignatureRefused) {
  for (EVP_PKEY* key : {rsa_a_, ec_a_}) {
    std::vector<std::string> parts = absl::StrSplit(SignWith(key, Claims()), '.');
    parts[2] = FlipChar(parts[2], 10);
    ExpectUnauthenticated(Verifier({key})->Verify(absl::StrJoin(parts, ".")), "bad signature");
  }
}

TEST_F(JwtTest, TruncatedEs256SignatureRefused) {
  std::vector<std::string> parts = absl::StrSplit(SignWith(ec_a_, Claims()), '.');
  parts[2] = B64(B64Decode(parts[2]).substr(0, 63));
  ExpectUnauthenticated(Verifier({ec_a_})->Verify(absl::StrJoin(parts, ".")), "bad signature");
}

TEST_F(JwtTest, AlgNoneRefused) {
  const std::string unsigned_part =
      absl::StrCat(B64(json({{"alg", "none"}, {"typ", "JWT"}}).dump()), ".", B64(Payload().dump()));
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(unsigned_part, ".")), "unsupported alg none");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(unsigned_part, ".c2ln")),
                        "unsupported alg none");
}

TEST_F(JwtTest, OtherAlgsRefused) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  for (const char* alg : {"RS384", "PS256", "ES384", "EdDSA", "rs256"}) {
    const std::string token = SignRs256Raw(rsa_a_, {{"alg", alg}}, Payload());
    ExpectUnauthenticated(verifier->Verify(token), absl::StrCat("unsupported alg ", alg));
  }
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"typ", "JWT"}}, Payload())),
                        "missing alg");
}

TEST_F(JwtTest, Hs256WithPublicKeyAsSecretRefused) {
  // The classic key-confusion attack: HMAC keyed with the verifier's public key.
  const std::string secret = PublicPem(rsa_a_);
  const std::string input = absl::StrCat(B64(json({{"alg", "HS256"}, {"typ", "JWT"}}).dump()), ".",
                                         B64(Payload().dump()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                 reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len),
            nullptr);
  const std::string token =
      absl::StrCat(input, ".", B64(std::string(reinterpret_cast<char*>(mac), mac_len)));
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(token), "unsupported alg HS256");
}

TEST_F(JwtTest, CritHeaderRefused) {
  const std::string token =
      SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"crit", {"exp"}}, {"exp", 1}}, Payload());
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(token), "unsupported crit header");
}

TEST_F(JwtTest, SignerNamesItsKeyByItsThumbprint) {
  for (EVP_PKEY* key : {rsa_a_, ec_a_}) {
    const std::vector<std::string> parts = absl::StrSplit(SignWith(key, Claims()), '.');
    EXPECT_EQ(json::parse(B64Decode(parts[0]))["kid"], Rfc7638Thumbprint(key));
  }
  EXPECT_NE(Rfc7638Thumbprint(rsa_a_), Rfc7638Thumbprint(rsa_b_));
}

TEST_F(JwtTest, KidSelectsTheKey) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_, rsa_b_, ec_a_, ec_b_});
  // Signed by B, naming B.
  EXPECT_TRUE(verifier->Verify(SignWith(rsa_b_, Claims())).ok());
  EXPECT_TRUE(verifier->Verify(SignWith(ec_b_, Claims())).ok());
  EXPECT_TRUE(verifier
                  ->Verify(SignRs256Raw(
                      rsa_b_, {{"alg", "RS256"}, {"kid", Rfc7638Thumbprint(rsa_b_)}}, Payload()))
                  .ok());
  // Signed by B, naming A: checked with A only, although B is configured.
  ExpectUnauthenticated(
      verifier->Verify(
          SignRs256Raw(rsa_b_, {{"alg", "RS256"}, {"kid", Rfc7638Thumbprint(rsa_a_)}}, Payload())),
      "bad signature");
}

TEST_F(JwtTest, UnknownKidRefused) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_, rsa_b_});
  // Signed by a configured key, but naming none of them.
  ExpectUnauthenticated(
      verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", "k1"}}, Payload())),
      "unknown kid k1");
  ExpectUnauthenticated(
      verifier->Verify(
          SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", std::string("\x01\n", 2)}}, Payload())),
      "unknown kid \\x01\\n");
}

TEST_F(JwtTest, KidOfAKeyForAnotherAlgRefused) {
  ExpectUnauthenticated(
      Verifier({rsa_a_, ec_a_})
          ->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", Rfc7638Thumbprint(ec_a_)}},
                                Payload())),
      "kid names no RS256 key");
}

TEST_F(JwtTest, InvalidKidRefused) {
  for (const json& kid : {json(7), json(nullptr), json::array({"k1"})}) {
    ExpectUnauthenticated(Verifier({rsa_a_})->Verify(
                              SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", kid}}, Payload())),
                          "invalid kid");
  }
}

TEST_F(JwtTest, TokenWithoutKidTriesEveryKeyOfItsAlg) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_b_, ec_b_, rsa_a_, ec_a_});
  EXPECT_TRUE(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, Payload())).ok());
  EXPECT_TRUE(verifier->Verify(SignRs256Raw(rsa_b_, {{"alg", "RS256"}}, Payload())).ok());
}

TEST_F(JwtTest, KeyRotation) {
  // Before: the old key only. During: old and new side by side, either order. After: the new only.
  const std::string old_token = SignWith(rsa_a_, Claims());
  const std::string new_token = SignWith(ec_b_, Claims());
  EXPECT_TRUE(Verifier({rsa_a_})->Verify(old_token).ok());
  for (const std::vector<EVP_PKEY*>& keys :
       {std::vector<EVP_PKEY*>{rsa_a_, ec_b_}, std::vector<EVP_PKEY*>{ec_b_, rsa_a_}}) {
    std::unique_ptr<JwtVerifier> verifier = Verifier(keys);
    EXPECT_TRUE(verifier->Verify(old_token).ok());
    EXPECT_TRUE(verifier->Verify(new_token).ok());
  }
  // Same key type on both sides of the rotation.
  std::unique_ptr<JwtVerifier> both_rsa = Verifier({rsa_a_, rsa_b_});
  EXPECT_TRUE(both_rsa->Verify(old_token).ok());
  EXPECT_TRUE(both_rsa->Verify(SignWith(rsa_b_, Claims())).ok());
  ExpectUnauthenticated(Verifier({ec_b_})->Verify(old_token), "no key for alg RS256");
  ExpectUnauthenticated(Verifier({rsa_b_})->Verify(old_token), "unknown kid");
  EXPECT_TRUE(Verifier({ec_b_})->Verify(new_token).ok());
}

TEST_F(JwtTest, RepeatedHeaderMemberRefused) {
  // Two readers of such a header could disagree on which "alg" counts.
  const std::string token =
      SignRs256Text(rsa_a_, R"({"alg":"RS256","alg":"HS256"})", Payload().dump());
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(token), "repeated member in header");
}

TEST_F(JwtTest, NonCanonicalBase64Refused) {
  // A 256-byte RS256 signature ends in a character with four unused bits: setting one gives a
  // second spelling of the same bytes, which must not verify.
  std::vector<std::string> parts = absl::StrSplit(SignWith(rsa_a_, Claims()), '.');
  ASSERT_EQ(parts[2].size() % 4, 2u);
  constexpr absl::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char& last = parts[2].back();
  last = kAlphabet[kAlphabet.find(last) | 1];
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(absl::StrJoin(parts, ".")),
                        "bad base64 in signature");
}

// A token valid for ever (exp = 2^64-1) is refused: at most 24 h from iat, or from now.
TEST_F(JwtTest, ALifetimeAboveTheMaximumIsRefused) {
  json payload = Payload();
  payload["exp"] = std::numeric_limits<uint64_t>::max();
  ExpectUnauthenticated(
      Verifier({rsa_a_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
      "token lifetime above the maximum");
  JwtClaims claims = Claims();
  claims.issued_at = clock_.Now();
  claims.expires = clock_.Now() + absl::Hours(25);
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)),
                        "token lifetime above the maximum");
  claims.expires = clock_.Now() + absl::Hours(24);
  EXPECT_TRUE(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)).ok());
}

TEST_F(JwtTest, ATokenIssuedInTheFutureIsRefused) {
  JwtClaims claims = Claims();
  claims.issued_at = clock_.Now() + absl::Minutes(10);
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)),
                        "token issued in the future");
}

TEST_F(JwtTest, ExpiredRefused) {
  const std::string token = SignWith(rsa_a_, Claims());
  clock_.Advance(absl::Hours(1) + absl::Seconds(61));
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(token), "token expired");
}

TEST_F(JwtTest, ExpiryWithinLeewayAccepted) {
  const std::string token = SignWith(rsa_a_, Claims());
  clock_.Advance(absl::Hours(1) + absl::Seconds(59));
  EXPECT_TRUE(Verifier({rsa_a_})->Verify(token).ok());
}

TEST_F(JwtTest, MissingOrInvalidExpRefused) {
  json payload = Payload();
  payload.erase("exp");
  ExpectUnauthenticated(
      Verifier({rsa_a_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)), "missing exp");
  payload["exp"] = "tomorrow";
  ExpectUnauthenticated(
      Verifier({rsa_a_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)), "invalid exp");
}

TEST_F(JwtTest, FractionalExpAccepted) {
  json payload = Payload();
  payload["exp"] = static_cast<double>(absl::ToUnixSeconds(clock_.Now())) + 0.5;
  EXPECT_TRUE(Verifier({rsa_a_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)).ok());
}

TEST_F(JwtTest, NotBeforeInFutureRefused) {
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now() + absl::Minutes(10);
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)),
                        "token not yet valid");
}

TEST_F(JwtTest, NotBeforeWithinLeewayAccepted) {
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now() + absl::Seconds(30);
  EXPECT_TRUE(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)).ok());
}

TEST_F(JwtTest, WrongIssuerRefused) {
  JwtClaims claims = Claims();
  claims.issuer = "https://evil.example";
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)), "wrong issuer");
  json payload = Payload();
  payload.erase("iss");
  ExpectUnauthenticated(
      Verifier({rsa_a_})->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)), "missing iss");
}

TEST_F(JwtTest, WrongAudienceRefused) {
  JwtClaims claims = Claims();
  claims.audience = "other-service";
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(SignWith(rsa_a_, claims)), "wrong audience");
}

TEST_F(JwtTest, AudienceArray) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  json payload = Payload();
  payload["aud"] = {"other-service", kAudience};
  EXPECT_TRUE(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)).ok());
  payload["aud"] = {"other-service", "third"};
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "wrong audience");
  payload["aud"] = json::array();
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "wrong audience");
  payload["aud"] = 7;
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "invalid aud");
}

TEST_F(JwtTest, MissingSubRefused) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  json payload = Payload();
  payload.erase("sub");
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "missing sub");
  payload["sub"] = "";
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "missing sub");
  payload["sub"] = 12;
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "missing sub");
}

TEST_F(JwtTest, OrganizationForms) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  json payload = Payload();
  payload["org"] = "9000000000";
  absl::StatusOr<Principal> principal =
      verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->organization_id, 9'000'000'000);

  for (const json& bad : {json("12x"), json(""), json(" 12"), json("-3"), json(1.5), json(-3),
                          json("99999999999999999999"), json(nullptr), json::array()}) {
    payload["org"] = bad;
    ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                          "invalid org");
  }
}

TEST_F(JwtTest, InvalidRolesRefused) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  json payload = Payload();
  payload["roles"] = "registry-admin";
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "invalid roles");
  payload["roles"] = {"registry-admin", 3};
  ExpectUnauthenticated(verifier->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, payload)),
                        "invalid roles");
}

TEST_F(JwtTest, MalformedTokensRefused) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  const std::string good = SignWith(rsa_a_, Claims());
  const std::vector<std::string> parts = absl::StrSplit(good, '.');

  ExpectUnauthenticated(verifier->Verify(""), "empty token");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(parts[0], ".", parts[1])),
                        "malformed token: expected 3 parts");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(good, ".x")),
                        "malformed token: expected 3 parts");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat("!!!!.", parts[1], ".", parts[2])),
                        "bad base64 in header");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(parts[0], "=.", parts[1], ".", parts[2])),
                        "bad base64 in header");
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "==")),
      "bad base64 in signature");
  // Standard base64 characters are not base64url.
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(parts[0], ".", parts[1], ".+/", parts[2])),
                        "bad base64 in signature");
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(B64("not json"), ".", parts[1], ".", parts[2])),
      "header is not a JSON object");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(parts[0], "..", parts[2])), "empty payload");
  ExpectUnauthenticated(verifier->Verify(absl::StrCat(parts[0], ".", parts[1], ".")),
                        "missing signature");
  ExpectUnauthenticated(verifier->Verify(std::string(20'000, 'a')), "token too large");

  const std::string not_json = SignRs256Raw(rsa_a_, {{"alg", "RS256"}}, json::array());
  ExpectUnauthenticated(verifier->Verify(not_json), "payload is not a JSON object");
}

TEST_F(JwtTest, CachedTokenRejectedAfterExpiry) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  const std::string token = SignWith(rsa_a_, Claims());
  ASSERT_TRUE(verifier->Verify(token).ok());
  clock_.Advance(absl::Minutes(30));
  absl::StatusOr<Principal> cached = verifier->Verify(token);
  ASSERT_TRUE(cached.ok()) << cached.status();
  EXPECT_EQ(cached->subject, "nguyen.van.a");
  EXPECT_EQ(cached->organization_id, 4711);
  clock_.Advance(absl::Minutes(30) + absl::Seconds(61));
  ExpectUnauthenticated(verifier->Verify(token), "token expired");
}

TEST_F(JwtTest, FailuresAreNotCached) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_});
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now() + absl::Minutes(10);
  const std::string token = SignWith(rsa_a_, claims);
  ExpectUnauthenticated(verifier->Verify(token), "token not yet valid");
  clock_.Advance(absl::Minutes(10));
  EXPECT_TRUE(verifier->Verify(token).ok());
}

TEST_F(JwtTest, ManyTokensBeyondCacheCapacity) {
  // More distinct tokens than the cache holds: eviction must not lose correctness.
  std::unique_ptr<JwtVerifier> verifier = Verifier({ec_a_});
  std::unique_ptr<JwtSigner> signer = Signer(ec_a_);
  std::vector<std::string> tokens;
  for (int i = 0; i < 11'000; ++i) {
    JwtClaims claims = Claims();
    claims.subject = absl::StrCat("u", i);
    tokens.push_back(*signer->Sign(claims));
  }
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < tokens.size(); i += 7) {
      absl::StatusOr<Principal> principal = verifier->Verify(tokens[i]);
      ASSERT_TRUE(principal.ok()) << principal.status();
      ASSERT_EQ(principal->subject, absl::StrCat("u", i));
    }
  }
}

TEST_F(JwtTest, ConcurrentVerification) {
  std::unique_ptr<JwtVerifier> verifier = Verifier({rsa_a_, ec_a_});
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) {
    JwtClaims claims = Claims();
    claims.subject = absl::StrCat("user-", i);
    tokens.push_back(SignWith(i % 2 == 0 ? rsa_a_ : ec_a_, claims));
  }
  const std::string forged = FlipChar(tokens[0], tokens[0].size() - 10);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const size_t k = static_cast<size_t>(t + i) % tokens.size();
        absl::StatusOr<Principal> principal = verifier->Verify(tokens[k]);
        if (!principal.ok() || principal->subject != absl::StrCat("user-", k)) ++failures;
        if (verifier->Verify(forged).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(JwtTest, VerifierConstructionErrors) {
  absl::StatusOr<std::unique_ptr<JwtVerifier>> none = JwtVerifier::FromPemStrings({}, Options());
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);

  absl::StatusOr<std::unique_ptr<JwtVerifier>> garbage =
      JwtVerifier::FromPemStrings({"-----BEGIN PUBLIC KEY-----\nAAAA\n"}, Options());
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kInvalidArgument);

  // A private key is not a public key.
  absl::StatusOr<std::unique_ptr<JwtVerifier>> private_key =
      JwtVerifier::FromPemStrings({PrivatePem(rsa_a_)}, Options());
  EXPECT_EQ(private_key.status().code(), absl::StatusCode::kInvalidArgument);

  PkeyPtr p384(EVP_EC_gen("P-384"));
  absl::StatusOr<std::unique_ptr<JwtVerifier>> wrong_curve =
      JwtVerifier::FromPemStrings({PublicPem(p384.get())}, Options());
  EXPECT_EQ(wrong_curve.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(wrong_curve.status().message(), "P-256")) << wrong_curve.status();

  PkeyPtr rsa1024(EVP_RSA_gen(1024));
  absl::StatusOr<std::unique_ptr<JwtVerifier>> weak =
      JwtVerifier::FromPemStrings({PublicPem(rsa1024.get())}, Options());
  EXPECT_EQ(weak.status().code(), absl::StatusCode::kInvalidArgument);

  JwtVerifierOptions no_issuer = Options();
  no_issuer.issuer.clear();
  EXPECT_FALSE(JwtVerifier::FromPemStrings({PublicPem(rsa_a_)}, no_issuer).ok());
}

// An identity provider names its keys its own way (Keycloak, for one): "kid=file" takes its name.
TEST_F(JwtTest, AKeyFileMayBeNamedByTheIdentityProvidersKid) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/jwt_test_named_", getpid(), ".pem");
  {
    std::ofstream out(path);
    out << PublicPem(rsa_a_);
  }
  auto verifier = JwtVerifier::FromPemFiles({"idp-2026=" + path}, Options(), clock_);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE((*verifier)
                  ->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", "idp-2026"}}, Payload()))
                  .ok());
  ExpectUnauthenticated(
      (*verifier)->Verify(SignRs256Raw(rsa_a_, {{"alg", "RS256"}, {"kid", "idp-2025"}}, Payload())),
      "unknown kid");
}

TEST_F(JwtTest, FromPemFiles) {
  const std::string dir = ::testing::TempDir();
  const std::string path = absl::StrCat(dir, "/jwt_test_pub_", getpid(), ".pem");
  {
    std::ofstream out(path);
    out << PublicPem(ec_a_);
  }
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
      JwtVerifier::FromPemFiles({path}, Options(), clock_);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE((*verifier)->Verify(SignWith(ec_a_, Claims())).ok());

  const std::string missing = absl::StrCat(dir, "/jwt_test_does_not_exist.pem");
  absl::StatusOr<std::unique_ptr<JwtVerifier>> not_found =
      JwtVerifier::FromPemFiles({path, missing}, Options(), clock_);
  EXPECT_EQ(not_found.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(not_found.status().message(), missing)) << not_found.status();

  {
    std::ofstream out(path);
    out << "not a key";
  }
  absl::StatusOr<std::unique_ptr<JwtVerifier>> bad =
      JwtVerifier::FromPemFiles({path}, Options(), clock_);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.status().message(), path)) << bad.status();
  std::remove(path.c_str());
}

TEST_F(JwtTest, SignerErrors) {
  EXPECT_EQ(JwtSigner::FromPemString(PublicPem(rsa_a_)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(JwtSigner::FromPemFile("/nonexistent/key.pem").status().code(),
            absl::StatusCode::kNotFound);

  std::unique_ptr<JwtSigner> signer = Signer(rsa_a_);
  JwtClaims no_subject = Claims();
  no_subject.subject.clear();
  EXPECT_EQ(signer->Sign(no_subject).status().code(), absl::StatusCode::kInvalidArgument);
  JwtClaims no_expiry = Claims();
  no_expiry.expires = absl::InfiniteFuture();
  EXPECT_EQ(signer->Sign(no_expiry).status().code(), absl::StatusCode::kInvalidArgument);
  JwtClaims bad_utf8 = Claims();
  bad_utf8.subject = "\xff\xfe";
  EXPECT_EQ(signer->Sign(bad_utf8).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace thidua::auth
