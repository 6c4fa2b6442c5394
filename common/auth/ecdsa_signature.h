#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace thidua::auth {

// JWS carries ES256 signatures as fixed-width R||S (64 bytes); OpenSSL speaks DER. Both return
// nullopt on malformed input.
std::optional<std::string> RawEcdsaToDer(absl::string_view raw);
std::optional<std::string> DerEcdsaToRaw(absl::string_view der);

}  // namespace thidua::auth
