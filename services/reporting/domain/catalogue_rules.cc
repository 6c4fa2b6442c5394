#include "services/reporting/domain/catalogue_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxCategories = 50;
constexpr int kMaxRows = 500;
constexpr int kMaxSections = 20;

// The aggregations each value type allows (thidua.reporting.v1.Aggregation).
bool Allows(v1::ValueType type, v1::Aggregation aggregation) {
  switch (type) {
    case v1::COUNT:
      return aggregation == v1::SUM || aggregation == v1::NONE;
    case v1::AMOUNT:
      return aggregation == v1::SUM || aggregation == v1::WEIGHTED_AVERAGE ||
             aggregation == v1::NONE;
    case v1::PERCENT:
    case v1::TEXT:
      return aggregation == v1::NONE;
    case v1::RATIO:
      return aggregation == v1::RATIO_OF_SUMS;
    case v1::YES_NO:
      return aggregation == v1::COUNT_YES || aggregation == v1::NONE;
    default:
      return false;
  }
}

// The largest scale each value type allows.
int MaxScale(v1::ValueType type) {
  switch (type) {
    case v1::AMOUNT:
      return 6;
    case v1::PERCENT:
    case v1::RATIO:
      return 2;
    default:
      return 0;
  }
}

bool IsFigure(const v1::Indicator* i) {
  return i != nullptr && (i->value_type() == v1::COUNT || i->value_type() == v1::AMOUNT);
}

std::set<std::string> CategoryCodes(const v1::Indicator& i) {
  std::set<std::string> codes;
  for (const auto& c : i.categories()) codes.insert(c.code());
  return codes;
}

// A part a computed indicator is made of: a COUNT or AMOUNT of the catalogue, other than itself,
// broken down by the same categories.
void CheckPart(const v1::Indicator& indicator, const std::string& code, const std::string& field,
               const IndicatorLookup& lookup, Violations& v) {
  if (code.empty()) {
    v.Add(field, "is required", "là bắt buộc");
    return;
  }
  const v1::Indicator* part = code == indicator.code() ? nullptr : lookup(code);
  if (!IsFigure(part)) {
    v.Add(field, "must name a COUNT or AMOUNT indicator of the catalogue",
          "phải là mã một chỉ tiêu dạng COUNT hoặc AMOUNT trong danh mục");
  } else if (CategoryCodes(*part) != CategoryCodes(indicator)) {
    v.Add(field, "must be broken down by the same categories",
          "phải được chia theo cùng các nhóm (category)");
  }
}

}  // namespace

IndicatorLookup LookupIn(const std::vector<v1::Indicator>& indicators) {
  return [&indicators](absl::string_view code) -> const v1::Indicator* {
    for (const auto& i : indicators) {
      if (i.code() == code) return &i;
    }
    return nullptr;
  };
}

bool IsCode(absl::string_view code, int max_chars) {
  static const RE2 kCode("[A-Z][A-Z0-9._-]+");
  return static_cast<int>(code.size()) <= max_chars &&
         RE2::FullMatch(re2::StringPiece(code.data(), code.size()), kCode);
}

