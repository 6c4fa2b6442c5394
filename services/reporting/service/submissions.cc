// Submissions: a unit's report of a period, from its draft to its acceptance, and its versions.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "google/protobuf/util/time_util.h"
#include "re2/re2.h"
#include "services/plans/population/resolve.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/submission_lifecycle.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"
#include "services/reporting/store/submission_store.h"

namespace thidua::reporting {
namespace {

using Action = v1::SubmissionEvent;

bool IsClientId(const std::string& id) {
  static const RE2 kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return RE2::FullMatch(id, kUuid);
}

absl::Status Changed(const v1::Submission& current) {
  return Error(absl::StatusCode::kAborted, "SUBMISSION_CHANGED",
               absl::StrCat("The report was changed meanwhile (now version ", current.version(),
                            ", ", v1::SubmissionState_Name(current.state()),
                            "); fetch it and decide what to keep"),
               absl::StrCat("Báo cáo đã được thay đổi (nay là phiên bản ", current.version(), ", ",
                            v1::SubmissionState_Name(current.state()),
                            "); hãy tải lại và chọn nội dung giữ lại"),
               {},
               {{"id", absl::StrCat(current.id())},
                {"version", absl::StrCat(current.version())},
                {"etag", current.etag()},
                {"state", v1::SubmissionState_Name(current.state())}});
}

// A change of a stored submission names it and the etag it was read at.
void RequireIdAndEtag(int64_t id, const std::string& etag, Violations& v) {
  if (id <= 0) v.Add("id", "is required", "là bắt buộc");
  if (etag.empty()) v.Add("etag", "is required", "là bắt buộc");
}

bool IncludesEstimates(const v1::Submission& s) {
  return std::any_of(s.figures().begin(), s.figures().end(),
                     [](const v1::Figure& f) { return f.estimated(); });
}

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

}  // namespace

absl::StatusOr<ReportingService::ReportFrame> ReportingService::FrameOf(
    const server::Call& call, int64_t obligation_id, const std::string& period_key,
    int template_version, absl::string_view prefix) {
  ReportFrame frame;
  std::shared_ptr<const v1::Obligation> obligation;
  std::shared_ptr<const v1::Template> t;
  WorkingCalendar calendar;
  std::optional<Period> period;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
    obligation = catalogue_.Obligation(conn, obligation_id);
    if (!obligation) return absl::OkStatus();
    Violations stored;
    std::optional<Schedule> schedule = ScheduleOf(*obligation, "", stored);
    if (!schedule) return absl::InternalError("a stored obligation's schedule does not read");
    period = schedule->PeriodOfKey(period_key);
    if (!period) return absl::OkStatus();
    frame.period = *period;
    // Only working days are counted on the calendar; a day's deadline needs no read.
    if (schedule->deadline.kind == DeadlineRule::Kind::kWorkingDays) {
      const int year = static_cast<int>(period->last.year());
      calendar = store::LoadCalendar(conn, year, year + 1);
    }
    auto deadline = DeadlineOf(schedule->deadline, *period, calendar);
    if (deadline.ok()) {
      frame.deadline = *deadline;
    } else if (deadline.status().code() == absl::StatusCode::kFailedPrecondition) {
      frame.deadline_status = deadline.status();  // HOLIDAYS_NOT_LOADED: only lateness waits
    } else {
      return deadline.status();
    }
    t = catalogue_.Template(conn, obligation->template_id(), template_version);
    if (!t) return absl::OkStatus();
    // A ratio's parts are rows of the template too (CheckTemplateContent), so they are loaded.
    frame.indicators = catalogue_.IndicatorsOf(conn, *t);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  if (!obligation) {
    return Error(
        absl::StatusCode::kNotFound, "UNKNOWN_OBLIGATION", "Unknown obligation",
        "Không có chế độ báo cáo này",
        {{"submission.obligation_id", "unknown obligation", "không có chế độ báo cáo này"}});
  }
  if (!period) {
    return Error(
        absl::StatusCode::kNotFound, "UNKNOWN_PERIOD",
        "The obligation owes no report of this period", "Chế độ báo cáo không có kỳ báo cáo này",
        {{absl::StrCat(prefix, "period_key"), "not a period of the obligation (see ListPeriods)",
          "không phải kỳ của chế độ báo cáo (xem ListPeriods)"}});
  }
  if (!t) return absl::InternalError("an obligation's template version is missing");
  frame.obligation = std::move(obligation);
  frame.template_ = std::move(t);
  return frame;
}

absl::StatusOr<std::vector<int64_t>> ReportingService::ExpectedUnits(
    const server::Call& call, const v1::Obligation& obligation, const Period& period) {
  auto units = plans::ResolvePopulation(registry_, call, obligation.reporters(), period.last);
  if (!units.ok()) return units;
  if (obligation.reporters().has_units()) {
    // Kinds and groups are listed as of the day; named units are kept only if valid that day.
    auto named = registry_.BatchGet(call, *units, period.last);
    if (!named.ok()) return named.status();
    units->clear();
    for (const auto& o : named->found) {
      if (ValidOn(o, period.last)) units->push_back(o.id());
    }
    std::sort(units->begin(), units->end());
  }
  auto within = UnitsWithin(call, obligation.issuer_organization_id(), period.last);
  if (!within.ok()) return within.status();
  if (*within) std::erase_if(*units, [&](int64_t unit) { return !(*within)->contains(unit); });
  return units;
}

absl::StatusOr<std::shared_ptr<const std::vector<int64_t>>> ReportingService::ExpectedUnitsOf(
    const server::Call& call, const ReportFrame& frame) {
  return rollup_sources_.expected.GetOrFetch(
      absl::StrCat(frame.obligation->id(), "/", Key(frame.period)), call.deadline,
      [&] { return ExpectedUnits(call, *frame.obligation, frame.period); });
}

absl::StatusOr<v1::Submission> ReportingService::AuthorizedSubmission(const server::Call& call,
                                                                      int64_t id,
                                                                      SubmissionRole role) {
  std::optional<v1::Submission> s;
  std::shared_ptr<const v1::Obligation> obligation;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
    s = store::LoadSubmission(conn, id, false);
    if (s) obligation = catalogue_.Obligation(conn, s->obligation_id());
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  if (!s || !obligation) {
    // An unknown id asks the registry as a known one would, and is refused alike.
    auto unknown = ActsFor(call, -1);
    if (!unknown.ok()) return unknown.status();
    return PermissionDenied();
  }
  // The unit the reports go via reviews them, but not its own (when it is also in the
  // population, as Công an tỉnh Tuyên Quang is in seed 003), which its recipient reviews.
  const int64_t via = obligation->via_organization_id();
  const int64_t reviewer =
      via != 0 && via != s->organization_id() ? via : obligation->recipient_organization_id();
  // The units the caller may act for to be let in (any one of them).
  std::vector<int64_t> allowed;
  const bool reporter_role =
      role == SubmissionRole::kReporter || role == SubmissionRole::kReporterOrReviewer;
  if (reporter_role && call.principal.HasRole(kReporterRole) &&
      call.principal.organization_id == s->organization_id()) {
    return *s;  // the unit's own staff
  }
  // The units a report is addressed to read and review it once it has been sent to them: a draft
  // that never left its unit is the unit's own, and nothing of it (not even its etag) shows.
  const bool sent = s->state() != v1::DRAFT || s->version() > 1;
  if (role == SubmissionRole::kReader) {
    allowed = {s->organization_id()};
    if (sent) {
      allowed.push_back(reviewer);
      allowed.push_back(obligation->recipient_organization_id());
    }
  } else if (role != SubmissionRole::kReporter && call.principal.HasRole(kReviewerRole) && sent &&
             call.principal.organization_id != s->organization_id()) {
    allowed = {reviewer};  // no unit's staff review their own unit's report
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  for (int64_t unit : allowed) {
    auto acts = ActsFor(call, unit);
    if (!acts.ok()) return acts.status();
    if (*acts) return *s;
  }
  if (allowed.empty()) {
    // Asked nothing: ask as the other paths do, so that answers do not differ by registry state.
    auto none = ActsFor(call, -1);
    if (!none.ok()) return none.status();
  }
  return PermissionDenied();
}

namespace {

// CreateSubmission's answer when the client id names a report the unit made already (`known`):
// a retry after a lost answer gets that report, whatever else it carries now; a report started
// as a draft and not sent must be updated and submitted, not taken for sent; the id of another
// of the unit's reports is taken. (Client ids are the unit's own: another unit's are never told.)
absl::Status KnownReport(const v1::Submission& known, const v1::Submission& asked, bool submit,
                         v1::Submission* response) {
  if (known.obligation_id() != asked.obligation_id() || known.period_key() != asked.period_key()) {
    return Error(absl::StatusCode::kAlreadyExists, "CLIENT_ID_TAKEN",
                 "This client id names another of the unit's reports; make a new one",
                 "Mã client_id này thuộc một báo cáo khác của đơn vị; hãy tạo mã mới",
                 {{"submission.client_id", "is taken", "đã được dùng"}});
  }
  if (submit && (known.state() == v1::DRAFT || known.state() == v1::RETURNED)) {
    return Error(absl::StatusCode::kFailedPrecondition, "REPORT_NOT_SENT",
                 "This client id names a report that was started and not sent; update "
                 "and submit it",
                 "Mã client_id này là của báo cáo đã tạo nhưng chưa gửi; hãy cập nhật và "
                 "gửi báo cáo đó",
                 {},
                 {{"id", absl::StrCat(known.id())},
                  {"version", absl::StrCat(known.version())},
                  {"etag", known.etag()}});
  }
  *response = known;
  return absl::OkStatus();
}

}  // namespace

grpc::Status ReportingService::CreateSubmission(Ctx* ctx,
                                                const v1::CreateSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Submission in = request->submission();
    Violations v;
    if (!IsClientId(in.client_id())) {
      v.Add("submission.client_id", "a UUID in lower-case hex (8-4-4-4-12)",
            "một UUID viết thường (8-4-4-4-12)");
    }
    if (in.obligation_id() <= 0) v.Add("submission.obligation_id", "is required", "là bắt buộc");
    if (in.period_key().empty()) v.Add("submission.period_key", "is required", "là bắt buộc");
    if (in.organization_id() <= 0) {
      v.Add("submission.organization_id", "is required", "là bắt buộc");
    }
    if (!v.empty()) return v.ToStatus();
    // The declared check let in the unit and the units above it; a report is written by the
    // unit's own staff only.
    if (call.principal.organization_id != in.organization_id()) return PermissionDenied();
    // Made at once: a retry of a report already made is found by its client id once the insert
    // meets it or this request is refused.
    absl::Status made = NewReport(call, *request, in, response);
    if (made.ok()) return made;
    // Taken (a concurrent or late retry), or refused now (its period closed, its unit no longer
    // expected, a figure no longer valid...): a retry after a lost answer still gets the report
    // it made.
    std::optional<v1::Submission> first;
    absl::Status read = pool_.Run(call.deadline, [&](db::Connection& conn) {
      first = store::LoadSubmissionByClientId(conn, in.organization_id(), in.client_id());
      return absl::OkStatus();
    });
    if (!read.ok() || !first) return made;
    return KnownReport(*first, in, request->submit(), response);
  });
}

