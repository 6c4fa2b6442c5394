#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "common/server/call.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "services/reporting/domain/rollup.h"
#include "thidua/reporting/v1/reporting.pb.h"

// SQL of submissions, their versions, their events and the accepted figures roll-ups add up.
namespace thidua::reporting::store {

// Inserts a new submission, a draft or already submitted (its lateness then recorded), and sets
// its id, etag and update time; the row's trigger gives it the unit's next feed number and the
// period shard's next change number (0008_report_numbers_by_trigger.sql). False when its client id
// or its (obligation, period, unit) is taken: nothing is written, numbers included.
bool InsertSubmission(db::Connection& conn, v1::Submission& s, int64_t recipient, int64_t via);
std::optional<v1::Submission> LoadSubmission(db::Connection& conn, int64_t id, bool for_update);
// The report of unit `organization` that its client id names (unique within the unit only).
std::optional<v1::Submission> LoadSubmissionByClientId(db::Connection& conn, int64_t organization,
                                                       const std::string& client_id);
std::optional<int64_t> SubmissionOf(db::Connection& conn, int64_t obligation,
                                    const std::string& period_key, int64_t organization);
// Writes the current version back (its etag moves on, and its trigger takes the next feed and
// shard numbers).
void SaveSubmission(db::Connection& conn, v1::Submission& s);

// Keeps the accepted version `s` as it stands, when a reopening makes it an earlier one: the
// current version is read from the report itself, an earlier one from here.
void SaveVersion(db::Connection& conn, const v1::Submission& s);
std::optional<v1::Submission> LoadVersion(db::Connection& conn, int64_t id, int version);

void AddEvent(db::Connection& conn, const server::Call& call, int64_t id, int version,
              v1::SubmissionEvent::Action action, const std::string& reason = "");
// Events that happened together (a report created and submitted in one call), in that order.
void AddEvents(db::Connection& conn, const server::Call& call, int64_t id, int version,
               const std::vector<v1::SubmissionEvent::Action>& actions);
std::vector<v1::SubmissionEvent> LoadEvents(db::Connection& conn, int64_t id, int version);

// Makes `s`'s figures the unit's accepted figures of its period: numbers and yes/no, the kinds
// roll-ups add up (text stays in the submission).
void ReplaceAcceptedFigures(db::Connection& conn, const v1::Submission& s,
                            const IndicatorLookup& lookup);

// Reports by id after `after_id`, as ListSubmissions filters them, without figures and narrative.
std::vector<v1::Submission> ListSubmissions(db::Connection& conn,
                                            const v1::ListSubmissionsRequest& filter,
                                            int64_t after_id, int limit);

// Where each unit's report of a period stands, for completeness.
struct ReportState {
  int64_t submission_id = 0;
  int64_t organization_id = 0;
  v1::SubmissionState state = v1::DRAFT;
  int accepted_version = 0;
  std::optional<int> days_late;  // of its first arrival; unset: it never arrived
  int64_t period_seq = 0;        // the number of its last change on its shard
};
std::vector<ReportState> ReportsOf(db::Connection& conn, int64_t obligation,
                                   const std::string& period_key);

// The rows of period_revisions a period's changes are spread over: a unit's changes go to shard
// organization_id % 16, which the triggers of 0008_report_numbers_by_trigger.sql compute too.
inline constexpr int kPeriodShards = 16;
inline int ShardOf(int64_t organization) { return static_cast<int>(organization % kPeriodShards); }
// How many changes each shard of a period has seen: a shard grows with every committed write to a
// report of one of its units (any write of the row, by 0008's triggers), so what is read of the
// period after reading them is at least as new as they are.
using ShardRevisions = std::array<int64_t, kPeriodShards>;
ShardRevisions PeriodShardRevisions(db::Connection& conn, int64_t obligation,
                                    const std::string& period_key);
// The reports of a period changed after `since` (period_seq above their shard's number there),
// with where they stand now; a report changed again meanwhile is read as it stands now. Only the
// shards that moved from `since` to `at` are looked at.
std::vector<ReportState> ReportsChangedSince(db::Connection& conn, int64_t obligation,
                                             const std::string& period_key,
                                             const ShardRevisions& since, const ShardRevisions& at);

// Every unit's accepted figures of one indicator of a period (numbers and yes/no).
std::vector<UnitFigure> AcceptedFiguresOf(db::Connection& conn, int64_t obligation,
                                          const std::string& period_key,
                                          const std::string& indicator_code);
// The accepted figures of one indicator of the reports `submission_ids` (of one period).
std::vector<UnitFigure> AcceptedFiguresOfReports(db::Connection& conn,
                                                 const std::string& indicator_code,
                                                 const std::vector<int64_t>& submission_ids);
// The current figures of `codes` of the reports of a period waiting for review.
std::vector<UnitFigure> SubmittedFiguresOf(db::Connection& conn, int64_t obligation,
                                           const std::string& period_key,
                                           const std::set<std::string>& codes);

// A report as the changes feed gives it (without figures and narrative), with its number in the
// unit's feed.
struct FedSubmission {
  v1::Submission submission;
  int64_t feed_seq = 0;
};
// The unit's reports changed after feed number `after`, in the order of their last change.
std::vector<FedSubmission> ChangesOf(db::Connection& conn, int64_t organization, int64_t after,
                                     int limit);

// Every report of a unit, for its due list: id, obligation, period, state, version and etag, and
// for a returned one what to correct and by when.
std::vector<v1::Submission> OwnReportsOf(db::Connection& conn, int64_t organization);

}  // namespace thidua::reporting::store
