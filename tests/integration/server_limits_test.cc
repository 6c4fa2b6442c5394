// The limits every thidua server is started with (common/server/grpc_server.h, ServerOptions)
// hold over real gRPC on loopback: a request above the maximum message size is refused before it
// is parsed, and calls beyond the handler threads are refused at once with RESOURCE_EXHAUSTED
// instead of queueing, while the calls already running finish; the handler threads of a burst
// stay for the next one.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/server/grpc_server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "thidua/bench/v1/echo.grpc.pb.h"

namespace thidua::testing {
namespace {

namespace bench = thidua::bench::v1;

// Pings wait until released: each holds a handler thread meanwhile.
class HeldEcho final : public bench::Echo::Service {
 public:
  grpc::Status Ping(grpc::ServerContext*, const bench::PingRequest*,
                    bench::PingResponse*) override {
    ++running_;
    release_.WaitForNotificationWithTimeout(absl::Seconds(10));
    return grpc::Status::OK;
  }
  void Release() { release_.Notify(); }
  int running() const { return running_.load(); }

 private:
  absl::Notification release_;
  std::atomic<int> running_{0};
};

std::shared_ptr<grpc::Channel> ChannelTo(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

TEST(ServerLimitsTest, ARequestAboveTheMaximumMessageSizeIsRefusedBeforeItIsParsed) {
  server::ServerOptions options;
  options.metrics_listen = "";
  options.max_message_bytes = 1024;
  HeldEcho echo;
  auto server = server::GrpcServer::Start(options, {&echo});
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = grpc::health::v1::Health::NewStub(ChannelTo((*server)->port()));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  {
    grpc::ClientContext context;
    request.set_service("");
    EXPECT_TRUE(health->Check(&context, request, &response).ok());
  }
  grpc::ClientContext context;
  request.set_service(std::string(2048, 'x'));
  EXPECT_EQ(health->Check(&context, request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(ServerLimitsTest, CallsBeyondTheHandlerThreadsAreRefusedAtOnceAndTheRunningOnesFinish) {
  server::ServerOptions options;
  options.metrics_listen = "";
  options.max_threads = 4;
  HeldEcho echo;
  auto server = server::GrpcServer::Start(options, {&echo});
  ASSERT_TRUE(server.ok()) << server.status();
  const auto channel = ChannelTo((*server)->port());
  constexpr int kCalls = 12;
  std::vector<grpc::StatusCode> codes(kCalls, grpc::StatusCode::UNKNOWN);
  std::vector<absl::Duration> took(kCalls);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      auto stub = bench::Echo::NewStub(channel);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(8));
      bench::PingRequest request;
      bench::PingResponse response;
      const absl::Time start = absl::Now();
      codes[i] = stub->Ping(&context, request, &response).error_code();
      took[i] = absl::Now() - start;
    });
  }
  // Let the calls arrive: those admitted hold their threads, the others are answered.
  absl::SleepFor(absl::Seconds(1));
  const int admitted = echo.running();
  echo.Release();
  for (auto& caller : callers) caller.join();
  int ok = 0, refused = 0;
  for (int i = 0; i < kCalls; ++i) {
    if (codes[i] == grpc::StatusCode::OK) ++ok;
    if (codes[i] == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refused;
      EXPECT_LT(took[i], absl::Seconds(1)) << "a refused call waited for a thread";
    }
  }
  EXPECT_EQ(ok + refused, kCalls) << "every call is either served or refused";
  EXPECT_GT(refused, 0) << "no call was refused";
  EXPECT_LT(admitted, kCalls) << "every call got a thread of its own";
  EXPECT_EQ(ok, admitted) << "a call that got a thread did not finish";
}

// Pings of one burst wait for each other, so each holds a handler thread of its own, and note
// which thread served them.
class BurstEcho final : public bench::Echo::Service {
 public:
  explicit BurstEcho(int burst) : burst_(burst) {}
  grpc::Status Ping(grpc::ServerContext*, const bench::PingRequest*,
                    bench::PingResponse*) override {
    absl::MutexLock lock(&mu_);
    served_by_.insert(static_cast<long>(syscall(SYS_gettid)));
    ++arrived_;
    auto all_arrived = [this]()
                           ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return arrived_ % burst_ == 0; };
    mu_.AwaitWithTimeout(absl::Condition(&all_arrived), absl::Seconds(10));
    return grpc::Status::OK;
  }
  // The threads that served the calls since the last time it was asked.
  std::set<long> TakeServedBy() {
    absl::MutexLock lock(&mu_);
    return std::exchange(served_by_, {});
  }

 private:
  const int burst_;
  absl::Mutex mu_;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  std::set<long> served_by_ ABSL_GUARDED_BY(mu_);
};

std::set<long> ThreadsOfThisProcess() {
  std::set<long> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    out.insert(std::stol(entry.path().filename().string()));
  }
  return out;
}

TEST(ServerLimitsTest, TheHandlerThreadsOfABurstServeTheNextOne) {
  constexpr int kBurst = 8;
  server::ServerOptions options;
  options.metrics_listen = "";
  BurstEcho echo(kBurst);
  auto server = server::GrpcServer::Start(options, {&echo});
  ASSERT_TRUE(server.ok()) << server.status();
  const auto channel = ChannelTo((*server)->port());
  auto burst = [&] {
    std::vector<std::thread> callers;
    for (int i = 0; i < kBurst; ++i) {
      callers.emplace_back([&] {
        auto stub = bench::Echo::NewStub(channel);
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(8));
        bench::PingRequest request;
        bench::PingResponse response;
        EXPECT_TRUE(stub->Ping(&context, request, &response).ok());
      });
    }
    for (auto& caller : callers) caller.join();
    return echo.TakeServedBy();
  };
  ASSERT_EQ(burst().size(), kBurst);
  for (int round = 2; round <= 4; ++round) {
    absl::SleepFor(absl::Milliseconds(100));  // the threads go back to waiting for calls
    const std::set<long> existing = ThreadsOfThisProcess();
    const std::set<long> served_by = burst();
    ASSERT_EQ(served_by.size(), kBurst);
    for (long thread : served_by) {
      EXPECT_TRUE(existing.count(thread)) << "a thread was created for a call of burst " << round;
    }
  }
}

}  // namespace
}  // namespace thidua::testing