absl::Status ReportingService::NewReport(const server::Call& call,
                                         const v1::CreateSubmissionRequest& request,
                                         v1::Submission& in, v1::Submission* response) {
  Violations v;
  auto frame = FrameOf(call, in.obligation_id(), in.period_key(), 0);
  if (!frame.ok()) return frame.status();
  const CivilDay today = Today();
  if (today < frame->period.first) {
    return Error(absl::StatusCode::kFailedPrecondition, "PERIOD_NOT_STARTED",
                 absl::StrCat("The period starts on ", ToVietnamese(frame->period.first)),
                 absl::StrCat("Kỳ báo cáo bắt đầu từ ngày ", ToVietnamese(frame->period.first)));
  }
  // Who owes the report: the obligation's population on the window's last day (REPORTING.md).
  auto expected = ExpectedUnitsOf(call, *frame);
  if (!expected.ok()) return expected.status();
  if (!std::binary_search((*expected)->begin(), (*expected)->end(), in.organization_id())) {
    return Error(absl::StatusCode::kFailedPrecondition, "NOT_EXPECTED",
                 "This unit does not owe this report (it is not among the obligation's units on "
                 "the period's last day)",
                 "Đơn vị không thuộc đối tượng phải báo cáo kỳ này");
  }
  in.clear_id();
  in.set_state(v1::DRAFT);
  in.set_version(1);
  in.set_template_version(frame->template_->version());
  in.clear_submit_time();
  in.clear_days_late();
  in.clear_return_reason();
  in.clear_accepted_version();
  in.clear_history();
  in.clear_correction_deadline();
  in.clear_last_day_on_time();
  if (frame->deadline) *in.mutable_last_day_on_time() = ToProto(frame->deadline->last_allowed);
  if (absl::Status st = Consolidate(call, request, *frame, in); !st.ok()) return st;
  CheckFigures(in, *frame->template_, frame->lookup(), frame->with_estimates(), v);
  if (!v.empty()) return v.ToStatus();
  in.set_includes_estimates(IncludesEstimates(in));
  // Sent at once: complete, and late or not from now, before anything is written.
  if (request.submit()) {
    if (absl::Status st = MarkSubmitted(*frame, clock_.Now(), in); !st.ok()) return st;
  }
  // A retried transaction inserts `in` again: the insert sets only what it answers (id, etag,
  // update time), and sets it afresh.
  absl::Status made = pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
    if (store::InsertSubmission(conn, in, frame->obligation->recipient_organization_id(),
                                frame->obligation->via_organization_id())) {
      if (request.submit()) {
        store::AddEvents(conn, call, in.id(), 1, {Action::CREATED, Action::SUBMITTED});
      } else {
        store::AddEvent(conn, call, in.id(), 1, Action::CREATED);
      }
      db::Audit(conn, call, absl::StrCat("submissions/", in.id()),
                {{"created", in.period_key()},
                 {"organization", in.organization_id()},
                 {"state", v1::SubmissionState_Name(in.state())}});
      return absl::OkStatus();
    }
    // Taken: by the same client id (the caller answers a retry with its report) or by the unit's
    // report. The insert was undone, its numbers with it, and this error rolls back (which
    // frees their rows).
    const auto existing =
        store::SubmissionOf(conn, in.obligation_id(), in.period_key(), in.organization_id());
    return Error(absl::StatusCode::kAlreadyExists, "SUBMISSION_EXISTS",
                 "The unit has started this report already; continue it",
                 "Đơn vị đã tạo báo cáo kỳ này; hãy tiếp tục báo cáo đó", {},
                 {{"id", absl::StrCat(existing.value_or(0))}});
  });
  if (made.ok()) *response = std::move(in);
  return made;
}

