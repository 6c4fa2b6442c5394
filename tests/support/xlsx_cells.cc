#include "tests/support/xlsx_cells.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace thidua::testing {

absl::StatusOr<XlsxSheet> ReadXlsx(const std::string& bytes) {
  // openpyxl goes by the file's extension.
  std::string path = "/tmp/thidua-test-XXXXXX.xlsx";
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) return absl::InternalError("cannot create a temporary file");
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  // Debian's Python, where python3-openpyxl is installed (deploy/local/install-deps), whatever
  // other python3 comes first on the PATH.
  const std::string command = absl::StrCat("/usr/bin/python3 ", THIDUA_SOURCE_DIR,
                                           "/tests/support/xlsx_cells.py ", path, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string json;
  if (pipe != nullptr) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) json.append(buffer, n);
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  std::remove(path.c_str());
  if (status != 0) return absl::InternalError(absl::StrCat("openpyxl could not read it: ", json));
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded()) return absl::InternalError("xlsx_cells.py printed no JSON");
  XlsxSheet sheet;
  sheet.title = parsed.at("title").get<std::string>();
  for (const auto& [coordinate, cell] : parsed.at("cells").items()) {
    sheet.cells[coordinate] = {cell.at("type").get<std::string>(),
                               cell.at("value").get<std::string>(),
                               cell.at("format").get<std::string>()};
  }
  for (const auto& range : parsed.at("merged")) sheet.merged.push_back(range.get<std::string>());
  return sheet;
}

}  // namespace thidua::testing
