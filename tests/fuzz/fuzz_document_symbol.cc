// The parser of Vietnamese document symbols ("số, ký hiệu": 150/KH-UBND, 124/2021/TT-BCA) on any
// text. It refuses or parses; a parsed symbol's canonical form parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/plans/domain/document_symbol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using thidua::plans::ParseDocumentSymbol;
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto symbol = ParseDocumentSymbol(input);
  if (!symbol.ok()) return 0;
  const std::string canonical = symbol->ToString();
  auto again = ParseDocumentSymbol(canonical);
  if (!again.ok() || again->ToString() != canonical ||
      again->IdentityKey() != symbol->IdentityKey()) {
    abort();
  }
  return 0;
}
