#include "common/server/metrics.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/server/http_server.h"

namespace thidua::server {
namespace {

constexpr const char* kCodeNames[] = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

}  // namespace

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();  // never destroyed: threads may record during exit
  return *metrics;
}

Metrics::MethodStats& Metrics::For(absl::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = methods_.find(method); it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  auto& slot = methods_[method];
  if (!slot) slot = std::make_unique<MethodStats>();
  return *slot;
}

void Metrics::Record(absl::string_view method, int code, absl::Duration latency) {
  MethodStats& stats = For(method);
  if (code < 0 || code > 16) code = 2;
  stats.by_code[code].fetch_add(1, std::memory_order_relaxed);
  const double ms = absl::ToDoubleMilliseconds(latency);
  size_t bucket = 0;
  while (bucket < kBucketsMs.size() && ms > kBucketsMs[bucket]) ++bucket;
  stats.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  stats.sum_us.fetch_add(absl::ToInt64Microseconds(latency), std::memory_order_relaxed);
}

std::atomic<uint64_t>& Metrics::Counter(absl::string_view name, absl::string_view help,
                                        absl::string_view labels) {
  absl::MutexLock lock(&mu_);
  NamedCounter& counter = counters_[std::string(name)];
  counter.help = std::string(help);
  auto& slot = counter.by_labels[std::string(labels)];
  if (!slot) slot = std::make_unique<std::atomic<uint64_t>>(0);
  return *slot;
}

std::string Metrics::RenderPrometheus() const {
  std::string calls =
      "# HELP thidua_grpc_calls_total gRPC calls handled, by method and status code.\n"
      "# TYPE thidua_grpc_calls_total counter\n";
  std::string latency =
      "# HELP thidua_grpc_latency_seconds Time to handle a gRPC call.\n"
      "# TYPE thidua_grpc_latency_seconds histogram\n";
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [method, stats] : methods_) {
    uint64_t total = 0;
    for (int code = 0; code < 17; ++code) {
      const uint64_t n = stats->by_code[code].load(std::memory_order_relaxed);
      total += n;
      if (n == 0) continue;
      absl::StrAppend(&calls, "thidua_grpc_calls_total{method=\"", method, "\",code=\"",
                      kCodeNames[code], "\"} ", n, "\n");
    }
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBucketsMs.size(); ++b) {
      cumulative += stats->buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBucketsMs.size() ? absl::StrCat(kBucketsMs[b] / 1000) : "+Inf";
      absl::StrAppend(&latency, "thidua_grpc_latency_seconds_bucket{method=\"", method, "\",le=\"",
                      le, "\"} ", cumulative, "\n");
    }
    absl::StrAppend(&latency, "thidua_grpc_latency_seconds_sum{method=\"", method, "\"} ",
                    static_cast<double>(stats->sum_us.load()) / 1e6, "\n",
                    "thidua_grpc_latency_seconds_count{method=\"", method, "\"} ", total, "\n");
  }
  std::string counters;
  for (const auto& [name, counter] : counters_) {
    absl::StrAppend(&counters, "# HELP ", name, " ", counter.help, "\n# TYPE ", name, " counter\n");
    for (const auto& [labels, value] : counter.by_labels) {
      absl::StrAppend(&counters, name, "{", labels, "} ", value->load(std::memory_order_relaxed),
                      "\n");
    }
  }
  return calls + latency + counters;
}

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen) {
  std::vector<std::string> parts = absl::StrSplit(listen, absl::MaxSplits(':', 1));
  int port = 0;
  if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad metrics address \"", listen, "\""));
  }
  std::unique_ptr<MetricsHttpServer> metrics(new MetricsHttpServer());
  metrics->server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *metrics->server_;
  // Scrapes are rare and small: two threads, and a scraper silent for a second is dropped.
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  server.set_read_timeout(1, 0);
  server.set_keep_alive_max_count(1);
  server.Get("/metrics", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(Metrics::Global().RenderPrometheus(), "text/plain; version=0.0.4");
  });
  const std::string host = parts[0] == "localhost" ? "127.0.0.1" : parts[0];
  auto bound = StartHttpServer(server, host, port, metrics->thread_);
  if (!bound.ok()) {
    return absl::UnavailableError(absl::StrCat("cannot listen for metrics on ", listen));
  }
  metrics->port_ = *bound;
  return metrics;
}

MetricsHttpServer::~MetricsHttpServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace thidua::server
