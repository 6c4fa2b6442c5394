// The consolidated report's workbook, opened with openpyxl (not the library that wrote it): the
// cells officials read, numbers as numbers with the indicator's decimals.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/export/rollup_workbook.h"
#include "tests/support/xlsx_cells.h"

namespace thidua::reporting {
namespace {

using ::testing::Contains;

RollupWorkbookContent Content() {
  RollupWorkbookContent c;
  c.superior_unit = "Bộ Công an";
  c.unit = "Công an tỉnh Lâm Đồng";
  c.title = "TỔNG HỢP Báo cáo kết quả Phong trào Toàn dân bảo vệ ANTQ";
  c.period = "Năm 2026 (từ ngày 15/11/2025 đến ngày 14/11/2026)";
  c.basis = "Số liệu của các báo cáo đã được tiếp nhận";
  c.first_column = "Đơn vị";
  c.columns = {{"Số buổi tuyên truyền (buổi)", 0},
               {"Vật liệu nổ: Thuốc nổ (kg)", 3},
               {"Tỷ lệ đạt chuẩn An toàn về ANTT (%)", 1}};
  c.rows = {{"Phường Xuân Hương - Đà Lạt", {"12", "0.125", "80"}, "Đã nhận 1/1"},
            {"Xã Lạc Dương", {std::nullopt, std::nullopt, std::nullopt}, "Đã nhận 0/1"}};
  c.total = {"Tổng cộng", {"12", "0.125", "80"}, "Đã nhận 1/2"};
  c.missing_units = {"Xã Lạc Dương"};
  c.generated = "Lập ngày 01/12/2026";
  return c;
}

TEST(ReportingWorkbookTest, OfficialsReadTheHeadingTheTableAndWhoIsMissing) {
  auto bytes = RollupWorkbook(Content());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto sheet = testing::ReadXlsx(*bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->title, "Tổng hợp");
  auto text = [&](const std::string& at) {
    auto it = sheet->cells.find(at);
    return it == sheet->cells.end() ? std::string("(empty)") : it->second.value;
  };
  // Five columns (No., unit, three figures, status: A..F): the unit's block on the left, the
  // quốc hiệu and tiêu ngữ on the right.
  EXPECT_EQ(text("A1"), "Bộ Công an");
  EXPECT_EQ(text("A2"), "Công an tỉnh Lâm Đồng");
  EXPECT_EQ(text("C1"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_EQ(text("C2"), "Độc lập - Tự do - Hạnh phúc");
  EXPECT_EQ(text("C3"), "Lập ngày 01/12/2026");
  EXPECT_THAT(sheet->merged, Contains("C1:F1"));
  EXPECT_EQ(text("A5"), "TỔNG HỢP Báo cáo kết quả Phong trào Toàn dân bảo vệ ANTQ");
  EXPECT_EQ(text("A6"), "Năm 2026 (từ ngày 15/11/2025 đến ngày 14/11/2026)");
  EXPECT_THAT(sheet->merged, Contains("A5:F5"));
  // The table: headings on row 9, one row per unit, the total.
  EXPECT_EQ(text("A9"), "STT");
  EXPECT_EQ(text("B9"), "Đơn vị");
  EXPECT_EQ(text("D9"), "Vật liệu nổ: Thuốc nổ (kg)");
  EXPECT_EQ(text("F9"), "Tình hình báo cáo");
  EXPECT_EQ(text("B10"), "Phường Xuân Hương - Đà Lạt");
  const testing::XlsxCell& sessions = sheet->cells.at("C10");
  EXPECT_EQ(sessions.type, "n");
  EXPECT_EQ(sessions.value, "12");
  EXPECT_EQ(sessions.format, "#,##0");
  const testing::XlsxCell& explosives = sheet->cells.at("D10");
  EXPECT_EQ(explosives.type, "n");
  EXPECT_EQ(explosives.value, "0.125");
  EXPECT_EQ(explosives.format, "#,##0.000");
  EXPECT_EQ(sheet->cells.at("E10").format, "#,##0.0");
  EXPECT_EQ(text("C11"), "(empty)");  // nothing accepted from Xã Lạc Dương
  EXPECT_EQ(text("F11"), "Đã nhận 0/1");
  EXPECT_EQ(text("B12"), "Tổng cộng");
  EXPECT_EQ(sheet->cells.at("C12").type, "n");
  EXPECT_EQ(text("A14"), "Đơn vị chưa báo cáo (1):");
  EXPECT_EQ(text("B15"), "Xã Lạc Dương");
}

TEST(ReportingWorkbookTest, AReportWithoutFiguresStillCarriesItsHeadingAndLongSumsStayExact) {
  RollupWorkbookContent c = Content();
  c.columns.clear();
  for (auto& row : c.rows) row.values.clear();
  c.total.values.clear();
  auto bytes = RollupWorkbook(c);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto sheet = testing::ReadXlsx(*bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->cells["C1"].value, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_EQ(sheet->cells["C2"].value, "Độc lập - Tự do - Hạnh phúc");

  // A national sum of 18 significant digits does not fit Excel's numbers: it is kept as text.
  c = Content();
  c.total.values[1] = "123456789012.345678";
  bytes = RollupWorkbook(c);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  sheet = testing::ReadXlsx(*bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->cells["D12"].type, "s");
  EXPECT_EQ(sheet->cells["D12"].value, "123456789012.345678");
  EXPECT_EQ(sheet->cells["C12"].type, "n");
}

}  // namespace
}  // namespace thidua::reporting