void CheckIndicator(const v1::Indicator& i, const IndicatorLookup& lookup, absl::string_view prefix,
                    Violations& v) {
  const std::string p(prefix);
  if (!IsCode(i.code())) {
    v.Add(p + "code",
          "2 to 60 capital ASCII letters, digits, '-', '_' or '.', starting with a letter",
          "2 đến 60 ký tự gồm chữ in hoa không dấu, chữ số, '-', '_' hoặc '.', bắt đầu bằng chữ");
  }
  if (i.display_name().empty()) v.Add(p + "display_name", "is required", "là bắt buộc");
  if (i.value_type() == v1::VALUE_TYPE_UNSPECIFIED || !v1::ValueType_IsValid(i.value_type())) {
    v.Add(p + "value_type", "COUNT, AMOUNT, PERCENT, RATIO, YES_NO or TEXT",
          "COUNT, AMOUNT, PERCENT, RATIO, YES_NO hoặc TEXT");
    return;
  }
  if (!Allows(i.value_type(), i.aggregation())) {
    v.Add(p + "aggregation",
          absl::StrCat("is not allowed for ", v1::ValueType_Name(i.value_type()),
                       " (see thidua.reporting.v1.Aggregation)"),
          absl::StrCat("không dùng được cho loại ", v1::ValueType_Name(i.value_type())));
  }
  if (i.value_type() == v1::AMOUNT && i.unit().empty()) {
    v.Add(p + "unit", "is required for an AMOUNT (kg, viên, VND...)",
          "là bắt buộc với chỉ tiêu AMOUNT (kg, viên, VND...)");
  }
  if (i.scale() < 0 || i.scale() > MaxScale(i.value_type())) {
    v.Add(p + "scale", absl::StrCat("0 to ", MaxScale(i.value_type()), " for this value type"),
          absl::StrCat("từ 0 đến ", MaxScale(i.value_type()), " với loại này"));
  }
  if (i.categories_size() > kMaxCategories) {
    v.Add(p + "categories", absl::StrCat("at most ", kMaxCategories),
          absl::StrCat("tối đa ", kMaxCategories));
  }
  if (!i.categories().empty() && (i.value_type() == v1::TEXT || i.value_type() == v1::PERCENT)) {
    v.Add(p + "categories", "only figures that add up are broken down",
          "chỉ các số liệu cộng dồn được mới chia theo nhóm");
  }
  std::set<std::string> seen;
  for (int k = 0; k < i.categories_size(); ++k) {
    const auto& c = i.categories(k);
    const std::string field = absl::StrCat(p, "categories[", k, "]");
    if (!IsCode(c.code(), 40)) {
      v.Add(field + ".code", "2 to 40 capital ASCII letters, digits, '-', '_' or '.'",
            "2 đến 40 ký tự gồm chữ in hoa không dấu, chữ số, '-', '_' hoặc '.'");
    } else if (!seen.insert(c.code()).second) {
      v.Add(field + ".code", "appears twice", "bị lặp");
    }
    if (c.display_name().empty()) v.Add(field + ".display_name", "is required", "là bắt buộc");
  }
  const bool ratio = i.value_type() == v1::RATIO;
  const bool weighted = i.aggregation() == v1::WEIGHTED_AVERAGE;
  if (ratio) {
    CheckPart(i, i.numerator_code(), p + "numerator_code", lookup, v);
    CheckPart(i, i.denominator_code(), p + "denominator_code", lookup, v);
  } else {
    if (!i.numerator_code().empty())
      v.Add(p + "numerator_code", "only a RATIO has one", "chỉ chỉ tiêu RATIO có tử số");
    if (!i.denominator_code().empty())
      v.Add(p + "denominator_code", "only a RATIO has one", "chỉ chỉ tiêu RATIO có mẫu số");
  }
  if (weighted) {
    CheckPart(i, i.weight_code(), p + "weight_code", lookup, v);
    // Weights are counts (residents, households): a product of two amounts of 6 decimals each
    // would not stay exact in the roll-up's 128-bit sums.
    const v1::Indicator* weight = lookup(i.weight_code());
    if (weight != nullptr && weight->value_type() != v1::COUNT) {
      v.Add(p + "weight_code", "must name a COUNT indicator", "phải là chỉ tiêu dạng COUNT");
    }
  } else if (!i.weight_code().empty()) {
    v.Add(p + "weight_code", "only a WEIGHTED_AVERAGE has one",
          "chỉ chỉ tiêu WEIGHTED_AVERAGE có trọng số");
  }
}

void CheckTemplateContent(const v1::Template& t, const IndicatorLookup& lookup,
                          absl::string_view prefix, Violations& v) {
  const std::string p(prefix);
  if (t.rows().empty() || t.rows_size() > kMaxRows) {
    v.Add(p + "rows", absl::StrCat("1 to ", kMaxRows, " rows"),
          absl::StrCat("từ 1 đến ", kMaxRows, " dòng"));
  }
  std::set<std::string> codes;
  for (const auto& row : t.rows()) codes.insert(row.indicator_code());
  std::set<std::string> rows_seen, headings_closed;
  std::string heading;
  for (int k = 0; k < t.rows_size(); ++k) {
    const auto& row = t.rows(k);
    const std::string field = absl::StrCat(p, "rows[", k, "]");
    const v1::Indicator* indicator = lookup(row.indicator_code());
    if (indicator == nullptr) {
      v.Add(field + ".indicator_code", "is not an indicator of the catalogue",
            "không phải chỉ tiêu trong danh mục");
    } else if (!rows_seen.insert(row.indicator_code()).second) {
      v.Add(field + ".indicator_code", "appears twice", "bị lặp");
    } else {
      for (const std::string& part :
           {indicator->numerator_code(), indicator->denominator_code(), indicator->weight_code()}) {
        if (!part.empty() && !codes.contains(part)) {
          v.Add(field + ".indicator_code",
                absl::StrCat("is computed from ", part, ", which must be a row too"),
                absl::StrCat("được tính từ ", part, ", chỉ tiêu này cũng phải có trong mẫu"));
        }
      }
    }
    if (row.heading() != heading) {
      headings_closed.insert(heading);
      heading = row.heading();
      if (headings_closed.contains(heading)) {
        v.Add(field + ".heading", "rows of one heading must be consecutive",
              "các dòng cùng một mục phải liền nhau");
      }
    }
  }
  if (t.sections_size() > kMaxSections) {
    v.Add(p + "sections", absl::StrCat("at most ", kMaxSections),
          absl::StrCat("tối đa ", kMaxSections));
  }
  std::set<std::string> sections;
  for (int k = 0; k < t.sections_size(); ++k) {
    const auto& s = t.sections(k);
    const std::string field = absl::StrCat(p, "sections[", k, "]");
    if (!IsCode(s.code(), 40)) {
      v.Add(field + ".code", "2 to 40 capital ASCII letters, digits, '-', '_' or '.'",
            "2 đến 40 ký tự gồm chữ in hoa không dấu, chữ số, '-', '_' hoặc '.'");
    } else if (!sections.insert(s.code()).second) {
      v.Add(field + ".code", "appears twice", "bị lặp");
    }
    if (s.title().empty()) v.Add(field + ".title", "is required", "là bắt buộc");
  }
}

}  // namespace thidua::reporting
