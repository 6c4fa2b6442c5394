// JWT verification by claims: lifetime and its maximum, expiry and not-before with leeway, issuer,
// audience, subject, organisation and roles; the verified-token cache; construction errors.
#include "tests/unit/jwt_fixture.h"

namespace thidua::auth {
namespace {

using namespace jwt_testing;  // NOLINT: the fixture and its helpers

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
