// GetTargetProgress: a plan's target measured by an indicator, from the accepted reports of a
// yearly obligation that serves the plan.
#include "services/reporting/domain/target_progress.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {
namespace {

bool TemplateHolds(const v1::Template& t, const std::string& code) {
  return std::any_of(t.rows().begin(), t.rows().end(),
                     [&](const auto& row) { return row.indicator_code() == code; });
}

absl::Status Unmeasured(absl::string_view reason, absl::string_view english,
                        absl::string_view vietnamese) {
  return Error(absl::StatusCode::kFailedPrecondition, reason, english, vietnamese);
}

}  // namespace

grpc::Status ReportingService::GetTargetProgress(Ctx* ctx,
                                                 const v1::GetTargetProgressRequest* request,
                                                 v1::TargetProgress* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    if (request->plan_id() <= 0) v.Add("plan_id", "is required", "là bắt buộc");
    if (request->target_id() <= 0) v.Add("target_id", "is required", "là bắt buộc");
    if (request->year() < 2000 || request->year() > 2100) {
      v.Add("year", "from 2000 to 2100", "từ 2000 đến 2100");
    }
    if (request->obligation_id() < 0)
      v.Add("obligation_id", "must not be negative", "không được âm");
    if (!v.empty()) return v.ToStatus();

    // The plan as the caller may read it: an unknown plan and one the caller may not read are
    // the same denial, here as in plans (AIP-211).
    auto plan = plans_.GetPlan(call, request->plan_id());
    if (!plan.ok()) {
      const absl::StatusCode code = plan.status().code();
      if (code == absl::StatusCode::kPermissionDenied || code == absl::StatusCode::kNotFound) {
        return PermissionDenied();
      }
      return plan.status();
    }
    // What the plan says of the target, which the caller may read.
    const plans::v1::Target* target = nullptr;
    for (const auto& t : plan->targets()) {
      if (t.id() == request->target_id()) target = &t;
    }
    const std::optional<std::string> code =
        target != nullptr ? IndicatorMeasuring(*target) : std::nullopt;
    // The obligations that may measure it: the one named (if it serves the plan), else the yearly
    // ones the plan's issuer set to serve the plan whose template holds the indicator.
    std::shared_ptr<const v1::Obligation> named;
    std::vector<v1::Obligation> measuring;
    absl::Status read = pool_.Run(call.deadline, [&](db::Connection& conn) {
      if (request->obligation_id() != 0) {
        named = catalogue_.Obligation(conn, request->obligation_id());
        if (named && named->plan_id() != request->plan_id()) named.reset();
        return absl::OkStatus();
      }
      if (!code) return absl::OkStatus();
      for (auto& o : store::ObligationsServingPlan(conn, request->plan_id())) {
        if (o.issuer_organization_id() != plan->issuer_organization_id() ||
            o.period().kind() != v1::YEARLY) {
          continue;
        }
        auto t = catalogue_.Template(conn, o.template_id(), 0);
        if (t && TemplateHolds(*t, *code)) measuring.push_back(std::move(o));
      }
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    if (named) measuring = {*named};
    // Who may see it: the plan's issuer and the units above it, or the units the measuring
    // reports are addressed to, decided before anything of the reports is told.
    std::vector<int64_t> entitled = {plan->issuer_organization_id()};
    if (measuring.size() == 1) {
      entitled.push_back(measuring.front().recipient_organization_id());
      entitled.push_back(measuring.front().via_organization_id());
    }
    bool allowed = false;
    for (int64_t unit : entitled) {
      if (unit == 0) continue;
      auto acts = ActsFor(call, unit);
      if (!acts.ok()) return acts.status();
      if ((allowed = *acts)) break;
    }
    if (!allowed) return PermissionDenied();

    if (request->obligation_id() != 0 && !named) {
      return InvalidArgument({{"obligation_id", "names no obligation serving the plan",
                               "không phải chế độ báo cáo phục vụ kế hoạch này"}});
    }
    if (target == nullptr) {
      return Error(absl::StatusCode::kNotFound, "UNKNOWN_TARGET", "The plan has no such target",
                   "Kế hoạch không có chỉ tiêu này",
                   {{"target_id", "names no target of the plan", "không có chỉ tiêu này"}});
    }
    if (!code) {
      return Unmeasured("TARGET_NOT_MEASURED_BY_INDICATOR",
                        "The target is not measured by a report indicator (measured_by)",
                        "Chỉ tiêu này không được đo bằng chỉ tiêu báo cáo (measured_by)");
    }
    if (measuring.empty()) {
      return Unmeasured(
          "NO_OBLIGATION_MEASURES_TARGET",
          absl::StrCat("No yearly obligation of the plan's issuer serving the plan reports ",
                       *code),
          absl::StrCat("Không có chế độ báo cáo năm nào của cơ quan ban hành kế hoạch báo cáo "
                       "chỉ tiêu ",
                       *code));
    }
    if (measuring.size() > 1) {
      return Unmeasured("SEVERAL_OBLIGATIONS_MEASURE_TARGET",
                        "Several obligations serving the plan report it; name one (obligation_id)",
                        "Có nhiều chế độ báo cáo cùng báo cáo chỉ tiêu này; hãy chọn một "
                        "(obligation_id)");
    }
    const v1::Obligation& obligation = measuring.front();
    if (obligation.period().kind() != v1::YEARLY) {
      return Unmeasured("OBLIGATION_NOT_YEARLY",
                        "A target's year is measured by a yearly obligation's report",
                        "Tiến độ chỉ tiêu năm được tính từ báo cáo năm");
    }
    const std::string period_key = absl::StrCat(request->year());
    auto frame = FrameOf(call, obligation.id(), period_key, 0, "");
    if (!frame.ok()) return frame.status();
    const IndicatorLookup lookup = frame->lookup();
    if (!TemplateHolds(*frame->template_, *code)) {
      return InvalidArgument({{"obligation_id", absl::StrCat("its template has no row for ", *code),
                               absl::StrCat("mẫu báo cáo không có chỉ tiêu ", *code)}});
    }
    const v1::Indicator* indicator = lookup(*code);
    if (indicator == nullptr) return absl::InternalError("a template row's indicator is missing");
    const std::optional<TargetMeasure> measure = MeasureOf(target->kind(), *indicator);
    if (!measure) {
      return Unmeasured("INDICATOR_DOES_NOT_FIT_TARGET",
                        absl::StrCat("Indicator ", *code, " cannot measure a ",
                                     plans::v1::MeasureKind_Name(target->kind()), " target"),
                        absl::StrCat("Chỉ tiêu báo cáo ", *code, " không đo được chỉ tiêu loại ",
                                     plans::v1::MeasureKind_Name(target->kind())));
    }

    // The population on the period's last day, and its units' accepted figures.
    const CivilDay day = frame->period.last;
    auto population = plans_.TargetPopulation(call, request->plan_id(), request->target_id(), day);
    if (!population.ok()) return population.status();
    const absl::flat_hash_set<int64_t> units(population->organization_ids().begin(),
                                             population->organization_ids().end());
    v1::GetRollupRequest accepted;
    accepted.set_obligation_id(obligation.id());
    accepted.set_period_key(period_key);
    const std::vector<std::string> read_codes = FiguresRead({*code}, lookup);
    auto period = ReadPeriod(call, accepted, &read_codes);
    if (!period.ok()) return period.status();
    std::vector<const UnitFigure*> counted;
    for (const auto& list : period->figures) {
      for (const UnitFigure& f : *list) {
        if (units.contains(f.organization_id)) counted.push_back(&f);
      }
    }
    int reported = 0;
    for (const auto& [unit, report] : period->snapshot.reports->by_unit) {
      if (report.accepted_version > 0 && units.contains(unit)) ++reported;
    }

    response->set_plan_id(request->plan_id());
    response->set_target_id(request->target_id());
    response->set_year(request->year());
    response->set_obligation_id(obligation.id());
    response->set_period_key(period_key);
    response->set_indicator_code(*code);
    response->set_kind(target->kind());
    response->set_population(static_cast<int32_t>(units.size()));
    response->set_reported(reported);
    *response->mutable_population_as_of() = ToProto(day);
    const std::optional<Reached> achieved =
        Achieved(*measure, *indicator, counted, static_cast<int>(units.size()));
    if (achieved) response->mutable_achieved()->set_value(achieved->shown.ToString());
    for (const auto& value : target->values()) {
      if (value.year() != request->year()) continue;
      const Micros goal = TargetMicros(value.value());
      response->mutable_target()->set_value(goal.ToString());
      response->set_by_end(value.by_end());
      response->set_met(achieved.has_value() && Meets(*achieved, goal));
    }
    return absl::OkStatus();
  });
}

}  // namespace thidua::reporting
