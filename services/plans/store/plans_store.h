#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/db/pool.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans::store {

// The plans service's SQL. Functions run inside the caller's Pool transaction or read.

// Listings page by cursor (server::Pager): each starts strictly after the sort key of the previous
// page's last row, its id last, and reads `limit` rows (one more than the page, to know whether
// another follows).

int64_t InsertMovement(db::Connection& conn, v1::Movement& movement);
// Movements whose folded name holds every one of `folded_words`, by id, after `after_id`.
std::vector<v1::Movement> ListMovements(db::Connection& conn,
                                        const std::vector<std::string>& folded_words,
                                        int64_t after_id, int limit);
bool MovementExists(db::Connection& conn, int64_t id);

// Inserts the document unless one with the same identity (DocumentSymbol::IdentityOn: number, type
// and issuer within the year) exists for the same issuing body; returns the stored one either way.
// Its symbol and date may differ from the document's ("5/KH-X" finds "05/KH-X"): the caller
// decides what a different date means. A stored record without an issuer is claimed by a
// registration that names one, whose symbol, date and title then win. Says in `written` (when
// given) whether a row was inserted or claimed.
v1::Document UpsertDocument(db::Connection& conn, const v1::Document& document,
                            const std::string& identity, bool* written = nullptr);
// The document, locked until the transaction ends (to issue a plan as it).
std::optional<v1::Document> LockDocument(db::Connection& conn, int64_t id);
// The plan issued as a document, or 0.
int64_t PlanIssuedAs(db::Connection& conn, int64_t document_id);
std::optional<v1::Document> LoadDocument(db::Connection& conn, int64_t id);
// Documents whose identity starts with `identity_prefix` (empty: any), of `type` (0: any), newest
// first: by issue date descending, then id, after the document of (`after_date` "YYYY-MM-DD",
// `after_id`).
std::vector<v1::Document> ListDocuments(db::Connection& conn, const std::string& identity_prefix,
                                        int type, const std::string& folded_query,
                                        const std::string& after_date, int64_t after_id, int limit);
// Known dates of documents by canonical symbol (for the date checks of plans).
std::vector<std::pair<std::string, std::string>> DocumentDates(db::Connection& conn,
                                                               const std::vector<int64_t>& ids);

// Plans: the row, and the content of each version.
struct PlanRow {
  int64_t id = 0;
  int64_t issuer = 0;
  int status = 0;
  int version = 1;
  int64_t row_version = 1;
  int64_t document_id = 0;
};
std::optional<PlanRow> LoadPlanRow(db::Connection& conn, int64_t id, bool for_update);
// The plan's content at a version (0: current), with row fields filled in.
std::optional<v1::Plan> LoadPlan(db::Connection& conn, int64_t id, int version);
// Inserts a new plan (DRAFT) and its first content; sets ids of the plan, tasks and targets.
void InsertPlan(db::Connection& conn, v1::Plan& plan);
// Writes the plan's row and the content of its current version (replacing a draft's content, or
// adding a version on amendment when `new_version`).
void SavePlan(db::Connection& conn, v1::Plan& plan, bool new_version, const std::string& reason);
// Whose plans a listing may show: every plan of `any_status` issuers (the caller's own unit and
// those under it), the issued and closed ones of `issued_only` issuers (the units above it), or
// all of them.
struct PlanVisibility {
  bool everything = false;
  std::vector<int64_t> any_status;
  std::vector<int64_t> issued_only;
};
// By issue date descending (drafts, without one, last), then id descending, after the plan of
// (`after_date` "YYYY-MM-DD", or "" for a draft; `after_id`).
std::vector<v1::Plan> ListPlans(db::Connection& conn, const v1::ListPlansRequest& request,
                                const PlanVisibility& visible, const std::string& after_date,
                                int64_t after_id, int limit);
// Issued plans implementing a document, as (issuer, plan id, issue date "YYYY-MM-DD").
struct Implementation {
  int64_t issuer;
  int64_t plan_id;
  std::string issue_date;
};
std::vector<Implementation> ImplementationsOf(db::Connection& conn, int64_t document_id);

// Statuses and notes of a task.
void LoadTaskProgress(db::Connection& conn, v1::Task& task);
void UpsertTaskStatus(db::Connection& conn, int64_t task_id, const v1::AssigneeStatus& status);
void InsertTaskNote(db::Connection& conn, int64_t task_id, const v1::ProgressNote& note);
// The plan holding a task, or 0.
int64_t PlanOfTask(db::Connection& conn, int64_t task_id);

// The launching organisation of a movement (0 when not recorded), or nothing when there is no
// such movement.
std::optional<int64_t> MovementLauncher(db::Connection& conn, int64_t movement_id);

// The catalogue of standards and titles (standards_store.cc).
void InsertStandard(db::Connection& conn, v1::Standard& standard);
std::optional<v1::Standard> LoadStandard(db::Connection& conn, int64_t id, bool for_update);
void SaveStandard(db::Connection& conn, v1::Standard& standard);
// Entries of a movement by id, after `after_id`.
std::vector<v1::Standard> ListStandards(db::Connection& conn, int64_t movement_id, int64_t after_id,
                                        int limit);
// Whether another entry (id other than `except_id`) of the movement has this name by identity
// (common/text/identity.h) or this code.
bool StandardNameTaken(db::Connection& conn, int64_t movement_id, const std::string& name,
                       int64_t except_id);
bool StandardCodeTaken(db::Connection& conn, int64_t movement_id, const std::string& code);
// Gives entries written by migration 0008 without a name key their key; run at start-up.
absl::Status KeyStandardNames(db::Pool& pool);
// Gives documents written before migration 0009 the identity digest of their issuing body.
absl::Status KeyIssuingBodies(db::Pool& pool);

// `registration.title` is filled from its standard.
int64_t InsertRegistration(db::Connection& conn, v1::Registration& registration);
// Whether the unit registered that year for the standard.
bool IsRegistered(db::Connection& conn, int64_t organization_id, int year, int64_t standard_id);
// Registrations matching the request, of `units` only when given, by year, unit and id, after the
// registration of `after` (year, organization id, id); titles from their standards.
struct RegistrationKey {
  int64_t year = 0;
  int64_t organization_id = 0;
  int64_t id = 0;
};
std::vector<v1::Registration> ListRegistrations(db::Connection& conn,
                                                const v1::ListRegistrationsRequest& request,
                                                const std::optional<std::vector<int64_t>>& units,
                                                const RegistrationKey& after, int limit);
std::vector<int64_t> RegisteredUnits(db::Connection& conn, int year, int64_t standard_id);

void InsertModel(db::Connection& conn, v1::SecurityModel& model);
std::optional<v1::SecurityModel> LoadModel(db::Connection& conn, int64_t id, bool for_update);
void SaveModel(db::Connection& conn, v1::SecurityModel& model);
// Models of these owners (and `status`, 0: any) by id, after `after_id`.
std::vector<v1::SecurityModel> ListModels(db::Connection& conn, const std::vector<int64_t>& owners,
                                          int status, int64_t after_id, int limit);

}  // namespace thidua::plans::store
