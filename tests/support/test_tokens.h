#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/auth/jwt.h"

namespace thidua::testing {

// A throw-away EC P-256 key pair per test process: tokens are really signed and really verified.
class TestTokens {
 public:
  static TestTokens& Get();

  std::string Token(int64_t organization_id, std::vector<std::string> roles,
                    const std::string& subject = "tester") const;
  const auth::JwtVerifier& verifier() const { return *verifier_; }
  const std::string& public_key_pem() const { return public_pem_; }
  const std::string& private_key_pem() const { return private_pem_; }
  // Writes the public key to a file (for binaries started by tests) and returns its path.
  std::string WritePublicKey(const std::string& dir) const;

 private:
  TestTokens();
  std::string public_pem_, private_pem_;
  std::unique_ptr<auth::JwtVerifier> verifier_;
  std::unique_ptr<auth::JwtSigner> signer_;
};

}  // namespace thidua::testing
