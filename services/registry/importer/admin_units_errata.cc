#include "services/registry/importer/admin_units_errata.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/registry/importer/reference_tsv.h"

namespace thidua::registry::importer {
namespace {

constexpr char kHeader[] = "file\trow\tfield\twrong\tcorrected\treason";

absl::Status ErrataError(int line, absl::string_view what) {
  return ReferenceFileError("errata.tsv", line, what);
}

absl::StatusOr<Erratum> ParseLine(int line, absl::string_view text) {
  std::vector<std::string> f = absl::StrSplit(text, '\t');
  if (f.size() != 6) return ErrataError(line, "expected 6 tab-separated columns");
  for (const std::string& cell : f) {
    if (cell.empty()) return ErrataError(line, "every column is required");
  }
  std::pair<std::string, std::string> key = absl::StrSplit(f[1], absl::MaxSplits('=', 1));
  if (key.first.empty() || key.second.empty()) {
    return ErrataError(line, "row must be column=value");
  }
  if (f[3] == f[4]) return ErrataError(line, "the corrected value is the wrong one");
  // The corrected value is written back into a comma-separated row.
  if (absl::StrContains(f[4], ',')) return ErrataError(line, "a value cannot hold a comma");
  return Erratum{line, f[0], key.first, key.second, f[2], f[3], f[4], f[5]};
}

int ColumnIndex(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Applies one erratum to the content of its CSV file (header row first, no quoting).
absl::Status ApplyOne(const Erratum& e, std::string& csv) {
  std::vector<std::string> lines = absl::StrSplit(csv, '\n');
  if (lines.empty()) return ErrataError(e.line, absl::StrCat(e.file, " is empty"));
  const std::vector<std::string> header =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(lines[0]), ',');
  const int key = ColumnIndex(header, e.key_column);
  const int field = ColumnIndex(header, e.field);
  if (key < 0 || field < 0) {
    return ErrataError(e.line,
                       absl::StrCat(e.file, " has no column ", key < 0 ? e.key_column : e.field));
  }
  const std::string where = absl::StrCat(e.file, " row ", e.key_column, "=", e.key_value);
  int matches = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const absl::string_view row = absl::StripTrailingAsciiWhitespace(lines[i]);
    std::vector<std::string> cells = absl::StrSplit(row, ',');
    if (static_cast<int>(cells.size()) <= std::max(key, field) || cells[key] != e.key_value) {
      continue;
    }
    if (++matches > 1) return ErrataError(e.line, absl::StrCat(where, " is not unique"));
    if (cells[field] != e.wrong) {
      return ErrataError(
          e.line,
          absl::StrCat("stale: ", where, " has ", e.field, " \"", cells[field], "\", not \"",
                       e.wrong, "\"; if the source was corrected, remove the erratum"));
    }
    cells[field] = e.corrected;
    const std::string line_end(lines[i].substr(row.size()));  // keeps a "\r"
    lines[i] = absl::StrCat(absl::StrJoin(cells, ","), line_end);
  }
  if (matches == 0) return ErrataError(e.line, absl::StrCat("stale: ", where, " is gone"));
  csv = absl::StrJoin(lines, "\n");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Erratum>> ParseErrata(absl::string_view tsv) {
  auto lines = DataLines(tsv, "errata.tsv", kHeader);
  if (!lines.ok()) return lines.status();
  std::vector<Erratum> errata;
  for (const TsvLine& line : *lines) {
    auto parsed = ParseLine(line.number, line.text);
    if (!parsed.ok()) return parsed.status();
    errata.push_back(*std::move(parsed));
  }
  return errata;
}

absl::Status ApplyErrata(const std::vector<Erratum>& errata,
                         std::map<std::string, std::string>& files) {
  for (const Erratum& e : errata) {
    auto file = files.find(e.file);
    if (file == files.end() || !absl::EndsWith(e.file, ".csv")) {
      return ErrataError(e.line, absl::StrCat(e.file, " is not a CSV file of the dataset"));
    }
    if (absl::Status s = ApplyOne(e, file->second); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace thidua::registry::importer
