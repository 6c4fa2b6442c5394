#pragma once

#include <string>

#include "absl/strings/string_view.h"

// When two texts are "the same" name or title.
namespace thidua::text {

// The canonical form of a text for identity: two titles, names or symbols are the same exactly
// when their keys are equal byte for byte. Database keys store this form in a binary column, so
// C++ and the database agree, and no collation weighs two characters alike (utf8mb4_unicode_ci
// gives every character above U+FFFF one weight: "𠀧" and "𡨸" would collide).
//
// What is the same: Unicode forms (NFC and NFD, full-width and compatibility forms), letter case,
// where the tone mark sits (old "Hòa", "Thủy" and new "Hoà", "Thuỷ": the reference data has both),
// look-alike letters of other scripts (UTS #39: "Ð" U+00D0 is "Đ", Cyrillic "а" is "a"),
// invisible characters, and punctuation and spacing between words ("an ninh, trật tự" and
// "an ninh trật tự"). What differs: letters, digits, symbols and emoji, and accents (ma, má, mà
// are three words).
//
// The form: each word's letters case-folded and decomposed (NFD) with its vowel marks (circumflex,
// breve, horn) in place and its tone mark moved to the end of the word; words joined by one space.
// Not meant for display.
std::string IdentityKey(absl::string_view utf8);

// The SHA-256 of IdentityKey(utf8), 32 bytes: a key of fixed size for a BINARY(32) column, however
// long the text or its key.
std::string IdentityDigest(absl::string_view utf8);

}  // namespace thidua::text
