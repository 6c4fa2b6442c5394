#include "common/db/batch.h"

#include "absl/strings/str_cat.h"

namespace thidua::db {

size_t PaddedCount(size_t n) {
  size_t padded = 1;
  while (padded < n) padded *= 2;
  return padded;
}

std::string Markers(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i == 0 ? "?" : ", ?");
  return out + ")";
}

void InsertRows(Connection& conn, absl::string_view head, absl::string_view row, int params_per_row,
                size_t rows, absl::FunctionRef<void(sql::PreparedStatement&, int, size_t)> bind) {
  constexpr size_t kMaxChunk = 64;
  size_t done = 0;
  while (done < rows) {
    size_t chunk = kMaxChunk;
    while (chunk > rows - done) chunk /= 2;
    std::string sql(head);
    for (size_t i = 0; i < chunk; ++i) absl::StrAppend(&sql, i == 0 ? " " : ", ", row);
    auto& insert = conn.Prepare(sql);
    for (size_t i = 0; i < chunk; ++i) {
      bind(insert, static_cast<int>(i) * params_per_row + 1, done + i);
    }
    insert.executeUpdate();
    done += chunk;
  }
}

}  // namespace thidua::db
