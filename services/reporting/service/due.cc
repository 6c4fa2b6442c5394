// Due lists and the changes feed: what a unit owes now and what changed in its reports, for the
// apps of units that are often offline (mountain communes) as much as for portals; and what is
// overdue to a recipient.
#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"
#include "services/reporting/store/submission_store.h"

namespace thidua::reporting {
namespace {

// How long a period stays on a unit's due list after its window ends.
constexpr int kDueHorizonDays = 366;
constexpr int kMaxDue = 500;

v1::DueState DueStateOf(const v1::Submission* s) {
  if (s == nullptr) return v1::NOT_STARTED;
  return s->state() == v1::RETURNED ? v1::RETURNED_FOR_CORRECTION : v1::IN_DRAFT;
}

// Most overdue first, then the nearest last day on time (those without one last), obligation and
// period.
bool DueOrder(const v1::DueReport& a, const v1::DueReport& b) {
  if (a.days_overdue() != b.days_overdue()) return a.days_overdue() > b.days_overdue();
  const bool a_dated = a.has_last_day_on_time(), b_dated = b.has_last_day_on_time();
  if (a_dated != b_dated) return a_dated;
  if (a_dated) {
    const auto day = [](const v1::DueReport& d) {
      const auto& t = d.last_day_on_time();
      return std::tuple(t.year(), t.month(), t.day());
    };
    if (day(a) != day(b)) return day(a) < day(b);
  }
  if (a.obligation_id() != b.obligation_id()) return a.obligation_id() < b.obligation_id();
  return a.period().key() < b.period().key();
}

}  // namespace

absl::StatusOr<std::vector<v1::DueReport>> ReportingService::DueReportsOf(const server::Call& call,
                                                                          int64_t unit) {
  const CivilDay today = Today();
  // An obligation addresses reports only among its issuer's units (CheckWithinIssuer): those of
  // the unit and the units above it are all that can hold it.
  auto chain = registry_.Ancestors(call, unit);
  if (!chain.ok()) return chain.status();
  std::vector<int64_t> issuers = {unit};
  issuers.insert(issuers.end(), chain->begin(), chain->end());
  std::vector<v1::Obligation> obligations;
  std::vector<v1::Submission> own;
  WorkingCalendar calendar;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
    obligations = store::ObligationsIssuedBy(conn, issuers);
    own = store::OwnReportsOf(conn, unit);
    const int year = static_cast<int>(today.year());
    calendar = store::LoadCalendar(conn, year - 2, year + 1);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  std::map<std::pair<int64_t, std::string>, const v1::Submission*> report_of;
  for (const auto& s : own) report_of[{s.obligation_id(), s.period_key()}] = &s;

  std::vector<v1::DueReport> due;
  for (const v1::Obligation& obligation : obligations) {
    Violations stored;
    std::optional<Schedule> schedule = ScheduleOf(obligation, "", stored);
    if (!schedule) return absl::InternalError("a stored obligation's schedule does not read");
    for (const Period& period : schedule->PeriodsOverlapping(today - kDueHorizonDays, today)) {
      if (period.first > today) continue;  // not started: nothing owed yet
      auto found = report_of.find({obligation.id(), Key(period)});
      const v1::Submission* s = found == report_of.end() ? nullptr : found->second;
      if (s != nullptr && (s->state() == v1::SUBMITTED || s->state() == v1::ACCEPTED)) continue;
      if (s == nullptr) {
        // A report started was owed when it was started; otherwise the population decides.
        ReportFrame frame;
        frame.obligation = std::make_shared<const v1::Obligation>(obligation);
        frame.period = period;
        auto expected = ExpectedUnitsOf(call, frame);
        if (!expected.ok()) return expected.status();
        if (!std::binary_search((*expected)->begin(), (*expected)->end(), unit)) continue;
      }
      // A reopened accepted report (a version after the first) is recorded when it arrives but
      // never judged late: it has no last day on time.
      const bool reopened = s != nullptr && s->version() > 1;

      v1::DueReport d;
      d.set_obligation_id(obligation.id());
      d.set_obligation_name(obligation.display_name());
      auto deadline = DeadlineOf(schedule->deadline, period, calendar);
      if (deadline.ok()) {
        *d.mutable_period() = PeriodMessage(obligation.id(), period, *deadline, today);
        if (!reopened) *d.mutable_last_day_on_time() = ToProto(deadline->last_allowed);
      } else {
        *d.mutable_period() = PeriodWithoutDeadline(obligation.id(), period, today);
      }
      d.set_state(DueStateOf(s));
      if (s != nullptr) {
        d.set_submission_id(s->id());
        d.set_etag(s->etag());
        d.set_return_reason(s->return_reason());
        // A report returned with a correction deadline is due by the day the reviewer gave.
        if (s->has_correction_deadline()) *d.mutable_last_day_on_time() = s->correction_deadline();
      }
      if (d.has_last_day_on_time()) {
        auto last = FromProto(d.last_day_on_time());
        if (last.ok() && last->has_value() && today > **last) {
          d.set_days_overdue(static_cast<int32_t>(today - **last));
        }
      }
      due.push_back(std::move(d));
    }
  }
  std::sort(due.begin(), due.end(), DueOrder);
  return due;
}

grpc::Status ReportingService::ListDueReports(Ctx* ctx, const v1::ListDueReportsRequest* request,
                                              v1::ListDueReportsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->organization_id() <= 0) {
      return InvalidArgument({{"organization_id", "is required", "là bắt buộc"}});
    }
    auto allowed = ActsFor(call, request->organization_id());
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) return PermissionDenied();
    auto due = DueReportsOf(call, request->organization_id());
    if (!due.ok()) return due.status();
    if (due->size() > kMaxDue) {
      due->resize(kMaxDue);
      response->set_truncated(true);
    }
    for (auto& d : *due) *response->add_due_reports() = std::move(d);
    return absl::OkStatus();
  });
}

