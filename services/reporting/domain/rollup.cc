#include "services/reporting/domain/rollup.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace thidua::reporting {
namespace {

constexpr int64_t kMillion = 1'000'000;

absl::int128 Pow10(int n) {
  absl::int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

struct Sum {
  Micros total;
  int units = 0;
  bool estimates = false;
};

using Key = std::pair<std::string, std::string>;  // indicator, category

// The categories of an indicator, or "" when it has no breakdown.
std::vector<std::string> CategoriesOf(const v1::Indicator& i) {
  std::vector<std::string> out;
  for (const auto& c : i.categories()) out.push_back(c.code());
  if (out.empty()) out.push_back("");
  return out;
}

}  // namespace

std::optional<Micros> Micros::FromText(absl::string_view text) {
  static const RE2 kNumber("([0-9]{1,21})(?:\\.([0-9]{1,6}))?");
  std::string whole, fraction;
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kNumber, &whole, &fraction)) {
    return std::nullopt;
  }
  absl::int128 value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  fraction.resize(6, '0');
  absl::int128 part = 0;
  for (char c : fraction) part = part * 10 + (c - '0');
  return Of(value * kMillion + part);
}

std::string Micros::ToString(int scale) const {
  const bool negative = value_ < 0;
  absl::int128 v = negative ? -value_ : value_;
  // Round half up to `scale` decimals.
  const absl::int128 step = Pow10(6 - scale);
  v = (v + step / 2) / step * step;
  const absl::int128 whole = v / kMillion;
  int64_t fraction = static_cast<int64_t>(v % kMillion);
  std::string digits;
  absl::int128 w = whole;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(w % 10)));
    w /= 10;
  } while (w > 0);
  std::string out = negative ? "-" + digits : digits;
  if (fraction == 0 || scale == 0) return out;
  std::string decimals = absl::StrCat(fraction + kMillion).substr(1);  // 6 digits
  decimals.resize(scale);
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  return decimals.empty() ? out : absl::StrCat(out, ".", decimals);
}

std::optional<Micros> Percentage(const Micros& numerator, const Micros& denominator, int scale) {
  if (denominator.value() == 0) return std::nullopt;
  // millionths of the percentage at `scale` decimals: n × 100 × 10^scale ÷ d, half up.
  const absl::int128 scaled = numerator.value() * 100 * Pow10(scale);
  const absl::int128 rounded = (2 * scaled + denominator.value()) / (2 * denominator.value());
  return Micros::Of(rounded * Pow10(6 - scale));
}

std::vector<std::string> FiguresRead(const std::vector<std::string>& codes,
                                     const IndicatorLookup& lookup) {
  std::set<std::string> read;
  for (const std::string& code : codes) {
    const v1::Indicator* i = lookup(code);
    if (i == nullptr) continue;
    switch (i->aggregation()) {
      case v1::RATIO_OF_SUMS:
        read.insert(i->numerator_code());
        read.insert(i->denominator_code());
        break;
      case v1::WEIGHTED_AVERAGE:
        read.insert(code);
        read.insert(i->weight_code());
        break;
      case v1::SUM:
      case v1::COUNT_YES:
        read.insert(code);
        break;
      default:
        break;  // does not aggregate
    }
  }
  return {read.begin(), read.end()};
}

std::vector<v1::RolledFigure> Aggregate(const std::vector<const UnitFigure*>& figures,
                                        const std::vector<std::string>& codes,
                                        const IndicatorLookup& lookup) {
  std::map<Key, Sum> sums;  // numbers, and counts of yes
  // Each unit's figures, needed by weighted averages only (they pair a unit's value with its
  // weight): a national roll-up of a sum does not pay for indexing 100,000 figures.
  const bool weighted = std::any_of(codes.begin(), codes.end(), [&](const std::string& code) {
    const v1::Indicator* i = lookup(code);
    return i != nullptr && i->aggregation() == v1::WEIGHTED_AVERAGE;
  });
  std::map<std::pair<int64_t, Key>, const UnitFigure*> by_unit;
  for (const UnitFigure* f : figures) {
    if (weighted) by_unit[{f->organization_id, {f->indicator_code, f->category_code}}] = f;
    Sum& sum = sums[{f->indicator_code, f->category_code}];
    if (f->number) sum.total += *f->number;
    if (f->yes && *f->yes) sum.total += Micros::Of(kMillion);
    ++sum.units;
    sum.estimates |= f->estimated;
  }
  std::vector<v1::RolledFigure> out;
  auto emit = [&](const std::string& code, const std::string& category, const Micros& value,
                  int scale, const Sum& from) {
    v1::RolledFigure r;
    r.set_indicator_code(code);
    r.set_category_code(category);
    r.mutable_value()->set_value(value.ToString(scale));
    r.set_units(from.units);
    r.set_includes_estimates(from.estimates);
    out.push_back(std::move(r));
  };
  for (const std::string& code : codes) {
    const v1::Indicator* indicator = lookup(code);
    if (indicator == nullptr) continue;
    for (const std::string& category : CategoriesOf(*indicator)) {
      switch (indicator->aggregation()) {
        case v1::SUM:
        case v1::COUNT_YES: {
          auto it = sums.find({code, category});
          if (it != sums.end()) emit(code, category, it->second.total, 6, it->second);
          break;
        }
        case v1::RATIO_OF_SUMS: {
          auto n = sums.find({indicator->numerator_code(), category});
          auto d = sums.find({indicator->denominator_code(), category});
          if (n == sums.end() || d == sums.end()) break;
          auto ratio = Percentage(n->second.total, d->second.total, indicator->scale());
          if (!ratio) break;
          Sum from = d->second;
          from.estimates |= n->second.estimates;
          emit(code, category, *ratio, indicator->scale(), from);
          break;
        }
        case v1::WEIGHTED_AVERAGE: {
          // Units that gave both the value and its weight; weights are whole counts.
          absl::int128 products = 0, weights = 0;
          Sum from;
          for (const auto& [key, f] : by_unit) {
            if (key.second != Key{code, category} || !f->number) continue;
            auto w = by_unit.find({key.first, {indicator->weight_code(), category}});
            if (w == by_unit.end() || !w->second->number) continue;
            const absl::int128 weight = w->second->number->value() / kMillion;
            products += f->number->value() * weight;
            weights += weight;
            ++from.units;
            from.estimates |= f->estimated || w->second->estimated;
          }
          if (weights == 0) break;
          emit(code, category, Micros::Of((2 * products + weights) / (2 * weights)), 6, from);
          break;
        }
        default:
          break;  // PERCENT, TEXT and NONE do not aggregate
      }
    }
  }
  return out;
}

}  // namespace thidua::reporting
