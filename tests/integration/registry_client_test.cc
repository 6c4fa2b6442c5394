// The registry client (services/registry/client) against a real registry on loopback over MariaDB,
// counting the pages the registry served by its own call metrics:
//   - a listing of several pages is read whole, a group's members included;
//   - when the caller gives up, no further page is asked: a passed deadline answers
//     DEADLINE_EXCEEDED and a cancelled call CANCELLED, instead of working on for nobody. With a
//     generous deadline the same listing asks every page, so a loop that did not check
//     call.GaveUp() fails here.
#include "services/registry/client/registry_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>

#include <atomic>
#include <functional>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "common/server/grpc_server.h"
#include "common/server/metrics.h"
#include "tests/integration/registry_fixture.h"
#include "thidua/bench/v1/echo.grpc.pb.h"

namespace thidua::testing {
namespace {

namespace ix = grpc::experimental;

// The client asks 1000 organisations a page (registry_client.cc): 1001 communes make 2 pages.
constexpr size_t kCommunes = 1001;
constexpr uint64_t kPages = 2;
const absl::CivilDay kAsOf(2026, 1, 1);

// Every `method` call the registries of this process have served, whatever its code.
uint64_t PageCalls(absl::string_view method = "ListOrganizations") {
  const std::string prefix = absl::StrCat("thidua_grpc_calls_total{method=\"", method, "\",");
  uint64_t total = 0;
  for (absl::string_view line :
       absl::StrSplit(server::Metrics::Global().RenderPrometheus(), '\n')) {
    if (!absl::StartsWith(line, prefix)) continue;
    uint64_t n = 0;
    EXPECT_TRUE(absl::SimpleAtoi(line.substr(line.rfind(' ') + 1), &n)) << line;
    total += n;
  }
  return total;
}

// Runs `after_first_page` once the answer of the first ListOrganizations call has arrived, in the
// thread that asked it, before the client can ask the next page.
class AfterFirstPage final : public ix::ClientInterceptorFactoryInterface {
 public:
  explicit AfterFirstPage(std::function<void()> after_first_page)
      : after_first_page_(std::move(after_first_page)) {}
  ix::Interceptor* CreateClientInterceptor(ix::ClientRpcInfo* info) override {
    if (!absl::EndsWith(info->method(), "/ListOrganizations")) return nullptr;
    return new Watch(*this);
  }

 private:
  class Watch final : public ix::Interceptor {
   public:
    explicit Watch(AfterFirstPage& factory) : factory_(factory) {}
    void Intercept(ix::InterceptorBatchMethods* methods) override {
      if (methods->QueryInterceptionHookPoint(ix::InterceptionHookPoints::POST_RECV_STATUS) &&
          factory_.pages_.fetch_add(1) == 0) {
        factory_.after_first_page_();
      }
      methods->Proceed();
    }

   private:
    AfterFirstPage& factory_;
  };
  std::function<void()> after_first_page_;
  std::atomic<int> pages_{0};
};

// The caller's own call: its handler lists the province's communes through the registry client
// on the caller's behalf, as a plans handler does.
class ListingService final : public bench::v1::Echo::Service {
 public:
  ListingService(RegistryClient& client, std::string token, int64_t scope)
      : client_(client), token_(std::move(token)), scope_(scope) {}

  grpc::Status Ping(grpc::ServerContext* context, const bench::v1::PingRequest*,
                    bench::v1::PingResponse*) override {
    served_ = context;
    server::Call call;
    call.bearer_token = token_;
    call.deadline = absl::Now() + absl::Seconds(30);
    call.context = context;
    result_ = client_.KindsWithin(call, scope_, {registry::v1::COMMUNE}, kAsOf).status();
    done_.Notify();
    return grpc::Status::OK;
  }

  const grpc::ServerContext* served_ = nullptr;  // the call being served
  absl::Status result_;                          // the client's answer, once done_
  absl::Notification done_;

 private:
  RegistryClient& client_;
  std::string token_;
  int64_t scope_;
};

class RegistryClientTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    province_ = Create("Tỉnh Lâm Đồng", v1::PROVINCE, nation_id_, D(2025, 7, 1), "68").id();
    for (size_t i = 1; i <= kCommunes && !HasFailure(); ++i) {
      communes_.push_back(
          Create(absl::StrCat("Xã Thử ", i), v1::COMMUNE, province_, D(2025, 7, 1)).id());
    }
  }

  std::string Target() const { return absl::StrCat("127.0.0.1:", replica_->port()); }
  // No reuse of answers: every listing asks the registry.
  std::unique_ptr<RegistryClient> Client(std::shared_ptr<grpc::Channel> channel) const {
    return std::make_unique<RegistryClient>(std::move(channel), absl::Seconds(2),
                                            absl::ZeroDuration());
  }

  server::Call CallUntil(absl::Time deadline) const {
    server::Call call;
    call.bearer_token = admin_;
    call.deadline = deadline;
    return call;
  }

