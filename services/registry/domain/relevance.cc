#include "services/registry/domain/relevance.h"

#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/text/fold.h"

namespace thidua::registry {
namespace {

using Words = text::WordList;

// The words an administrative unit's official name starts with to say what it is (folded).
constexpr absl::string_view kTypeWords[] = {"thanh pho", "thi tran", "thi xa", "dac khu", "tinh",
                                            "huyen",     "quan",     "xa",     "phuong"};

bool SameWords(const Words& name, const Words& query) {
  if (name.size() != query.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!absl::StartsWith(name[i], query[i])) return false;
  }
  return true;
}

bool Consecutive(const Words& name, const Words& query) {
  for (size_t start = 0; start + query.size() <= name.size(); ++start) {
    bool all = true;
    for (size_t i = 0; i < query.size() && all; ++i) {
      all = absl::StartsWith(name[start + i], query[i]);
    }
    if (all) return true;
  }
  return false;
}

bool InOrder(const Words& name, const Words& query) {
  size_t at = 0;
  for (absl::string_view q : query) {
    while (at < name.size() && !absl::StartsWith(name[at], q)) ++at;
    if (at == name.size()) return false;
    ++at;
  }
  return true;
}

// The name without its leading type words ("tinh lam dong" → "lam dong").
absl::string_view WithoutType(absl::string_view name) {
  for (absl::string_view type : kTypeWords) {
    if (absl::StartsWith(name, type) && name.size() > type.size() && name[type.size()] == ' ') {
      return name.substr(type.size() + 1);
    }
  }
  return name;
}

}  // namespace

int LevelOf(v1::OrganizationKind kind) {
  switch (kind) {
    case v1::NATION:
      return 0;
    case v1::PROVINCE:
      return 1;
    case v1::DISTRICT:
      return 2;
    case v1::COMMUNE:
    case v1::WARD:
    case v1::TOWNSHIP:
    case v1::SPECIAL_ZONE:
      return 3;
    case v1::RESIDENTIAL_AREA:
      return 5;
    default:
      return 4;
  }
}

// The nation is an administrative unit too; its name begins with no type word.
absl::string_view NamedPart(absl::string_view folded_name, v1::OrganizationKind kind) {
  return IsAdministrativeUnit(kind) ? WithoutType(folded_name) : folded_name;
}

bool WordsFound(absl::string_view folded, const Words& query_words) {
  const Words words = text::Words(folded);
  return std::all_of(query_words.begin(), query_words.end(), [&](absl::string_view q) {
    return std::any_of(words.begin(), words.end(),
                       [&](absl::string_view w) { return absl::StartsWith(w, q); });
  });
}

bool AnyNameMatches(const Organization& org, const Words& query_words,
                    absl::string_view compact_query) {
  return std::any_of(org.versions.begin(), org.versions.end(),
                     [&](const Version& v) { return WordsFound(v.search_name, query_words); }) ||
         std::any_of(org.aliases.begin(), org.aliases.end(), [&](const Alias& alias) {
           return AliasMatches(alias.search_text, query_words, compact_query);
         });
}

int MatchTierOf(const Organization& org, absl::string_view name, const Words& query_words,
                absl::string_view compact_query) {
  int match = WordsFound(name, query_words) ? RelevanceOf(name, org.kind, query_words).match
                                            : std::numeric_limits<int>::max();
  // An alias ranks as the name on the day would on the same tier: "tphcm" names the city.
  for (const Alias& alias : org.aliases) {
    if (!AliasMatches(alias.search_text, query_words, compact_query)) continue;
    match = std::min(
        match, AliasRelevanceOf(alias.search_text, org.kind, query_words, compact_query).match);
  }
  // Found by another of its names only: ranked by the best of those, after every unit whose name
  // on the day or alias matches.
  if (match == std::numeric_limits<int>::max()) {
    for (const Version& other : org.versions) {
      if (!WordsFound(other.search_name, query_words)) continue;
      match = std::min(
          match, kFormerNameRank + RelevanceOf(other.search_name, org.kind, query_words).match);
    }
  }
  return match;
}

std::string Compact(absl::string_view folded) { return absl::StrJoin(text::Words(folded), ""); }

bool AliasMatches(absl::string_view folded_alias, const Words& query_words,
                  absl::string_view compact_query) {
  if (query_words.empty()) return false;
  if (WordsFound(folded_alias, query_words)) return true;
  return !compact_query.empty() && absl::StartsWith(Compact(folded_alias), compact_query);
}

Relevance AliasRelevanceOf(absl::string_view folded_alias, v1::OrganizationKind kind,
                           const Words& query_words, absl::string_view compact_query) {
  Relevance r;
  r.level = LevelOf(kind);
  const Words alias = text::Words(folded_alias);
  const std::string compact = Compact(folded_alias);
  if (SameWords(alias, query_words) || compact == compact_query) {
    r.match = 0;
  } else if (Consecutive(alias, query_words) ||
             (!compact_query.empty() && absl::StartsWith(compact, compact_query))) {
    r.match = 1;
  } else if (InOrder(alias, query_words)) {
    r.match = 2;
  } else {
    r.match = 3;
  }
  return r;
}

Relevance RelevanceOf(absl::string_view folded_name, v1::OrganizationKind kind,
                      const Words& query_words) {
  Relevance r;
  r.level = LevelOf(kind);
  const Words name = text::Words(folded_name);
  const Words bare = text::Words(NamedPart(folded_name, kind));
  if (SameWords(name, query_words) || SameWords(bare, query_words)) {
    r.match = 0;
  } else if (Consecutive(name, query_words)) {
    r.match = 1;
  } else if (InOrder(name, query_words)) {
    r.match = 2;
  } else {
    r.match = 3;
  }
  return r;
}

}  // namespace thidua::registry
