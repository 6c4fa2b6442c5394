#include "common/server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace thidua::server {

absl::StatusOr<int> StartHttpServer(httplib::Server& server, const std::string& host, int port,
                                    std::thread& thread) {
  server.set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port));
  }
  thread = std::thread([&server] { server.listen_after_bind(); });
  for (int i = 0; i < 500 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return bound;
}

}  // namespace thidua::server
