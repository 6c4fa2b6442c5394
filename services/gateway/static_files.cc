#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace thidua::gateway {
namespace {

std::string ContentTypeOf(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".png") return "image/png";
  if (extension == ".json") return "application/json; charset=utf-8";
  if (extension == ".md" || extension == ".txt" || extension.empty()) {
    return "text/plain; charset=utf-8";  // README.md, LICENSE, NOTICE
  }
  return "application/octet-stream";
}

}  // namespace

absl::StatusOr<std::map<std::string, StaticFile>> LoadStaticFiles(const std::string& directory,
                                                                  const std::string& prefix) {
  std::error_code error;
  std::filesystem::recursive_directory_iterator files(directory, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the docs directory ", directory, ": ", error.message()));
  }
  std::map<std::string, StaticFile> loaded;
  for (const auto& entry : files) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", entry.path().string()));
    const std::string relative =
        std::filesystem::relative(entry.path(), directory).generic_string();
    loaded[prefix + relative] = StaticFile{content.str(), ContentTypeOf(entry.path())};
  }
  return loaded;
}

}  // namespace thidua::gateway
