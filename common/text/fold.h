#pragma once

#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"

// Folding for search: what a user types without accents finds what was written with them.
namespace thidua::text {

// Folds text for accent-insensitive search: case-folded, compatibility forms unified (full-width
// "Ｌâｍ" is "Lâm"), tone and vowel marks removed, "đ" → "d" (Vietnamese has no decomposition for
// it), look-alike letters of other scripts read as the Latin letters they imitate (UTS #39: a name
// typed with "Ð", U+00D0, folds to "dak lak" like "Đắk Lắk"), invisible characters dropped, and
// every run of characters that are neither letters nor digits turned into one space, with none
// leading or trailing. Letters that imitate nothing (Nôm, Chinese) stay as they are. The same
// function folds stored names and queries, so search behaves alike whatever the database's
// collation. "Tỉnh Lâm Đồng" → "tinh lam dong".
std::string Fold(absl::string_view utf8);

// The words of a folded string, viewing it. Names have few words: up to eight are kept inline, so
// search, which splits every candidate's name, allocates nothing for them.
using WordList = absl::InlinedVector<absl::string_view, 8>;
WordList Words(absl::string_view folded);

}  // namespace thidua::text
