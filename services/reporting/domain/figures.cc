#include "services/reporting/domain/figures.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxFigures = 5000;

const Decimal& Hundred() {
  static const Decimal kHundred{"100", ""};
  return kHundred;
}

std::string Named(const v1::Figure& f) {
  return f.category_code().empty() ? f.indicator_code()
                                   : absl::StrCat(f.indicator_code(), " / ", f.category_code());
}

// Checks one figure's value against its indicator; returns the number read, if any.
std::optional<Decimal> CheckValue(v1::Figure& f, const v1::Indicator& indicator,
                                  const std::string& field, Violations& v) {
  const std::string what = Named(f);
  auto bad = [&](const std::string& sub, const std::string& en, const std::string& vi) {
    v.Add(field + sub, absl::StrCat(what, ": ", en), absl::StrCat(what, ": ", vi));
  };
  switch (indicator.value_type()) {
    case v1::COUNT:
    case v1::AMOUNT:
    case v1::PERCENT: {
      if (!f.has_number()) {
        bad(".number", "a number is required", "cần một số");
        return std::nullopt;
      }
      const std::string& text = f.number().value();
      auto number = ParseDecimal(text);
      if (!number) {
        if (!text.empty() && text[0] == '-') {
          bad(".number", "must not be negative", "không được âm");
        } else {
          bad(".number", "digits with at most one '.', below 10^15 (no sign, no separators)",
              "chữ số, tối đa một dấu '.', nhỏ hơn 10^15 (không dấu, không phân cách)");
        }
        return std::nullopt;
      }
      if (static_cast<int>(number->fraction.size()) > indicator.scale()) {
        bad(".number", absl::StrCat("at most ", indicator.scale(), " decimals"),
            absl::StrCat("tối đa ", indicator.scale(), " chữ số thập phân"));
        return std::nullopt;
      }
      if (indicator.value_type() == v1::PERCENT && Compare(*number, Hundred()) > 0) {
        bad(".number", "a percentage is at most 100", "tỷ lệ phần trăm tối đa là 100");
        return std::nullopt;
      }
      f.mutable_number()->set_value(number->ToString());
      return number;
    }
    case v1::YES_NO:
      if (!f.has_yes()) bad(".yes", "yes or no is required", "cần trả lời có hoặc không");
      return std::nullopt;
    case v1::TEXT:
      if (!f.has_text()) bad(".text", "a text is required", "cần nội dung");
      return std::nullopt;
    case v1::RATIO:
      bad(".indicator_code", "is computed from its numerator and denominator; enter those",
          "được tính từ tử số và mẫu số; hãy nhập hai chỉ tiêu đó");
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<Decimal> ParseDecimal(absl::string_view text) {
  static const RE2 kDecimal("([0-9]{1,40})(?:\\.([0-9]{1,40}))?");
  std::string whole, fraction;
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kDecimal, &whole, &fraction)) {
    return std::nullopt;
  }
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.size() > 15 || fraction.size() > 6) return std::nullopt;
  return Decimal{whole, fraction};
}

