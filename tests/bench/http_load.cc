#include "tests/bench/http_load.h"

#include <httplib.h>

#include <thread>

namespace thidua::bench {

std::vector<Observed> RunHttpGets(const Settings& settings, const std::string& host, int port,
                                  const std::string& bearer,
                                  const std::function<std::string(std::mt19937_64&)>& target_of) {
  const SteadyClock::time_point start = SteadyClock::now();
  const Window window{start + std::chrono::seconds(settings.warmup_s),
                      start + std::chrono::seconds(settings.warmup_s + settings.duration_s)};
  std::vector<Observed> observed(settings.concurrency);
  std::vector<std::thread> threads;
  std::random_device seeds;
  for (int i = 0; i < settings.concurrency; ++i) {
    const uint64_t seed = (static_cast<uint64_t>(seeds()) << 32) ^ seeds();
    threads.emplace_back([&, i, seed] {
      std::mt19937_64 random(seed);
      httplib::Client client(host, port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // as a browser does: no 40 ms Nagle wait on the request
      client.set_read_timeout(settings.deadline_ms / 1000, (settings.deadline_ms % 1000) * 1000);
      httplib::Headers headers;
      if (!bearer.empty()) headers.emplace("Authorization", bearer);
      while (true) {
        const SteadyClock::time_point started = SteadyClock::now();
        if (started >= window.end) break;
        httplib::Result result = client.Get(target_of(random), headers);
        const SteadyClock::time_point done = SteadyClock::now();
        if (!window.Contains(done)) continue;
        const bool ok = result && result->status == 200;
        observed[i].Record(
            started, done, ok,
            !result ? httplib::to_string(result.error())
                    : "HTTP " + std::to_string(result->status) + " " + result->body.substr(0, 200));
      }
    });
  }
  for (auto& t : threads) t.join();
  return observed;
}

}  // namespace thidua::bench
