#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

// Unicode basics over UTF-8 strings, through ICU (Debian's libicu-dev).
namespace thidua::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(absl::string_view s);

// Number of code points in valid UTF-8: the unit every length limit of thidua counts in, as
// MariaDB's VARCHAR(n) of utf8mb4 does.
size_t CodePointCount(absl::string_view s);

// `s` in Unicode Normalization Form C. Text typed on a "Unicode tổ hợp" keyboard arrives decomposed
// ("o" + U+0302 + U+0300); stored, compared and counted, it is the precomposed "ồ".
std::string ToNfc(absl::string_view s);

// True when `s` holds no combining mark, which for Vietnamese text means "is in NFC".
bool HasNoCombiningMarks(absl::string_view s);

// The first `max_chars` code points of valid UTF-8 `s` (all of it when shorter).
absl::string_view TruncateToCodePoints(absl::string_view s, size_t max_chars);

// The code points of `s` case-folded, in compatibility forms, without default-ignorable characters
// (Unicode's NFKC_Casefold) and then decomposed (NFD): the common ground of search folding and
// identity keys. "Ｈòa" → h, o, U+0300, a. Ill-formed UTF-8 becomes U+FFFD.
std::u32string FoldedDecomposed(absl::string_view s);

// True for the combining marks Unicode gives a combining class or category Mn.
bool IsMark(char32_t c);

// Letters and digits of any script.
bool IsLetterOrDigit(char32_t c);

// Appends `c` to `out` as UTF-8.
void AppendUtf8(char32_t c, std::string& out);

// "U+200B": how messages name a code point.
std::string CodePointName(char32_t c);

}  // namespace thidua::text
