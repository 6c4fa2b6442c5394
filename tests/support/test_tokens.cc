#include "tests/support/test_tokens.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>

#include "absl/time/clock.h"

namespace thidua::testing {
namespace {

std::string ToPem(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (private_key) {
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PUBKEY(bio.get(), key);
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

TestTokens& TestTokens::Get() {
  static TestTokens* tokens = new TestTokens();
  return *tokens;
}

TestTokens::TestTokens() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  private_pem_ = ToPem(key.get(), true);
  public_pem_ = ToPem(key.get(), false);
  verifier_ = *auth::JwtVerifier::FromPemStrings({public_pem_}, {"thidua-dev", "thidua"});
  signer_ = *auth::JwtSigner::FromPemString(private_pem_);
}

std::string TestTokens::Token(int64_t organization_id, std::vector<std::string> roles,
                              const std::string& subject) const {
  auth::JwtClaims claims;
  claims.issuer = "thidua-dev";
  claims.audience = "thidua";
  claims.subject = subject;
  claims.organization_id = organization_id;
  claims.roles = std::move(roles);
  claims.expires = absl::Now() + absl::Hours(1);
  return *signer_->Sign(claims);
}

std::string TestTokens::WritePublicKey(const std::string& dir) const {
  const std::string path = dir + "/test-issuer.pub";
  std::ofstream(path) << public_pem_;
  return path;
}

}  // namespace thidua::testing
