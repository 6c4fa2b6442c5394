#pragma once
// The docs page's files, read once at start and served from memory: only the files found then
// exist, so no request path can reach another file.

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace thidua::gateway {

struct StaticFile {
  std::string content;
  std::string content_type;  // by extension; application/octet-stream when unknown
};

// Every regular file under `directory`, keyed by `prefix` and its relative path
// ("/docs/" + "swagger-ui/swagger-ui.css"). INVALID_ARGUMENT when the directory cannot be read.
absl::StatusOr<std::map<std::string, StaticFile>> LoadStaticFiles(const std::string& directory,
                                                                  const std::string& prefix);

}  // namespace thidua::gateway
