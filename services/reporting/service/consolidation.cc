// Consolidation, level by level: a unit's own report prefilled from the accepted reports that are
// addressed to it by the reporting chain (Công an tỉnh collecting the communes' reports, which in
// the registry lie under the province, not under it).
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/rollup.h"
#include "services/reporting/service/reporting_service.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxSources = 20;

using FigureKey = std::pair<std::string, std::string>;  // indicator, category

}  // namespace

absl::Status ReportingService::Consolidate(const server::Call& call,
                                           const v1::CreateSubmissionRequest& request,
                                           const ReportFrame& frame, v1::Submission& s) {
  const auto& sources = request.consolidate_obligation_ids();
  if (sources.empty()) return absl::OkStatus();
  if (sources.size() > kMaxSources) {
    return InvalidArgument(
        {{"consolidate_obligation_ids", "at most 20 obligations", "tối đa 20 chế độ báo cáo"}});
  }
  // The figures of this template that add up by sum; what the request gives itself is kept.
  const IndicatorLookup lookup = frame.lookup();
  std::set<std::string> summed;
  for (const auto& row : frame.template_->rows()) {
    const v1::Indicator* i = lookup(row.indicator_code());
    if (i != nullptr && i->aggregation() == v1::SUM) summed.insert(i->code());
  }
  std::set<FigureKey> given;
  for (const auto& f : s.figures()) given.insert({f.indicator_code(), f.category_code()});

  std::map<FigureKey, Micros> sums;
  std::map<FigureKey, bool> estimated;
  Violations v;
  for (int k = 0; k < sources.size(); ++k) {
    const std::string field = absl::StrCat("consolidate_obligation_ids[", k, "]");
    std::shared_ptr<const v1::Obligation> source;
    absl::Status read = pool_.Run(call.deadline, [&](db::Connection& conn) {
      if (sources[k] > 0) source = catalogue_.Obligation(conn, sources[k]);
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    // By the reporting chain: the reports must be addressed to this very unit.
    if (!source || (source->recipient_organization_id() != s.organization_id() &&
                    source->via_organization_id() != s.organization_id())) {
      v.Add(field, "an obligation whose reports are addressed to the unit (as recipient or via)",
            "phải là chế độ báo cáo mà báo cáo gửi đến đơn vị (nơi nhận hoặc nơi tiếp nhận)");
      continue;
    }
    // Every unit that owes it lies within its issuer: the issuer's total is the whole.
    v1::GetRollupRequest ask;
    ask.set_obligation_id(source->id());
    ask.set_period_key(s.period_key());
    ask.set_organization_id(source->issuer_organization_id());
    v1::Rollup rollup;
    absl::Status rolled = RollupOf(call, ask, rollup, nullptr);
    if (rolled.code() == absl::StatusCode::kNotFound) {
      v.Add(field, absl::StrCat("owes no report of period ", s.period_key()),
            absl::StrCat("không có kỳ báo cáo ", s.period_key()));
      continue;
    }
    if (!rolled.ok()) return rolled;
    for (const auto& f : rollup.total().figures()) {
      const FigureKey key{f.indicator_code(), f.category_code()};
      if (!summed.contains(key.first) || given.contains(key)) continue;
      auto value = Micros::FromText(f.value().value());
      if (!value) continue;
      sums[key] += *value;
      estimated[key] = estimated[key] || f.includes_estimates();
    }
  }
  if (!v.empty()) return v.ToStatus();
  // A sum is a figure of this report, so it keeps to a figure's rules (below 10^15): one beyond
  // (an accepted figure entered wrongly below) is named, to be corrected there or entered here.
  std::vector<std::string> too_large;
  for (const auto& [key, sum] : sums) {
    if (!ParseDecimal(sum.ToString())) {
      too_large.push_back(key.second.empty() ? key.first
                                             : absl::StrCat(key.first, " / ", key.second));
    }
  }
  if (!too_large.empty()) {
    return Error(absl::StatusCode::kFailedPrecondition, "CONSOLIDATED_FIGURE_TOO_LARGE",
                 absl::StrCat("The accepted figures add up to 10^15 or more for ",
                              absl::StrJoin(too_large, ", "),
                              "; correct the reports below or enter these figures yourself"),
                 absl::StrCat("Tổng số liệu đã duyệt đạt từ 10^15 trở lên ở ",
                              absl::StrJoin(too_large, ", "),
                              "; hãy sửa báo cáo cấp dưới hoặc tự nhập các số liệu này"));
  }
  for (const auto& [key, sum] : sums) {
    v1::Figure* f = s.add_figures();
    f->set_indicator_code(key.first);
    f->set_category_code(key.second);
    f->mutable_number()->set_value(sum.ToString());
    // An estimate below stays one, where this report may hold estimates at all.
    f->set_estimated(estimated[key] && frame.with_estimates());
  }
  return absl::OkStatus();
}

}  // namespace thidua::reporting
