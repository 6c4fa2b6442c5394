#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "common/server/call.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "thidua/reporting/v1/reporting.pb.h"

// SQL of submissions, their versions, their events and the accepted figures roll-ups add up.
namespace thidua::reporting::store {

// Inserts a new submission (id, etag and update time set); false, writing nothing, when its client
// id or its (obligation, period, unit) is taken.
bool InsertSubmission(db::Connection& conn, v1::Submission& s, int64_t recipient, int64_t via);
std::optional<v1::Submission> LoadSubmission(db::Connection& conn, int64_t id, bool for_update);
std::optional<v1::Submission> LoadSubmissionByClientId(db::Connection& conn,
                                                       const std::string& client_id);
std::optional<int64_t> SubmissionOf(db::Connection& conn, int64_t obligation,
                                    const std::string& period_key, int64_t organization);
// Writes the current version back (its etag moves on).
void SaveSubmission(db::Connection& conn, v1::Submission& s);

// The version as last submitted or accepted.
void SaveVersion(db::Connection& conn, const v1::Submission& s);
std::optional<v1::Submission> LoadVersion(db::Connection& conn, int64_t id, int version);

void AddEvent(db::Connection& conn, const server::Call& call, int64_t id, int version,
              v1::SubmissionEvent::Action action, const std::string& reason = "");
std::vector<v1::SubmissionEvent> LoadEvents(db::Connection& conn, int64_t id, int version);

// Makes `s`'s figures the unit's accepted figures of its period: numbers and yes/no, the kinds
// roll-ups add up (text stays in the submission).
void ReplaceAcceptedFigures(db::Connection& conn, const v1::Submission& s,
                            const IndicatorLookup& lookup);

}  // namespace thidua::reporting::store
