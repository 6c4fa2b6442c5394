#include "common/text/identity.h"

#include <openssl/sha.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <vector>

#include "common/text/look_alike.h"
#include "common/text/unicode.h"

namespace thidua::text {
namespace {

// The five Vietnamese tone marks: huyền, sắc, ngã, hỏi, nặng.
// Emoji and other symbols are content: "Giải 🏆" and "Giải 🥇" are two titles.
bool IsSymbol(char32_t c) {
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL || type == U_MODIFIER_SYMBOL ||
         type == U_OTHER_SYMBOL;
}

bool IsToneMark(char32_t c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

// Builds the key one word at a time: letters as they come, tone marks held back to the word's end.
class KeyWriter {
 public:
  void Letter(char32_t c) {
    if (c != U'đ' && c >= 0x80 && !IsMark(c)) {
      const std::string look_alike = LookAlikeOf(c);
      if (!look_alike.empty()) {
        StartWord();
        word_.append(look_alike);
        return;
      }
    }
    StartWord();
    AppendUtf8(c, word_);
  }
  void Tone(char32_t c) { tones_.push_back(c); }
  void Separator() { EndWord(); }
  std::string Finish() {
    EndWord();
    return std::move(key_);
  }

 private:
  void StartWord() {
    if (word_.empty() && !key_.empty()) key_.push_back(' ');
  }
  void EndWord() {
    std::sort(tones_.begin(), tones_.end());  // one per syllable; sorted if a typo gives two
    for (char32_t t : tones_) AppendUtf8(t, word_);
    key_.append(word_);
    word_.clear();
    tones_.clear();
  }

  std::string key_;
  std::string word_;
  std::vector<char32_t> tones_;
};

}  // namespace

std::string IdentityKey(absl::string_view utf8) {
  KeyWriter writer;
  for (const char32_t c : FoldedDecomposed(utf8)) {
    if (IsToneMark(c)) {
      writer.Tone(c);
    } else if (IsLetterOrDigit(c) || IsMark(c) || IsSymbol(c)) {
      writer.Letter(c);
    } else {
      writer.Separator();
    }
  }
  return writer.Finish();
}

}  // namespace thidua::text

namespace thidua::text {

std::string IdentityDigest(absl::string_view utf8) {
  const std::string key = IdentityKey(utf8);
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace thidua::text
