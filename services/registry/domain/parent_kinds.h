#pragma once

#include "services/registry/domain/organization.h"

namespace thidua::registry {

// Whether a unit of kind `parent` may manage one of kind `kind` on `day` (a commune under a
// district before 1/7/2025, under a province from then); false for the nation, which has no
// parent. CheckHierarchy (rules.h) applies it to every version; the reference-data upgrade to a
// kind it corrects.
bool ParentKindAllowed(Kind kind, Kind parent, CivilDay day);

}  // namespace thidua::registry
