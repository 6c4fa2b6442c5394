// What validation accepts, the store holds: every request field that declares the column it is
// stored in (thidua/common/v1/text.proto) has exactly that column's size, counted in code points
// as MariaDB counts VARCHAR of utf8mb4; a binary column holds the field's longest UTF-8 (4 bytes a
// code point), and a column of CHARACTER SET ascii takes a field declared ascii. Runs every
// service's migrations in a fresh schema and reads information_schema.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/migration.h"
#include "common/server/text_fields.h"
#include "tests/support/test_database.h"
#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::registry {
std::vector<db::Migration> Migrations();
}
namespace thidua::plans {
std::vector<db::Migration> Migrations();
}
namespace thidua::reporting {
std::vector<db::Migration> Migrations();
}

namespace thidua::testing {
namespace {

namespace pb = google::protobuf;

struct ColumnType {
  std::string data_type;
  int64_t characters = 0;
  int64_t bytes = 0;
  std::string charset;  // empty for a binary or numeric column
};

std::optional<ColumnType> LookUp(db::Pool& pool, const std::string& schema,
                                 const std::string& table, const std::string& column) {
  std::optional<ColumnType> found;
  absl::Status status = pool.Run(absl::InfiniteFuture(), [&](db::Connection& conn) {
    auto& select = conn.Prepare(
        "SELECT DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH,"
        " COALESCE(CHARACTER_SET_NAME, '')"
        " FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?");
    select.setString(1, schema);
    select.setString(2, table);
    select.setString(3, column);
    std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
    if (rows->next()) {
      found = ColumnType{rows->getString(1), rows->getInt64(2), rows->getInt64(3),
                         std::string(rows->getString(4))};
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return found;
}

void ExpectColumnsHoldWhatIsAccepted(const char* service_name,
                                     const std::vector<db::Migration>& migrations) {
  auto database = TestDatabase::Create();
  ASSERT_TRUE(db::Migrate(database->pool(), migrations).ok());
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(service_name);
  ASSERT_NE(service, nullptr) << service_name;
  int checked = 0;
  for (int i = 0; i < service->method_count(); ++i) {
    const pb::MethodDescriptor& method = *service->method(i);
    for (const server::TextField& field : server::TextFieldsOf(*method.input_type())) {
      if (field.rule == nullptr || field.rule->column().empty()) continue;
      const std::vector<std::string> parts = absl::StrSplit(field.rule->column(), '.');
      ASSERT_EQ(parts.size(), 2u) << field.path;
      const std::string where =
          absl::StrCat(method.full_name(), " ", field.path, " → ", field.rule->column());
      auto column = LookUp(database->pool(), database->name(), parts[0], parts[1]);
      ASSERT_TRUE(column.has_value()) << where << ": no such column";
      const int64_t max = field.rule->max_chars();
      if (column->data_type == "varchar" || column->data_type == "char") {
        EXPECT_EQ(column->characters, max) << where;
      } else {
        EXPECT_GE(column->bytes, 4 * max) << where << " (" << column->data_type << ")";
      }
      // A column of ascii takes only ASCII, and MariaDB refuses to compare it with other text
      // (error 1267): the field must refuse it first.
      EXPECT_EQ(field.rule->ascii(), column->charset == "ascii")
          << where << " (" << column->charset << "): declare ascii: true exactly for ascii columns";
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << service_name;
}

TEST(TextColumnsTest, RegistryColumnsHoldEveryAcceptedValue) {
  ExpectColumnsHoldWhatIsAccepted("thidua.registry.v1.Registry", registry::Migrations());
}

TEST(TextColumnsTest, PlansColumnsHoldEveryAcceptedValue) {
  ExpectColumnsHoldWhatIsAccepted("thidua.plans.v1.Plans", plans::Migrations());
}

TEST(TextColumnsTest, ReportingColumnsHoldEveryAcceptedValue) {
  (void)reporting::v1::Indicator::descriptor();
  ExpectColumnsHoldWhatIsAccepted("thidua.reporting.v1.Reporting", reporting::Migrations());
}

}  // namespace
}  // namespace thidua::testing
