#include "common/text/look_alike.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

namespace thidua::text {
namespace {

constexpr UChar32 kShortStrokeOverlay = 0x0335;  // the skeleton's stroke of "Đ" and "Ð"

bool InAlphabet(UChar32 c) {
  return c < 0x80 || c == 0x0110 || c == 0x0111;  // ASCII, Đ, đ
}

// One checker for the process: ICU documents its skeleton function as safe to call concurrently.
const USpoofChecker* Checker() {
  static const USpoofChecker* const checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* c = uspoof_open(&status);
    return U_SUCCESS(status) ? c : nullptr;
  }();
  return checker;
}

// The look-alike of one letter as it is written (see LookAlikeOf).
std::string LookAlikeAsWritten(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(Checker(), 0, icu::UnicodeString(c), skeleton, &status);
  if (U_FAILURE(status)) return "";
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return "";
  skeleton = nfd->normalize(skeleton, status);
  if (U_FAILURE(status)) return "";
  // "D" with a stroke is the Vietnamese đ; other marks the skeleton carries are dropped, since only
  // a letter that maps onto plain Latin letters is a look-alike worth folding.
  if (skeleton.length() == 2 && (skeleton[0] == u'D' || skeleton[0] == u'd') &&
      skeleton[1] == kShortStrokeOverlay) {
    return "đ";
  }
  std::string out;
  for (int32_t i = 0; i < skeleton.length(); ++i) {
    const char16_t u = skeleton[i];
    if (u_getCombiningClass(u) != 0 || u_charType(u) == U_NON_SPACING_MARK) continue;
    if (u >= 0x80 || !u_isalnum(u)) return "";  // imitates something that is not a Latin letter
    out.push_back(static_cast<char>(u_tolower(u)));
  }
  return out;
}

}  // namespace

std::string LookAlikeOf(char32_t code_point) {
  const auto c = static_cast<UChar32>(code_point);
  if (InAlphabet(c) || !u_isalpha(c) || Checker() == nullptr) return "";
  // Text is case-folded before it gets here, and the confusables list some letters in one case
  // only: lower-case eth "ð" imitates nothing there, its capital "Ð" imitates "Đ".
  std::string look_alike = LookAlikeAsWritten(c);
  if (look_alike.empty() && u_toupper(c) != c) look_alike = LookAlikeAsWritten(u_toupper(c));
  return look_alike;
}

}  // namespace thidua::text
