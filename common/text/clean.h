#pragma once

#include <cstddef>
#include <optional>
#include <string>

// Input text made clean before anything stores or compares it.
namespace thidua::text {

// What a string field holds, which decides how it is cleaned (thidua/common/v1/text.proto).
enum class TextKind {
  kName,  // one line naming something ("Tỉnh Lâm Đồng", a title): must hold a letter or digit
  kLine,  // one line of free text (a legal basis, a search query); may be empty
  kParagraphs,  // text with line breaks (notes, descriptions, a plan's sections)
  kToken,       // an identifier compared byte for byte (request ids, page tokens, codes, etags)
};

// Why a text was refused, in English and Vietnamese.
struct TextProblem {
  std::string english;
  std::string vietnamese;
};

// Cleans `value` in place, or says why it cannot be accepted.
//
// Every kind: well-formed UTF-8; no control characters (line breaks only in paragraphs); no
// invisible or direction-changing characters (Unicode's Default_Ignorable_Code_Point: zero-width
// space, U+202E and the other bidirectional controls, soft hyphen), which would let two names that
// look identical differ, or hide part of a text; no private-use or unassigned code points; at most
// `max_chars` code points (after cleaning).
// Names, lines and paragraphs: stored in NFC (decomposed input, as "Unicode tổ hợp" keyboards
// type it, is accepted and composed). Names and lines: every run of spaces (any Unicode space, tab
// or line break) becomes one space, and none leads or trails. Paragraphs: line breaks become "\n",
// trailing spaces of the whole text go; zero-width joiners and variation selectors, which emoji
// need, are allowed there. Tokens are never rewritten.
std::optional<TextProblem> Clean(TextKind kind, size_t max_chars, std::string& value);

}  // namespace thidua::text
