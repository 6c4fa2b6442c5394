#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua::registry::importer {

// One data line of a reference file, with its 1-based line number for error messages.
struct TsvLine {
  int number = 0;
  absl::string_view text;
};

// The data lines of a tab-separated reference file beside the dataset (errata.tsv, renames.tsv):
// blank lines and "#" comments are skipped, and the first other line must be `header` exactly.
// DATA_LOSS naming `file` and the line otherwise.
absl::StatusOr<std::vector<TsvLine>> DataLines(absl::string_view tsv, absl::string_view file,
                                               absl::string_view header);

// DATA_LOSS: "admin-units-2025: <file> line <n>: <what>".
absl::Status ReferenceFileError(absl::string_view file, int line, absl::string_view what);

}  // namespace thidua::registry::importer
