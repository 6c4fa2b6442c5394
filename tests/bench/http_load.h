#pragma once
// HTTP scenarios: the same closed loop as the gRPC ones (a fixed number of calls in flight, the
// measured window), over HTTP/1.1 keep-alive connections, one blocking client per call in flight.

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "tests/bench/load.h"

namespace thidua::bench {

// Runs `concurrency` clients of `host:port`, each sending GET `target_of(random)` with the bearer
// (when not empty) until the window ends. A call counts when its status is 200.
std::vector<Observed> RunHttpGets(const Settings& settings, const std::string& host, int port,
                                  const std::string& bearer,
                                  const std::function<std::string(std::mt19937_64&)>& target_of);

}  // namespace thidua::bench
