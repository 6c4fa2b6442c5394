// Roll-ups: the consolidated figures and completeness of a period over a subtree, computed live
// from the accepted figures on the registry's tree of the period.
#include "services/reporting/domain/rollup.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// How long a period's kept reports move on by their changes before they are read whole again.
constexpr absl::Duration kReadWholeEvery = absl::Minutes(2);

// Whether every shard that moved from `since` to `at` shows a changed report numbered `at` or
// later: the write that took that number changed a report, so a report showing less means a
// change was not read (see rollup_sources.h), and the period must be read whole.
bool ShowsEveryShardsNumber(const std::vector<store::ReportState>& changed,
                            const store::ShardRevisions& since, const store::ShardRevisions& at) {
  store::ShardRevisions seen = since;
  for (const auto& r : changed) {
    int64_t& s = seen[store::ShardOf(r.organization_id)];
    s = std::max(s, r.period_seq);
  }
  for (int shard = 0; shard < store::kPeriodShards; ++shard) {
    if (seen[shard] < at[shard]) return false;
  }
  return true;
}

// The keys of RollupSources::figures for a revision "@<n>": one indicator's accepted figures, or
// the figures of the reports waiting for review of all of `codes`.
std::string AcceptedKey(const v1::GetRollupRequest& r, const std::string& code) {
  return absl::StrCat(r.obligation_id(), "/", r.period_key(), "/", code);
}
std::string SubmittedKey(const v1::GetRollupRequest& r, const std::vector<std::string>& codes) {
  return absl::StrCat(r.obligation_id(), "/", r.period_key(), "/submitted/",
                      absl::StrJoin(codes, ","));
}

// The accepted figures `accepted` less those of reports waiting for review in `reports`, which
// count with their current figures, `submitted`, instead.
FigureLists WithSubmitted(const FigureLists& accepted,
                          std::shared_ptr<const std::vector<UnitFigure>> submitted,
                          const PeriodReports& reports) {
  auto replaced = [&](int64_t unit) {
    auto it = reports.by_unit.find(unit);
    return it != reports.by_unit.end() && it->second.state == v1::SUBMITTED;
  };
  auto kept = std::make_shared<std::vector<UnitFigure>>();
  for (const auto& list : accepted) {
    for (const UnitFigure& f : *list) {
      if (!replaced(f.organization_id)) kept->push_back(f);
    }
  }
  return {std::move(kept), std::move(submitted)};
}

// A period's revision: the sum of its shards' numbers.
int64_t Revision(const store::ShardRevisions& at) {
  int64_t revision = 0;
  for (int64_t n : at) revision += n;
  return revision;
}

std::string RevisionKey(const store::ShardRevisions& at) { return absl::StrCat("@", Revision(at)); }

}  // namespace

grpc::Status ReportingService::GetRollup(Ctx* ctx, const v1::GetRollupRequest* request,
                                         v1::Rollup* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return RollupOf(call, *request, *response, nullptr);
  });
}