grpc::Status ReportingService::ListOverdueReports(Ctx* ctx,
                                                  const v1::ListOverdueReportsRequest* request,
                                                  v1::ListOverdueReportsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    const int64_t unit = request->addressed_to_organization_id();
    if (unit <= 0) v.Add("addressed_to_organization_id", "is required", "là bắt buộc");
    if (request->obligation_id() < 0) {
      v.Add("obligation_id", "0, or an obligation's id", "0, hoặc mã một chế độ báo cáo");
    }
    auto pager = server::Pager::Read(*request, v, 100, 1000);
    if (!v.empty()) return v.ToStatus();
    // Sorted by (−days overdue, obligation, period, unit).
    if (auto shaped = pager->StartAs(std::tuple<int64_t, int64_t, std::string, int64_t>{});
        !shaped.ok()) {
      return shaped.status();
    }
    auto allowed = ActsFor(call, unit);
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) return PermissionDenied();
    const CivilDay today = Today();
    std::vector<v1::Obligation> obligations;
    WorkingCalendar calendar;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      obligations = store::ObligationsAddressedTo(conn, unit);
      const int year = static_cast<int>(today.year());
      calendar = store::LoadCalendar(conn, year - 2, year + 1);
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;

    std::vector<v1::OverdueReport> overdue;
    for (const v1::Obligation& obligation : obligations) {
      if (request->obligation_id() != 0 && obligation.id() != request->obligation_id()) continue;
      Violations stored;
      std::optional<Schedule> schedule = ScheduleOf(obligation, "", stored);
      if (!schedule) return absl::InternalError("a stored obligation's schedule does not read");
      for (const Period& period : schedule->PeriodsOverlapping(today - kDueHorizonDays, today)) {
        // A deadline that cannot be counted (its year's days off not loaded) makes no one late.
        auto deadline = DeadlineOf(schedule->deadline, period, calendar);
        if (!deadline.ok() || today <= deadline->last_allowed) continue;
        ReportFrame frame;
        frame.obligation = std::make_shared<const v1::Obligation>(obligation);
        frame.period = period;
        auto expected = ExpectedUnitsOf(call, frame);
        if (!expected.ok()) return expected.status();
        // The period's reports, and the correction deadlines of those returned, in one snapshot.
        PeriodSnapshot snapshot;
        absl::flat_hash_map<int64_t, CivilDay> corrected_by;
        absl::Status read = pool_.ReadSnapshot(call.deadline, [&](db::Connection& conn) {
          auto period_reports = SnapshotOf(call, conn, obligation.id(), Key(period));
          if (!period_reports.ok()) return period_reports.status();
          snapshot = *std::move(period_reports);
          // A report returned with a correction deadline is owed by that day instead.
          for (int64_t u : **expected) {
            auto r = snapshot.reports->by_unit.find(u);
            if (r == snapshot.reports->by_unit.end() || r->second.state != v1::RETURNED ||
                r->second.accepted_version != 0) {
              continue;
            }
            auto s = store::LoadSubmission(conn, r->second.submission_id, false);
            if (!s || !s->has_correction_deadline()) continue;
            auto day = FromProto(s->correction_deadline());
            if (day.ok() && day->has_value()) corrected_by[s->organization_id()] = **day;
          }
          return absl::OkStatus();
        });
        if (!read.ok()) return read;
        const auto& reports = snapshot.reports->by_unit;
        const v1::Period shown = PeriodMessage(obligation.id(), period, *deadline, today);
        for (int64_t u : **expected) {
          auto r = reports.find(u);
          const store::ReportState* report = r == reports.end() ? nullptr : &r->second;
          // Arrived: waiting for review, accepted, or accepted once and reopened since.
          if (report != nullptr &&
              (report->state == v1::SUBMITTED || report->state == v1::ACCEPTED ||
               report->accepted_version > 0)) {
            continue;
          }
          CivilDay last = deadline->last_allowed;
          if (auto c = corrected_by.find(u); c != corrected_by.end()) last = c->second;
          if (today <= last) continue;
          v1::OverdueReport o;
          o.set_obligation_id(obligation.id());
          o.set_obligation_name(obligation.display_name());
          *o.mutable_period() = shown;
          o.set_organization_id(u);
          o.set_state(report == nullptr               ? v1::NOT_STARTED
                      : report->state == v1::RETURNED ? v1::RETURNED_FOR_CORRECTION
                                                      : v1::IN_DRAFT);
          if (report != nullptr) o.set_submission_id(report->submission_id);
          *o.mutable_last_day_on_time() = ToProto(last);
          o.set_days_overdue(static_cast<int32_t>(today - last));
          overdue.push_back(std::move(o));
        }
      }
    }
    auto key = [](const v1::OverdueReport& o) {
      return server::CursorKey{-int64_t{o.days_overdue()}, o.obligation_id(), o.period().key(),
                               o.organization_id()};
    };
    std::sort(overdue.begin(), overdue.end(),
              [&](const auto& a, const auto& b) { return key(a) < key(b); });
    std::string next;
    for (auto& o : pager->PageOf(overdue, key, next))
      *response->add_overdue_reports() = std::move(o);
    response->set_next_page_token(next);
    return absl::OkStatus();
  });
}

