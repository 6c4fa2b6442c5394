#include "common/text.h"

#include <cstdint>

#include "absl/strings/string_view.h"

namespace thidua::text {
namespace {

// U+00C0..U+024F: the base letter of each code point, '.' when it has none.
constexpr char32_t kLatinFirst = 0xC0;
constexpr absl::string_view kLatinBase =
    "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll."
    "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz."
    "................................oo.............uu..............."
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
    "................";
// U+1E00..U+1EFF: the base letter of each code point, '.' when it has none.
constexpr char32_t kLatinAdditionalFirst = 0x1E00;
constexpr absl::string_view kLatinAdditionalBase =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

// Decodes one code point at s[i], advancing i; returns U+FFFD on malformed input.
char32_t Next(absl::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  i += len;
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  return cp;
}

// The ASCII letter or digit a code point folds to, or 0 when it separates words.
char FoldCodePoint(char32_t cp) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
    return 0;
  }
  if (cp >= kLatinFirst && cp < kLatinFirst + kLatinBase.size()) {
    const char c = kLatinBase[cp - kLatinFirst];
    return c == '.' ? 0 : c;
  }
  if (cp >= kLatinAdditionalFirst && cp < kLatinAdditionalFirst + kLatinAdditionalBase.size()) {
    const char c = kLatinAdditionalBase[cp - kLatinAdditionalFirst];
    return c == '.' ? 0 : c;
  }
  return 0;
}

bool IsCombiningMark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

}  // namespace

std::string Fold(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t cp = Next(utf8, i);
    if (IsCombiningMark(cp)) continue;  // a decomposed mark folds away like a precomposed one
    const char c = FoldCodePoint(cp);
    if (c == 0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<absl::string_view> Words(absl::string_view folded) {
  std::vector<absl::string_view> words;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == absl::string_view::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool IsValidUtf8(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t cp = Next(s, i);
    // U+FFFD itself is legal; only a decoding failure (one byte consumed) is not.
    if (cp == 0xFFFD && !(i - at == 3 && s.substr(at, 3) == "\xEF\xBF\xBD")) return false;
  }
  return true;
}

bool HasNoCombiningMarks(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (IsCombiningMark(Next(s, i))) return false;
  }
  return true;
}

size_t CodePointCount(absl::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) Next(s, i);
  return n;
}

}  // namespace thidua::text