absl::StatusOr<ReportingService::ReportFrame> ReportingService::FrameOfSubmission(
    const server::Call& call, int64_t id, const std::string& etag, SubmissionRole role) {
  Violations v;
  RequireIdAndEtag(id, etag, v);
  if (!v.empty()) return v.ToStatus();
  auto current = AuthorizedSubmission(call, id, role);
  if (!current.ok()) return current.status();
  return FrameOf(call, current->obligation_id(), current->period_key(),
                 current->template_version());
}

absl::Status ReportingService::ChangeSubmission(
    const server::Call& call, const google::protobuf::Message& request,
    const std::string& request_id, int64_t id, const std::string& etag,
    v1::SubmissionEvent::Action action, const std::string& reason,
    absl::FunctionRef<absl::Status(db::Connection&, v1::Submission&)> change,
    v1::Submission* response) {
  const db::IdempotencyKey key(call, request_id, request);
  return db::TransactOnce(pool_, call.deadline, key, response,
                          [&](db::Connection& conn) -> absl::Status {
                            auto s = store::LoadSubmission(conn, id, true);
                            if (!s) return PermissionDenied();
                            if (s->etag() != etag) return Changed(*s);
                            if (absl::Status st = change(conn, *s); !st.ok()) return st;
                            store::SaveSubmission(conn, *s);
                            store::AddEvent(conn, call, s->id(), s->version(), action, reason);
                            db::Audit(conn, call, absl::StrCat("submissions/", s->id()),
                                      {{"action", v1::SubmissionEvent::Action_Name(action)},
                                       {"version", s->version()},
                                       {"state", v1::SubmissionState_Name(s->state())}});
                            *response = *std::move(s);
                            return absl::OkStatus();
                          });
}

