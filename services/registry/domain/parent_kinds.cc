#include "services/registry/domain/parent_kinds.h"

namespace thidua::registry {

bool ParentKindAllowed(Kind kind, Kind parent, CivilDay day) {
  const bool before_reform = day < kTwoLevelGovernment;
  switch (kind) {
    case v1::NATION:
      return false;
    case v1::PROVINCE:
      return parent == v1::NATION;
    case v1::DISTRICT:
      return parent == v1::PROVINCE;
    case v1::COMMUNE:
    case v1::WARD:
    case v1::TOWNSHIP:
      return before_reform ? parent == v1::DISTRICT : parent == v1::PROVINCE;
    case v1::SPECIAL_ZONE:
      return parent == v1::PROVINCE;
    case v1::RESIDENTIAL_AREA:
      return IsCommuneLevel(parent);
    default:
      // Agencies, police, mass organisations, enterprises, schools: under any unit or agency, not
      // under a residential area.
      return parent != v1::RESIDENTIAL_AREA && parent != v1::ORGANIZATION_KIND_UNSPECIFIED;
  }
}

}  // namespace thidua::registry
