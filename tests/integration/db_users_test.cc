// The two database users of deploy/local/db-users.sql: the migration user brings the schema up to
// date, the serving user starts on it and writes rows, and cannot alter, empty or drop the audit
// log.
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "common/db/migration.h"
#include "tests/integration/registry_fixture.h"

namespace thidua::registry {
std::vector<db::Migration> Migrations();
}

namespace thidua::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// The SQL error number of running `sql`, 0 when it succeeded.
int ErrorOf(db::Pool& pool, const std::string& sql) {
  int code = 0;
  const absl::Status status = pool.Run(absl::Now() + absl::Seconds(5), [&](db::Connection& conn) {
    try {
      conn.Execute(sql);
    } catch (const sql::SQLException& e) {
      code = e.getErrorCode();
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return code;
}

TEST(DbUsersTest, TheServingUserWritesRowsButCannotTouchTheSchemaOrTheAuditLog) {
  auto database = TestDatabase::Create();
  const std::string service = database->name();
  const std::string sql = absl::StrReplaceAll(
      ReadFile(std::string(THIDUA_SOURCE_DIR) + "/deploy/local/db-users.sql"),
      {{"@SERVICE@", service}, {"@PASSWORD@", "serve-pw"}, {"@MIGRATE_PASSWORD@", "migrate-pw"}});
  ASSERT_FALSE(sql.empty());
  for (const std::string& statement : db::SplitStatements(sql)) {
    ASSERT_EQ(ErrorOf(database->pool(), statement), 0) << statement;
  }

  db::Options migrate = database->options(1);
  migrate.user = service + "_migrate";
  migrate.password = "migrate-pw";
  auto migrator = db::Pool::Open(migrate);
  ASSERT_TRUE(migrator.ok()) << migrator.status();
  ASSERT_TRUE(db::Migrate(**migrator, registry::Migrations()).ok());

  db::Options serve = database->options(1);
  serve.user = service;
  serve.password = "serve-pw";
  auto server = db::Pool::Open(serve);
  ASSERT_TRUE(server.ok()) << server.status();
  // Nothing pending: starting up only reads the applied migrations.
  ASSERT_TRUE(db::Migrate(**server, registry::Migrations()).ok());

  db::Pool& pool = **server;
  EXPECT_EQ(ErrorOf(pool,
                    "INSERT INTO audit_log (subject, organization_id, method, request_id, "
                    "resource, details) VALUES ('s', 1, 'M', '', 'r', '{}')"),
            0);
  constexpr int kDenied = 1142;  // command denied to user
  EXPECT_EQ(ErrorOf(pool, "DROP TABLE audit_log"), kDenied);
  EXPECT_EQ(ErrorOf(pool, "TRUNCATE TABLE audit_log"), kDenied);
  EXPECT_EQ(ErrorOf(pool, "ALTER TABLE audit_log ADD COLUMN x INT"), kDenied);
  EXPECT_NE(ErrorOf(pool, "DROP TRIGGER IF EXISTS audit_log_no_update"), 0);
  EXPECT_NE(ErrorOf(pool, "DELETE FROM audit_log"), 0);  // the append-only trigger
  EXPECT_NE(ErrorOf(pool, "UPDATE audit_log SET subject = 'x'"), 0);

  for (const std::string& user : {service, service + "_migrate"}) {
    ASSERT_EQ(ErrorOf(database->pool(), "DROP USER '" + user + "'@'localhost'"), 0);
  }
}

}  // namespace
}  // namespace thidua::testing
