#pragma once
// The cells of an XLSX workbook as a reader other than the one that wrote it sees them: Python's
// openpyxl (tests/support/xlsx_cells.py), so a test checks what officials' Excel would open.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace thidua::testing {

struct XlsxCell {
  std::string type;    // "n": a number; "s": text
  std::string value;   // the text, or the number as Python writes it ("12", "0.3")
  std::string format;  // the number format ("#,##0", "General")
};

struct XlsxSheet {
  std::string title;
  std::map<std::string, XlsxCell> cells;  // by coordinate: "A1"
  std::vector<std::string> merged;        // "A1:C1"
};

// The first worksheet of the workbook `bytes`.
absl::StatusOr<XlsxSheet> ReadXlsx(const std::string& bytes);

}  // namespace thidua::testing
