// The bearer-token verifier on any bytes, with a key made at start that no input can have signed
// with: every input is refused (never accepted, never a crash), whatever its header, claims,
// base64 or JSON.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/auth/jwt.h"

namespace {

// The PEM public key of a new P-256 key pair (the private half is dropped).
std::string NewPublicKeyPem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  BIO* bio = BIO_new(BIO_s_mem());
  if (key == nullptr || bio == nullptr || PEM_write_bio_PUBKEY(bio, key) != 1) abort();
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

const thidua::auth::JwtVerifier& Verifier() {
  static const auto* verifier = [] {
    thidua::auth::JwtVerifierOptions options;
    options.issuer = "https://id.example.gov.vn";
    options.audience = "thidua";
    auto made = thidua::auth::JwtVerifier::FromPemStrings({NewPublicKeyPem()}, options);
    if (!made.ok()) abort();
    return made->release();
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string token(reinterpret_cast<const char*>(data), size);
  if (Verifier().Verify(token).ok()) abort();
  return 0;
}
