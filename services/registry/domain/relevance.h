#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/fold.h"
#include "services/registry/domain/organization.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::registry {

// How well a unit's folded name answers a search (common/text/fold.h), as its sort key: smaller
// comes first, then the name, then the id. Every query word matches a word of the name as a
// prefix (the last word may still be being typed).
struct Relevance {
  // 0: the unit is named by the query: its name without the words of its administrative type
  //    ("tinh lam dong" for "lam dong") or its whole name is the query;
  // 1: the query's words are consecutive words of the name, in order ("cong an tinh lam dong");
  // 2: in order, with other words between them;
  // 3: in any order ("tinh lang son" for "son la").
  // The read model adds 4 when only a name the unit bore on another day matches.
  int match = 0;
  // Administrative level, higher first at equal match: nation 0, province 1, district 2, commune,
  // ward, township and special zone 3, agencies and organisations 4, residential areas 5.
  int level = 0;
};

// True when every query word is a prefix of some word of `folded` (the last word may still be
// being typed).
bool WordsFound(absl::string_view folded, const text::WordList& query_words);

// True when a unit answers the query by any name it has borne ("Thừa Thiên Huế" finds Thành phố
// Huế) or by an alias ("tphcm" finds Thành phố Hồ Chí Minh).
bool AnyNameMatches(const Organization& org, const text::WordList& query_words,
                    absl::string_view compact_query);

// Added to the tier of a unit found only by a name it bore on another day.
inline constexpr int kFormerNameRank = 4;

// The tier (Relevance::match) of a unit whose name on the listing's day is `name`: that name's,
// or an alias's when better, or kFormerNameRank plus the best of its other names' when only those
// match; the int maximum when nothing matches.
int MatchTierOf(const Organization& org, absl::string_view name, const text::WordList& query_words,
                absl::string_view compact_query);

// The relevance of `folded_name` of a unit of `kind` for `query_words` (folded, non-empty).
Relevance RelevanceOf(absl::string_view folded_name, v1::OrganizationKind kind,
                      const text::WordList& query_words);

// The administrative level of a kind, as Relevance::level gives it.
int LevelOf(v1::OrganizationKind kind);

// The part of an administrative unit's folded name that names it, without the leading words of its
// type ("lam dong" of "tinh lam dong"); other units' whole name.
absl::string_view NamedPart(absl::string_view folded_name, v1::OrganizationKind kind);

// The folded words of `folded` written together: "tp hcm" (from "TP HCM", "TP.HCM" or "T.P-HCM")
// → "tphcm". Folding has already turned dots, hyphens and other punctuation into spaces.
std::string Compact(absl::string_view folded);

// True when an alias (folded) answers the query: every query word is a prefix of one of its words,
// or the query written together is a prefix of the alias written together ("tphcm", "tp.hcm" and
// "tphc" find "TP HCM"; "tp hcm" finds "TPHCM"). `compact_query` is Compact of the query.
bool AliasMatches(absl::string_view folded_alias, const text::WordList& query_words,
                  absl::string_view compact_query);

// The relevance of a unit of `kind` found by its alias, on the same tiers as its name: 0 when the
// alias is the query (word by word, or written together: "tphcm" is "TP HCM"), 1 when the query's
// words are consecutive words of the alias or the query written together begins it, 2 in order,
// 3 in any order. A unit named by its alias is named by the query.
Relevance AliasRelevanceOf(absl::string_view folded_alias, v1::OrganizationKind kind,
                           const text::WordList& query_words, absl::string_view compact_query);

}  // namespace thidua::registry
