// ExportRollup: a roll-up as the workbook officials file.
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/export/rollup_workbook.h"
#include "services/reporting/service/reporting_service.h"

namespace thidua::reporting {
namespace {

constexpr char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// One column per figure that adds up: each aggregating row of the template, by category.
struct Column {
  std::string code;
  std::string category;
};

std::string Heading(const v1::Indicator& i, const v1::Category* category) {
  std::string heading = i.display_name();
  if (category != nullptr) absl::StrAppend(&heading, ": ", category->display_name());
  const std::string unit = i.value_type() == v1::RATIO ? "%" : i.unit();
  if (!unit.empty()) absl::StrAppend(&heading, " (", unit, ")");
  return heading;
}

bool AddsUp(const v1::Indicator& i) {
  return i.aggregation() == v1::SUM || i.aggregation() == v1::COUNT_YES ||
         i.aggregation() == v1::RATIO_OF_SUMS || i.aggregation() == v1::WEIGHTED_AVERAGE;
}

// "Đã nhận 3/5, trễ hạn 1": how the reports of a row stand.
std::string Status(const v1::Completeness& c) {
  std::string out = absl::StrCat("Đã nhận ", c.received(), "/", c.expected());
  if (c.accepted() != c.received()) absl::StrAppend(&out, " (tiếp nhận ", c.accepted(), ")");
  if (c.late() > 0) absl::StrAppend(&out, ", trễ hạn ", c.late());
  return out;
}

WorkbookRow RowOf(const v1::RollupRow& row, const std::vector<Column>& columns, std::string name) {
  WorkbookRow out;
  out.unit = std::move(name);
  std::map<std::pair<std::string, std::string>, std::string> value;
  for (const auto& f : row.figures()) {
    value[{f.indicator_code(), f.category_code()}] = f.value().value();
  }
  for (const Column& column : columns) {
    auto it = value.find({column.code, column.category});
    out.values.push_back(it == value.end() ? std::nullopt : std::optional<std::string>(it->second));
  }
  out.status = Status(row.completeness());
  return out;
}

}  // namespace

grpc::Status ReportingService::ExportRollup(Ctx* ctx, const v1::ExportRollupRequest* request,
                                            v1::ExportedFile* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::GetRollupRequest asked;
    asked.set_obligation_id(request->obligation_id());
    asked.set_period_key(request->period_key());
    asked.set_organization_id(request->organization_id());
    asked.set_include_submitted(request->include_submitted());
    asked.set_attribute_to_successors(request->attribute_to_successors());
    v1::Rollup rollup;
    ReportFrame frame;
    if (absl::Status s = RollupOf(call, asked, rollup, &frame); !s.ok()) return s;

    // The rows' names on the day of the tree used (the period's last day, or today when
    // attributed to successors); the missing units' as they were in the period.
    const CivilDay day = absl::CivilDay(rollup.tree_as_of().year(), rollup.tree_as_of().month(),
                                        rollup.tree_as_of().day());
    std::vector<int64_t> ids = {rollup.organization_id()};
    for (const auto& row : rollup.rows()) ids.push_back(row.organization_id());
    auto named = registry_.BatchGet(call, ids, day);
    if (!named.ok()) return named.status();
    std::vector<int64_t> missing_ids(
        rollup.total().completeness().missing_organization_ids().begin(),
        rollup.total().completeness().missing_organization_ids().end());
    auto named_then = registry_.BatchGet(call, missing_ids, frame.period.last);
    if (!named_then.ok()) return named_then.status();
    std::map<int64_t, const registry::v1::Organization*> by_id;
    for (const auto& o : named_then->found) by_id[o.id()] = &o;
    for (const auto& o : named->found) by_id[o.id()] = &o;
    auto name = [&](int64_t id) {
      auto it = by_id.find(id);
      return it == by_id.end() ? absl::StrCat("Đơn vị ", id) : it->second->display_name();
    };
    std::string superior;
    if (auto self = by_id.find(rollup.organization_id());
        self != by_id.end() && self->second->parent_id() != 0) {
      auto parent = registry_.BatchGet(call, {self->second->parent_id()}, day);
      if (!parent.ok()) return parent.status();
      // The line above a unit names its superior; a province's is the nation, left unsaid.
      if (!parent->found.empty() && parent->found.front().kind() != registry::v1::NATION) {
        superior = parent->found.front().display_name();
      }
    }

    RollupWorkbookContent content;
    content.superior_unit = superior;
    content.unit = name(rollup.organization_id());
    content.title = absl::StrCat("TỔNG HỢP ", frame.template_->display_name());
    content.period =
        absl::StrCat(frame.period.Label(), " (từ ngày ", ToVietnamese(frame.period.first),
                     " đến ngày ", ToVietnamese(frame.period.last), ")");
    content.basis = rollup.includes_submitted()
                        ? "Số liệu của các báo cáo đã tiếp nhận và đang chờ xem xét"
                        : "Số liệu của các báo cáo đã được tiếp nhận";
    if (rollup.attributed_to_successors()) {
      absl::StrAppend(&content.basis, ", tính vào đơn vị kế thừa hiện nay (ngày ",
                      ToVietnamese(day), ")");
      if (!rollup.unattributed_organization_ids().empty()) {
        absl::StrAppend(&content.basis, "; không tính ",
                        rollup.unattributed_organization_ids_size(),
                        " đơn vị đã chia tách một phần ra ngoài phạm vi này");
      }
    }
    content.first_column = "Đơn vị";
    content.generated = absl::StrCat("Lập ngày ", ToVietnamese(Today()));
    const IndicatorLookup lookup = frame.lookup();
    std::vector<Column> columns;
    for (const auto& template_row : frame.template_->rows()) {
      const v1::Indicator* i = lookup(template_row.indicator_code());
      if (i == nullptr || !AddsUp(*i)) continue;
      if (i->categories().empty()) {
        columns.push_back({i->code(), ""});
        content.columns.push_back({Heading(*i, nullptr), i->scale()});
      }
      for (const auto& category : i->categories()) {
        columns.push_back({i->code(), category.code()});
        content.columns.push_back({Heading(*i, &category), i->scale()});
      }
    }
    for (const auto& row : rollup.rows()) {
      content.rows.push_back(RowOf(row, columns, name(row.organization_id())));
    }
    content.total = RowOf(rollup.total(), columns, "Tổng cộng");
    for (int64_t id : rollup.total().completeness().missing_organization_ids()) {
      content.missing_units.push_back(name(id));
    }
    auto bytes = RollupWorkbook(content);
    if (!bytes.ok()) return bytes.status();
    response->set_filename(absl::StrCat("tong-hop-", request->obligation_id(), "-",
                                        request->period_key(), "-", request->organization_id(),
                                        ".xlsx"));
    response->set_content_type(kXlsx);
    response->set_content(*std::move(bytes));
    return absl::OkStatus();
  });
}

}  // namespace thidua::reporting
