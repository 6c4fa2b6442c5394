#include "common/auth/libjose.h"

#include <openssl/err.h>

#include <cstdarg>
#include <cstdint>

namespace thidua::auth {
namespace {

void IgnoreJoseError(void*, const char*, int, uint64_t, const char*, va_list) {}

}  // namespace

jose_cfg_t* QuietJoseConfig() {
  static jose_cfg_t* const cfg = [] {
    jose_cfg_t* c = jose_cfg();
    // Out of memory at start-up: a null configuration still works, only louder.
    if (c != nullptr) jose_cfg_set_err_func(c, IgnoreJoseError, nullptr);
    return c;
  }();
  return cfg;
}

OpensslErrorQueueGuard::~OpensslErrorQueueGuard() { ERR_clear_error(); }

}  // namespace thidua::auth
