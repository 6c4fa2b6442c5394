// TLS over real loopback connections, with a CA the test makes (tests/support/make_test_certs):
// a gRPC server with a certificate, with mutual TLS, the channels the services open to each other
// (PeerChannel), and the gateway serving HTTPS in front of a TLS backend.
#include "common/server/tls.h"

#include <grpcpp/create_channel.h>
#include <httplib.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/server/grpc_server.h"
#include "common/server/peer.h"
#include "common/server/raw_message.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/gateway/gateway_server.h"
#include "services/gateway/route_table.h"
#include "tests/support/process.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::testing {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / absl::StrCat("thidua-tls-", ::getpid());
    ASSERT_EQ(
        thidua::testing::Run(std::string(THIDUA_SOURCE_DIR) + "/tests/support/make_test_certs",
                             {dir_.string()}, (dir_.string() + ".log")),
        0);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(dir_);
    std::filesystem::remove(dir_.string() + ".log");
  }
  static std::string File(const std::string& name) { return (dir_ / name).string(); }

  // A server of nothing but the standard health service, with these credentials.
  static std::unique_ptr<server::GrpcServer> Serve(
      std::shared_ptr<grpc::ServerCredentials> credentials) {
    server::ServerOptions options;
    options.metrics_listen = "";
    options.credentials = std::move(credentials);
    auto server = server::GrpcServer::Start(options, {});
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  // The whole server's health over a channel with these credentials.
  static grpc::Status Check(int port, std::shared_ptr<grpc::ChannelCredentials> credentials) {
    // The certificate names 127.0.0.1 and localhost.
    grpc::GenericStub stub(
        grpc::CreateChannel(absl::StrCat("localhost:", port), std::move(credentials)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    std::string answer;
    return server::RawUnaryCall(stub, context, "/grpc.health.v1.Health/Check", "", &answer);
  }

  static inline std::filesystem::path dir_;
};

TEST_F(TlsTest, AServerWithACertificateServesTlsAndNothingElse) {
  auto credentials = server::ServerCredentialsFromFiles(File("server.pem"), File("server.key"), "");
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  auto server = Serve(*credentials);
  ASSERT_NE(server, nullptr);
  auto trusting = server::ChannelCredentialsFromFiles(File("ca.pem"), "", "");
  ASSERT_TRUE(trusting.ok());
  EXPECT_TRUE(Check(server->port(), *trusting).ok());
  // Plain text, and TLS trusting another CA, reach nothing.
  EXPECT_EQ(Check(server->port(), grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  auto stranger = server::ChannelCredentialsFromFiles(File("other-ca.pem"), "", "");
  ASSERT_TRUE(stranger.ok());
  EXPECT_EQ(Check(server->port(), *stranger).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsAdmitsOnlyClientsWithACertificateOfItsCa) {
  auto credentials =
      server::ServerCredentialsFromFiles(File("server.pem"), File("server.key"), File("ca.pem"));
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  auto server = Serve(*credentials);
  ASSERT_NE(server, nullptr);
  auto anonymous = server::ChannelCredentialsFromFiles(File("ca.pem"), "", "");
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(Check(server->port(), *anonymous).error_code(), grpc::StatusCode::UNAVAILABLE);
  auto client =
      server::ChannelCredentialsFromFiles(File("ca.pem"), File("client.pem"), File("client.key"));
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_TRUE(Check(server->port(), *client).ok());
  // The channels services open to each other use the credentials set at start-up.
  server::SetPeerCredentials(*client);
  grpc::GenericStub peer(server::PeerChannel(absl::StrCat("localhost:", server->port())));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  std::string answer;
  EXPECT_TRUE(
      server::RawUnaryCall(peer, context, "/grpc.health.v1.Health/Check", "", &answer).ok());
  server::SetPeerCredentials(grpc::InsecureChannelCredentials());
}

TEST_F(TlsTest, FilesThatCannotServeAreRefusedAtStart) {
  EXPECT_FALSE(server::ServerCredentialsFromFiles(File("server.pem"), "", "").ok());
  EXPECT_FALSE(server::ServerCredentialsFromFiles("", "", File("ca.pem")).ok());
  EXPECT_FALSE(
      server::ServerCredentialsFromFiles(File("server.pem"), File("missing.key"), "").ok());
  EXPECT_FALSE(server::ServerCredentialsFromFiles(File("server.ext"), File("server.key"), "").ok());
  EXPECT_FALSE(
      server::ChannelCredentialsFromFiles("", File("client.pem"), File("client.key")).ok());
  EXPECT_FALSE(server::ChannelCredentialsFromFiles(File("ca.pem"), File("client.pem"), "").ok());
}

TEST_F(TlsTest, TheGatewayServesHttpsInFrontOfAMutualTlsBackend) {
  auto credentials =
      server::ServerCredentialsFromFiles(File("server.pem"), File("server.key"), File("ca.pem"));
  ASSERT_TRUE(credentials.ok());
  auto backend = Serve(*credentials);
  ASSERT_NE(backend, nullptr);
  (void)registry::v1::Organization::descriptor();
  const auto& pool = *google::protobuf::DescriptorPool::generated_pool();
  auto routes = gateway::RouteTable::Build(pool, {"thidua.registry.v1.Registry"});
  ASSERT_TRUE(routes.ok()) << routes.status();
  auto client =
      server::ChannelCredentialsFromFiles(File("ca.pem"), File("client.pem"), File("client.key"));
  ASSERT_TRUE(client.ok());
  gateway::GatewayOptions options;
  options.tls_cert_file = File("server.pem");
  options.tls_key_file = File("server.key");
  auto gateway = gateway::Gateway::Start(
      options, pool, *std::move(routes),
      {{"thidua.registry.v1.Registry",
        {grpc::CreateChannel(absl::StrCat("localhost:", backend->port()), *client)}}});
  ASSERT_TRUE(gateway.ok()) << gateway.status();

  httplib::SSLClient https("localhost", (*gateway)->port());
  https.set_ca_cert_path(File("ca.pem").c_str());
  https.enable_server_certificate_verification(true);
  auto ready = https.Get("/readyz");
  ASSERT_TRUE(ready) << httplib::to_string(ready.error());
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_EQ(nlohmann::json::parse(ready->body)["backends"]["thidua.registry.v1.Registry"],
            "SERVING");
  // Plain HTTP to the HTTPS port gets no answer.
  httplib::Client plain("localhost", (*gateway)->port());
  plain.set_read_timeout(2, 0);
  auto refused = plain.Get("/healthz");
  EXPECT_TRUE(!refused || refused->status != 200);
  // A client that does not trust the test's CA does not get through.
  httplib::SSLClient stranger("localhost", (*gateway)->port());
  stranger.set_ca_cert_path(File("other-ca.pem").c_str());
  stranger.enable_server_certificate_verification(true);
  EXPECT_FALSE(stranger.Get("/healthz"));
}

}  // namespace
}  // namespace thidua::testing