int Compare(const Decimal& a, const Decimal& b) {
  if (a.whole.size() != b.whole.size()) return a.whole.size() < b.whole.size() ? -1 : 1;
  if (int c = a.whole.compare(b.whole); c != 0) return c < 0 ? -1 : 1;
  // Fractions compare as text once padded to one length.
  const size_t n = std::max(a.fraction.size(), b.fraction.size());
  const std::string fa = a.fraction + std::string(n - a.fraction.size(), '0');
  const std::string fb = b.fraction + std::string(n - b.fraction.size(), '0');
  const int c = fa.compare(fb);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

void CheckFigures(v1::Submission& s, const v1::Template& t, const IndicatorLookup& lookup,
                  bool with_estimates, Violations& v) {
  if (s.figures_size() > kMaxFigures) {
    v.Add("submission.figures", absl::StrCat("at most ", kMaxFigures, " figures"),
          absl::StrCat("tối đa ", kMaxFigures, " số liệu"));
    return;
  }
  std::set<std::string> rows;
  for (const auto& row : t.rows()) rows.insert(row.indicator_code());
  std::set<std::pair<std::string, std::string>> seen;
  std::map<std::pair<std::string, std::string>, std::pair<Decimal, int>> numbers;
  for (int k = 0; k < s.figures_size(); ++k) {
    v1::Figure& f = *s.mutable_figures(k);
    const std::string field = absl::StrCat("submission.figures[", k, "]");
    const v1::Indicator* indicator =
        rows.contains(f.indicator_code()) ? lookup(f.indicator_code()) : nullptr;
    if (indicator == nullptr) {
      v.Add(field + ".indicator_code",
            absl::StrCat(f.indicator_code(), ": not a row of the report's template"),
            absl::StrCat(f.indicator_code(), ": không có trong mẫu báo cáo"));
      continue;
    }
    bool category_known = f.category_code().empty() && indicator->categories().empty();
    for (const auto& c : indicator->categories()) category_known |= c.code() == f.category_code();
    if (!category_known) {
      v.Add(field + ".category_code",
            indicator->categories().empty()
                ? absl::StrCat(f.indicator_code(), " has no breakdown")
                : absl::StrCat(f.indicator_code(), ": one of its categories is required"),
            indicator->categories().empty()
                ? absl::StrCat(f.indicator_code(), " không chia theo nhóm")
                : absl::StrCat(f.indicator_code(), ": cần một nhóm (category) của chỉ tiêu"));
      continue;
    }
    if (!seen.emplace(f.indicator_code(), f.category_code()).second) {
      v.Add(field, absl::StrCat(Named(f), " is given twice"), absl::StrCat(Named(f), " bị lặp"));
      continue;
    }
    if (f.estimated() && !with_estimates) {
      v.Add(field + ".estimated",
            absl::StrCat(Named(f), ": this period's deadline leaves no days to estimate"),
            absl::StrCat(Named(f), ": kỳ này không có số liệu ước thực hiện"));
    }
    if (auto number = CheckValue(f, *indicator, field, v)) {
      numbers[{f.indicator_code(), f.category_code()}] = {*number, k};
    }
  }
  // A numerator is never above its denominator (recognised ≤ registered).
  for (const auto& row : t.rows()) {
    const v1::Indicator* ratio = lookup(row.indicator_code());
    if (ratio == nullptr || ratio->value_type() != v1::RATIO) continue;
    for (const auto& [key, numerator] : numbers) {
      if (key.first != ratio->numerator_code()) continue;
      auto denominator = numbers.find({ratio->denominator_code(), key.second});
      if (denominator == numbers.end() || Compare(numerator.first, denominator->second.first) <= 0)
        continue;
      const std::string what = key.second.empty() ? key.first : key.first + " / " + key.second;
      v.Add(absl::StrCat("submission.figures[", numerator.second, "].number"),
            absl::StrCat(what, ": above its denominator ", ratio->denominator_code(), " (",
                         denominator->second.first.ToString(), ")"),
            absl::StrCat(what, ": lớn hơn mẫu số ", ratio->denominator_code(), " (",
                         denominator->second.first.ToString(), ")"));
    }
  }
  std::set<std::string> sections;
  for (const auto& section : t.sections()) sections.insert(section.code());
  std::set<std::string> written;
  for (int k = 0; k < s.narrative_size(); ++k) {
    const std::string field = absl::StrCat("submission.narrative[", k, "].section_code");
    const std::string& code = s.narrative(k).section_code();
    if (!sections.contains(code)) {
      v.Add(field, absl::StrCat(code, ": not a section of the report's template"),
            absl::StrCat(code, ": không có trong mẫu báo cáo"));
    } else if (!written.insert(code).second) {
      v.Add(field, absl::StrCat(code, " is given twice"), absl::StrCat(code, " bị lặp"));
    }
  }
}

void CheckComplete(const v1::Submission& s, const v1::Template& t, const IndicatorLookup& lookup,
                   absl::string_view prefix, Violations& v) {
  const std::string figures = absl::StrCat(prefix, "figures");
  const std::string narrative = absl::StrCat(prefix, "narrative");
  std::set<std::pair<std::string, std::string>> given;
  for (const auto& f : s.figures()) {
    if (f.has_text() && f.text().empty()) continue;  // an empty text says nothing
    given.emplace(f.indicator_code(), f.category_code());
  }
  auto require = [&](const std::string& code) {
    const v1::Indicator* indicator = lookup(code);
    if (indicator == nullptr) return;
    std::vector<std::string> categories;
    for (const auto& c : indicator->categories()) categories.push_back(c.code());
    if (categories.empty()) categories.push_back("");
    for (const std::string& category : categories) {
      if (given.contains({code, category})) continue;
      const std::string what = category.empty() ? code : code + " / " + category;
      v.Add("submission.figures",
            absl::StrCat(what, " (", indicator->display_name(), ") is required"),
            absl::StrCat(what, " (", indicator->display_name(), ") là bắt buộc"));
    }
  };
  for (const auto& row : t.rows()) {
    if (!row.required()) continue;
    const v1::Indicator* indicator = lookup(row.indicator_code());
    if (indicator != nullptr && indicator->value_type() == v1::RATIO) {
      require(indicator->numerator_code());
      require(indicator->denominator_code());
    } else {
      require(row.indicator_code());
    }
  }
  std::set<std::string> written;
  for (const auto& n : s.narrative()) {
    if (!n.text().empty()) written.insert(n.section_code());
  }
  for (const auto& section : t.sections()) {
    if (section.required() && !written.contains(section.code())) {
      v.Add("submission.narrative",
            absl::StrCat(section.code(), " (", section.title(), ") is required"),
            absl::StrCat(section.code(), " (", section.title(), ") là bắt buộc"));
    }
  }
}

}  // namespace thidua::reporting