grpc::Status ReportingService::UpdateSubmission(Ctx* ctx,
                                                const v1::UpdateSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Submission in = request->submission();
    Violations v;
    if (in.id() <= 0) v.Add("submission.id", "is required", "là bắt buộc");
    if (in.etag().empty()) v.Add("submission.etag", "is required", "là bắt buộc");
    if (!v.empty()) return v.ToStatus();
    auto current = AuthorizedSubmission(call, in.id(), SubmissionRole::kReporter);
    if (!current.ok()) return current.status();
    auto frame =
        FrameOf(call, current->obligation_id(), current->period_key(), current->template_version());
    if (!frame.ok()) return frame.status();
    CheckFigures(in, *frame->template_, frame->lookup(), frame->with_estimates(), v);
    if (!v.empty()) return v.ToStatus();
    return ChangeSubmission(
        call, *request, request->request_id(), in.id(), in.etag(), Action::UPDATED, "",
        [&](db::Connection&, v1::Submission& s) -> absl::Status {
          if (auto st = CheckAllowed(s.state(), SubmissionAction::kUpdate); !st.ok()) {
            return st;
          }
          *s.mutable_figures() = in.figures();
          *s.mutable_narrative() = in.narrative();
          s.set_includes_estimates(IncludesEstimates(s));
          return absl::OkStatus();
        },
        response);
  });
}

