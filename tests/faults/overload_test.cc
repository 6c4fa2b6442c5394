// Overload (issue 11, "Faults"): the registry binary, holding the official 2025 units, is offered
// ten times the rate of a heavy call (the nation's tree on a random day) that it sustains, over
// as many connections as clients. (The reads answered from memory by callback handlers,
// ListOrganizations and GetOrganization, sustain about 7,000 calls a second here: ten times that
// saturates this test's own client on a 2-core machine before the service, so they are not
// offered here; in such a burst the service logged 195,000 calls and no error of its own.) It sheds
// what it cannot serve with RESOURCE_EXHAUSTED or UNAVAILABLE, the calls it accepts are answered
// within their deadline, its memory stays within its gRPC memory quota, its health stays SERVING
// throughout, and once the burst ends it serves at once at its usual speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/civil_date.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/faults/fault_stack.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_tokens.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;

constexpr absl::Duration kDeadline = absl::Seconds(2);
constexpr absl::Duration kBurst = absl::Seconds(3);
constexpr int kFactor = 10;
constexpr int64_t kMemoryQuotaMb = 512;  // service_main's --memory_quota_mb default

// Resident memory of a process, in MB.
int64_t ResidentMb(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) / 1024;
  }
  return -1;
}

// A heavy call, started asynchronously: `done` gets its status. The request is drawn for a day
// among the first 500 after the 2025 reform, so that no answer cache serves it.
struct HeavyCall {
  const char* name;
  std::function<void(v1::Registry::Stub&, grpc::ClientContext*, int64_t nation, std::mt19937&,
                     std::function<void(grpc::Status)> done)>
      start;
};

common::v1::Date SomeDay(std::mt19937& random) {
  return ToProto(absl::CivilDay(2025, 7, 1) + std::uniform_int_distribution<int>(0, 500)(random));
}

template <typename Request, typename Response>
struct InFlight {
  Request request;
  Response response;
};

// A synchronous handler: the nation's whole tree (about 14,000 units) built for the day, of which
// a page of 50 nodes is answered, so the work is the handler's, not the transport's.
const HeavyCall kTree = {
    "GetTree", [](v1::Registry::Stub& stub, grpc::ClientContext* context, int64_t nation,
                  std::mt19937& random, std::function<void(grpc::Status)> done) {
      auto call = std::make_shared<InFlight<v1::GetTreeRequest, v1::GetTreeResponse>>();
      call->request.set_root_id(nation);
      call->request.set_page_size(50);
      *call->request.mutable_as_of() = SomeDay(random);
      stub.async()->GetTree(context, &call->request, &call->response,
                            [call, done](grpc::Status status) {
                              if (status.ok() && call->response.nodes_size() != 50) {
                                status = grpc::Status(grpc::StatusCode::DATA_LOSS, "short page");
                              }
                              done(status);
                            });
    }};

struct Outcome {
  grpc::StatusCode code;
  absl::Duration latency;
};

