#include "common/db/bytes.h"

namespace thidua::db {

std::string Bytes(sql::ResultSet& rows, int column) {
  if (rows.isNull(column)) return {};
  const sql::SQLString value = rows.getString(column);
  return std::string(value.c_str(), value.length());
}

}  // namespace thidua::db