absl::Status ReportingService::RollupOf(const server::Call& call, const v1::GetRollupRequest& asked,
                                        v1::Rollup& answer, ReportFrame* frame_out) {
  const v1::GetRollupRequest* request = &asked;
  v1::Rollup* response = &answer;
  {
    Violations v;
    if (request->obligation_id() <= 0) v.Add("obligation_id", "is required", "là bắt buộc");
    if (request->period_key().empty()) v.Add("period_key", "is required", "là bắt buộc");
    if (request->organization_id() <= 0) v.Add("organization_id", "is required", "là bắt buộc");
    if (!v1::RollupView_IsValid(request->view())) {
      v.Add("view", "FULL or COMPLETENESS", "FULL hoặc COMPLETENESS");
    }
    if (!v.empty()) return v.ToStatus();
    auto frame = FrameOf(call, request->obligation_id(), request->period_key(), 0, "");
    if (!frame.ok()) return frame.status();
    // Who may see it: the subtree's own staff and those above it, or the units the reports are
    // addressed to, decided before any report is read.
    const int64_t root = request->organization_id();
    bool allowed = false;
    for (int64_t unit : {root, frame->obligation->recipient_organization_id(),
                         frame->obligation->via_organization_id()}) {
      if (unit == 0 || allowed) continue;
      auto acts = ActsFor(call, unit);
      if (!acts.ok()) return acts.status();
      allowed = *acts;
    }
    if (!allowed) return PermissionDenied();

    std::vector<std::string> codes;
    std::set<std::string> asked(request->indicator_codes().begin(),
                                request->indicator_codes().end());
    for (const auto& row : frame->template_->rows()) {
      if (asked.empty() || asked.contains(row.indicator_code())) {
        codes.push_back(row.indicator_code());
      }
    }
    if (codes.size() < asked.size()) {
      return InvalidArgument({{"indicator_codes", "name rows of the obligation's template",
                               "phải là chỉ tiêu trong mẫu báo cáo"}});
    }

    // The tree of the period: the root and its subtree as they stood on the window's last day,
    // or today's, when the period's units are attributed to those carrying their duties today.
    const bool attribute = request->attribute_to_successors();
    const CivilDay day = attribute ? Today() : frame->period.last;
    auto self = registry_.BatchGet(call, {root}, day);
    if (!self.ok()) return self.status();
    if (self->found.empty() || !ValidOn(self->found.front(), day)) {
      return attribute ? Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_VALID_TODAY",
                               "Reports are attributed to units valid today; this one has ended",
                               "Chỉ quy về đơn vị đang tồn tại; đơn vị này đã kết thúc")
                       : Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_IN_PERIOD",
                               "The unit was not valid on the period's last day",
                               "Đơn vị không tồn tại vào ngày cuối của kỳ báo cáo");
    }
    auto tree = SubtreeRowsOf(call, root, day);
    if (!tree.ok()) return tree.status();
    auto expected = ExpectedUnitsOf(call, *frame);
    if (!expected.ok()) return expected.status();
    auto placed = UnitRowsOf(call, *frame, root, attribute, day, *tree, *expected);
    if (!placed.ok()) return placed.status();
    response->mutable_unattributed_organization_ids()->Add((*placed)->unattributed.begin(),
                                                           (*placed)->unattributed.end());

    // The reports and their figures as of one state of the database, so the counts and the sums
    // agree.
    const bool with_figures = request->view() != v1::ROLLUP_VIEW_COMPLETENESS;
    const IndicatorLookup lookup = frame->lookup();
    const std::vector<std::string> read_codes = FiguresRead(codes, lookup);
    auto period = ReadPeriod(call, *request, with_figures ? &read_codes : nullptr);
    if (!period.ok()) return period.status();
    const PeriodSnapshot& snapshot = period->snapshot;
    const FigureLists& held = period->figures;
    const PeriodReports& reports = *snapshot.reports;

    // Rows: completeness over the expected units of each; figures of those units only, so a
    // report from a unit outside the population never counts (REPORTING.md).
    const absl::flat_hash_map<int64_t, int64_t>& row_of_unit = (*placed)->row_of;
    std::map<int64_t, v1::RollupRow> rows;
    v1::RollupRow total;
    total.set_organization_id(root);
    for (int64_t unit : **expected) {
      auto row = row_of_unit.find(unit);
      if (row == row_of_unit.end()) continue;  // outside the subtree
      auto it = reports.by_unit.find(unit);
      const store::ReportState* report = it == reports.by_unit.end() ? nullptr : &it->second;
      v1::RollupRow& r = rows[row->second];
      r.set_organization_id(row->second);
      Count(report, unit, *r.mutable_completeness());
      Count(report, unit, *total.mutable_completeness());
    }

    absl::flat_hash_map<int64_t, std::vector<const UnitFigure*>> figures_of_row;
    std::vector<const UnitFigure*> all;
    for (const auto& list : held) {
      for (const UnitFigure& f : *list) {
        auto row = row_of_unit.find(f.organization_id);
        if (row == row_of_unit.end()) continue;
        figures_of_row[row->second].push_back(&f);
        all.push_back(&f);
      }
    }
    for (auto& [row, r] : rows) {
      if (with_figures) {
        for (auto& f : Aggregate(figures_of_row[row], codes, lookup)) {
          *r.add_figures() = std::move(f);
        }
      }
      *response->add_rows() = std::move(r);
    }
    if (with_figures) {
      for (auto& f : Aggregate(all, codes, lookup)) *total.add_figures() = std::move(f);
    }
    response->set_obligation_id(request->obligation_id());
    response->set_period_key(request->period_key());
    response->set_organization_id(root);
    *response->mutable_tree_as_of() = ToProto(day);
    response->set_includes_submitted(request->include_submitted());
    response->set_attributed_to_successors(attribute);
    *response->mutable_total() = std::move(total);
    if (frame_out != nullptr) *frame_out = *std::move(frame);
    return absl::OkStatus();
  }
}

