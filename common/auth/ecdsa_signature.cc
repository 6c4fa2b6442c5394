#include "common/auth/ecdsa_signature.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>

#include <memory>

namespace thidua::auth {
namespace {

constexpr int kEs256CoordinateBytes = 32;

struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
struct BnDeleter {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct OpensslBytesDeleter {
  void operator()(unsigned char* p) const { OPENSSL_free(p); }
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
using OpensslBytesPtr = std::unique_ptr<unsigned char, OpensslBytesDeleter>;

}  // namespace

std::optional<std::string> RawEcdsaToDer(absl::string_view raw) {
  if (raw.size() != 2 * kEs256CoordinateBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BnPtr r(BN_bin2bn(bytes, kEs256CoordinateBytes, nullptr));
  BnPtr s(BN_bin2bn(bytes + kEs256CoordinateBytes, kEs256CoordinateBytes, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || sig == nullptr) return std::nullopt;
  if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // now owned by sig
  s.release();
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  OpensslBytesPtr owned(der);
  return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
}

std::optional<std::string> DerEcdsaToRaw(absl::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig == nullptr) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kEs256CoordinateBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kEs256CoordinateBytes) != kEs256CoordinateBytes ||
      BN_bn2binpad(s, out + kEs256CoordinateBytes, kEs256CoordinateBytes) !=
          kEs256CoordinateBytes) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace thidua::auth
