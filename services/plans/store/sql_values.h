#pragma once

#include "absl/status/status.h"
#include "common/db/pool.h"
#include "common/db/sql_values.h"

namespace thidua::plans::store {

// The shared conversions (common/db/sql_values.h), by their short names in the plans store.
using db::DateOf;
using db::Iso;
using db::LastId;
using db::SetDate;
using db::SetTime;

// Rows of `table` without an identity key (`key_column` NULL) get the SHA-256 of their text's
// identity (common/text/identity), computed here because SQL cannot: rows written before the key
// existed, keyed at start-up. A row whose key another row already holds (two rows one text by
// identity, kept apart before) stays unkeyed (UPDATE IGNORE), still readable by id. The names are
// the store's own constants, never input.
absl::Status KeyByIdentity(db::Pool& pool, const char* table, const char* text_column,
                           const char* key_column);

}  // namespace thidua::plans::store
