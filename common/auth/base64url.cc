#include "common/auth/base64url.h"

#include <cstdint>

#include "common/auth/libjose.h"

namespace thidua::auth {

std::string Base64UrlEncode(absl::string_view in) {
  // The first call returns the exact length, so the second cannot run out of room.
  std::string out(jose_b64_enc_buf(in.data(), in.size(), nullptr, 0), '\0');
  jose_b64_enc_buf(in.data(), in.size(), out.data(), out.size());
  return out;
}

// libjose's decoder is the strict one: it refuses any character outside the base64url alphabet
// ('=' included), a length of 4k+1, and non-zero bits left over in the last character.
std::optional<std::string> Base64UrlDecode(absl::string_view in) {
  const size_t max_len = jose_b64_dec_buf(in.data(), in.size(), nullptr, 0);
  if (max_len == SIZE_MAX) return std::nullopt;
  std::string out(max_len, '\0');
  const size_t len = jose_b64_dec_buf(in.data(), in.size(), out.data(), out.size());
  if (len == SIZE_MAX) return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace thidua::auth
