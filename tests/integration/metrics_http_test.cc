// The metrics endpoint every service and the gateway run (cpp-httplib): GET /metrics in the
// Prometheus text format, nothing else, and a port another process holds is an error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "common/server/metrics.h"

namespace thidua::server {
namespace {

TEST(MetricsHttpServer, ServesThePrometheusTextAtMetrics) {
  Metrics::Global().Record("/thidua.test.v1.Test/Probe", 0, absl::Milliseconds(3));
  auto metrics = MetricsHttpServer::Start("127.0.0.1:0");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  httplib::Client client("127.0.0.1", (*metrics)->port());
  auto answer = client.Get("/metrics");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->get_header_value("Content-Type"), "text/plain; version=0.0.4");
  EXPECT_THAT(answer->body, ::testing::HasSubstr("/thidua.test.v1.Test/Probe"));
  auto other = client.Get("/other");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

TEST(MetricsHttpServer, APortAlreadyHeldIsAnError) {
  auto first = MetricsHttpServer::Start("127.0.0.1:0");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = MetricsHttpServer::Start(absl::StrCat("127.0.0.1:", (*first)->port()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(MetricsHttpServer, RefusesAMalformedAddress) {
  for (const std::string listen : {"", "127.0.0.1", ":9150", "127.0.0.1:70000", "127.0.0.1:x"}) {
    EXPECT_EQ(MetricsHttpServer::Start(listen).status().code(), absl::StatusCode::kInvalidArgument)
        << listen;
  }
}

}  // namespace
}  // namespace thidua::server
