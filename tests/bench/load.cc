#include "tests/bench/load.h"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>

#include "absl/strings/str_format.h"

namespace thidua::bench {

absl::Status Parallel(int count, int threads, const std::function<absl::Status(int, int)>& job) {
  std::atomic<int> next{0};
  std::mutex mu;
  absl::Status first;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = next++; i < count; i = next++) {
        absl::Status s = job(i, t);
        if (s.ok()) continue;
        std::lock_guard<std::mutex> lock(mu);
        if (first.ok()) first = s;
        next = count;
      }
    });
  }
  for (auto& w : workers) w.join();
  return first;
}

Observed DriveQueue(grpc::CompletionQueue& cq, const std::vector<Slot*>& slots,
                    const Window& window) {
  Observed observed;
  size_t in_flight = 0;
  for (Slot* slot : slots) {
    slot->StartCall();
    ++in_flight;
  }
  void* tag = nullptr;
  bool ok = false;
  while (in_flight > 0 && cq.Next(&tag, &ok)) {
    auto* slot = static_cast<Slot*>(tag);
    const SteadyClock::time_point now = SteadyClock::now();
    if (window.Contains(now)) {
      const grpc::Status& status = slot->status();
      if (ok && status.ok()) {
        observed.Record(slot->started(), now, true, "");
      } else {
        observed.Record(
            slot->started(), now, false,
            absl::StrCat("gRPC code ", status.error_code(), ": ", status.error_message()));
      }
    }
    if (now < window.end) {
      slot->StartCall();
    } else {
      --in_flight;
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return observed;
}

// Nearest-rank percentile of sorted values.
double PercentileMs(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1000.0;
}

int Report(const Settings& settings, std::vector<Observed> observed) {
  std::vector<int64_t> latencies;
  int64_t errors = 0;
  std::string first_error;
  for (Observed& o : observed) {
    latencies.insert(latencies.end(), o.latencies_us.begin(), o.latencies_us.end());
    errors += o.errors;
    if (first_error.empty()) first_error = std::move(o.first_error);
  }
  std::sort(latencies.begin(), latencies.end());
  const auto qps = static_cast<int64_t>(static_cast<double>(latencies.size()) /
                                        static_cast<double>(settings.duration_s));
  std::cout << absl::StrFormat("BENCH scenario=%s qps=%d p50_ms=%.3f p99_ms=%.3f errors=%d\n",
                               settings.scenario, qps, PercentileMs(latencies, 0.50),
                               PercentileMs(latencies, 0.99), errors)
            << std::flush;
  if (!first_error.empty()) {
    std::cerr << "thidua-bench: " << settings.scenario << ": first error: " << first_error << "\n";
  }
  if (latencies.empty()) {
    std::cerr << "thidua-bench: " << settings.scenario << ": no call succeeded\n";
    return kExitNoSuccess;
  }
  return 0;
}

}  // namespace thidua::bench
