#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "absl/status/status.h"
#include "common/db/pool.h"
#include "thidua/common/v1/date.pb.h"

namespace thidua::plans::store {

// Conversions between SQL values and the contract's types, shared by the plans store's files.
// An unset Date for SQL NULL.
common::v1::Date DateOf(sql::ResultSet& rs, int column);
void SetTime(sql::ResultSet& rs, int column, google::protobuf::Timestamp* out);
// "YYYY-MM-DD", or "" for an unset or impossible date.
std::string Iso(const common::v1::Date& d);
// Binds a date, or SQL NULL when unset.
void SetDate(sql::PreparedStatement& st, int index, const common::v1::Date& d);
int64_t LastId(db::Connection& conn);
// Rows of `table` without an identity key (`key_column` NULL) get the SHA-256 of their text's
// identity (common/text/identity), computed here because SQL cannot: rows written before the key
// existed, keyed at start-up. A row whose key another row already holds (two rows one text by
// identity, kept apart before) stays unkeyed (UPDATE IGNORE), still readable by id. The names are
// the store's own constants, never input.
absl::Status KeyByIdentity(db::Pool& pool, const char* table, const char* text_column,
                           const char* key_column);

}  // namespace thidua::plans::store
