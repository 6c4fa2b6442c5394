#pragma once

#include <cppconn/resultset.h>

#include <string>

namespace thidua::db {

// The bytes of a BLOB (or binary) column of the current row, "" when NULL. Read as a string with
// its length, in one copy: Connector/C++'s getBlob hands out a stream over a copy of its own,
// which costs two more copies and the stream machinery on every row.
std::string Bytes(sql::ResultSet& rows, int column);

}  // namespace thidua::db