absl::Status ReportingService::MarkSubmitted(const ReportFrame& frame, absl::Time now,
                                             v1::Submission& s) {
  if (auto st = CheckAllowed(s.state(), SubmissionAction::kSubmit); !st.ok()) return st;
  Violations missing;
  CheckComplete(s, *frame.template_, frame.lookup(), "", missing);
  if (!missing.empty()) {
    return Error(absl::StatusCode::kFailedPrecondition, "INCOMPLETE",
                 "Required figures or sections are missing",
                 "Còn thiếu số liệu hoặc nội dung bắt buộc", missing.list(),
                 {{"missing", absl::StrCat(missing.size())}});
  }
  // The report's first arrival sets its lateness, against the period's deadline as it
  // stands now (the working calendar may have changed since the draft), or against the
  // deadline the reviewer gave for a correction; a resubmission after a return keeps it.
  // A reopened version corrects an accepted report: its arrival is recorded, not judged.
  if (!s.has_submit_time()) {
    *s.mutable_submit_time() = ToTimestamp(now);
    auto correction = FromProto(s.correction_deadline());
    if (s.version() > 1) {
      s.set_days_late(0);
    } else if (correction.ok() && correction->has_value()) {
      const Deadline given{**correction, **correction, false};
      s.set_days_late(DaysLate(given, now));
      *s.mutable_last_day_on_time() = s.correction_deadline();
    } else if (frame.deadline) {
      s.set_days_late(DaysLate(*frame.deadline, now));
      *s.mutable_last_day_on_time() = ToProto(frame.deadline->last_allowed);
    } else {
      return frame.deadline_status;  // HOLIDAYS_NOT_LOADED
    }
  }
  s.set_state(v1::SUBMITTED);
  s.clear_return_reason();
  return absl::OkStatus();
}

grpc::Status ReportingService::SubmitSubmission(Ctx* ctx,
                                                const v1::SubmitSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto frame = FrameOfSubmission(call, request->id(), request->etag(), SubmissionRole::kReporter);
    if (!frame.ok()) return frame.status();
    const absl::Time now = clock_.Now();
    return ChangeSubmission(
        call, *request, request->request_id(), request->id(), request->etag(), Action::SUBMITTED,
        "",
        [&](db::Connection&, v1::Submission& s) -> absl::Status {
          return MarkSubmitted(*frame, now, s);
        },
        response);
  });
}

