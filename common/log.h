#pragma once

#include <string_view>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace thidua::log {

// Structured logs: one JSON object per line on stderr, with "ts", "level" and "msg".
void Write(absl::string_view level, absl::string_view message, nlohmann::json fields = {});
inline void Info(absl::string_view m, nlohmann::json f = {}) { Write("info", m, std::move(f)); }
inline void Warn(absl::string_view m, nlohmann::json f = {}) { Write("warn", m, std::move(f)); }
inline void Error(absl::string_view m, nlohmann::json f = {}) { Write("error", m, std::move(f)); }

}  // namespace thidua::log
