#include "common/text/clean.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "absl/strings/str_cat.h"
#include "common/text/unicode.h"

namespace thidua::text {
namespace {

bool IsLineBreak(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }

// Zero-width joiner and variation selectors: invisible, but part of how emoji are written.
bool IsEmojiJoiner(char32_t c) {
  return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

std::optional<TextProblem> Forbidden(TextKind kind, char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  const int8_t type = u_charType(cp);
  if (IsSpace(c)) return std::nullopt;  // handled by the caller
  if (type == U_CONTROL_CHAR) {
    return TextProblem{absl::StrCat("contains a control character (", CodePointName(c), ")"),
                       absl::StrCat("chứa ký tự điều khiển (", CodePointName(c), ")")};
  }
  if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) &&
      !(kind == TextKind::kParagraphs && IsEmojiJoiner(c))) {
    return TextProblem{
        absl::StrCat("contains an invisible or direction-changing character (", CodePointName(c),
                     ")"),
        absl::StrCat("chứa ký tự ẩn hoặc ký tự đổi chiều văn bản (", CodePointName(c), ")")};
  }
  if (type == U_PRIVATE_USE_CHAR || type == U_UNASSIGNED || type == U_SURROGATE) {
    return TextProblem{
        absl::StrCat("contains a character with no meaning in Unicode (", CodePointName(c), ")"),
        absl::StrCat("chứa ký tự không có nghĩa trong Unicode (", CodePointName(c), ")")};
  }
  return std::nullopt;
}

// Decodes valid UTF-8.
std::u32string CodePoints(absl::string_view s) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

// One line: runs of spaces and line breaks become one space; none at either end.
std::string CleanLine(const std::u32string& in) {
  std::string out;
  bool pending_space = false;
  for (char32_t c : in) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(c, out);
  }
  return out;
}

// Paragraphs: every line break is "\n" ("\r\n" one), other spaces stay; no spaces at either end.
std::string CleanParagraphs(const std::u32string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    const char32_t c = in[i];
    if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') continue;
    if (IsLineBreak(c)) {
      out.push_back('\n');
    } else if (c != '\t' && IsSpace(c)) {
      out.push_back(' ');
    } else {
      AppendUtf8(c, out);
    }
  }
  const size_t first = out.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\n") + 1 - first);
}

bool HasLetterOrDigit(const std::u32string& in) {
  for (char32_t c : in) {
    if (IsLetterOrDigit(c)) return true;
  }
  return false;
}

}  // namespace

std::optional<TextProblem> Clean(TextKind kind, size_t max_chars, std::string& value) {
  if (!IsValidUtf8(value)) {
    return TextProblem{"is not valid UTF-8", "không phải văn bản UTF-8 hợp lệ"};
  }
  const std::u32string points = CodePoints(kind == TextKind::kToken ? value : ToNfc(value));
  for (char32_t c : points) {
    if (kind == TextKind::kToken && IsSpace(c) && c != ' ') {
      return TextProblem{absl::StrCat("contains a space character (", CodePointName(c), ")"),
                         absl::StrCat("chứa ký tự khoảng trắng (", CodePointName(c), ")")};
    }
    if (auto problem = Forbidden(kind, c)) return problem;
  }
  switch (kind) {
    case TextKind::kToken:
      break;
    case TextKind::kName:
    case TextKind::kLine:
      value = CleanLine(points);
      break;
    case TextKind::kParagraphs:
      value = CleanParagraphs(points);
      break;
  }
  if (kind == TextKind::kName && !value.empty() && !HasLetterOrDigit(points)) {
    return TextProblem{"must contain a letter or a digit",
                       "phải có ít nhất một chữ cái hoặc chữ số"};
  }
  if (CodePointCount(value) > max_chars) {
    return TextProblem{absl::StrCat("at most ", max_chars, " characters"),
                       absl::StrCat("tối đa ", max_chars, " ký tự")};
  }
  return std::nullopt;
}

}  // namespace thidua::text
