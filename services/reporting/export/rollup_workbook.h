#pragma once
// A consolidated report as the workbook officials file (XLSX): the unit's heading on the left and
// the quốc hiệu and tiêu ngữ on the right, the title with the period, a table of one row per unit
// with a column per figure and a total row, and the units that have not reported. Written with
// libxlsxwriter; numbers are numeric cells with a format of the indicator's decimals.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace thidua::reporting {

struct WorkbookColumn {
  std::string heading;  // "Số buổi tuyên truyền (buổi)", with the category when broken down
  int scale = 0;        // decimals shown
};

struct WorkbookRow {
  std::string unit;                                // the unit's name on the period's day
  std::vector<std::optional<std::string>> values;  // exact decimals, one per column; unset: none
  std::string status;  // "Đã tiếp nhận", "Chưa báo cáo (2/5)", ...
};

struct RollupWorkbookContent {
  std::string superior_unit;  // the line above the unit's name (may be empty)
  std::string unit;           // the unit the roll-up is of: "TỈNH LÂM ĐỒNG"
  std::string title;          // "BÁO CÁO TỔNG HỢP ..."
  std::string period;         // "Năm 2026 (từ 15/11/2025 đến 14/11/2026)"
  std::string basis;  // "Số liệu các báo cáo đã tiếp nhận" or with those waiting
  std::string first_column;  // "Đơn vị"
  std::vector<WorkbookColumn> columns;
  std::vector<WorkbookRow> rows;
  WorkbookRow total;
  std::vector<std::string> missing_units;  // names, in order
  std::string generated;                   // "Lập ngày 01/12/2026"
};

// The workbook's bytes; INTERNAL when libxlsxwriter or the temporary file fails.
absl::StatusOr<std::string> RollupWorkbook(const RollupWorkbookContent& content);

}  // namespace thidua::reporting
