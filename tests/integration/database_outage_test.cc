// The database stopped under running services and started again (issue 7: "with the database
// down, callers get UNAVAILABLE ... log it, don't send it"): while it is down, a call that needs
// it is UNAVAILABLE and carries neither the driver's text nor the server's socket path, reads the
// registry serves from memory go on, and once it is back both services serve again within 5 s,
// without a restart. A private MariaDB of this test's own, so the harness's is never stopped.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "tests/integration/plans_fixture.h"
#include "tests/support/process.h"

namespace thidua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class DatabaseOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / absl::StrCat("thidua-outage-", getpid());
    std::filesystem::remove_all(dir_);
    ASSERT_EQ(Mariadb("start"), 0) << "see " << dir_ << ".log";
  }
  void TearDown() override {
    plans_.reset();
    replica_.reset();
    registry_db_.reset();
    plans_db_.reset();
    Mariadb("stop");
    std::filesystem::remove_all(dir_);
  }

  int Mariadb(const std::string& verb) {
    std::vector<std::string> args = {verb, dir_.string()};
    if (verb == "start") args.push_back("--fast");
    return testing::Run(std::string(THIDUA_SOURCE_DIR) + "/deploy/local/mariadb", args,
                        dir_.string() + ".log");
  }
  std::string Socket() const { return (dir_ / "mysqld.sock").string(); }

  std::filesystem::path dir_;
  std::unique_ptr<TestDatabase> registry_db_, plans_db_;
  std::unique_ptr<RegistryReplica> replica_;
  std::unique_ptr<PlansServer> plans_;
};

// What a caller may read of a status: its message and every detail.
std::string Shown(const grpc::Status& status) {
  return absl::StrCat(status.error_message(), " ", status.error_details());
}

TEST_F(DatabaseOutageTest, CallersGetUnavailableWithoutDriverTextAndServiceResumesOnItsReturn) {
  registry_db_ = TestDatabase::Create(Socket());
  plans_db_ = TestDatabase::Create(Socket());
  ASSERT_TRUE(registry_db_ && plans_db_);
  Migrate(registry_db_->pool());
  const int64_t nation = InsertNation(registry_db_->pool());
  replica_ = std::make_unique<RegistryReplica>(registry_db_->options());
  plans_ = std::make_unique<PlansServer>(plans_db_->options(),
                                         absl::StrCat("127.0.0.1:", replica_->port()));
  const std::string admin = TestTokens::Get().Token(nation, {"registry-admin"}, "admin");
  const std::string editor = TestTokens::Get().Token(nation, {"plans-editor"}, "editor");

  auto create = [&](const std::string& name) {
    v1::CreateOrganizationRequest request;
    request.mutable_organization()->set_display_name(name);
    request.mutable_organization()->set_kind(v1::PROVINCE);
    request.mutable_organization()->set_parent_id(nation);
    *request.mutable_organization()->mutable_valid_from() = D(2025, 7, 1);
    v1::Organization out;
    return replica_->stub().CreateOrganization(WithToken(admin).get(), request, &out);
  };
  auto list_plans = [&] {
    pv1::ListPlansResponse out;
    return plans_->stub().ListPlans(WithToken(editor).get(), {}, &out);
  };
  auto get_nation = [&] {
    v1::GetOrganizationRequest request;
    request.set_id(nation);
    v1::Organization out;
    return replica_->stub().GetOrganization(WithToken(admin).get(), request, &out);
  };
  ASSERT_TRUE(create("Tỉnh Lâm Đồng").ok());
  ASSERT_TRUE(list_plans().ok());

  ASSERT_EQ(Mariadb("stop"), 0);
  for (const grpc::Status& down : {create("Tỉnh Sơn La"), list_plans()}) {
    EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
    EXPECT_THAT(Shown(down), Not(HasSubstr(Socket())));
    EXPECT_THAT(Shown(down), Not(HasSubstr("mysqld")));
    EXPECT_THAT(Shown(down), Not(HasSubstr("MySQL")));
    EXPECT_THAT(Shown(down), Not(HasSubstr("MariaDB")));
  }
  EXPECT_TRUE(get_nation().ok()) << "the registry's reads come from memory";

  ASSERT_EQ(Mariadb("start"), 0);
  const absl::Time back = absl::Now();
  grpc::Status created, listed;
  do {
    created = create("Tỉnh Sơn La");
    listed = list_plans();
  } while ((!created.ok() || !listed.ok()) && absl::Now() - back < absl::Seconds(5));
  EXPECT_TRUE(created.ok()) << created.error_message();
  EXPECT_TRUE(listed.ok()) << listed.error_message();
}

}  // namespace
}  // namespace thidua::testing
