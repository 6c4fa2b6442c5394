#pragma once

#include "absl/strings/string_view.h"

namespace thidua::plans {

// Whether a document's issuing body ("cơ quan ban hành", as written on it) names the organisation
// the registry knows by `organization_name`: the name's words, folded (no accents or case), appear
// together and in order among the body's, so "UBND tỉnh Lâm Đồng" and "Ủy ban nhân dân tỉnh Lâm
// Đồng" name "Tỉnh Lâm Đồng", and "Bộ Công an" does not. A document registered under an
// organisation must name it: otherwise a unit could register another organ's document as its own,
// and claim the record others cite it by.
bool IssuingBodyNames(absl::string_view issuing_body, absl::string_view organization_name);

}  // namespace thidua::plans
