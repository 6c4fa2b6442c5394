// The gateway's path templates and matching on any text: the first line is a template (as a proto
// could declare it), the rest a request path. Matching never crashes, and each bound value is a
// whole decoded segment.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/gateway/path_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using thidua::gateway::PathTemplate;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string pattern = input.substr(0, newline);
  const std::string path = newline == std::string::npos ? "" : input.substr(newline + 1);
  (void)thidua::gateway::PercentDecodeSegment(path);
  auto parsed = PathTemplate::Parse(pattern);
  if (!parsed.ok()) return 0;
  auto bindings = parsed->Match(path);
  if (bindings.has_value()) {
    if (bindings->size() != parsed->variables().size()) abort();
    for (const auto& [field, value] : *bindings) {
      if (value.find('/') != std::string::npos) abort();
    }
  }
  (void)parsed->AmbiguousWith(*parsed);
  return 0;
}
