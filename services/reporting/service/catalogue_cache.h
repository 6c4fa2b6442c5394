#pragma once
// The parts of the catalogue a report is checked against, kept in memory: every create, update,
// submit and acceptance of a report reads its obligation, its template version and the indicators
// of the template's rows (30 and more), and none of them ever changes once written (an indicator's
// code never changes meaning, a template version is never edited, an obligation has no update), so
// an entry is right on every replica for as long as it is kept. What does change is asked of the
// database each time: a template's current version. An id or code not found is not kept, so one
// created on another replica is found at once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "services/registry/client/answer_cache.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::reporting {

class CatalogueCache {
 public:
  CatalogueCache();

  std::optional<v1::Obligation> Obligation(db::Connection& conn, int64_t id);
  // `version` of template `id`; 0: its current version.
  std::optional<v1::Template> Template(db::Connection& conn, int64_t id, int version);
  // The indicators these codes name, in the codes' order; unknown codes are left out.
  std::vector<v1::Indicator> Indicators(db::Connection& conn,
                                        const std::vector<std::string>& codes);

 private:
  registry::AnswerCache<v1::Obligation> obligations_;  // by id
  registry::AnswerCache<v1::Template> templates_;      // by "<id>/<version>"
  registry::AnswerCache<v1::Indicator> indicators_;    // by code
};

}  // namespace thidua::reporting
