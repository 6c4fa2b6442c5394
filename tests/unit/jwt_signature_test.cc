// JWT verification by signature: algorithms allowed and refused, keys chosen by kid, rotation,
// tampering and malformed encodings.
#include "tests/unit/jwt_fixture.h"

namespace thidua::auth {
namespace {

using namespace jwt_testing;  // NOLINT: the fixture and its helpers

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

TEST_F(JwtTest, RepeatedClaimRefused) {
  // Seen accepted: which "sub" or "org" a reader acts on would depend on its JSON parser.
  std::string payload = Payload().dump();
  payload.insert(1, R"("org":"1",)");
  ASSERT_NE(payload.find(R"("org")", 10), std::string::npos) << payload;
  const std::string token = SignRs256Text(rsa_a_, R"({"alg":"RS256"})", payload);
  ExpectUnauthenticated(Verifier({rsa_a_})->Verify(token), "repeated claim");
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

}  // namespace
}  // namespace thidua::auth
