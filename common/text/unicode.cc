#include "common/text/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "absl/strings/str_format.h"

namespace thidua::text {

bool IsValidUtf8(absl::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);  // negative for any ill-formed sequence, surrogates and overlongs included
    if (c < 0) return false;
  }
  return true;
}

size_t CodePointCount(absl::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  size_t count = 0;
  for (int32_t i = 0; i < n; ++count) U8_FWD_1(p, i, n);
  return count;
}

std::string ToNfc(absl::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (U_FAILURE(status)) return std::string(s);
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? out : std::string(s);
}

bool HasNoCombiningMarks(absl::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsMark(static_cast<char32_t>(c))) return false;
  }
  return true;
}

absl::string_view TruncateToCodePoints(absl::string_view s, size_t max_chars) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  for (size_t count = 0; i < n && count < max_chars; ++count) U8_FWD_1(p, i, n);
  return s.substr(0, static_cast<size_t>(i));
}

std::u32string FoldedDecomposed(absl::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (U_SUCCESS(status)) text = nfkc_cf->normalize(text, status);
  if (U_SUCCESS(status)) text = nfd->normalize(text, status);
  std::u32string out;
  out.reserve(static_cast<size_t>(text.length()));
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

bool IsMark(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  return u_getCombiningClass(cp) != 0 || u_charType(cp) == U_NON_SPACING_MARK;
}

bool IsLetterOrDigit(char32_t c) { return u_isalnum(static_cast<UChar32>(c)); }

void AppendUtf8(char32_t c, std::string& out) {
  uint8_t buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
  if (!error) out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(length));
}

std::string CodePointName(char32_t c) {
  return absl::StrFormat("U+%04X", static_cast<uint32_t>(c));
}

}  // namespace thidua::text
