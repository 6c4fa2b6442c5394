#include "services/plans/domain/plan_checks.h"

#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/plans/domain/document_symbol.h"

namespace thidua::plans {
namespace {

std::string Vn(absl::CivilDay d) {
  return absl::StrFormat("%02d/%02d/%04d", d.day(), d.month(), d.year());
}

void CheckDeadline(const PlanFacts& f, const std::string& field, const DueRule& rule,
                   std::vector<Finding>& out) {
  if (std::string bad = CheckDueRule(rule); !bad.empty()) {
    out.push_back({true, "INVALID_DUE_RULE", field, bad, "thời hạn không hợp lệ"});
    return;
  }
  if (rule.Recurring() || rule.kind == DueRule::Kind::kNone) return;
  const absl::CivilDay due =
      rule.kind == DueRule::Kind::kDate ? rule.date : *rule.DeadlineIn(rule.year);
  if (due < f.issue_date) {
    out.push_back(
        {false, "DEADLINE_BEFORE_ISSUE", field,
         absl::StrCat("the deadline ", Vn(due), " is before the issue date ", Vn(f.issue_date)),
         absl::StrCat("thời hạn ", Vn(due), " trước ngày ban hành ", Vn(f.issue_date))});
  }
  if (due.year() < f.period_from || due.year() > f.period_to) {
    out.push_back({false, "DEADLINE_OUTSIDE_PERIOD", field,
                   absl::StrCat("the deadline ", Vn(due), " is outside the plan's period ",
                                f.period_from, "–", f.period_to),
                   absl::StrCat("thời hạn ", Vn(due), " nằm ngoài thời kỳ của kế hoạch ",
                                f.period_from, "–", f.period_to)});
  }
}

// Dates written in the text. A date that follows a document symbol ("số 2447/QĐ-TTg ngày ...",
// "Thông tư 124/2021/TT-BCA, ngày ...") dates a cited document and is compared with that
// document's known date; any other date is a deadline or an event of the plan and must fall within
// its period. Every repetition is bounded: libstdc++'s matcher recurses once per character a
// quantifier consumes, and a section may hold 200,000 characters.
void CheckText(const PlanFacts& f, const std::string& field, const std::string& text,
               std::vector<Finding>& out) {
  static const std::regex reference(
      R"(([0-9][^\s,;]{0,40}/[^\s,;]{1,40}),?\s{1,4}ngày\s{1,4}([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))");
  static const std::regex plain_date(
      R"((?:ngày|tháng)\s{1,4}(?:([0-9]{1,2})/)?([0-9]{1,2})/([0-9]{4}))");
  std::vector<std::pair<size_t, size_t>> cited;  // spans of document references
  for (auto it = std::sregex_iterator(text.begin(), text.end(), reference);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    auto symbol = ParseDocumentSymbol(m[1].str());
    if (!symbol.ok()) continue;  // "tháng 12/2025, ngày 15/12/2025" cites nothing
    cited.emplace_back(m.position(0), m.position(0) + m.length(0));
    auto known = f.known_documents.find(symbol->ToString());
    if (known == f.known_documents.end()) continue;
    const absl::CivilDay written(std::stoi(m[4]), std::stoi(m[3]), std::stoi(m[2]));
    if (written != known->second) {
      out.push_back({false, "DOCUMENT_DATE_MISMATCH", field,
                     absl::StrCat(symbol->ToString(), " is dated ", Vn(known->second),
                                  " but the text says ", Vn(written)),
                     absl::StrCat("văn bản ", symbol->ToString(), " ban hành ngày ",
                                  Vn(known->second), " nhưng nội dung ghi ", Vn(written))});
    }
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), plain_date);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    const size_t at = m.position(0);
    const bool in_reference = std::any_of(cited.begin(), cited.end(), [&](const auto& span) {
      return at >= span.first && at < span.second;
    });
    if (in_reference) continue;
    const int year = std::stoi(m[3]);
    if (year < f.period_from || year > f.period_to) {
      out.push_back({false, "YEAR_OUTSIDE_PERIOD", field,
                     absl::StrCat("\"", m.str(0), "\" lies outside the plan's period ",
                                  f.period_from, "–", f.period_to),
                     absl::StrCat("\"", m.str(0), "\" nằm ngoài thời kỳ của kế hoạch ",
                                  f.period_from, "–", f.period_to)});
    }
  }
}

}  // namespace

std::vector<Finding> CheckPlan(const PlanFacts& f) {
  std::vector<Finding> out;
  if (f.period_from <= 0 || f.period_to < f.period_from) {
    out.push_back({true, "INVALID_PERIOD", "period", "the period must be from ≤ to",
                   "thời kỳ kế hoạch không hợp lệ"});
    return out;
  }
  if (f.issue_date.year() > f.period_to) {
    out.push_back({false, "ISSUED_AFTER_PERIOD", "issue_date",
                   "the plan is issued after its period ends",
                   "kế hoạch được ban hành sau khi thời kỳ đã kết thúc"});
  }
  for (const auto& [field, rule] : f.deadlines) CheckDeadline(f, field, rule, out);
  for (const auto& [field, text] : f.texts) CheckText(f, field, text, out);
  return out;
}

}  // namespace thidua::plans
