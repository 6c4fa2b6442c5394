// Vietnamese text handling on any bytes: UTF-8 validation, cleaning by each kind, folding for
// search, identity keys, NFC and truncation. Nothing may crash or read out of bounds, and what
// the functions promise about their output holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/text.h"

namespace {

void Require(bool condition) {
  if (!condition) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace thidua::text;
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (TextKind kind :
       {TextKind::kName, TextKind::kLine, TextKind::kParagraphs, TextKind::kToken}) {
    std::string value = input;
    // A value the cleaner accepts is valid UTF-8 (the database's columns count on it).
    if (!Clean(kind, 300, value).has_value()) Require(IsValidUtf8(value));
  }
  if (!IsValidUtf8(input)) return 0;
  const std::string folded = Fold(input);
  Require(IsValidUtf8(folded));
  for (auto word : Words(folded)) Require(!word.empty());
  Require(IsValidUtf8(ToNfc(input)));
  Require(IdentityDigest(input).size() <= 64);
  (void)IdentityKey(input);
  const size_t count = CodePointCount(input);
  const auto head = TruncateToCodePoints(input, count / 2);
  Require(input.compare(0, head.size(), head.data(), head.size()) == 0);
  Require(IsValidUtf8(head) && CodePointCount(head) == count / 2);
  return 0;
}
