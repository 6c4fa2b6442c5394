#include "services/reporting/service/shipped_catalogue.h"

#include <deque>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/audit.h"
#include "common/errors.h"
#include "google/protobuf/text_format.h"
#include "services/reporting/domain/catalogue_rules.h"
#include "services/reporting/service/calendar.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {

std::string_view CatalogueText();        // compiled from data/catalogue.txtpb
std::string_view WorkingCalendarText();  // compiled from data/working_calendar.txtpb

namespace {

// A data file compiled into the binary, in protobuf's text format.
template <typename Message>
absl::StatusOr<Message> Parsed(std::string_view text, absl::string_view file) {
  Message message;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), &message)) {
    return absl::InternalError(absl::StrCat("services/reporting/data/", file, " does not parse"));
  }
  return message;
}

}  // namespace

absl::StatusOr<v1::Catalogue> ShippedCatalogue() {
  return Parsed<v1::Catalogue>(CatalogueText(), "catalogue.txtpb");
}

absl::Status AddMissingToCatalogue(db::Pool& pool, const v1::Catalogue& catalogue) {
  server::Call start;
  start.principal.subject = "reporting (shipped catalogue)";
  start.method = "AddMissingToCatalogue";
  return pool.Transact(absl::Now() + absl::Minutes(1), [&](db::Connection& conn) -> absl::Status {
    // What the checks look codes up in: the stored catalogue, and the file's earlier entries.
    // A deque: the pointers handed out stay valid as entries are added.
    std::deque<v1::Indicator> known;
    auto lookup = [&](absl::string_view code) -> const v1::Indicator* {
      for (const auto& i : known) {
        if (i.code() == code) return &i;
      }
      if (auto stored = store::LoadIndicatorByCode(conn, std::string(code))) {
        known.push_back(*std::move(stored));
        return &known.back();
      }
      return nullptr;
    };
    auto refuse = [](const std::string& what, const Violations& v) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the shipped catalogue's ", what, " fails its checks: ", v.ToStatus().ToString()));
    };
    for (v1::Indicator indicator : catalogue.indicators()) {
      indicator.set_owner_organization_id(0);
      if (store::LoadIndicatorByCode(conn, indicator.code())) continue;
      Violations v;
      CheckIndicator(indicator, lookup, "", v);
      if (!v.empty()) return refuse(indicator.code(), v);
      if (!store::InsertIndicator(conn, indicator)) continue;
      known.push_back(indicator);
      db::Audit(conn, start, absl::StrCat("indicators/", indicator.id()),
                {{"created", indicator.code()}});
    }
    for (v1::Template t : catalogue.templates()) {
      t.set_owner_organization_id(0);
      Violations v;
      if (!IsCode(t.code())) v.Add("code", "is not a code", "không phải mã hợp lệ");
      CheckTemplateContent(t, lookup, "", v);
      if (!v.empty()) return refuse(t.code(), v);
      if (!store::InsertTemplate(conn, t)) continue;  // stored already
      db::Audit(conn, start, absl::StrCat("templates/", t.id()),
                {{"created", t.code()}, {"version", t.version()}});
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::WorkingCalendarData> ShippedWorkingCalendar() {
  return Parsed<v1::WorkingCalendarData>(WorkingCalendarText(), "working_calendar.txtpb");
}

absl::StatusOr<std::vector<int>> AddMissingCalendarYears(db::Pool& pool,
                                                         const v1::WorkingCalendarData& data) {
  server::Call start;
  start.principal.subject = "reporting (shipped working calendar)";
  start.method = "AddMissingCalendarYears";
  std::vector<int> added;
  absl::Status status =
      pool.Transact(absl::Now() + absl::Minutes(1), [&](db::Connection& conn) -> absl::Status {
        added.clear();  // a retried transaction starts again
        for (v1::WorkingCalendarYear year : data.years()) {
          if (absl::Status s = CheckCalendarYear(year, ""); !s.ok()) {
            return absl::FailedPreconditionError(
                absl::StrCat("the shipped working calendar's year ", year.year(),
                             " fails its checks: ", s.ToString()));
          }
          if (!store::InsertCalendarYearIfAbsent(conn, year)) continue;  // stored: left alone
          db::Audit(conn, start, absl::StrCat("working-calendar/", year.year()),
                    {{"days_off", year.days_off_size()},
                     {"worked_weekend_days", year.worked_weekend_days_size()},
                     {"source", year.source()}});
          added.push_back(year.year());
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return added;
}

}  // namespace thidua::reporting
