#include "services/reporting/domain/period.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxPeriodsListed = 200;

// The regime's start day in the month `months` after the start of year `year`'s window.
CivilDay StartPlusMonths(const Regime& regime, int year, int months) {
  const CivilDay first = YearOf(regime, year).first;
  return CivilDay(absl::CivilMonth(first) + months) + (regime.start_day - 1);
}

// `months` months of the window of `year`, from its `from_month`-th month (0-based).
Period Span(const Regime& regime, PeriodKind kind, int year, int index, int from_month,
            int months) {
  Period p;
  p.kind = kind;
  p.year = year;
  p.index = index;
  p.first = StartPlusMonths(regime, year, from_month);
  p.last = StartPlusMonths(regime, year, from_month + months) - 1;
  return p;
}

const char* Roman(int quarter) {
  static constexpr const char* kRoman[] = {"I", "II", "III", "IV"};
  return kRoman[quarter - 1];
}

absl::Status BadField(const char* field, std::string english, std::string vietnamese) {
  return InvalidArgument({{field, std::move(english), std::move(vietnamese)}});
}

absl::Status BadRegime(const Regime& regime) {
  const std::string problem = CheckRegime(regime);
  if (problem.empty()) return absl::OkStatus();
  return BadField("regime", problem, "chế độ kỳ báo cáo không hợp lệ");
}

}  // namespace

std::string CheckRegime(const Regime& regime) {
  if (regime.start_month < 1 || regime.start_month > 12) return "start_month must be 1 to 12";
  if (regime.start_day < 1 || regime.start_day > 28) return "start_day must be 1 to 28";
  return "";
}

Period YearOf(const Regime& regime, int year) {
  Period p;
  p.kind = PeriodKind::kYear;
  p.year = year;
  const bool calendar = regime.start_day == 1 && regime.start_month == 1;
  const int start_year = calendar ? year : year - 1;
  p.first = CivilDay(start_year, regime.start_month, regime.start_day);
  p.last = CivilDay(start_year + 1, regime.start_month, regime.start_day) - 1;
  return p;
}

absl::StatusOr<Period> PeriodOf(const Regime& regime, PeriodKind kind, int year, int index) {
  if (absl::Status bad = BadRegime(regime); !bad.ok()) return bad;
  switch (kind) {
    case PeriodKind::kMonth:
      if (index < 1 || index > 12) {
        return BadField("index", "a month is 1 to 12", "tháng phải từ 1 đến 12");
      }
      return Span(regime, kind, year, index, index - 1, 1);
    case PeriodKind::kQuarter:
      if (index < 1 || index > 4) {
        return BadField("index", "a quarter is 1 to 4", "quý phải từ 1 đến 4");
      }
      return Span(regime, kind, year, index, 3 * (index - 1), 3);
    case PeriodKind::kSixMonths:
      return Span(regime, kind, year, 0, 0, 6);
    case PeriodKind::kNineMonths:
      return Span(regime, kind, year, 0, 0, 9);
    case PeriodKind::kYear:
      return YearOf(regime, year);
    case PeriodKind::kMultiYear:
    case PeriodKind::kAdHoc:
      break;
  }
  return BadField("kind", "names its years or dates with its own constructor",
                  "cần nêu rõ các năm hoặc ngày của kỳ");
}

absl::StatusOr<Period> MultiYear(const Regime& regime, int first_year, int last_year) {
  if (absl::Status bad = BadRegime(regime); !bad.ok()) return bad;
  if (last_year < first_year || last_year - first_year > 9) {
    return BadField("last_year", "must be the first year or up to 9 years after it",
                    "phải bằng năm đầu hoặc sau năm đầu tối đa 9 năm");
  }
  Period p;
  p.kind = PeriodKind::kMultiYear;
  p.year = first_year;
  p.last_year = last_year;
  p.first = YearOf(regime, first_year).first;
  p.last = YearOf(regime, last_year).last;
  return p;
}

absl::StatusOr<Period> AdHoc(CivilDay first, CivilDay last) {
  if (last < first) {
    return BadField("last", "must not be before the first day", "không được trước ngày đầu");
  }
  if (last - first > 3 * 366) {
    return BadField("last", "an ad hoc window is at most 3 years long",
                    "kỳ báo cáo đột xuất dài tối đa 3 năm");
  }
  Period p;
  p.kind = PeriodKind::kAdHoc;
  p.year = static_cast<int>(last.year());
  p.first = first;
  p.last = last;
  return p;
}

std::optional<Period> PeriodContaining(const Regime& regime, PeriodKind kind, CivilDay day) {
  if (!CheckRegime(regime).empty()) return std::nullopt;
  // The year whose window holds `day`: the one ending in day's year, or the next.
  int year = static_cast<int>(day.year());
  if (day > YearOf(regime, year).last) ++year;
  switch (kind) {
    case PeriodKind::kMonth:
    case PeriodKind::kQuarter: {
      const int months = kind == PeriodKind::kMonth ? 1 : 3;
      for (int index = 1; index <= 12 / months; ++index) {
        Period p = *PeriodOf(regime, kind, year, index);
        if (day <= p.last) return p;
      }
      return std::nullopt;  // unreachable: the year's window holds `day`
    }
    case PeriodKind::kSixMonths:
    case PeriodKind::kNineMonths:
    case PeriodKind::kYear: {
      Period p = *PeriodOf(regime, kind, year);
      if (day <= p.last) return p;
      return std::nullopt;
    }
    case PeriodKind::kMultiYear:
    case PeriodKind::kAdHoc:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<Period> PeriodsOverlapping(const Regime& regime, PeriodKind kind, CivilDay from,
                                       CivilDay to) {
  std::vector<Period> out;
  if (to < from || kind == PeriodKind::kMultiYear || kind == PeriodKind::kAdHoc ||
      !CheckRegime(regime).empty()) {
    return out;
  }
  const int first_year = static_cast<int>(from.year());
  const int last_year = static_cast<int>(to.year()) + 1;
  const int per_year = kind == PeriodKind::kMonth ? 12 : kind == PeriodKind::kQuarter ? 4 : 1;
  for (int year = first_year; year <= last_year; ++year) {
    for (int index = 1; index <= per_year; ++index) {
      absl::StatusOr<Period> p = PeriodOf(regime, kind, year, per_year == 1 ? 0 : index);
      if (p->last < from || p->first > to) continue;
      if (out.size() == kMaxPeriodsListed) return out;
      out.push_back(*std::move(p));
    }
  }
  return out;
}

std::string Period::Label() const {
  switch (kind) {
    case PeriodKind::kMonth:
      return absl::StrFormat("Tháng %d/%d", last.month(), last.year());
    case PeriodKind::kQuarter:
      return absl::StrCat("Quý ", Roman(index), "/", year);
    case PeriodKind::kSixMonths:
      return absl::StrCat("6 tháng đầu năm ", year);
    case PeriodKind::kNineMonths:
      return absl::StrCat("9 tháng đầu năm ", year);
    case PeriodKind::kYear:
      return absl::StrCat("Năm ", year);
    case PeriodKind::kMultiYear:
      return absl::StrCat("Giai đoạn ", year, "–", last_year);
    case PeriodKind::kAdHoc:
      return absl::StrCat("Từ ", ToVietnamese(first), " đến ", ToVietnamese(last));
  }
  return "";
}

}  // namespace thidua::reporting
