#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "services/reporting/domain/working_calendar.h"
#include "thidua/reporting/v1/reporting.pb.h"

// SQL of the catalogue (indicators, templates and their versions), the obligations and the working
// calendar. Definitions are stored whole as their protobuf; Connector/C++ exceptions are left to
// db::Pool, which turns them into statuses.
namespace thidua::reporting::store {

// Indicators. Never updated: a submission's figures keep the meaning they were entered with.
// False, writing nothing, when the code is taken.
bool InsertIndicator(db::Connection& conn, v1::Indicator& indicator);
std::optional<v1::Indicator> LoadIndicator(db::Connection& conn, int64_t id);
std::optional<v1::Indicator> LoadIndicatorByCode(db::Connection& conn, const std::string& code);
// The indicators of these codes that exist, in no particular order.
std::vector<v1::Indicator> LoadIndicatorsByCodes(db::Connection& conn,
                                                 const std::vector<std::string>& codes);
// By code, after `after_code`; `owner` −1 for every owner.
std::vector<v1::Indicator> ListIndicators(db::Connection& conn, int64_t owner,
                                          const std::string& after_code, int limit);

// Templates: one row per template, one per version ever published.
// Version 1 of a new template; false, writing nothing, when the code is taken.
bool InsertTemplate(db::Connection& conn, v1::Template& t);
// `version` 0: the current one. `for_update` locks the template's row.
// The version new reports of template `id` are made on; nullopt for an unknown template.
std::optional<int> CurrentTemplateVersion(db::Connection& conn, int64_t id);
std::optional<v1::Template> LoadTemplate(db::Connection& conn, int64_t id, int version,
                                         bool for_update);
// Publishes `t` as the template's next version (t.version() is set).
void AddTemplateVersion(db::Connection& conn, v1::Template& t);
// Current versions without rows and sections, by code, after `after_code`; `owner` −1 for all.
std::vector<v1::Template> ListTemplates(db::Connection& conn, int64_t owner,
                                        const std::string& after_code, int limit);

void InsertObligation(db::Connection& conn, v1::Obligation& obligation);
std::optional<v1::Obligation> LoadObligation(db::Connection& conn, int64_t id);
// By id, after `after_id`; each filter 0 for any.
// Every obligation these units issued, by id.
// The obligations whose recipient or via unit is `unit`, by id.
std::vector<v1::Obligation> ObligationsAddressedTo(db::Connection& conn, int64_t unit);
std::vector<v1::Obligation> ObligationsIssuedBy(db::Connection& conn,
                                                const std::vector<int64_t>& issuers);
// The obligations whose reports serve a plan (Obligation.plan_id), by id.
std::vector<v1::Obligation> ObligationsServingPlan(db::Connection& conn, int64_t plan_id);
std::vector<v1::Obligation> ListObligations(db::Connection& conn,
                                            const v1::ListObligationsRequest& filter,
                                            int64_t after_id, int limit);

// The working calendar.
std::optional<v1::WorkingCalendarYear> LoadCalendarYear(db::Connection& conn, int year,
                                                        bool for_update);
// Inserts the year, or replaces it (its etag moves on).
void SaveCalendarYear(db::Connection& conn, v1::WorkingCalendarYear& year);
// Inserts the year unless one is stored (by anyone, even in a transaction committed meanwhile):
// true when this call stored it.
bool InsertCalendarYearIfAbsent(db::Connection& conn, const v1::WorkingCalendarYear& year);
// Every year loaded from `first_year` to `last_year`, as the domain counts working days on it. A
// stored year the domain refuses is left out, so that counting through it is HOLIDAYS_NOT_LOADED.
WorkingCalendar LoadCalendar(db::Connection& conn, int first_year, int last_year);

}  // namespace thidua::reporting::store
