#include "services/registry/importer/admin_units_versions.h"

namespace thidua::registry::importer {

const std::vector<EarlierVersion>& EarlierVersions() {
  // Each checksum is what that release's ReadAdminUnits computed: the SHA-256 of its files
  // concatenated in its order. The published files never changed; errata.tsv and then renames.tsv
  // were appended to the list, so the earlier checksums are those of a prefix of today's files
  // (tests/unit/admin_units_versions_test.cc recomputes the first from the shipped files).
  static const std::vector<EarlierVersion> versions = {
      {"0a7e9634af84492083a2eab2ed52c42366d6c2594d089235c3f2c980d6b56b4e",
       "the files as published (old-units.csv, 1027_CTK-CSCL.md, 915_CTK-CSCL.csv, merges.json), "
       "without errata.tsv and renames.tsv: twelve \"Thị Trấn\" townships typed as communes, the "
       "Kiên Hải district and commune names swapped, no earlier names"},
      {"944346a5ff901497c05a66038b855d2d329c1a33c81aac5d2bcbb094bb7ce30d",
       "the files with errata.tsv, without renames.tsv: no earlier names"},
  };
  return versions;
}

const EarlierVersion* FindEarlierVersion(absl::string_view checksum) {
  for (const EarlierVersion& v : EarlierVersions()) {
    if (v.checksum == checksum) return &v;
  }
  return nullptr;
}

}  // namespace thidua::registry::importer
