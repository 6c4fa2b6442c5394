// The working calendar: days off and weekend days worked, per year, as announced.
#include "services/reporting/service/calendar.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxDaysListed = 60;

// The days of one list, in the order given: valid dates, each once, at most 60.
std::vector<CivilDay> ReadDays(const google::protobuf::RepeatedPtrField<common::v1::Date>& days,
                               const std::string& field, Violations& v) {
  std::vector<CivilDay> out;
  std::set<CivilDay> seen;
  if (days.size() > kMaxDaysListed) {
    v.Add(field, absl::StrCat("at most ", kMaxDaysListed, " days"),
          absl::StrCat("tối đa ", kMaxDaysListed, " ngày"));
  }
  for (int k = 0; k < days.size(); ++k) {
    auto day = thidua::FromProto(days.Get(k));
    if (!day.ok() || !day->has_value()) {
      v.Add(absl::StrCat(field, "[", k, "]"), "is not a valid date", "không phải ngày hợp lệ");
    } else if (!seen.insert(**day).second) {
      v.Add(absl::StrCat(field, "[", k, "]"), "appears twice", "bị lặp");
    } else {
      out.push_back(**day);
    }
  }
  return out;
}

// Stored sorted, so a year reads the same however it was typed.
void Sort(google::protobuf::RepeatedPtrField<common::v1::Date>* days,
          std::vector<CivilDay> sorted) {
  std::sort(sorted.begin(), sorted.end());
  days->Clear();
  for (CivilDay day : sorted) *days->Add() = thidua::ToProto(day);
}

}  // namespace

absl::Status CheckCalendarYear(v1::WorkingCalendarYear& year, const std::string& prefix) {
  Violations v;
  if (year.year() < 2000 || year.year() > 2100) {
    v.Add(prefix + "year", "2000 to 2100", "từ 2000 đến 2100");
  }
  if (year.source().empty()) {
    v.Add(prefix + "source", "name the announcement the days come from",
          "cần nêu văn bản thông báo lịch nghỉ");
  }
  const auto off = ReadDays(year.days_off(), prefix + "days_off", v);
  const auto worked = ReadDays(year.worked_weekend_days(), prefix + "worked_weekend_days", v);
  if (!v.empty()) return v.ToStatus();
  // The domain's own rules: days inside the year, days off on weekdays, worked days at weekends.
  WorkingCalendar check;
  if (absl::Status s = check.LoadYear(year.year(), off, worked, prefix); !s.ok()) return s;
  Sort(year.mutable_days_off(), off);
  Sort(year.mutable_worked_weekend_days(), worked);
  return absl::OkStatus();
}

grpc::Status ReportingService::GetWorkingCalendar(Ctx* ctx,
                                                  const v1::GetWorkingCalendarRequest* request,
                                                  v1::WorkingCalendarYear* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto year = store::LoadCalendarYear(conn, request->year(), false);
      if (!year) {
        return Error(absl::StatusCode::kNotFound, "HOLIDAYS_NOT_LOADED",
                     absl::StrCat("The days off of ", request->year(), " are not loaded"),
                     absl::StrCat("Chưa nạp lịch nghỉ của năm ", request->year()));
      }
      *response = *std::move(year);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::SetWorkingCalendar(Ctx* ctx,
                                                  const v1::SetWorkingCalendarRequest* request,
                                                  v1::WorkingCalendarYear* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::WorkingCalendarYear year = request->calendar();
    if (absl::Status s = CheckCalendarYear(year, "calendar."); !s.ok()) return s;
    if (auto s = auth::RequireRole(call.principal, kAdminRole); !s.ok()) return s;
    auto nation = ActsForNation(registry_, call, Today());
    if (!nation.ok()) return nation.status();
    if (!*nation) return PermissionDenied();
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::TransactOnce(pool_, call.deadline, key, response,
                            [&](db::Connection& conn) -> absl::Status {
                              auto stored = store::LoadCalendarYear(conn, year.year(), true);
                              const std::string stored_etag = stored ? stored->etag() : "";
                              if (stored_etag != year.etag()) return EtagMismatch();
                              store::SaveCalendarYear(conn, year);
                              *response = year;
                              db::Audit(conn, call, absl::StrCat("working-calendar/", year.year()),
                                        {{"days_off", year.days_off_size()},
                                         {"worked_weekend_days", year.worked_weekend_days_size()},
                                         {"source", year.source()}});
                              return absl::OkStatus();
                            });
  });
}

}  // namespace thidua::reporting
