#include "services/reporting/export/rollup_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

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

  // Columns: No., unit, one per figure, status.
  const lxw_col_t last_col = static_cast<lxw_col_t>(c.columns.size() + 2);
  const lxw_col_t split = last_col >= 5 ? last_col / 2 : 2;
  worksheet_set_column(sheet, 0, 0, 6, nullptr);
  worksheet_set_column(sheet, 1, 1, 36, nullptr);
  if (!c.columns.empty()) {
    worksheet_set_column(sheet, 2, static_cast<lxw_col_t>(c.columns.size() + 1), 16, nullptr);
  }
  worksheet_set_column(sheet, last_col, last_col, 22, nullptr);

  // The heading block: the unit on the left, the quốc hiệu and tiêu ngữ on the right.
  worksheet_merge_range(sheet, 0, 0, 0, split - 1, c.superior_unit.c_str(), plain_center);
  worksheet_merge_range(sheet, 1, 0, 1, split - 1, c.unit.c_str(), heading);
  worksheet_merge_range(sheet, 0, split, 0, last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", motto);
  worksheet_merge_range(sheet, 1, split, 1, last_col, "Độc lập - Tự do - Hạnh phúc", heading);
  worksheet_merge_range(sheet, 2, split, 2, last_col, c.generated.c_str(), italic_center);
  worksheet_merge_range(sheet, 4, 0, 4, last_col, c.title.c_str(), title);
  worksheet_merge_range(sheet, 5, 0, 5, last_col, c.period.c_str(), heading);
  worksheet_merge_range(sheet, 6, 0, 6, last_col, c.basis.c_str(), italic_center);

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
      if (i < values.values.size() && values.values[i] &&
          absl::SimpleAtod(*values.values[i], &number)) {
        worksheet_write_number(sheet, r, col, number, f);
      } else {
        worksheet_write_blank(sheet, r, col, f);
      }
    }
    worksheet_write_string(sheet, r, last_col, values.status.c_str(),
                           total ? total_text : cell_text);
  };
  for (size_t i = 0; i < c.rows.size(); ++i) {
    ++row;
    worksheet_write_number(sheet, row, 0, static_cast<double>(i + 1), header);
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