absl::StatusOr<ReportingService::PeriodSnapshot> ReportingService::SnapshotOf(
    const server::Call& call, db::Connection& conn, int64_t obligation_id,
    const std::string& period_key) {
  const store::ShardRevisions at = store::PeriodShardRevisions(conn, obligation_id, period_key);
  const int64_t revision = Revision(at);
  const std::string period = absl::StrCat(obligation_id, "/", period_key);
  PeriodSnapshot snapshot;
  snapshot.at = absl::StrCat("@", revision);
  auto reports = rollup_sources_.reports.GetOrFetch(
      period + snapshot.at, call.deadline, [&]() -> absl::StatusOr<PeriodReports> {
        PeriodReports next;
        next.at = at;
        // The period's latest entry, if this revision follows it on every shard and it was read
        // whole less than two minutes ago.
        const int64_t base = rollup_sources_.Latest(period);
        std::shared_ptr<const PeriodReports> from;
        if (base >= 0 && base < revision) {
          from = rollup_sources_.reports.Find(absl::StrCat(period, "@", base));
        }
        for (int shard = 0; from != nullptr && shard < store::kPeriodShards; ++shard) {
          if (at[shard] < from->at[shard]) from = nullptr;
        }
        if (from != nullptr && absl::Now() - from->read_whole_at > kReadWholeEvery) from = nullptr;
        if (from != nullptr) {
          auto changed = store::ReportsChangedSince(conn, obligation_id, period_key, from->at, at);
          if (ShowsEveryShardsNumber(changed, from->at, at) &&
              changed.size() <= from->by_unit.size() / 4 + 100) {
            next.by_unit = from->by_unit;
            for (const auto& r : changed) next.by_unit[r.organization_id] = r;
            next.base = base;
            next.changed = std::move(changed);
            next.read_whole_at = from->read_whole_at;
            return next;
          }
        }
        next.read_whole_at = absl::Now();
        for (auto& r : store::ReportsOf(conn, obligation_id, period_key)) {
          next.by_unit.emplace(r.organization_id, r);
        }
        return next;
      });
  if (!reports.ok()) return reports.status();
  rollup_sources_.SetLatest(period, revision, (*reports)->base < 0);
  snapshot.reports = *std::move(reports);
  return snapshot;
}

absl::StatusOr<std::shared_ptr<const SubtreeRows>> ReportingService::SubtreeRowsOf(
    const server::Call& call, int64_t root, CivilDay day) {
  return rollup_sources_.rows.GetOrFetch(
      absl::StrCat(root, "@", ToIso(day)), call.deadline, [&]() -> absl::StatusOr<SubtreeRows> {
        auto subtree = registry_.KindsWithin(call, root, {}, day);
        if (!subtree.ok()) return subtree.status();
        absl::flat_hash_map<int64_t, int64_t> parent;
        parent.reserve(subtree->size());
        for (const auto& o : *subtree) parent[o.id()] = o.parent_id();
        SubtreeRows tree;
        tree.row_of.reserve(subtree->size() + 1);
        tree.row_of[root] = root;
        for (const auto& o : *subtree) {
          // Up the path to the unit directly under the root (a path longer than the tree's
          // depth is a loop, and counts nowhere).
          int64_t current = o.id();
          for (int depth = 0; depth < 16 && current != root; ++depth) {
            auto up = parent.find(current);
            if (up == parent.end()) break;
            if (up->second == root) {
              tree.row_of[o.id()] = current;
              break;
            }
            current = up->second;
          }
        }
        return tree;
      });
}

