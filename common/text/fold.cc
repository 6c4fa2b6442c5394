#include "common/text/fold.h"

#include "common/text/look_alike.h"
#include "common/text/unicode.h"

namespace thidua::text {

std::string Fold(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  auto append = [&](absl::string_view piece) {
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(piece.data(), piece.size());
  };
  for (const char32_t c : FoldedDecomposed(utf8)) {
    if (IsMark(c)) continue;  // tone and vowel marks, precomposed or typed apart
    if (c < 0x80 && IsLetterOrDigit(c)) {
      const char ascii = static_cast<char>(c);
      append(absl::string_view(&ascii, 1));
    } else if (c == U'đ') {
      append("d");
    } else if (IsLetterOrDigit(c)) {
      std::string look_alike = LookAlikeOf(c);
      if (look_alike == "đ") look_alike = "d";
      if (look_alike.empty()) AppendUtf8(c, look_alike);
      append(look_alike);
    } else {
      pending_space = !out.empty();
    }
  }
  return out;
}

WordList Words(absl::string_view folded) {
  WordList words;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == absl::string_view::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace thidua::text
