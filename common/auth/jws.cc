#include "common/auth/jws.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/base64url.h"

namespace thidua::auth {
namespace {

absl::Status Malformed(absl::string_view what) {
  return absl::UnauthenticatedError(absl::StrCat("malformed token: ", what));
}

// Header values end up in the log: escaped and truncated, they cannot carry arbitrary bytes there.
std::string ForLog(absl::string_view value) { return absl::CHexEscape(value.substr(0, 64)); }

absl::string_view StringValue(const json_t* value) {
  return absl::string_view(json_string_value(value), json_string_length(value));
}

}  // namespace

absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Malformed("expected 3 parts");
  if (parts[0].empty()) return Malformed("empty header");

  std::optional<std::string> header_bytes = Base64UrlDecode(parts[0]);
  if (!header_bytes) return Malformed("bad base64 in header");
  // Read with jansson, the parser libjose reads the header with. Repeated members are refused, so
  // that both readings agree on every member.
  json_error_t error;
  JsonPtr header(
      json_loadb(header_bytes->data(), header_bytes->size(), JSON_REJECT_DUPLICATES, &error));
  if (header == nullptr && json_error_code(&error) == json_error_duplicate_key) {
    return Malformed("repeated member in header");
  }
  if (!json_is_object(header.get())) return Malformed("header is not a JSON object");

  const json_t* alg_value = json_object_get(header.get(), "alg");
  if (!json_is_string(alg_value)) return absl::UnauthenticatedError("missing alg");
  const std::optional<JwsAlg> alg = JwsAlgFromName(StringValue(alg_value));
  if (!alg) {
    return absl::UnauthenticatedError(
        absl::StrCat("unsupported alg ", ForLog(StringValue(alg_value))));
  }
  // RFC 7515 §4.1.11: extensions we do not understand must not be silently ignored.
  if (json_object_get(header.get(), "crit") != nullptr) {
    return absl::UnauthenticatedError("unsupported crit header");
  }
  std::optional<std::string> kid;
  if (const json_t* kid_value = json_object_get(header.get(), "kid"); kid_value != nullptr) {
    if (!json_is_string(kid_value)) return absl::UnauthenticatedError("invalid kid");
    kid = std::string(StringValue(kid_value));
  }

  // Checked only now so that an "alg":"none" token is reported as such.
  if (parts[1].empty()) return Malformed("empty payload");
  if (parts[2].empty()) return absl::UnauthenticatedError("missing signature");
  // libjose decodes the signature itself; decoded here too so that only canonical tokens pass.
  if (!Base64UrlDecode(parts[2])) return Malformed("bad base64 in signature");

  return CompactJws{parts[0], parts[1], parts[2], *alg, std::move(kid)};
}

bool VerifyJwsSignature(const CompactJws& jws, const Jwk& key) {
  if (key.alg != jws.alg) return false;
  OpensslErrorQueueGuard guard;
  // The flattened JSON form (RFC 7515 §7.2.2) of the same JWS, which is what libjose reads.
  JsonPtr object(json_pack("{s:s%,s:s%,s:s%}",                                 //
                           "protected", jws.header.data(), jws.header.size(),  //
                           "payload", jws.payload.data(), jws.payload.size(),  //
                           "signature", jws.signature.data(), jws.signature.size()));
  if (object == nullptr) return false;
  return jose_jws_ver(QuietJoseConfig(), object.get(), nullptr, key.json.get(), false);
}

absl::StatusOr<std::string> SignCompactJws(const Jwk& key, absl::string_view payload) {
  OpensslErrorQueueGuard guard;
  const std::string alg(JwsAlgName(key.alg));
  JsonPtr jws(json_pack("{s:o}", "payload", jose_b64_enc(payload.data(), payload.size())));
  JsonPtr signature(json_pack("{s:{s:s,s:s,s:s}}", "protected",  //
                              "alg", alg.c_str(), "kid", key.kid.c_str(), "typ", "JWT"));
  if (jws == nullptr || signature == nullptr) return absl::InternalError("json_pack failed");
  if (!jose_jws_sig(QuietJoseConfig(), jws.get(), signature.get(), key.json.get())) {
    return absl::InternalError("jose_jws_sig failed");
  }
  const char* header = json_string_value(json_object_get(jws.get(), "protected"));
  const char* encoded_payload = json_string_value(json_object_get(jws.get(), "payload"));
  const char* signed_bytes = json_string_value(json_object_get(jws.get(), "signature"));
  if (header == nullptr || encoded_payload == nullptr || signed_bytes == nullptr) {
    return absl::InternalError("jose_jws_sig returned no flattened JWS");
  }
  return absl::StrCat(header, ".", encoded_payload, ".", signed_bytes);
}

}  // namespace thidua::auth
