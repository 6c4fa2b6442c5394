#include "services/reporting/domain/schedule.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/civil_date.h"
#include "re2/re2.h"

namespace thidua::reporting {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;
constexpr int kMaxYearsOwed = 10;
constexpr int kMaxReviewYears = 10;  // MultiYear's limit: first..first + 9

std::optional<PeriodKind> KindOf(v1::PeriodKind kind) {
  switch (kind) {
    case v1::MONTHLY:
      return PeriodKind::kMonth;
    case v1::QUARTERLY:
      return PeriodKind::kQuarter;
    case v1::SIX_MONTHLY:
      return PeriodKind::kSixMonths;
    case v1::NINE_MONTHLY:
      return PeriodKind::kNineMonths;
    case v1::YEARLY:
      return PeriodKind::kYear;
    case v1::MULTI_YEAR:
      return PeriodKind::kMultiYear;
    case v1::AD_HOC:
      return PeriodKind::kAdHoc;
    default:
      return std::nullopt;
  }
}

void ReadDeadline(const v1::DeadlineRule& in, const std::string& p, DeadlineRule& out,
                  Violations& v) {
  out.before = in.before();
  switch (in.rule_case()) {
    case v1::DeadlineRule::kDayOfMonth:
      out.kind = DeadlineRule::Kind::kDayOfMonth;
      out.day = in.day_of_month().day();
      out.month_offset = in.day_of_month().month_offset();
      break;
    case v1::DeadlineRule::kWorkingDaysAfterCutoff:
      out.kind = DeadlineRule::Kind::kWorkingDays;
      out.working_days = in.working_days_after_cutoff();
      out.before = false;  // the N-th working day is always included
      break;
    case v1::DeadlineRule::kDate: {
      out.kind = DeadlineRule::Kind::kDate;
      auto date = FromProto(in.date());
      if (!date.ok() || !date->has_value()) {
        v.Add(p + "deadline.date", "is not a valid date", "không phải ngày hợp lệ");
        return;
      }
      out.date = **date;
      break;
    }
    default:
      v.Add(p + "deadline", "day_of_month, working_days_after_cutoff or date is required",
            "cần một trong day_of_month, working_days_after_cutoff hoặc date");
      return;
  }
  if (std::string problem = CheckDeadlineRule(out); !problem.empty()) {
    v.Add(p + "deadline", problem, "quy tắc hạn báo cáo không hợp lệ");
  }
}

}  // namespace

