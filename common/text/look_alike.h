#pragma once

#include <string>

// Look-alike letters (UTS #39 confusables, through ICU's spoof checker).
namespace thidua::text {

// The Vietnamese letters a letter from outside the Vietnamese alphabet imitates, lower case and
// without marks: Latin capital eth "Ð" (U+00D0) → "đ", Cyrillic "а" → "a", Greek "Ο" → "o".
// Empty when `c` is in the alphabet already (a–z, đ, digits) or imitates no Latin letter (Nôm
// characters, emoji), which then stand for themselves.
std::string LookAlikeOf(char32_t c);

}  // namespace thidua::text
