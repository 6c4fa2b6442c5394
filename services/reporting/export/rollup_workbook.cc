#include "services/reporting/export/rollup_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace thidua::reporting {
namespace {

// Excel's number format for `scale` decimals, with thousands grouped.
std::string NumberFormat(int scale) {
  return scale <= 0 ? "#,##0"
                    : absl::StrCat("#,##0.", std::string(static_cast<size_t>(scale), '0'));
}

// The file libxlsxwriter writes (Debian's 1.1.4 cannot write to memory), removed when done.
class TemporaryFile {
 public:
  TemporaryFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp", "/thidua-xlsx-XXXXXX");
    const int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
    } else {
      close(fd);
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class Writer {
 public:
  explicit Writer(lxw_workbook* workbook) : workbook_(workbook) {}

  lxw_format* Format(bool bold, bool italic, bool center, bool border, const std::string& number,
                     double size = 0) {
    lxw_format* f = workbook_add_format(workbook_);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size > 0 ? size : 12);
    if (bold) format_set_bold(f);
    if (italic) format_set_italic(f);
    if (center) format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (!number.empty()) format_set_num_format(f, number.c_str());
    return f;
  }

 private:
  lxw_workbook* workbook_;
};

// Writes `text` across columns first..last of `row`: merged, or in the one cell when they are one
// (libxlsxwriter refuses a merge of a single cell).
lxw_error Across(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t first, lxw_col_t last,
                 const std::string& text, lxw_format* format) {
  if (first >= last) return worksheet_write_string(sheet, row, first, text.c_str(), format);
  return worksheet_merge_range(sheet, row, first, row, last, text.c_str(), format);
}

// Excel keeps 15 significant digits: a figure with more is written as text, exact.
bool FitsADouble(const std::string& decimal) {
  int digits = 0;
  bool leading = true;
  for (char c : decimal) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return digits <= 15;
}

}  // namespace

absl::StatusOr<std::string> RollupWorkbook(const RollupWorkbookContent& c) {
  TemporaryFile file;
  if (file.path().empty()) return absl::InternalError("cannot create a temporary file");
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) return absl::InternalError("libxlsxwriter: cannot create a workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Tổng hợp");
  Writer w(workbook);
  lxw_format* heading = w.Format(true, false, true, false, "");
  lxw_format* plain_center = w.Format(false, false, true, false, "");
  lxw_format* motto = w.Format(true, false, true, false, "", 13);
  lxw_format* title = w.Format(true, false, true, false, "", 14);
  lxw_format* italic_center = w.Format(false, true, true, false, "");
  lxw_format* header = w.Format(true, false, true, true, "");
  lxw_format* cell_text = w.Format(false, false, false, true, "");
  lxw_format* total_text = w.Format(true, false, false, true, "");
  lxw_format* plain = w.Format(false, false, false, false, "");
  std::vector<lxw_format*> numbers, total_numbers;
  for (const WorkbookColumn& column : c.columns) {
    numbers.push_back(w.Format(false, false, false, true, NumberFormat(column.scale)));
    total_numbers.push_back(w.Format(true, false, false, true, NumberFormat(column.scale)));
  }

  // Columns: No., unit, one per figure, status; the heading block needs four at least.
  const lxw_col_t last_col = static_cast<lxw_col_t>(std::max<size_t>(c.columns.size() + 2, 3));
  const lxw_col_t split = last_col >= 5 ? last_col / 2 : 2;
  worksheet_set_column(sheet, 0, 0, 6, nullptr);
  worksheet_set_column(sheet, 1, 1, 36, nullptr);
  if (!c.columns.empty()) {
    worksheet_set_column(sheet, 2, static_cast<lxw_col_t>(c.columns.size() + 1), 16, nullptr);
  }
  worksheet_set_column(sheet, last_col, last_col, 22, nullptr);

  // The heading block: the unit on the left, the quốc hiệu and tiêu ngữ on the right.
  lxw_error failed = LXW_NO_ERROR;
  for (lxw_error e :
       {Across(sheet, 0, 0, split - 1, c.superior_unit, plain_center),
        Across(sheet, 1, 0, split - 1, c.unit, heading),
        Across(sheet, 0, split, last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", motto),
        Across(sheet, 1, split, last_col, "Độc lập - Tự do - Hạnh phúc", heading),
        Across(sheet, 2, split, last_col, c.generated, italic_center),
        Across(sheet, 4, 0, last_col, c.title, title),
        Across(sheet, 5, 0, last_col, c.period, heading),
        Across(sheet, 6, 0, last_col, c.basis, italic_center)}) {
    if (e != LXW_NO_ERROR && failed == LXW_NO_ERROR) failed = e;
  }
  if (failed != LXW_NO_ERROR) {
    workbook_close(workbook);
    return absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(failed)));
  }

  lxw_row_t row = 8;
  worksheet_set_row(sheet, row, 45, nullptr);
  worksheet_write_string(sheet, row, 0, "STT", header);
  worksheet_write_string(sheet, row, 1, c.first_column.c_str(), header);
  for (size_t i = 0; i < c.columns.size(); ++i) {
    worksheet_write_string(sheet, row, static_cast<lxw_col_t>(i + 2), c.columns[i].heading.c_str(),
                           header);
  }
  worksheet_write_string(sheet, row, last_col, "Tình hình báo cáo", header);
  auto write_values = [&](lxw_row_t r, const WorkbookRow& values, bool total) {
    for (size_t i = 0; i < c.columns.size(); ++i) {
      const lxw_col_t col = static_cast<lxw_col_t>(i + 2);
      lxw_format* f = total ? total_numbers[i] : numbers[i];
      double number = 0;
      const std::optional<std::string> value =
          i < values.values.size() ? values.values[i] : std::nullopt;
      if (!value) {
        worksheet_write_blank(sheet, r, col, f);
      } else if (FitsADouble(*value) && absl::SimpleAtod(*value, &number)) {
        worksheet_write_number(sheet, r, col, number, f);
      } else {
        worksheet_write_string(sheet, r, col, value->c_str(), f);
      }
    }
    worksheet_write_string(sheet, r, last_col, values.status.c_str(),
                           total ? total_text : cell_text);
  };
  for (size_t i = 0; i < c.rows.size(); ++i) {
    ++row;
    worksheet_write_number(sheet, row, 0, static_cast<double>(i + 1), cell_text);
    worksheet_write_string(sheet, row, 1, c.rows[i].unit.c_str(), cell_text);
    write_values(row, c.rows[i], false);
  }
  ++row;
  worksheet_write_blank(sheet, row, 0, header);
  worksheet_write_string(sheet, row, 1, c.total.unit.c_str(), total_text);
  write_values(row, c.total, true);

  row += 2;
  worksheet_write_string(
      sheet, row, 0, absl::StrCat("Đơn vị chưa báo cáo (", c.missing_units.size(), "):").c_str(),
      heading);
  for (const std::string& unit : c.missing_units) {
    ++row;
    worksheet_write_string(sheet, row, 1, unit.c_str(), plain);
  }
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, 8, 8);

  if (lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(error)));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return absl::InternalError("cannot read the workbook back");
  return bytes.str();
}

}  // namespace thidua::reporting