grpc::Status ReportingService::ReturnSubmission(Ctx* ctx,
                                                const v1::ReturnSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    RequireIdAndEtag(request->id(), request->etag(), v);
    if (request->reason().empty()) {
      v.Add("reason", "say what to correct", "cần nêu nội dung phải sửa");
    }
    auto correction = FromProto(request->correction_deadline());
    if (!correction.ok()) {
      v.Add("correction_deadline", "is not a valid date", "không phải ngày hợp lệ");
    }
    if (!v.empty()) return v.ToStatus();
    auto current = AuthorizedSubmission(call, request->id(), SubmissionRole::kReviewer);
    if (!current.ok()) return current.status();
    return ChangeSubmission(
        call, *request, request->request_id(), request->id(), request->etag(), Action::RETURNED,
        request->reason(),
        [&](db::Connection&, v1::Submission& s) -> absl::Status {
          if (auto st = CheckAllowed(s.state(), SubmissionAction::kReturn); !st.ok()) {
            return st;
          }
          // Judged on the day of the return itself (after a retry's replay: a retry the next
          // morning gets its first answer).
          if (correction->has_value() && **correction < Today()) {
            return InvalidArgument(
                {{"correction_deadline", "must not be in the past", "không được trước hôm nay"}});
          }
          s.set_state(v1::RETURNED);
          s.set_return_reason(request->reason());
          if (correction->has_value()) {
            // Lateness is counted afresh against the correction's deadline.
            *s.mutable_correction_deadline() = ToProto(**correction);
            *s.mutable_last_day_on_time() = ToProto(**correction);
            s.clear_submit_time();
            s.clear_days_late();
          }
          return absl::OkStatus();
        },
        response);
  });
}

grpc::Status ReportingService::AcceptSubmission(Ctx* ctx,
                                                const v1::AcceptSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto frame = FrameOfSubmission(call, request->id(), request->etag(), SubmissionRole::kReviewer);
    if (!frame.ok()) return frame.status();
    return ChangeSubmission(
        call, *request, request->request_id(), request->id(), request->etag(), Action::ACCEPTED, "",
        [&](db::Connection& conn, v1::Submission& s) -> absl::Status {
          if (auto st = CheckAllowed(s.state(), SubmissionAction::kAccept); !st.ok()) {
            return st;
          }
          s.set_state(v1::ACCEPTED);
          s.set_accepted_version(s.version());
          store::ReplaceAcceptedFigures(conn, s, frame->lookup());
          return absl::OkStatus();
        },
        response);
  });
}

grpc::Status ReportingService::ReopenSubmission(Ctx* ctx,
                                                const v1::ReopenSubmissionRequest* request,
                                                v1::Submission* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    RequireIdAndEtag(request->id(), request->etag(), v);
    if (request->reason().empty()) {
      v.Add("reason", "say why the accepted report is corrected",
            "cần nêu lý do điều chỉnh báo cáo đã tiếp nhận");
    }
    if (!v.empty()) return v.ToStatus();
    auto current = AuthorizedSubmission(call, request->id(), SubmissionRole::kReporterOrReviewer);
    if (!current.ok()) return current.status();
    return ChangeSubmission(
        call, *request, request->request_id(), request->id(), request->etag(), Action::REOPENED,
        request->reason(),
        [&](db::Connection& conn, v1::Submission& s) -> absl::Status {
          if (auto st = CheckAllowed(s.state(), SubmissionAction::kReopen); !st.ok()) {
            return st;
          }
          // The accepted version becomes an earlier one, kept as it was accepted.
          store::SaveVersion(conn, s);
          // A new version; the accepted one stays in roll-ups, and the report's lateness stays
          // that of its first arrival.
          s.set_version(s.version() + 1);
          s.set_state(v1::DRAFT);
          s.clear_submit_time();
          s.clear_days_late();
          s.clear_return_reason();
          s.clear_correction_deadline();
          s.clear_last_day_on_time();
          return absl::OkStatus();
        },
        response);
  });
}

}  // namespace thidua::reporting
