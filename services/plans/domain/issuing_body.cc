#include "services/plans/domain/issuing_body.h"

#include <algorithm>
#include <string>

#include "common/text.h"

namespace thidua::plans {

bool IssuingBodyNames(absl::string_view issuing_body, absl::string_view organization_name) {
  const std::string body = text::Fold(issuing_body);
  const std::string name = text::Fold(organization_name);
  const text::WordList body_words = text::Words(body);
  const text::WordList name_words = text::Words(name);
  if (name_words.empty()) return false;
  return std::search(body_words.begin(), body_words.end(), name_words.begin(), name_words.end()) !=
         body_words.end();
}

}  // namespace thidua::plans
