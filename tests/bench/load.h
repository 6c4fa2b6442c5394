#pragma once
// The load generator's engine: a closed loop keeping a fixed number of calls in flight, the
// measured window, and the report. Scenarios (thidua_bench.cc, plans_load.cc) only say which call
// to make and how to fill its request.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace thidua::bench {

using SteadyClock = std::chrono::steady_clock;

constexpr int kExitNoSuccess = 1;
constexpr int kExitUsage = 2;

struct Settings {
  std::string scenario;
  int concurrency = 16;
  int duration_s = 10;
  int warmup_s = 2;
  int cq_threads = 2;
  int channels = 0;
  int deadline_ms = 5000;
};

// The measured interval. Calls completing outside it are neither counted nor timed, so the
// connection set-up during the warm-up and the drain at the end do not distort the figures.
struct Window {
  SteadyClock::time_point begin;
  SteadyClock::time_point end;
  bool Contains(SteadyClock::time_point t) const { return t >= begin && t < end; }
};

// What one driver thread observed inside the window. Each thread owns one, so recording needs no
// lock; the results are merged once the load has stopped.
struct Observed {
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;

  void Record(SteadyClock::time_point started, SteadyClock::time_point done, bool ok,
              absl::string_view error) {
    if (ok) {
      latencies_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(done - started).count());
      return;
    }
    ++errors;
    if (first_error.empty()) first_error = std::string(error);
  }
};

// ---------------------------------------------------------------------------------------------
// gRPC scenarios

// One call kept in flight: as soon as it completes, its queue thread starts the next one on it.
// The slot itself is the completion tag.
class Slot {
 public:
  virtual ~Slot() = default;
  virtual void StartCall() = 0;
  virtual const grpc::Status& status() const = 0;
  SteadyClock::time_point started() const { return started_; }

 protected:
  SteadyClock::time_point started_;
};

// Responses are received as raw bytes and not parsed: the load generator shares the machine's two
// cores with the server, and parsing a page of 100 organisations would cost the client more CPU
// than the server spends answering it, so the instrument would measure itself. Correctness of the
// answers is the tests' business; here a call counts when its status is OK.
template <typename Request>
class RpcSlot final : public Slot {
 public:
  using Stub = grpc::TemplatedGenericStub<Request, grpc::ByteBuffer>;
  using Fill = std::function<void(std::mt19937_64&, Request&)>;

  RpcSlot(Stub* stub, const std::string& method, Fill fill, const std::string& bearer,
          std::chrono::milliseconds deadline, grpc::CompletionQueue* cq, uint64_t seed)
      : stub_(stub),
        method_(method),
        fill_(std::move(fill)),
        bearer_(bearer),
        deadline_(deadline),
        cq_(cq),
        random_(seed) {}

  // Calls made on behalf of many callers name each call's bearer from its request.
  void set_bearer_of(std::function<const std::string&(const Request&)> bearer_of) {
    bearer_of_ = std::move(bearer_of);
  }

  void StartCall() override {
    // A ClientContext serves a single call.
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(std::chrono::system_clock::now() + deadline_);
    request_.Clear();
    fill_(random_, request_);
    const std::string& bearer = bearer_of_ ? bearer_of_(request_) : bearer_;
    if (!bearer.empty()) context_->AddMetadata("authorization", bearer);
    response_.Clear();
    started_ = SteadyClock::now();
    reader_ = stub_->PrepareUnaryCall(context_.get(), method_, request_, cq_);
    reader_->StartCall();
    reader_->Finish(&response_, &status_, this);
  }

  const grpc::Status& status() const override { return status_; }

 private:
  Stub* stub_;
  const std::string& method_;
  Fill fill_;
  const std::string& bearer_;
  std::function<const std::string&(const Request&)> bearer_of_;
  std::chrono::milliseconds deadline_;
  grpc::CompletionQueue* cq_;
  std::mt19937_64 random_;
  std::unique_ptr<grpc::ClientContext> context_;
  Request request_;
  grpc::ByteBuffer response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<grpc::ByteBuffer>> reader_;
};

// Drives the slots of one completion queue until the window ends and every call has completed.
Observed DriveQueue(grpc::CompletionQueue& cq, const std::vector<Slot*>& slots,
                    const Window& window);

// Runs `concurrency` slots of one RPC over `channels` connections and `cq_threads` queues.
// `method` is the full path, "/thidua.registry.v1.Registry/GetOrganization".
template <typename Request>
std::vector<Observed> RunRpc(
    const Settings& settings, const std::string& target, const std::string& bearer,
    const std::string& method, typename RpcSlot<Request>::Fill fill,
    std::function<const std::string&(const Request&)> bearer_of = nullptr) {
  using Stub = typename RpcSlot<Request>::Stub;
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int i = 0; i < settings.channels; ++i) {
    grpc::ChannelArguments args;
    // Channels to one target share a connection unless told otherwise; a single HTTP/2
    // connection would then cap the throughput instead of the server.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("thidua.bench.channel", i);
    stubs.push_back(std::make_unique<Stub>(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues;
  for (int i = 0; i < settings.cq_threads; ++i) {
    queues.push_back(std::make_unique<grpc::CompletionQueue>());
  }
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<std::vector<Slot*>> slots_by_queue(queues.size());
  std::random_device seeds;
  for (int i = 0; i < settings.concurrency; ++i) {
    grpc::CompletionQueue* cq = queues[i % queues.size()].get();
    auto slot =
        std::make_unique<RpcSlot<Request>>(stubs[i % stubs.size()].get(), method, fill, bearer,
                                           std::chrono::milliseconds(settings.deadline_ms), cq,
                                           (static_cast<uint64_t>(seeds()) << 32) ^ seeds());
    if (bearer_of) slot->set_bearer_of(bearer_of);
    slots.push_back(std::move(slot));
    slots_by_queue[i % queues.size()].push_back(slots.back().get());
  }
  const SteadyClock::time_point start = SteadyClock::now();
  const Window window{start + std::chrono::seconds(settings.warmup_s),
                      start + std::chrono::seconds(settings.warmup_s + settings.duration_s)};
  std::vector<Observed> observed(queues.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < queues.size(); ++i) {
    threads.emplace_back(
        [&, i] { observed[i] = DriveQueue(*queues[i], slots_by_queue[i], window); });
  }
  for (auto& t : threads) t.join();
  return observed;
}

template <typename T>
const T& Pick(std::mt19937_64& random, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
}

// Seeding: runs job(i, thread) for i in [0, count) on `threads` threads, stopping at the first
// error, which it returns.
absl::Status Parallel(int count, int threads, const std::function<absl::Status(int, int)>& job);

// Nearest-rank percentile of sorted values.
double PercentileMs(const std::vector<int64_t>& sorted, double q);
// Prints the BENCH line of the merged observations; the exit code of the run.
int Report(const Settings& settings, std::vector<Observed> observed);

}  // namespace thidua::bench
