#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace httplib {
class Server;
}

namespace thidua::server {

// Calls by method and code and a latency histogram per method, rendered in Prometheus text format.
// Counting is lock-free; a reader lock guards only the lookup of a method's counters.
class Metrics {
 public:
  static Metrics& Global();
  void Record(absl::string_view method, int code, absl::Duration latency);
  // A counter rendered as `<name>{<label>="<value>"} n` (one label, e.g. cache="organizations",
  // result="hit"); created on first use, it lives as long as the process, so callers keep the
  // reference and count without a lock.
  std::atomic<uint64_t>& Counter(absl::string_view name, absl::string_view help,
                                 absl::string_view labels);
  std::string RenderPrometheus() const;

 private:
  static constexpr std::array<double, 12> kBucketsMs = {0.25, 0.5, 1,   2.5, 5,    10,
                                                        25,   50,  100, 250, 1000, 5000};
  struct MethodStats {
    std::array<std::atomic<uint64_t>, 17> by_code{};
    std::array<std::atomic<uint64_t>, kBucketsMs.size() + 1> buckets{};
    std::atomic<uint64_t> sum_us{0};
  };
  MethodStats& For(absl::string_view method);

  struct NamedCounter {
    std::string help;
    std::map<std::string, std::unique_ptr<std::atomic<uint64_t>>> by_labels;
  };

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodStats>> methods_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, NamedCounter> counters_ ABSL_GUARDED_BY(mu_);
};

// The metrics over HTTP (GET /metrics, Prometheus text format; cpp-httplib), on a port of their
// own so that scraping never competes with the service's calls for a thread.
class MetricsHttpServer {
 public:
  // `listen` is "host:port"; port 0 picks a free one.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const std::string& listen);
  ~MetricsHttpServer();
  int port() const { return port_; }

 private:
  MetricsHttpServer() = default;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace thidua::server
