#include "tests/support/registry_server.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/db/migration.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/registry/store/registry_store.h"
#include "tests/support/test_tokens.h"

namespace thidua::registry {
std::vector<db::Migration> Migrations();
}

namespace thidua::testing {

void Migrate(db::Pool& pool) {
  const absl::Status migrated = db::Migrate(pool, registry::Migrations());
  ASSERT_TRUE(migrated.ok()) << migrated;
}

int64_t InsertNation(db::Pool& pool) {
  int64_t id = 0;
  const absl::Status written =
      pool.Transact(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
        registry::Organization nation;
        nation.kind = registry::v1::NATION;
        nation.versions.push_back({{}, "Cộng hòa xã hội chủ nghĩa Việt Nam", "cong hoa", 0});
        registry::store::InsertOrganization(conn, nation);
        id = nation.id;
        return absl::OkStatus();
      });
  EXPECT_TRUE(written.ok()) << written;
  return id;
}

RegistryReplica::RegistryReplica(const db::Options& options, const Clock& clock, int port)
    : model_(clock) {
  auto pool = db::Pool::Open(options);
  EXPECT_TRUE(pool.ok()) << pool.status();
  pool_ = *std::move(pool);
  Migrate(*pool_);
  follower_ = std::make_unique<registry::ChangeFollower>(*pool_, model_, absl::Milliseconds(50));
  EXPECT_TRUE(follower_->LoadAll().ok());
  follower_->Start();
  service_ = std::make_unique<registry::RegistryService>(*pool_, model_,
                                                         TestTokens::Get().verifier(), clock);
  auto server = server::GrpcServer::Start({absl::StrCat("127.0.0.1:", port), ""}, {service_.get()});
  EXPECT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  stub_ = registry::v1::Registry::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
}

RegistryReplica::~RegistryReplica() {
  server_->Shutdown(absl::Seconds(1));
  follower_->Stop();
}

std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

ErrorDetails DetailsOf(const grpc::Status& status) {
  ErrorDetails out;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::LocalizedMessage localized;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) out.reason = info.reason();
    if (any.UnpackTo(&localized)) out.vietnamese = localized.message();
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) out.fields.push_back(v.field());
    }
  }
  return out;
}

}  // namespace thidua::testing
