#pragma once

#include <cstddef>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"

namespace thidua::db {

// Multi-row statements whose shapes stay few. Every connection caches its prepared statements by
// SQL text, so a statement built for exactly n rows would leave one cached statement per n seen;
// rounding to powers of two keeps at most a handful per table while saving the round trips of a
// row-at-a-time loop.

// Inserts `rows` rows in chunks of at most 64, each chunk a power of two: `head` is
// "INSERT INTO t (a, b) VALUES", `row` is "(?, ?)" with `params_per_row` markers, and
// `bind(statement, first_index, i)` binds row i's values starting at parameter `first_index`.
void InsertRows(Connection& conn, absl::string_view head, absl::string_view row, int params_per_row,
                size_t rows, absl::FunctionRef<void(sql::PreparedStatement&, int, size_t)> bind);

// The number of markers an IN list of n values is given: n rounded up to a power of two. Bind the
// extra markers to a repeat of the last value; duplicates do not change an IN test.
size_t PaddedCount(size_t n);
// "(?, ?, ?)" with n markers.
std::string Markers(size_t n);

}  // namespace thidua::db
