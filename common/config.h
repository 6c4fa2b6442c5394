#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua {

// Start-up configuration: `--name=value` flags, each overridable by the environment variable
// THIDUA_<NAME> (upper case), so the same binary runs from a shell, a script or Kubernetes.
// Precedence: flag, then environment, then default. Unknown flags are an error at start-up.
class Config {
 public:
  // Declares a setting. `help` is printed by --help.
  Config& Define(std::string name, std::string default_value, std::string help);

  // Reads argv and the environment. `--help` yields a FAILED_PRECONDITION carrying the usage text.
  absl::Status Parse(int argc, char** argv);

  std::string Get(absl::string_view name) const;
  // INVALID_ARGUMENT naming the setting when the value is not an integer within [min, max].
  absl::StatusOr<int64_t> GetInt(absl::string_view name, int64_t min, int64_t max) const;
  bool GetBool(absl::string_view name) const;
  std::string Usage() const;

  // Sets a value as a flag would (tests).
  void Set(absl::string_view name, std::string value);

 private:
  struct Setting {
    std::string value;
    std::string default_value;
    std::string help;
  };
  std::map<std::string, Setting, std::less<>> settings_;
};

}  // namespace thidua
