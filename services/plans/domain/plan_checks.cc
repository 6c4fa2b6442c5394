#include "services/plans/domain/plan_checks.h"

#include <re2/re2.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
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

// Known documents by identity, so that a text citing "150/KH-UBND" or "2447/QD-TTg" is compared
// with the document registered as "0150/KH-UBND" or "2447/QĐ-TTg".
using DatesByIdentity = std::map<std::string, absl::CivilDay>;

DatesByIdentity ByIdentity(const std::map<std::string, absl::CivilDay>& known) {
  DatesByIdentity out;
  for (const auto& [symbol, day] : known) {
    if (auto parsed = ParseDocumentSymbol(symbol); parsed.ok()) out[parsed->IdentityKey()] = day;
  }
  return out;
}

// A section holds at most 200,000 characters (plan_input.cc), under 800 KB of UTF-8. A longer text
// is scanned only this far: the checks are advice, and no caller may buy unbounded CPU with them.
constexpr size_t kMaxScannedBytes = 1 << 20;

// Calls `each` with the groups (0: the whole match) of every non-overlapping match of `re` in
// `text`, left to right. RE2 takes time linear in the text: no input makes it backtrack.
template <int kGroups, typename Each>
void ForEachMatch(const RE2& re, absl::string_view text, Each each) {
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece groups[kGroups];
  size_t at = 0;
  while (at < input.size() && re.Match(input, at, input.size(), RE2::UNANCHORED, groups, kGroups)) {
    each(groups);
    at = static_cast<size_t>(groups[0].data() - input.data()) +
         std::max<size_t>(groups[0].size(), 1);
  }
}

int ToInt(re2::StringPiece digits) { return std::stoi(std::string(digits.data(), digits.size())); }

// Dates written in the text. A date that follows a document symbol ("số 2447/QĐ-TTg ngày ...",
// "Thông tư 124/2021/TT-BCA, ngày ...") dates a cited document and is compared with that
// document's known date; any other date is a deadline or an event of the plan and must fall within
// its period. The repetitions stay bounded as a symbol is short (and RE2's automaton small).
void CheckText(const PlanFacts& f, const DatesByIdentity& known_dates, const std::string& field,
               const std::string& full_text, std::vector<Finding>& out) {
  static const RE2 reference(
      R"(([0-9][^\s,;]{0,40}/[^\s,;]{1,40}),?\s{1,4}ngày\s{1,4}([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))");
  static const RE2 plain_date(R"((?:ngày|tháng)\s{1,4}(?:([0-9]{1,2})/)?([0-9]{1,2})/([0-9]{4}))");
  const absl::string_view text = absl::string_view(full_text).substr(0, kMaxScannedBytes);
  std::vector<std::pair<size_t, size_t>> cited;  // spans of document references
  auto offset = [&](re2::StringPiece part) {
    return static_cast<size_t>(part.data() - text.data());
  };
  ForEachMatch<5>(reference, text, [&](const re2::StringPiece* m) {
    auto symbol = ParseDocumentSymbol(absl::string_view(m[1].data(), m[1].size()));
    if (!symbol.ok()) return;  // "tháng 12/2025, ngày 15/12/2025" cites nothing
    cited.emplace_back(offset(m[0]), offset(m[0]) + m[0].size());
    auto known = known_dates.find(symbol->IdentityKey());
    if (known == known_dates.end()) return;
    const absl::CivilDay written(ToInt(m[4]), ToInt(m[3]), ToInt(m[2]));
    if (written != known->second) {
      out.push_back({false, "DOCUMENT_DATE_MISMATCH", field,
                     absl::StrCat(symbol->ToString(), " is dated ", Vn(known->second),
                                  " but the text says ", Vn(written)),
                     absl::StrCat("văn bản ", symbol->ToString(), " ban hành ngày ",
                                  Vn(known->second), " nhưng nội dung ghi ", Vn(written))});
    }
  });
  ForEachMatch<4>(plain_date, text, [&](const re2::StringPiece* m) {
    const size_t at = offset(m[0]);
    const bool in_reference = std::any_of(cited.begin(), cited.end(), [&](const auto& span) {
      return at >= span.first && at < span.second;
    });
    if (in_reference) return;
    const int year = ToInt(m[3]);
    if (year < f.period_from || year > f.period_to) {
      const std::string written(m[0].data(), m[0].size());
      out.push_back({false, "YEAR_OUTSIDE_PERIOD", field,
                     absl::StrCat("\"", written, "\" lies outside the plan's period ",
                                  f.period_from, "–", f.period_to),
                     absl::StrCat("\"", written, "\" nằm ngoài thời kỳ của kế hoạch ",
                                  f.period_from, "–", f.period_to)});
    }
  });
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
  const DatesByIdentity known_dates = ByIdentity(f.known_documents);
  for (const auto& [field, text] : f.texts) CheckText(f, known_dates, field, text, out);
  return out;
}

}  // namespace thidua::plans
