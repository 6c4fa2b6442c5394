#pragma once

#include <grpcpp/support/status.h>

#include <string>

#include "absl/strings/string_view.h"

namespace thidua::gateway {

// The HTTP status of a gRPC code, as google.rpc.Code documents the mapping (INVALID_ARGUMENT and
// FAILED_PRECONDITION 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
// ALREADY_EXISTS and ABORTED 409, RESOURCE_EXHAUSTED 429, CANCELLED 499, UNIMPLEMENTED 501,
// UNAVAILABLE 503, DEADLINE_EXCEEDED 504, the rest 500).
int HttpStatusOf(grpc::StatusCode code);

enum class Language { kEnglish, kVietnamese };

// The language an `Accept-Language` header prefers among English and Vietnamese (by q-value, then
// order); English when it names neither, as the gRPC message puts English first.
Language PreferredLanguage(absl::string_view accept_language);

// A backend's answer as a caller may see it. A service's own errors carry their google.rpc.Status
// details and pass unchanged; a status gRPC made by itself (no connection to the backend, the
// deadline passed, a message too large) names addresses and internals in its text, so it becomes
// the fixed sentence, in both languages, that thidua gives for its code.
grpc::Status PublicStatus(const grpc::Status& from_backend);

// The JSON body of a failed call: the google.rpc.Status the service sent (code, message and
// details: ErrorInfo, LocalizedMessage, BadRequest...), in proto3 JSON with "@type" on each
// detail. `message` holds both languages, the preferred one first.
std::string ErrorBody(const grpc::Status& status, Language language);

}  // namespace thidua::gateway