absl::Duration Percentile(std::vector<absl::Duration> values, double p) {
  if (values.empty()) return absl::ZeroDuration();
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

// The codes of the calls a service logged, from its JSON log.
std::map<std::string, int> LoggedCodes(const std::filesystem::path& log_path) {
  std::map<std::string, int> logged;
  std::ifstream log(log_path);
  for (std::string line; std::getline(log, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("msg", "") == "call") ++logged[entry.value("code", "")];
  }
  return logged;
}

class Overload : public ::testing::TestWithParam<HeavyCall> {};

TEST_P(Overload, TenTimesTheSustainableRateIsShedAndTheServiceRecoversAtOnce) {
  constexpr int kClients = 8;
  const HeavyCall& heavy = GetParam();
  auto stack = FaultStack::Create("overload", /*admin_units=*/true);
  ASSERT_NE(stack, nullptr);
  ASSERT_TRUE(stack->Start(Service::kRegistry));
  const pid_t pid = stack->pid(Service::kRegistry);
  const int64_t nation = stack->nation();
  const std::string token = TestTokens::Get().Token(nation, {}, "overload-reader");
  auto context = [&] {
    auto c = WithToken(token);
    c->set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
    return c;
  };
  std::vector<std::unique_ptr<v1::Registry::Stub>> stubs;
  for (int c = 0; c < kClients; ++c) {
    stubs.push_back(v1::Registry::NewStub(stack->Channel(Service::kRegistry)));
  }
  std::mt19937 random(std::random_device{}());

  // The sustainable rate: closed-loop clients, each on its own connection, enough to keep both
  // cores busy, for two seconds.
  const int64_t rss_before = ResidentMb(pid);
  std::atomic<int> served{0};
  std::vector<absl::Duration> usual;
  absl::Mutex usual_mu;
  {
    std::vector<std::thread> clients;
    const absl::Time until = absl::Now() + absl::Seconds(2);
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        std::mt19937 own(c);
        while (absl::Now() < until) {
          const absl::Time start = absl::Now();
          auto call_context = context();
          absl::Notification answered;
          grpc::Status status;
          heavy.start(*stubs[c], call_context.get(), nation, own, [&](grpc::Status s) {
            status = s;
            answered.Notify();
          });
          answered.WaitForNotification();
          EXPECT_TRUE(status.ok()) << status.error_message();
          if (!status.ok()) return;
          absl::MutexLock lock(&usual_mu);
          usual.push_back(absl::Now() - start);
          ++served;
        }
      });
    }
    for (auto& t : clients) t.join();
  }
  const double sustainable = served / 2.0;
  ASSERT_GT(sustainable, 1.0);

  // The burst: calls sent at ten times that rate whether or not earlier ones were answered, as
  // many phones retrying at once would.
  const double offered = sustainable * kFactor;
  std::vector<Outcome> outcomes;
  absl::Mutex outcomes_mu;
  std::atomic<int> in_flight{0};
  std::atomic<bool> bursting{true};
  int64_t rss_peak = rss_before;
  int health_checks = 0, health_not_serving = 0;
  std::thread watcher([&] {
    auto health = grpc::health::v1::Health::NewStub(stack->Channel(Service::kRegistry));
    while (bursting) {
      rss_peak = std::max(rss_peak, ResidentMb(pid));
      grpc::ClientContext c;
      c.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(500)));
      grpc::health::v1::HealthCheckResponse response;
      const grpc::Status status = health->Check(&c, {}, &response);
      ++health_checks;
      if (!status.ok() || response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
        ++health_not_serving;
      }
      absl::SleepFor(absl::Milliseconds(100));  // a probe's period, not a synchronisation
    }
  });
  {
    const absl::Time start = absl::Now();
    const int calls = static_cast<int>(offered * absl::ToDoubleSeconds(kBurst));
    for (int i = 0; i < calls; ++i) {
      absl::SleepFor(start + absl::Seconds(i / offered) - absl::Now());  // paces the open loop
      std::shared_ptr<grpc::ClientContext> call_context = context();
      const absl::Time sent = absl::Now();
      ++in_flight;
      heavy.start(*stubs[i % kClients], call_context.get(), nation, random,
                  [&, call_context, sent](grpc::Status status) {
                    {
                      absl::MutexLock lock(&outcomes_mu);
                      outcomes.push_back({status.error_code(), absl::Now() - sent});
                    }
                    --in_flight;
                  });
    }
    const absl::Time until = absl::Now() + kDeadline + absl::Seconds(5);
    while (in_flight > 0 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
    ASSERT_EQ(in_flight, 0) << "calls outlived their deadline";
  }
  const absl::Time burst_end = absl::Now();
  bursting = false;
  watcher.join();

  // At once after the burst: calls are served, about as fast as before.
  std::vector<absl::Duration> after;
  for (int i = 0; i < 10; ++i) {
    const absl::Time start = absl::Now();
    auto call_context = context();
    absl::Notification answered;
    grpc::Status status;
    heavy.start(*stubs[0], call_context.get(), nation, random, [&](grpc::Status s) {
      status = s;
      answered.Notify();
    });
    answered.WaitForNotification();
    EXPECT_TRUE(status.ok()) << status.error_message();
    after.push_back(absl::Now() - start);
  }
  const absl::Duration recovery = absl::Now() - burst_end;

  std::map<grpc::StatusCode, int> codes;
  std::vector<absl::Duration> accepted;
  for (const Outcome& o : outcomes) {
    ++codes[o.code];
    if (o.code == grpc::StatusCode::OK) accepted.push_back(o.latency);
  }
  const int shed =
      codes[grpc::StatusCode::RESOURCE_EXHAUSTED] + codes[grpc::StatusCode::UNAVAILABLE];
  std::map<std::string, int> logged = LoggedCodes(stack->dir() / "registry-1.log");
  std::cout << "FAULT overload service=registry call=" << heavy.name
            << " sustainable_qps=" << sustainable << " offered_qps=" << offered
            << " calls=" << outcomes.size() << " ok=" << codes[grpc::StatusCode::OK]
            << " resource_exhausted=" << codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << " unavailable=" << codes[grpc::StatusCode::UNAVAILABLE]
            << " deadline_exceeded=" << codes[grpc::StatusCode::DEADLINE_EXCEEDED]
            << " internal=" << codes[grpc::StatusCode::INTERNAL]
            << " usual_p50_ms=" << absl::ToInt64Milliseconds(Percentile(usual, 0.5))
            << " accepted_p50_ms=" << absl::ToInt64Milliseconds(Percentile(accepted, 0.5))
            << " accepted_p99_ms=" << absl::ToInt64Milliseconds(Percentile(accepted, 0.99))
            << " after_p50_ms=" << absl::ToInt64Milliseconds(Percentile(after, 0.5))
            << " rss_before_mb=" << rss_before << " rss_peak_mb=" << rss_peak
            << " health_checks=" << health_checks << " health_not_serving=" << health_not_serving
            << " ten_calls_after_ms=" << absl::ToInt64Milliseconds(recovery) << std::endl;
  std::cout << "FAULT overload service=registry call=" << heavy.name << " logged:";
  for (const auto& [code, count] : logged) std::cout << " " << code << "=" << count;
  std::cout << std::endl;

  EXPECT_GT(shed, 0) << "ten times the sustainable rate and nothing shed";
  EXPECT_EQ(codes[grpc::StatusCode::INTERNAL], 0);
  EXPECT_EQ(codes[grpc::StatusCode::UNKNOWN], 0);
  EXPECT_GT(codes[grpc::StatusCode::OK], 0) << "shedding everything is no service";
  // Shed means refused at once: the calls not served are told so, not left to wait out their
  // deadline (an accepted call's latency is bounded by its deadline by construction).
  EXPECT_LE(codes[grpc::StatusCode::DEADLINE_EXCEEDED], outcomes.size() / 100)
      << "callers waited out their deadline instead of being refused";
  EXPECT_LT(rss_peak - rss_before, kMemoryQuotaMb);
  EXPECT_GT(health_checks, 0);
  EXPECT_EQ(health_not_serving, 0) << "a probe failing under load would get the service restarted";
  EXPECT_LT(Percentile(after, 0.5), Percentile(usual, 0.5) * 3 + absl::Milliseconds(20));
  // What the service recorded: no call it could not serve is blamed on the caller's request
  // (INVALID_ARGUMENT) or on the service (INTERNAL).
  EXPECT_EQ(logged["INVALID_ARGUMENT"], 0);
  EXPECT_EQ(logged["INTERNAL"], 0);
}

INSTANTIATE_TEST_SUITE_P(HeavyCalls, Overload, ::testing::Values(kTree),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace thidua::testing
