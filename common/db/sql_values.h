#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>

#include "common/db/pool.h"
#include "thidua/common/v1/date.pb.h"

namespace thidua::db {

// Conversions between SQL values and the contracts' types, shared by every service's store.
// An unset Date for SQL NULL.
common::v1::Date DateOf(sql::ResultSet& rs, int column);
// A TIMESTAMP column (read in UTC, as the pool's sessions run) as a Timestamp.
void SetTime(sql::ResultSet& rs, int column, google::protobuf::Timestamp* out);
// "YYYY-MM-DD", or "" for an unset or impossible date.
std::string Iso(const common::v1::Date& d);
// Binds a date, or SQL NULL when unset.
void SetDate(sql::PreparedStatement& st, int index, const common::v1::Date& d);
// The AUTO_INCREMENT id the connection's last INSERT gave.
int64_t LastId(Connection& conn);

}  // namespace thidua::db
