#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace thidua::reporting {

using absl::CivilDay;

// How a reporting regime cuts time into cut-off windows (thời gian chốt số liệu), as data: the
// day and month on which its year's window starts. A year is named after the year its window ends
// in, so the window of year Y runs from the start day in Y−1 to the day before it in Y (from 1/1
// to 31/12 of Y when the start is 1/1). See the README, "Reporting periods".
//   Nghị định 09/2019/NĐ-CP, Art. 12: 15/12 (year 2026: 15/12/2025 → 14/12/2026)
//   the movement's year (seed 001): 15/11 (2026: 15/11/2025 → 14/11/2026)
//   Thông tư 124/2021/TT-BCA reviews: 1/11 for residential areas, 16/11 for communes and agencies
//   a calendar year: 1/1
struct Regime {
  int start_day = 15;    // 1..28, so that every month has it
  int start_month = 12;  // 1..12
};

// Empty when `regime` is well formed; otherwise the English reason.
std::string CheckRegime(const Regime& regime);

// The kinds of period a report can cover (Nghị định 09/2019/NĐ-CP, Art. 12; sơ kết, tổng kết).
// Month and quarter windows follow each other; six and nine months run from the year's start.
enum class PeriodKind {
  kMonth,       // index 1..12, the window's n-th month: NĐ 09 March 2026 is 15/2 → 14/3/2026
  kQuarter,     // index 1..4: NĐ 09 Q1 2026 is 15/12/2025 → 14/3/2026
  kSixMonths,   // NĐ 09 H1 2026: 15/12/2025 → 14/6/2026
  kNineMonths,  // NĐ 09 9M 2026: 15/12/2025 → 14/9/2026
  kYear,        // NĐ 09 2026: 15/12/2025 → 14/12/2026
  kMultiYear,   // years `year`..`last_year`: from the first year's start to the last year's end
  kAdHoc,       // a request with its own window
};

// One period of a regime: which one, and its window, both days included.
struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 0;       // the (first) year, named after the year its window ends in
  int index = 0;      // kMonth 1..12, kQuarter 1..4; 0 otherwise
  int last_year = 0;  // kMultiYear
  CivilDay first;
  CivilDay last;

  // Vietnamese, as reports are titled: "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026",
  // "9 tháng đầu năm 2026", "Năm 2026", "Giai đoạn 2023–2025", "Từ 01/03/2026 đến 31/03/2026".
  // A month is named after the month its window ends in.
  std::string Label() const;
  bool operator==(const Period&) const = default;
};

// The window of year `year` under `regime`.
Period YearOf(const Regime& regime, int year);

// Period `index` (see PeriodKind) of `kind` in `year`; INVALID_ARGUMENT naming `index` when it is
// out of range, or `regime` when CheckRegime refuses it. kMultiYear and kAdHoc have their own
// constructors below.
absl::StatusOr<Period> PeriodOf(const Regime& regime, PeriodKind kind, int year, int index = 0);
// Years `first_year`..`last_year` (first ≤ last, at most 10 years).
absl::StatusOr<Period> MultiYear(const Regime& regime, int first_year, int last_year);
// A window of its own (first ≤ last, at most 3 years long).
absl::StatusOr<Period> AdHoc(CivilDay first, CivilDay last);

// The period of `kind` (kMonth, kQuarter, kSixMonths, kNineMonths, kYear) whose window holds
// `day`; nullopt for six and nine months when `day` lies in the rest of the year, and for a
// regime CheckRegime refuses.
std::optional<Period> PeriodContaining(const Regime& regime, PeriodKind kind, CivilDay day);

// Every period of `kind` whose window overlaps [from, to], in order (at most 200: a caller lists
// periods a few years at a time); none for a regime CheckRegime refuses.
std::vector<Period> PeriodsOverlapping(const Regime& regime, PeriodKind kind, CivilDay from,
                                       CivilDay to);

}  // namespace thidua::reporting
