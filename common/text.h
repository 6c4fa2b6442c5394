#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace thidua::text {

// Folds Vietnamese text for accent-insensitive search: lower case, tone and vowel marks removed,
// "đ" → "d", every run of non-alphanumerics turned into one space, no leading or trailing space.
// "Tỉnh Lâm Đồng" → "tinh lam dong". The same function folds stored names and queries, so search
// behaves alike on MySQL 8 and MariaDB whatever their collations.
std::string Fold(absl::string_view utf8);

// The words of a folded string.
std::vector<absl::string_view> Words(absl::string_view folded);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(absl::string_view s);

// True when `s` holds no combining diacritical mark (U+0300..U+036F). Vietnamese has a precomposed
// letter for every mark combination, so for Vietnamese text this is exactly "is in NFC".
bool HasNoCombiningMarks(absl::string_view s);

// Number of code points in valid UTF-8.
size_t CodePointCount(absl::string_view s);

}  // namespace thidua::text
