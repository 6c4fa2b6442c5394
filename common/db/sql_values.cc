#include "common/db/sql_values.h"

#include <google/protobuf/util/time_util.h>

#include <memory>

#include "absl/time/time.h"
#include "common/civil_date.h"

namespace thidua::db {

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

int64_t LastId(Connection& conn) {
  std::unique_ptr<sql::ResultSet> id(conn.Prepare("SELECT LAST_INSERT_ID()").executeQuery());
  id->next();
  return id->getInt64(1);
}

}  // namespace thidua::db