grpc::Status ReportingService::ListReportChanges(Ctx* ctx,
                                                 const v1::ListReportChangesRequest* request,
                                                 v1::ListReportChangesResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    const int64_t unit = request->organization_id();
    if (unit <= 0) v.Add("organization_id", "is required", "là bắt buộc");
    // Pages of at most 200: each change is read whole from its stored report.
    auto pager = server::Pager::Read(*request, v, 100, 200);
    if (!v.empty()) return v.ToStatus();
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    auto allowed = ActsFor(call, unit);
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) return PermissionDenied();
    int64_t last = std::get<0>(*after);
    absl::Status read = pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto page = store::ChangesOf(conn, unit, last, pager->size() + 1);
      if (static_cast<int>(page.size()) > pager->size()) {
        page.resize(pager->size());
        response->set_more(true);
      }
      for (auto& fed : page) {
        last = fed.feed_seq;
        *response->add_changes() = std::move(fed.submission);
      }
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    response->set_next_page_token(pager->TokenAfter({last}));
    if (response->more()) return absl::OkStatus();  // the due list comes with the last page
    auto due = DueReportsOf(call, unit);
    if (!due.ok()) return due.status();
    if (due->size() > kMaxDue) due->resize(kMaxDue);
    for (auto& d : *due) *response->add_due_reports() = std::move(d);
    return absl::OkStatus();
  });
}

}  // namespace thidua::reporting
