// The registry client gives up when its caller does: a registry that never answers costs the
// caller its own deadline, not the client's 2-second timeout per page.
#include "services/registry/client/registry_client.h"

#include <arpa/inet.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace thidua {
namespace {

// A TCP port that accepts connections into its backlog and never speaks HTTP/2.
class SilentPort {
 public:
  SilentPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(RegistryClientTest, TheCallersDeadlineTravelsToTheRegistry) {
  SilentPort silent;
  RegistryClient client(grpc::CreateChannel(absl::StrCat("127.0.0.1:", silent.port()),
                                            grpc::InsecureChannelCredentials()),
                        absl::Seconds(2), absl::ZeroDuration());
  server::Call call;
  call.bearer_token = "t";
  call.deadline = absl::Now() + absl::Milliseconds(100);
  const absl::Time start = absl::Now();
  auto listing = client.KindsWithin(call, 1, {}, absl::CivilDay(2026, 1, 1));
  EXPECT_FALSE(listing.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));

  // A caller already gone asks nothing at all.
  call.deadline = absl::Now() - absl::Milliseconds(1);
  const absl::Time again = absl::Now();
  auto chain = client.BatchGet(call, {1, 2, 3}, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(chain.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - again, absl::Milliseconds(50));
}

}  // namespace
}  // namespace thidua
