#include "common/auth/jwt_claims.h"

#include <jansson.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "nlohmann/json.hpp"

namespace thidua::auth {
namespace {

using json = nlohmann::json;

absl::Status Unauthenticated(absl::string_view reason) {
  return absl::UnauthenticatedError(reason);
}

// NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
std::optional<absl::Time> NumericDate(const json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    return absl::FromUnixSeconds(value.get<int64_t>());
  }
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return absl::InfiniteFuture();
    }
    return absl::FromUnixSeconds(static_cast<int64_t>(v));
  }
  if (value.is_number_float()) return absl::UnixEpoch() + absl::Seconds(value.get<double>());
  return std::nullopt;
}

std::optional<int64_t> ParseOrganization(const json& value) {
  int64_t org = 0;
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    org = static_cast<int64_t>(v);
  } else if (value.is_number_integer()) {
    org = value.get<int64_t>();
  } else if (value.is_string()) {
    // Some identity providers emit every custom claim as a string; accept plain digits only.
    const std::string& s = value.get_ref<const std::string&>();
    if (s.empty() || s.size() > 19) return std::nullopt;
    for (char c : s) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (!absl::SimpleAtoi(s, &org)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  // Registry ids are positive; a negative one can only be a forged or broken claim.
  if (org < 0) return std::nullopt;
  return org;
}

}  // namespace

absl::StatusOr<VerifiedClaims> CheckClaims(absl::string_view payload,
                                           const JwtVerifierOptions& options, absl::Time now) {
  // A claim named twice is refused, as a repeated header member is (jws.cc): readers of the token
  // may disagree on which one counts ("sub", "org", "exp"). jansson, libjose's parser, tells.
  json_error_t error;
  json_t* strict = json_loadb(payload.data(), payload.size(), JSON_REJECT_DUPLICATES, &error);
  if (strict == nullptr && json_error_code(&error) == json_error_duplicate_key) {
    return Unauthenticated("repeated claim");
  }
  json_decref(strict);
  const json claims = json::parse(payload.begin(), payload.end(), nullptr,
                                  /*allow_exceptions=*/false);
  if (claims.is_discarded()) return Unauthenticated("malformed token: payload is not JSON");
  if (!claims.is_object()) return Unauthenticated("payload is not a JSON object");

  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string()) return Unauthenticated("missing iss");
  if (iss->get_ref<const std::string&>() != options.issuer) return Unauthenticated("wrong issuer");

  auto aud = claims.find("aud");
  if (aud == claims.end()) return Unauthenticated("missing aud");
  bool audience_ok = false;
  if (aud->is_string()) {
    audience_ok = aud->get_ref<const std::string&>() == options.audience;
  } else if (aud->is_array()) {
    for (const json& a : *aud) {
      if (!a.is_string()) return Unauthenticated("invalid aud");
      if (a.get_ref<const std::string&>() == options.audience) audience_ok = true;
    }
  } else {
    return Unauthenticated("invalid aud");
  }
  if (!audience_ok) return Unauthenticated("wrong audience");

  auto exp_it = claims.find("exp");
  if (exp_it == claims.end()) return Unauthenticated("missing exp");
  std::optional<absl::Time> exp = NumericDate(*exp_it);
  if (!exp) return Unauthenticated("invalid exp");
  if (!(now < *exp + options.leeway)) return Unauthenticated("token expired");
  // A token must not outlive the policy's maximum lifetime, counted from its "iat" when it has
  // one, else from now: a stolen token with exp = 2^64-1 would otherwise be good for ever.
  absl::Time issued = now;
  if (auto iat_it = claims.find("iat"); iat_it != claims.end()) {
    std::optional<absl::Time> iat = NumericDate(*iat_it);
    if (!iat) return Unauthenticated("invalid iat");
    if (now < *iat - options.leeway) return Unauthenticated("token issued in the future");
    issued = *iat;
  }
  if (*exp - issued > options.max_lifetime + options.leeway) {
    return Unauthenticated("token lifetime above the maximum");
  }

  if (auto nbf_it = claims.find("nbf"); nbf_it != claims.end()) {
    std::optional<absl::Time> nbf = NumericDate(*nbf_it);
    if (!nbf) return Unauthenticated("invalid nbf");
    if (now < *nbf - options.leeway) return Unauthenticated("token not yet valid");
  }

  VerifiedClaims out;
  out.expires = *exp;

  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return Unauthenticated("missing sub");
  }
  out.principal.subject = sub->get<std::string>();

  if (auto org = claims.find("org"); org != claims.end()) {
    std::optional<int64_t> id = ParseOrganization(*org);
    if (!id) return Unauthenticated("invalid org");
    out.principal.organization_id = *id;
  }

  if (auto roles = claims.find("roles"); roles != claims.end()) {
    if (!roles->is_array()) return Unauthenticated("invalid roles");
    for (const json& r : *roles) {
      if (!r.is_string()) return Unauthenticated("invalid roles");
      out.principal.roles.push_back(r.get<std::string>());
    }
  }
  return out;
}

}  // namespace thidua::auth