std::optional<Schedule> ScheduleOf(const v1::Obligation& o, absl::string_view prefix,
                                   Violations& v) {
  const std::string p(prefix);
  const size_t before = v.size();
  Schedule s;
  const std::optional<PeriodKind> kind = KindOf(o.period().kind());
  if (!kind) {
    v.Add(p + "period.kind",
          "MONTHLY, QUARTERLY, SIX_MONTHLY, NINE_MONTHLY, YEARLY, MULTI_YEAR or AD_HOC",
          "MONTHLY, QUARTERLY, SIX_MONTHLY, NINE_MONTHLY, YEARLY, MULTI_YEAR hoặc AD_HOC");
    return std::nullopt;
  }
  s.kind = *kind;
  if (s.kind == PeriodKind::kAdHoc) {
    auto first = FromProto(o.period().ad_hoc_first());
    auto last = FromProto(o.period().ad_hoc_last());
    if (!first.ok() || !first->has_value()) {
      v.Add(p + "period.ad_hoc_first", "a date is required", "cần một ngày hợp lệ");
    }
    if (!last.ok() || !last->has_value()) {
      v.Add(p + "period.ad_hoc_last", "a date is required", "cần một ngày hợp lệ");
    }
    if (v.size() == before) {
      auto window = AdHoc(**first, **last);
      if (!window.ok()) {
        v.Add(p + "period.ad_hoc_last", "must be on or after the first day, at most 3 years on",
              "không được trước ngày đầu và cách ngày đầu tối đa 3 năm");
      } else {
        s.ad_hoc_first = window->first;
        s.ad_hoc_last = window->last;
        s.first_year = s.last_year = window->year;
      }
    }
  } else {
    s.regime = Regime{o.period().window_start_day(), o.period().window_start_month()};
    if (std::string problem = CheckRegime(s.regime); !problem.empty()) {
      v.Add(p + "period", problem, "ngày bắt đầu kỳ chốt số liệu không hợp lệ");
    }
    s.first_year = o.first_year();
    s.last_year = o.last_year();
    if (s.first_year < kFirstYear || s.first_year > kLastYear) {
      v.Add(p + "first_year", "2000 to 2100", "từ 2000 đến 2100");
    } else if (s.last_year != 0 &&
               (s.last_year < s.first_year || s.last_year - s.first_year > kMaxYearsOwed)) {
      v.Add(p + "last_year", "0, or the first year up to 10 years after it",
            "0, hoặc từ năm đầu đến 10 năm sau năm đầu");
    }
    if (s.kind == PeriodKind::kMultiYear &&
        (s.last_year == 0 || s.last_year - s.first_year > kMaxReviewYears - 1)) {
      v.Add(p + "last_year", "a review names its last year, at most 10 years from its first",
            "kỳ sơ kết, tổng kết cần năm cuối, dài tối đa 10 năm");
    }
  }
  ReadDeadline(o.deadline(), p, s.deadline, v);
  if (s.kind != PeriodKind::kAdHoc && s.deadline.kind == DeadlineRule::Kind::kDate) {
    v.Add(p + "deadline.date", "a date of its own is only for an AD_HOC period",
          "hạn là một ngày cụ thể chỉ dùng cho kỳ đột xuất (AD_HOC)");
  }
  if (v.size() != before) return std::nullopt;
  // The checks below read the first period owed: a rule falls alike in every period.
  const std::optional<Period> first = s.FirstPeriod();
  if (!first) {
    v.Add(p + "last_year", "the obligation owes no period", "chế độ báo cáo không có kỳ nào");
    return std::nullopt;
  }
  // Working days fall after the window, and need no calendar to say so.
  if (s.deadline.kind != DeadlineRule::Kind::kWorkingDays) {
    const WorkingCalendar none;
    absl::StatusOr<Deadline> deadline = DeadlineOf(s.deadline, *first, none);
    if (deadline.ok() && deadline->last_allowed < first->first) {
      // No report could ever be on time: it cannot be started before its window.
      v.Add(p + "deadline",
            absl::StrCat("falls before the window starts (", deadline->Describe(), ", window from ",
                         ToVietnamese(first->first), ")"),
            absl::StrCat("hạn báo cáo trước ngày bắt đầu kỳ (", deadline->Describe(),
                         ", kỳ bắt đầu ", ToVietnamese(first->first), ")"));
      return std::nullopt;
    }
    // A deadline before the window's end leaves days to estimate ("ước thực hiện"): the
    // obligation must say so.
    if (deadline.ok() && !o.estimates_allowed() && WithEstimates(*first, *deadline)) {
      v.Add(
          p + "estimates_allowed",
          absl::StrCat("must be true: the deadline (", deadline->Describe(),
                       ") falls before the window ends (", ToVietnamese(first->last), ")"),
          absl::StrCat("phải là true: hạn báo cáo (", deadline->Describe(),
                       ") trước ngày kết thúc kỳ chốt số liệu (", ToVietnamese(first->last), ")"));
      return std::nullopt;
    }
  }
  return s;
}

std::vector<Period> Schedule::PeriodsOverlapping(CivilDay from, CivilDay to) const {
  std::vector<Period> periods;
  if (kind == PeriodKind::kAdHoc) {
    if (ad_hoc_first <= to && ad_hoc_last >= from)
      periods.push_back(*AdHoc(ad_hoc_first, ad_hoc_last));
    return periods;
  }
  if (kind == PeriodKind::kMultiYear) {
    absl::StatusOr<Period> review = MultiYear(regime, first_year, last_year);
    if (review.ok() && review->first <= to && review->last >= from) periods.push_back(*review);
    return periods;
  }
  for (Period& period : reporting::PeriodsOverlapping(regime, kind, from, to)) {
    if (period.year < first_year || (last_year != 0 && period.year > last_year)) continue;
    periods.push_back(std::move(period));
  }
  return periods;
}

std::optional<Period> Schedule::FirstPeriod() const {
  // Every kind owes a period ending in its first year or the next (a window may end in January).
  std::vector<Period> first =
      PeriodsOverlapping(CivilDay(first_year - 1, 1, 1), CivilDay(first_year + 1, 12, 31));
  if (first.empty()) return std::nullopt;
  return first.front();
}

