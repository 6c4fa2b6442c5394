#pragma once

#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
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

// The relevance of `folded_name` of a unit of `kind` for `query_words` (folded, non-empty).
Relevance RelevanceOf(absl::string_view folded_name, v1::OrganizationKind kind,
                      const std::vector<absl::string_view>& query_words);

}  // namespace thidua::registry
