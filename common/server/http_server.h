#pragma once
// cpp-httplib servers as thidua runs them (every metrics endpoint).

#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace thidua::server {

// Binds `server` to `host`:`port` (port 0: any free one) and runs it on `thread`; returns the port
// once the server accepts connections (so that a stop() right after cannot be missed). A port
// another process listens on is UNAVAILABLE: the library's default socket options include
// SO_REUSEPORT, with which a second server would share the port silently and the kernel split the
// connections between the two, so only SO_REUSEADDR is set.
absl::StatusOr<int> StartHttpServer(httplib::Server& server, const std::string& host, int port,
                                    std::thread& thread);

}  // namespace thidua::server
