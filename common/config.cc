#include "common/config.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace thidua {

Config& Config::Define(std::string name, std::string default_value, std::string help) {
  settings_[std::move(name)] = {default_value, default_value, std::move(help)};
  return *this;
}

absl::Status Config::Parse(int argc, char** argv) {
  for (auto& [name, setting] : settings_) {
    const std::string env = absl::StrCat("THIDUA_", absl::AsciiStrToUpper(name));
    if (const char* value = std::getenv(env.c_str())) setting.value = value;
  }
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return absl::FailedPreconditionError(Usage());
    if (arg.substr(0, 2) != "--") {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument ", arg));
    }
    arg.remove_prefix(2);
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    auto it = settings_.find(name);
    if (it == settings_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name, "\n", Usage()));
    }
    // A bare boolean flag (--migrate_only) means true.
    it->second.value = eq == absl::string_view::npos ? "true" : std::string(arg.substr(eq + 1));
  }
  return absl::OkStatus();
}

std::string Config::Get(absl::string_view name) const {
  auto it = settings_.find(name);
  return it == settings_.end() ? std::string() : it->second.value;
}

absl::StatusOr<int64_t> Config::GetInt(absl::string_view name, int64_t min, int64_t max) const {
  int64_t value = 0;
  if (!absl::SimpleAtoi(Get(name), &value) || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be an integer in [", min,
                                                   ", ", max, "], got \"", Get(name), "\""));
  }
  return value;
}

bool Config::GetBool(absl::string_view name) const {
  const std::string v = absl::AsciiStrToLower(Get(name));
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

std::string Config::Usage() const {
  std::string out = "Flags (each also read from THIDUA_<NAME>):\n";
  for (const auto& [name, s] : settings_) {
    absl::StrAppend(&out, "  --", name, "=", s.default_value.empty() ? "\"\"" : s.default_value,
                    "\n      ", s.help, "\n");
  }
  return out;
}

void Config::Set(absl::string_view name, std::string value) {
  settings_[std::string(name)].value = std::move(value);
}

}  // namespace thidua
