#include "services/plans/store/sql_values.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/text.h"

namespace thidua::plans::store {

absl::Status KeyByIdentity(db::Pool& pool, const char* table, const char* text_column,
                           const char* key_column) {
  return pool.Transact(absl::InfiniteFuture(), [&](db::Connection& conn) {
    std::vector<std::pair<int64_t, std::string>> unkeyed;
    {
      std::unique_ptr<sql::ResultSet> rows(
          conn.Prepare(absl::StrCat("SELECT id, ", text_column, " FROM ", table, " WHERE ",
                                    key_column, " IS NULL ORDER BY id FOR UPDATE"))
              .executeQuery());
      while (rows->next()) unkeyed.emplace_back(rows->getInt64(1), rows->getString(2));
    }
    auto& update = conn.Prepare(
        absl::StrCat("UPDATE IGNORE ", table, " SET ", key_column, " = ? WHERE id = ?"));
    for (const auto& [id, value] : unkeyed) {
      update.setString(1, text::IdentityDigest(value));
      update.setInt64(2, id);
      update.executeUpdate();
    }
    return absl::OkStatus();
  });
}

}  // namespace thidua::plans::store