std::optional<Period> Schedule::PeriodOfKey(absl::string_view key) const {
  static const RE2 kKey("(\\d{4})(?:-(H1|9M|Q[1-4]|M(?:0[1-9]|1[0-2])|\\d{4}))?");
  if (kind == PeriodKind::kAdHoc) {
    if (key != "ADHOC") return std::nullopt;
    return *AdHoc(ad_hoc_first, ad_hoc_last);
  }
  int year = 0;
  std::string rest;
  if (!RE2::FullMatch(re2::StringPiece(key.data(), key.size()), kKey, &year, &rest)) {
    return std::nullopt;
  }
  absl::StatusOr<Period> period = absl::InvalidArgumentError("no such period");
  if (kind == PeriodKind::kMultiYear) {
    int last = 0;
    // The obligation owes its one review, no other span of years.
    if (!absl::SimpleAtoi(rest, &last) || year != first_year || last != last_year) {
      return std::nullopt;
    }
    period = MultiYear(regime, year, last);
  } else if (year < first_year || (last_year != 0 && year > last_year) || year > kLastYear) {
    return std::nullopt;
  } else if (kind == PeriodKind::kYear && rest.empty()) {
    period = PeriodOf(regime, kind, year);
  } else if (kind == PeriodKind::kSixMonths && rest == "H1") {
    period = PeriodOf(regime, kind, year);
  } else if (kind == PeriodKind::kNineMonths && rest == "9M") {
    period = PeriodOf(regime, kind, year);
  } else if (kind == PeriodKind::kQuarter && rest.size() == 2 && rest[0] == 'Q') {
    period = PeriodOf(regime, kind, year, rest[1] - '0');
  } else if (kind == PeriodKind::kMonth && rest.size() == 3 && rest[0] == 'M') {
    period = PeriodOf(regime, kind, year, std::stoi(rest.substr(1)));
  }
  if (!period.ok() || Key(*period) != key) return std::nullopt;
  return *period;
}

std::string Key(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kMonth:
      return absl::StrFormat("%04d-M%02d", period.year, period.index);
    case PeriodKind::kQuarter:
      return absl::StrFormat("%04d-Q%d", period.year, period.index);
    case PeriodKind::kSixMonths:
      return absl::StrFormat("%04d-H1", period.year);
    case PeriodKind::kNineMonths:
      return absl::StrFormat("%04d-9M", period.year);
    case PeriodKind::kYear:
      return absl::StrFormat("%04d", period.year);
    case PeriodKind::kMultiYear:
      return absl::StrFormat("%04d-%04d", period.year, period.last_year);
    case PeriodKind::kAdHoc:
      return "ADHOC";
  }
  return "";
}

bool WithEstimates(const Period& period, const Deadline& deadline) {
  return deadline.last_allowed < period.last;
}

v1::PeriodState StateOn(const Period& period, const Deadline& deadline, CivilDay day) {
  if (day < period.first) return v1::UPCOMING;
  if (day > deadline.last_allowed) return v1::CLOSED;
  if (day <= period.last) return v1::OPEN;
  return v1::DUE;
}

v1::Period PeriodMessage(int64_t obligation_id, const Period& period, const Deadline& deadline,
                         CivilDay as_of) {
  v1::Period out;
  out.set_obligation_id(obligation_id);
  out.set_key(Key(period));
  out.set_label(period.Label());
  *out.mutable_window_first() = thidua::ToProto(period.first);
  *out.mutable_window_last() = thidua::ToProto(period.last);
  *out.mutable_deadline() = thidua::ToProto(deadline.named);
  *out.mutable_last_day_on_time() = thidua::ToProto(deadline.last_allowed);
  out.set_deadline_text(deadline.Describe());
  out.set_state(StateOn(period, deadline, as_of));
  out.set_with_estimates(WithEstimates(period, deadline));
  return out;
}

v1::Period PeriodWithoutDeadline(int64_t obligation_id, const Period& period, CivilDay as_of) {
  v1::Period out;
  out.set_obligation_id(obligation_id);
  out.set_key(Key(period));
  out.set_label(period.Label());
  *out.mutable_window_first() = thidua::ToProto(period.first);
  *out.mutable_window_last() = thidua::ToProto(period.last);
  out.set_state(as_of < period.first ? v1::UPCOMING : as_of <= period.last ? v1::OPEN : v1::DUE);
  return out;
}

}  // namespace thidua::reporting