  int64_t province_ = 0;
  std::vector<int64_t> communes_;
};

TEST_F(RegistryClientTest, AGenerousDeadlineAsksEveryPage) {
  auto client = Client(grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials()));
  const uint64_t before = PageCalls();
  auto communes = client->KindsWithin(CallUntil(absl::Now() + absl::Seconds(30)), province_,
                                      {v1::COMMUNE}, kAsOf);
  ASSERT_TRUE(communes.ok()) << communes.status();
  EXPECT_EQ(communes->size(), kCommunes);
  EXPECT_EQ(PageCalls() - before, kPages);
}

TEST_F(RegistryClientTest, AGroupOfMoreThanAPageListsEveryMember) {
  v1::CreateGroupRequest request;
  request.mutable_group()->set_display_name("Các xã điểm về an ninh trật tự");
  request.mutable_group()->set_owner_id(province_);
  for (int64_t id : communes_) {
    auto* member = request.mutable_group()->add_members();
    member->set_organization_id(id);
    *member->mutable_valid_from() = D(2025, 7, 1);
  }
  v1::Group group;
  ASSERT_TRUE(stub().CreateGroup(WithToken(admin_).get(), request, &group).ok());
  auto client = Client(grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials()));
  const uint64_t before = PageCalls("ListGroupMembers");
  auto members =
      client->GroupMembers(CallUntil(absl::Now() + absl::Seconds(30)), group.id(), kAsOf);
  ASSERT_TRUE(members.ok()) << members.status();
  EXPECT_EQ(members->size(), kCommunes);
  EXPECT_EQ(PageCalls("ListGroupMembers") - before, kPages);
}

// Seen: after the registry had been down for a minute, plans failed for seconds more after it came
// back, while gRPC waited out its growing reconnect delay (up to 120 s by default).
TEST_F(RegistryClientTest, ARestartedRegistryIsUsedAgainWithinItsTimeout) {
  const int port = replica_->port();
  auto client = Client(RegistryChannel(absl::StrCat("127.0.0.1:", port)));
  auto ask = [&] {
    return client->Ancestors(CallUntil(absl::Now() + absl::Seconds(30)), communes_[0]).status();
  };
  ASSERT_TRUE(ask().ok());
  replica_.reset();
  // Down for 6 s of failing calls: gRPC's default delay would have grown past 4 s by then.
  const absl::Time down_until = absl::Now() + absl::Seconds(6);
  while (absl::Now() < down_until) {
    EXPECT_EQ(ask().code(), absl::StatusCode::kUnavailable);
  }
  replica_ = std::make_unique<RegistryReplica>(db_->options(), Clock::System(), port);
  // Calls fail at once while the channel waits to reconnect; within a second or so they pass.
  const absl::Time back = absl::Now();
  absl::Status status;
  do {
    status = ask();
  } while (!status.ok() && absl::Now() - back < absl::Seconds(3));
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_LT(absl::Now() - back, absl::Seconds(2)) << "gRPC's default backoff would be 4 s or more";
}

TEST_F(RegistryClientTest, APassedDeadlineAsksNoPage) {
  auto client = Client(grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials()));
  const uint64_t before = PageCalls();
  auto communes = client->KindsWithin(CallUntil(absl::Now() - absl::Milliseconds(12)), province_,
                                      {v1::COMMUNE}, kAsOf);
  EXPECT_EQ(communes.status().code(), absl::StatusCode::kDeadlineExceeded) << communes.status();
  EXPECT_EQ(PageCalls() - before, 0u);
}

TEST_F(RegistryClientTest, ACallCancelledAfterTheFirstPageAsksNoOther) {
  grpc::ClientContext caller;
  ListingService* listing = nullptr;
  // The caller cancels once the first page is in; the next page waits until the served call knows.
  std::vector<std::unique_ptr<ix::ClientInterceptorFactoryInterface>> watch;
  watch.push_back(std::make_unique<AfterFirstPage>([&] {
    caller.TryCancel();
    const absl::Time limit = absl::Now() + absl::Seconds(5);
    while (!listing->served_->IsCancelled() && absl::Now() < limit) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  }));
  auto client = Client(ix::CreateCustomChannelWithInterceptors(
      Target(), grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(watch)));
  ListingService service(*client, admin_, province_);
  listing = &service;
  server::ServerOptions options;
  options.metrics_listen = "";
  auto server = server::GrpcServer::Start(options, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = bench::v1::Echo::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*server)->port()), grpc::InsecureChannelCredentials()));

  const uint64_t before = PageCalls();
  bench::v1::PingResponse response;
  EXPECT_EQ(stub->Ping(&caller, {}, &response).error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(service.done_.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(service.result_.code(), absl::StatusCode::kCancelled) << service.result_;
  EXPECT_EQ(PageCalls() - before, 1u) << "pages asked after the caller gave up";
  (*server)->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace thidua::testing