absl::StatusOr<FigureLists> ReportingService::FiguresOf(
    const server::Call& call, db::Connection& conn, const v1::GetRollupRequest& request,
    const std::vector<std::string>& codes, const std::string& at, const PeriodReports& reports) {
  const int64_t obligation = request.obligation_id();
  const std::string& period_key = request.period_key();
  FigureLists out;
  // The reports changed since the revision `reports` was made from, whose figures are read again.
  absl::flat_hash_set<int64_t> changed_units;
  std::vector<int64_t> changed_reports;
  for (const auto& r : reports.changed) {
    changed_units.insert(r.organization_id);
    changed_reports.push_back(r.submission_id);
  }
  for (const std::string& code : codes) {
    const std::string prefix = AcceptedKey(request, code);
    auto accepted = rollup_sources_.figures.GetOrFetch(
        prefix + at, call.deadline, [&]() -> absl::StatusOr<std::vector<UnitFigure>> {
          // Made from the figures of the revision the reports were made from, when kept: those
          // of the units whose reports changed since are read again.
          std::shared_ptr<const std::vector<UnitFigure>> from;
          if (reports.base >= 0) {
            from = rollup_sources_.figures.Find(absl::StrCat(prefix, "@", reports.base));
          }
          if (from == nullptr) return store::AcceptedFiguresOf(conn, obligation, period_key, code);
          std::vector<UnitFigure> loaded;
          loaded.reserve(from->size());
          for (const UnitFigure& f : *from) {
            if (!changed_units.contains(f.organization_id)) loaded.push_back(f);
          }
          for (auto& f : store::AcceptedFiguresOfReports(conn, code, changed_reports)) {
            loaded.push_back(std::move(f));
          }
          return loaded;
        });
    if (!accepted.ok()) return accepted.status();
    out.push_back(*std::move(accepted));
  }
  if (!request.include_submitted()) return out;
  const std::set<std::string> asked(codes.begin(), codes.end());
  auto submitted = rollup_sources_.figures.GetOrFetch(
      SubmittedKey(request, codes) + at, call.deadline,
      [&]() -> absl::StatusOr<std::vector<UnitFigure>> {
        return store::SubmittedFiguresOf(conn, obligation, period_key, asked);
      });
  if (!submitted.ok()) return submitted.status();
  return WithSubmitted(out, *std::move(submitted), reports);
}

std::optional<ReportingService::PeriodRead> ReportingService::KeptPeriod(
    const v1::GetRollupRequest& request, const std::vector<std::string>* codes,
    const store::ShardRevisions& at) {
  PeriodRead out;
  out.snapshot.at = RevisionKey(at);
  out.snapshot.reports = rollup_sources_.reports.Find(
      absl::StrCat(request.obligation_id(), "/", request.period_key(), out.snapshot.at));
  // The same sum of other shard numbers is another state (a restored database's).
  if (out.snapshot.reports == nullptr || out.snapshot.reports->at != at) return std::nullopt;
  if (codes == nullptr) return out;
  for (const std::string& code : *codes) {
    auto accepted = rollup_sources_.figures.Find(AcceptedKey(request, code) + out.snapshot.at);
    if (accepted == nullptr) return std::nullopt;
    out.figures.push_back(std::move(accepted));
  }
  if (!request.include_submitted()) return out;
  auto submitted = rollup_sources_.figures.Find(SubmittedKey(request, *codes) + out.snapshot.at);
  if (submitted == nullptr) return std::nullopt;
  out.figures = WithSubmitted(out.figures, std::move(submitted), *out.snapshot.reports);
  return out;
}

absl::StatusOr<ReportingService::PeriodRead> ReportingService::ReadPeriod(
    const server::Call& call, const v1::GetRollupRequest& request,
    const std::vector<std::string>* codes) {
  store::ShardRevisions at{};
  absl::Status revised = pool_.Run(call.deadline, [&](db::Connection& conn) {
    at = store::PeriodShardRevisions(conn, request.obligation_id(), request.period_key());
    return absl::OkStatus();
  });
  if (!revised.ok()) return revised;
  if (auto kept = KeptPeriod(request, codes, at)) return *std::move(kept);
  PeriodRead out;
  absl::Status read = pool_.ReadSnapshot(call.deadline, [&](db::Connection& conn) {
    auto period = SnapshotOf(call, conn, request.obligation_id(), request.period_key());
    if (!period.ok()) return period.status();
    out.snapshot = *std::move(period);
    if (codes == nullptr) return absl::OkStatus();
    auto figures = FiguresOf(call, conn, request, *codes, out.snapshot.at, *out.snapshot.reports);
    if (!figures.ok()) return figures.status();
    out.figures = *std::move(figures);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return out;
}

}  // namespace thidua::reporting
