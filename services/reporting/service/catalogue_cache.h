#pragma once
// The parts of the catalogue a report is checked against, kept in memory: every create, update,
// submit and acceptance of a report reads its obligation, its template version and the indicators
// of the template's rows (30 and more), and none of them ever changes once written (an indicator's
// code never changes meaning, a template version is never edited, an obligation has no update), so
// an entry is right on every replica for as long as it is kept. What does change, a template's
// current version, is kept 5 s: a report created on one replica within 5 s of a new version made
// on another is made on the version before, as one that began just before the new version
// committed would be (the replica that makes a version uses it at once). An id or code not found
// is not kept, so one created on another replica is found at once.

#include <cstdint>
#include <memory>
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

  // What is kept is shared, never copied: null when there is no such obligation or template.
  std::shared_ptr<const v1::Obligation> Obligation(db::Connection& conn, int64_t id);
  // `version` of template `id`; 0: its current version.
  std::shared_ptr<const v1::Template> Template(db::Connection& conn, int64_t id, int version);
  // The indicators these codes name, in the codes' order; unknown codes are left out.
  std::vector<v1::Indicator> Indicators(db::Connection& conn,
                                        const std::vector<std::string>& codes);
  // The indicators of the rows of `t`, a version Template answered, in the rows' order.
  std::shared_ptr<const std::vector<v1::Indicator>> IndicatorsOf(db::Connection& conn,
                                                                 const v1::Template& t);
  // Template `id` has a new current version, `version`, made on this replica.
  void Revised(int64_t id, int version);

 private:
  registry::AnswerCache<v1::Obligation> obligations_;                      // by id
  registry::AnswerCache<v1::Template> templates_;                          // by "<id>/<version>"
  registry::AnswerCache<v1::Indicator> indicators_;                        // by code
  registry::AnswerCache<std::vector<v1::Indicator>> template_indicators_;  // by "<id>/<version>"
  registry::AnswerCache<int> current_versions_;                            // by template id
};

}  // namespace thidua::reporting
