#include "services/registry/domain/relevance.h"

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/text/fold.h"

namespace thidua::registry {
namespace {

using Words = text::WordList;

// The words an administrative unit's official name starts with to say what it is (folded).
constexpr absl::string_view kTypeWords[] = {"thanh pho", "thi tran", "thi xa", "dac khu", "tinh",
                                            "huyen",     "quan",     "xa",     "phuong"};

bool IsAdministrativeUnit(v1::OrganizationKind kind) {
  return kind >= v1::PROVINCE && kind <= v1::SPECIAL_ZONE;
}

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

bool AllWordsFound(const Words& name, const Words& query) {
  for (absl::string_view q : query) {
    bool found = false;
    for (absl::string_view w : name) found = found || absl::StartsWith(w, q);
    if (!found) return false;
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

absl::string_view NamedPart(absl::string_view folded_name, v1::OrganizationKind kind) {
  return IsAdministrativeUnit(kind) ? WithoutType(folded_name) : folded_name;
}

std::string Compact(absl::string_view folded) { return absl::StrJoin(text::Words(folded), ""); }

bool AliasMatches(absl::string_view folded_alias, const Words& query_words,
                  absl::string_view compact_query) {
  if (query_words.empty()) return false;
  if (AllWordsFound(text::Words(folded_alias), query_words)) return true;
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
