#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/db/pool.h"
#include "thidua/common/v1/date.pb.h"

namespace thidua::plans::store {

// Conversions between SQL values and the contract's types, shared by the plans store's files.
std::string Blob(sql::ResultSet& rs, int column);
// An unset Date for SQL NULL.
common::v1::Date DateOf(sql::ResultSet& rs, int column);
void SetTime(sql::ResultSet& rs, int column, google::protobuf::Timestamp* out);
// "YYYY-MM-DD", or "" for an unset or impossible date.
std::string Iso(const common::v1::Date& d);
// Binds a date, or SQL NULL when unset.
void SetDate(sql::PreparedStatement& st, int index, const common::v1::Date& d);
int64_t LastId(db::Connection& conn);

}  // namespace thidua::plans::store
