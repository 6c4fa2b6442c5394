// Roll-ups: the consolidated figures and completeness of a period over a subtree, computed live
// from the accepted figures on the registry's tree of the period.
#include "services/reporting/domain/rollup.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/civil_date.h"
#include "common/errors.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/submission_store.h"

namespace thidua::reporting {
namespace {

// Adds one unit's report to a row's completeness.
void Count(const store::ReportState* report, int64_t unit, v1::Completeness& c) {
  c.set_expected(c.expected() + 1);
  const bool received =
      report != nullptr && (report->accepted_version > 0 || report->state == v1::SUBMITTED ||
                            report->state == v1::RETURNED);
  if (!received) {
    c.set_missing(c.missing() + 1);
    c.add_missing_organization_ids(unit);
    return;
  }
  c.set_received(c.received() + 1);
  if (report->accepted_version > 0) c.set_accepted(c.accepted() + 1);
  if (report->days_late.value_or(0) > 0) {
    c.set_late(c.late() + 1);
    c.add_late_organization_ids(unit);
  } else {
    c.set_on_time(c.on_time() + 1);
  }
}

}  // namespace

grpc::Status ReportingService::GetRollup(Ctx* ctx, const v1::GetRollupRequest* request,
                                         v1::Rollup* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    if (request->obligation_id() <= 0) v.Add("obligation_id", "is required", "là bắt buộc");
    if (request->period_key().empty()) v.Add("period_key", "is required", "là bắt buộc");
    if (request->organization_id() <= 0) v.Add("organization_id", "is required", "là bắt buộc");
    if (!v.empty()) return v.ToStatus();
    auto frame = FrameOf(call, request->obligation_id(), request->period_key(), 0, "");
    if (!frame.ok()) return frame.status();
    // Who may see it: the subtree's own staff and those above it, or the units the reports are
    // addressed to, decided before any report is read.
    const int64_t root = request->organization_id();
    bool allowed = false;
    for (int64_t unit : {root, frame->obligation.recipient_organization_id(),
                         frame->obligation.via_organization_id()}) {
      if (unit == 0 || allowed) continue;
      auto acts = ActsFor(call, unit);
      if (!acts.ok()) return acts.status();
      allowed = *acts;
    }
    if (!allowed) return PermissionDenied();

    std::vector<std::string> codes;
    std::set<std::string> asked(request->indicator_codes().begin(),
                                request->indicator_codes().end());
    for (const auto& row : frame->template_.rows()) {
      if (asked.empty() || asked.contains(row.indicator_code())) {
        codes.push_back(row.indicator_code());
      }
    }
    if (codes.size() < asked.size()) {
      return InvalidArgument({{"indicator_codes", "name rows of the obligation's template",
                               "phải là chỉ tiêu trong mẫu báo cáo"}});
    }

    // The tree of the period: the root and its subtree as they stood on the window's last day.
    const CivilDay day = frame->period.last;
    auto self = registry_.BatchGet(call, {root}, day);
    if (!self.ok()) return self.status();
    if (self->found.empty() || !ValidOn(self->found.front(), day)) {
      return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_IN_PERIOD",
                   "The unit was not valid on the period's last day",
                   "Đơn vị không tồn tại vào ngày cuối của kỳ báo cáo");
    }
    auto subtree = registry_.KindsWithin(call, root, {}, day);
    if (!subtree.ok()) return subtree.status();
    std::map<int64_t, int64_t> parent;
    for (const auto& o : *subtree) parent[o.id()] = o.parent_id();
    // The row a unit falls in: the unit directly under the root on its path, or the root itself.
    auto row_of = [&](int64_t unit) -> int64_t {
      int64_t current = unit;
      for (int depth = 0; depth < 16 && current != root; ++depth) {
        auto up = parent.find(current);
        if (up == parent.end()) return 0;
        if (up->second == root) return current;
        current = up->second;
      }
      return current == root ? root : 0;
    };
    auto expected = ExpectedUnits(call, frame->obligation, frame->period);
    if (!expected.ok()) return expected.status();

    std::vector<store::ReportState> reports;
    std::vector<UnitFigure> figures;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      reports = store::ReportsOf(conn, request->obligation_id(), request->period_key());
      figures = store::AcceptedFiguresOf(conn, request->obligation_id(), request->period_key());
      if (request->include_submitted()) {
        // A report waiting for review counts with its current figures, in place of an earlier
        // accepted version.
        std::vector<UnitFigure> submitted =
            store::SubmittedFiguresOf(conn, request->obligation_id(), request->period_key());
        std::set<int64_t> replaced;
        for (const auto& f : submitted) replaced.insert(f.organization_id);
        std::erase_if(figures,
                      [&](const UnitFigure& f) { return replaced.contains(f.organization_id); });
        figures.insert(figures.end(), submitted.begin(), submitted.end());
      }
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    std::map<int64_t, const store::ReportState*> report_of;
    for (const auto& r : reports) report_of[r.organization_id] = &r;

    // Rows: completeness over the expected units of each; figures of those units only, so a
    // report from a unit outside the population never counts (REPORTING.md).
    std::map<int64_t, int64_t> row_of_unit;
    std::map<int64_t, v1::RollupRow> rows;
    v1::RollupRow total;
    total.set_organization_id(root);
    for (int64_t unit : *expected) {
      const int64_t row = row_of(unit);
      if (row == 0) continue;  // outside the subtree
      row_of_unit[unit] = row;
      auto it = report_of.find(unit);
      const store::ReportState* report = it == report_of.end() ? nullptr : it->second;
      v1::RollupRow& r = rows[row];
      r.set_organization_id(row);
      Count(report, unit, *r.mutable_completeness());
      Count(report, unit, *total.mutable_completeness());
    }
    std::map<int64_t, std::vector<const UnitFigure*>> figures_of_row;
    std::vector<const UnitFigure*> all;
    for (const UnitFigure& f : figures) {
      auto row = row_of_unit.find(f.organization_id);
      if (row == row_of_unit.end()) continue;
      figures_of_row[row->second].push_back(&f);
      all.push_back(&f);
    }
    const IndicatorLookup lookup = frame->lookup();
    for (auto& [row, r] : rows) {
      for (auto& f : Aggregate(figures_of_row[row], codes, lookup)) *r.add_figures() = std::move(f);
      *response->add_rows() = std::move(r);
    }
    for (auto& f : Aggregate(all, codes, lookup)) *total.add_figures() = std::move(f);
    response->set_obligation_id(request->obligation_id());
    response->set_period_key(request->period_key());
    response->set_organization_id(root);
    *response->mutable_tree_as_of() = ToProto(day);
    response->set_includes_submitted(request->include_submitted());
    *response->mutable_total() = std::move(total);
    return absl::OkStatus();
  });
}

}  // namespace thidua::reporting
