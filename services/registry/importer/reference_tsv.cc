#include "services/registry/importer/reference_tsv.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace thidua::registry::importer {

absl::Status ReferenceFileError(absl::string_view file, int line, absl::string_view what) {
  return absl::DataLossError(absl::StrCat("admin-units-2025: ", file, " line ", line, ": ", what));
}

absl::StatusOr<std::vector<TsvLine>> DataLines(absl::string_view tsv, absl::string_view file,
                                               absl::string_view header) {
  std::vector<TsvLine> lines;
  bool header_seen = false;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (!header_seen) {
      if (line != header) {
        return ReferenceFileError(file, number, absl::StrCat("expected the header ", header));
      }
      header_seen = true;
      continue;
    }
    lines.push_back({number, line});
  }
  if (!header_seen) return ReferenceFileError(file, number, "no header line");
  return lines;
}

}  // namespace thidua::registry::importer
