#pragma once

// The boundary with libjose (Debian's libjose-dev), which verifies and signs JWS and handles JWKs.
// Its headers declare no extern "C" of their own; its JSON values are jansson's reference-counted
// json_t; it calls OpenSSL underneath.

#include <jansson.h>

#include <memory>

extern "C" {
#include <jose/b64.h>
#include <jose/jwk.h>
#include <jose/jws.h>
#include <jose/openssl.h>
}

namespace thidua::auth {

struct JsonDeleter {
  void operator()(json_t* p) const { json_decref(p); }
};
using JsonPtr = std::unique_ptr<json_t, JsonDeleter>;

// The configuration to pass to every libjose call. By default libjose prints each error to stderr,
// so that every hostile token would write there; this one reports nowhere, and the verifier gives
// its own reasons. libjose only reads it, so one instance serves every thread.
jose_cfg_t* QuietJoseConfig();

// A failed OpenSSL call leaves entries in the thread's error queue; left there they would be
// misattributed to the next TLS operation on the same thread (gRPC checks that queue). Wrap every
// call into libjose or OpenSSL in one.
class OpensslErrorQueueGuard {
 public:
  OpensslErrorQueueGuard() = default;
  OpensslErrorQueueGuard(const OpensslErrorQueueGuard&) = delete;
  OpensslErrorQueueGuard& operator=(const OpensslErrorQueueGuard&) = delete;
  ~OpensslErrorQueueGuard();
};

}  // namespace thidua::auth
