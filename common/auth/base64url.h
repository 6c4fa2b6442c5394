#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace thidua::auth {

// Base64url without padding, as JWS uses it (RFC 7515 §2), by libjose.
std::string Base64UrlEncode(absl::string_view in);
// Strict: padding, foreign characters and non-zero leftover bits are refused, so every byte string
// has exactly one accepted encoding and a token cannot be varied without changing its meaning.
std::optional<std::string> Base64UrlDecode(absl::string_view in);

}  // namespace thidua::auth
