#include "services/registry/importer/admin_units_renames.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/importer/reference_tsv.h"

namespace thidua::registry::importer {
namespace {

constexpr char kHeader[] = "code\teffective\tname_before\tname_from\tlegal_basis\tsource";

absl::Status RenamesError(int line, absl::string_view what) {
  return ReferenceFileError("renames.tsv", line, what);
}

// Names and the legal basis go to the registry as the API would store them (NFC, single spaces),
// within their columns (organization_versions.display_name, organization_events.legal_basis; the
// source goes into the event's note of 2,000).
absl::Status CleanCell(int line, const char* column, text::TextKind kind, size_t max_chars,
                       std::string& value) {
  if (auto problem = text::Clean(kind, max_chars, value)) {
    return RenamesError(line, absl::StrCat(column, ": ", problem->english));
  }
  return absl::OkStatus();
}

absl::StatusOr<Rename> ParseLine(int line, absl::string_view text) {
  std::vector<std::string> f = absl::StrSplit(text, '\t');
  if (f.size() != 6) return RenamesError(line, "expected 6 tab-separated columns");
  for (const std::string& cell : f) {
    if (cell.empty()) return RenamesError(line, "every column is required");
  }
  Rename r;
  r.line = line;
  r.code = f[0];
  if ((r.code.size() != 2 && r.code.size() != 3 && r.code.size() != 5) ||
      !std::all_of(r.code.begin(), r.code.end(), absl::ascii_isdigit)) {
    return RenamesError(line, "code must be a GSO code of 2, 3 or 5 digits");
  }
  const auto day = ParseIso(f[1]);
  if (!day) return RenamesError(line, "effective must be a date YYYY-MM-DD");
  r.effective = *day;
  r.name_before = f[2];
  r.name_from = f[3];
  r.legal_basis = f[4];
  r.source = f[5];
  absl::Status s = CleanCell(line, "name_before", text::TextKind::kName, 500, r.name_before);
  s.Update(CleanCell(line, "name_from", text::TextKind::kName, 500, r.name_from));
  s.Update(CleanCell(line, "legal_basis", text::TextKind::kLine, 300, r.legal_basis));
  s.Update(CleanCell(line, "source", text::TextKind::kLine, 1500, r.source));
  if (!s.ok()) return s;
  if (r.name_before == r.name_from) return RenamesError(line, "the names are the same");
  return r;
}

}  // namespace

absl::StatusOr<std::vector<Rename>> ParseRenames(absl::string_view tsv) {
  auto lines = DataLines(tsv, "renames.tsv", kHeader);
  if (!lines.ok()) return lines.status();
  std::vector<Rename> renames;
  for (const TsvLine& line : *lines) {
    auto parsed = ParseLine(line.number, line.text);
    if (!parsed.ok()) return parsed.status();
    renames.push_back(*std::move(parsed));
  }
  return renames;
}

}  // namespace thidua::registry::importer
