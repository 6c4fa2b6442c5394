#include "services/plans/store/sql_values.h"

#include <google/protobuf/util/time_util.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/civil_date.h"
#include "common/text.h"

namespace thidua::plans::store {

using Rows = std::unique_ptr<sql::ResultSet>;

common::v1::Date DateOf(sql::ResultSet& rs, int column) {
  if (rs.isNull(column)) return {};
  auto day = ParseIso(std::string(rs.getString(column)));
  return day ? ToProto(*day) : common::v1::Date();
}

void SetTime(sql::ResultSet& rs, int column, google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(rs.getString(column)), absl::UTCTimeZone(),
                      &t, &err)) {
    *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
  }
}

std::string Iso(const common::v1::Date& d) {
  auto day = FromProto(d);
  return day.ok() && day->has_value() ? ToIso(**day) : "";
}

void SetDate(sql::PreparedStatement& st, int index, const common::v1::Date& d) {
  const std::string iso = Iso(d);
  if (iso.empty()) {
    st.setNull(index, sql::DataType::DATE);
  } else {
    st.setString(index, iso);
  }
}

int64_t LastId(db::Connection& conn) {
  Rows id(conn.Prepare("SELECT LAST_INSERT_ID()").executeQuery());
  id->next();
  return id->getInt64(1);
}

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
