// The reporting catalogue through gRPC against MariaDB with a real registry: indicators, versioned
// templates, obligations of both regimes (seed 001 and 003), periods and the working calendar.
#include "services/reporting/service/shipped_catalogue.h"
#include "tests/integration/reporting_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReportingCatalogueTest : public ReportingTest {};

TEST_F(ReportingCatalogueTest, IndicatorsKeepTheirCodeTypeAndAggregation) {
  const rv1::Indicator sessions = AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  EXPECT_GT(sessions.id(), 0);
  EXPECT_TRUE(sessions.has_create_time());

  // A code is its identity forever.
  rv1::CreateIndicatorRequest again;
  *again.mutable_indicator() = Count("TT.SO_BUOI", "Số buổi tuyên truyền khác");
  rv1::Indicator out;
  grpc::Status status = reporting().CreateIndicator(WithToken(NationDesigner()).get(), again, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_details(), HasSubstr("INDICATOR_CODE_TAKEN"));

  // Each bad field is named: a lower-case code, an average of percentages, an AMOUNT without unit.
  rv1::CreateIndicatorRequest bad;
  auto* i = bad.mutable_indicator();
  i->set_code("ty_le");
  i->set_display_name("Tỷ lệ xã đạt chuẩn");
  i->set_value_type(rv1::PERCENT);
  i->set_aggregation(rv1::WEIGHTED_AVERAGE);
  status = reporting().CreateIndicator(WithToken(NationDesigner()).get(), bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("indicator.code"));
  EXPECT_THAT(status.error_details(), HasSubstr("indicator.aggregation"));
  i->set_code("VLN.THUOC_NO");
  i->set_value_type(rv1::AMOUNT);
  i->set_aggregation(rv1::SUM);
  i->set_scale(3);
  status = reporting().CreateIndicator(WithToken(NationDesigner()).get(), bad, &out);
  EXPECT_THAT(status.error_details(), HasSubstr("indicator.unit"));
  i->set_unit("kg");
  EXPECT_TRUE(reporting().CreateIndicator(WithToken(NationDesigner()).get(), bad, &out).ok());

  // A ratio is computed from two declared figures with the same breakdown, never entered.
  rv1::Indicator ratio;
  ratio.set_code("ANTT.TY_LE_DAT");
  ratio.set_display_name("Tỷ lệ đơn vị đạt chuẩn An toàn về ANTT");
  ratio.set_value_type(rv1::RATIO);
  ratio.set_aggregation(rv1::RATIO_OF_SUMS);
  ratio.set_unit("%");
  ratio.set_numerator_code("ANTT.SO_DAT");
  ratio.set_denominator_code("ANTT.SO_DANG_KY");
  rv1::CreateIndicatorRequest ratio_request;
  *ratio_request.mutable_indicator() = ratio;
  status = reporting().CreateIndicator(WithToken(NationDesigner()).get(), ratio_request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("indicator.numerator_code"));
  rv1::Indicator recognised = Count("ANTT.SO_DAT", "Số đơn vị đạt chuẩn An toàn về ANTT");
  rv1::Indicator registered = Count("ANTT.SO_DANG_KY", "Số đơn vị đăng ký");
  for (auto* part : {&recognised, &registered}) {
    for (const char* kind : {"XA", "CO_QUAN", "TRUONG_HOC"}) {
      auto* c = part->add_categories();
      c->set_code(kind);
      c->set_display_name(kind);
    }
  }
  AddIndicator(recognised);
  registered.mutable_categories()->RemoveLast();  // another breakdown
  AddIndicator(registered);
  *ratio_request.mutable_indicator()->mutable_categories() = recognised.categories();
  status = reporting().CreateIndicator(WithToken(NationDesigner()).get(), ratio_request, &out);
  EXPECT_THAT(status.error_details(), HasSubstr("same categories"));
}

TEST_F(ReportingCatalogueTest, OnlyTheNationsDesignersExtendTheNationalCatalogue) {
  rv1::CreateIndicatorRequest request;
  *request.mutable_indicator() = Count("TT.SO_BUOI", "Số buổi tuyên truyền");
  rv1::Indicator out;
  // Lâm Đồng's designers add to their own catalogue, not to the nation's.
  EXPECT_EQ(reporting().CreateIndicator(WithToken(designer_).get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.mutable_indicator()->set_owner_organization_id(province_);
  EXPECT_TRUE(reporting().CreateIndicator(WithToken(designer_).get(), request, &out).ok());
  // Đắk Lắk's designers do not write Lâm Đồng's.
  request.mutable_indicator()->set_code("TT.SO_LUOT");
  EXPECT_EQ(reporting()
                .CreateIndicator(WithToken(Designer(other_province_)).get(), request, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A retry with the same request id answers the first indicator; another payload is refused.
  request.set_request_id("tao-chi-tieu-1");
  request.mutable_indicator()->set_owner_organization_id(province_);
  rv1::Indicator first, replay;
  ASSERT_TRUE(reporting().CreateIndicator(WithToken(designer_).get(), request, &first).ok());
  ASSERT_TRUE(reporting().CreateIndicator(WithToken(designer_).get(), request, &replay).ok());
  EXPECT_EQ(first.id(), replay.id());
  request.mutable_indicator()->set_display_name("Số lượt người được tuyên truyền");
  const grpc::Status reused =
      reporting().CreateIndicator(WithToken(designer_).get(), request, &replay);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.error_details(), HasSubstr("REQUEST_ID_REUSED"));

  rv1::ListIndicatorsRequest list;
  list.set_owner_organization_id(province_);
  list.set_page_size(1);
  rv1::ListIndicatorsResponse page;
  ASSERT_TRUE(
      reporting().ListIndicators(WithToken(Designer(other_province_)).get(), list, &page).ok());
  ASSERT_EQ(page.indicators_size(), 1);
  EXPECT_EQ(page.indicators(0).code(), "TT.SO_BUOI");
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(reporting().ListIndicators(WithToken(designer_).get(), list, &page).ok());
  ASSERT_EQ(page.indicators_size(), 1);
  EXPECT_EQ(page.indicators(0).code(), "TT.SO_LUOT");
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(ReportingCatalogueTest, ANewTemplateVersionNeverChangesAnEarlierOne) {
  AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  AddIndicator(Count("TT.SO_LUOT", "Số lượt người tham dự"));
  AddIndicator(Count("NH.SO_DIEM", "Số điểm tổ chức Ngày hội"));
  const rv1::Template v1 = AddTemplate(TemplateOf("LD.BC_NAM", {"TT.SO_BUOI", "TT.SO_LUOT"}));
  ASSERT_EQ(v1.version(), 1);

  rv1::ReviseTemplateRequest revise;
  *revise.mutable_template_() = TemplateOf("LD.BC_NAM", {"TT.SO_BUOI", "TT.SO_LUOT", "NH.SO_DIEM"});
  revise.mutable_template_()->set_id(v1.id());
  revise.mutable_template_()->set_etag(v1.etag());
  revise.mutable_template_()->mutable_rows(2)->set_heading("II. Ngày hội toàn dân bảo vệ ANTQ");
  rv1::Template out;
  grpc::Status status = reporting().ReviseTemplate(WithToken(designer_).get(), revise, &out);
  EXPECT_THAT(status.error_details(), HasSubstr("template.change_note"));
  revise.mutable_template_()->set_change_note("Bổ sung chỉ tiêu Ngày hội");
  revise.set_request_id("sua-mau-1");
  ASSERT_TRUE(reporting().ReviseTemplate(WithToken(designer_).get(), revise, &out).ok());
  EXPECT_EQ(out.version(), 2);
  EXPECT_EQ(out.rows_size(), 3);
  // A retry after a lost answer gets the same version, though the etag has moved on.
  rv1::Template replay;
  ASSERT_TRUE(reporting().ReviseTemplate(WithToken(designer_).get(), revise, &replay).ok());
  EXPECT_EQ(replay.version(), 2);
  // Another edit from the stale etag is refused.
  revise.set_request_id("sua-mau-2");
  status = reporting().ReviseTemplate(WithToken(designer_).get(), revise, &replay);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);

  rv1::GetTemplateRequest get;
  get.set_id(v1.id());
  get.set_version(1);
  rv1::Template first;
  ASSERT_TRUE(reporting().GetTemplate(WithToken(designer_).get(), get, &first).ok());
  EXPECT_EQ(first.rows_size(), 2);
  EXPECT_EQ(first.version(), 1);
  get.set_version(0);
  rv1::Template current;
  ASSERT_TRUE(reporting().GetTemplate(WithToken(designer_).get(), get, &current).ok());
  EXPECT_EQ(current.version(), 2);

  // Rows must name indicators of the catalogue, once each, headings together.
  rv1::CreateTemplateRequest bad;
  *bad.mutable_template_() = TemplateOf("LD.BC_QUY", {"TT.SO_BUOI", "KHONG_CO", "TT.SO_BUOI"});
  bad.mutable_template_()->mutable_rows(1)->set_heading("II. Khác");
  status = reporting().CreateTemplate(WithToken(designer_).get(), bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("template.rows[1].indicator_code"));
  EXPECT_THAT(status.error_details(), HasSubstr("template.rows[2].indicator_code"));
  EXPECT_THAT(status.error_details(), HasSubstr("template.rows[2].heading"));
  // Another province's designers cannot revise it, and see the same answer as for no template.
  revise.mutable_template_()->set_etag(out.etag());
  const grpc::Status foreign =
      reporting().ReviseTemplate(WithToken(Designer(other_province_)).get(), revise, &out);
  revise.mutable_template_()->set_id(v1.id() + 1000);
  const grpc::Status unknown =
      reporting().ReviseTemplate(WithToken(Designer(other_province_)).get(), revise, &out);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(foreign.error_details(), unknown.error_details());
}

TEST_F(ReportingCatalogueTest, ObligationsOfBothRegimesCutTheirPeriods) {
  AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  const rv1::Template t = AddTemplate(TemplateOf("LD.BC_NAM", {"TT.SO_BUOI"}));
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(t.id());
  rv1::Obligation yearly;
  ASSERT_TRUE(reporting().CreateObligation(WithToken(designer_).get(), create, &yearly).ok());

  rv1::ListPeriodsRequest list;
  list.set_obligation_id(yearly.id());
  list.mutable_from()->CopyFrom(D(2026, 1, 1));
  list.mutable_to()->CopyFrom(D(2027, 11, 14));  // the last day of year 2027
  list.mutable_as_of()->CopyFrom(D(2026, 11, 14));
  rv1::ListPeriodsResponse periods;
  ASSERT_TRUE(reporting().ListPeriods(WithToken(designer_).get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 2);
  const rv1::Period& y2026 = periods.periods(0);
  EXPECT_EQ(y2026.key(), "2026");
  EXPECT_EQ(y2026.label(), "Năm 2026");
  EXPECT_EQ(y2026.window_first().day(), 15);
  EXPECT_EQ(y2026.window_first().month(), 11);
  EXPECT_EQ(y2026.window_first().year(), 2025);
  EXPECT_EQ(y2026.last_day_on_time().day(), 14);
  EXPECT_EQ(y2026.deadline_text(), "trước ngày 15/11/2026");
  EXPECT_EQ(y2026.state(), rv1::OPEN);  // the window's last day, and the last day on time
  EXPECT_FALSE(y2026.with_estimates());
  EXPECT_EQ(periods.periods(1).state(), rv1::UPCOMING);
  list.mutable_as_of()->CopyFrom(D(2026, 11, 15));
  list.add_states(rv1::CLOSED);
  ASSERT_TRUE(reporting().ListPeriods(WithToken(designer_).get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 1);
  EXPECT_EQ(periods.periods(0).key(), "2026");

  // Seed 003: six-monthly before 10/6 on NĐ 09's window (15/12 → 14/6): the deadline falls
  // before the window ends, so the obligation must allow estimates.
  rv1::Obligation six = YearlyObligation(t.id());
  six.mutable_period()->set_kind(rv1::SIX_MONTHLY);
  six.mutable_period()->set_window_start_day(15);
  six.mutable_period()->set_window_start_month(12);
  six.mutable_deadline()->mutable_day_of_month()->set_day(10);
  six.mutable_deadline()->mutable_day_of_month()->set_month_offset(0);
  *create.mutable_obligation() = six;
  rv1::Obligation stored;
  grpc::Status status = reporting().CreateObligation(WithToken(designer_).get(), create, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("obligation.estimates_allowed"));
  create.mutable_obligation()->set_estimates_allowed(true);
  ASSERT_TRUE(reporting().CreateObligation(WithToken(designer_).get(), create, &stored).ok());
  list.set_obligation_id(stored.id());
  list.clear_states();
  list.mutable_from()->CopyFrom(D(2026, 6, 1));
  list.mutable_to()->CopyFrom(D(2026, 6, 1));
  list.mutable_as_of()->CopyFrom(D(2026, 6, 9));
  ASSERT_TRUE(reporting().ListPeriods(WithToken(designer_).get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 1);
  EXPECT_EQ(periods.periods(0).key(), "2026-H1");
  EXPECT_EQ(periods.periods(0).label(), "6 tháng đầu năm 2026");
  EXPECT_TRUE(periods.periods(0).with_estimates());
  EXPECT_EQ(periods.periods(0).last_day_on_time().day(), 9);
}

TEST_F(ReportingCatalogueTest, ObligationsNameKnownUnitsAndTemplatesOfTheirIssuersScope) {
  AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  const rv1::Template t = AddTemplate(TemplateOf("LD.BC_NAM", {"TT.SO_BUOI"}));
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(t.id());
  rv1::Obligation out;
  // Another province's designers do not set Lâm Đồng's obligations.
  EXPECT_EQ(reporting()
                .CreateObligation(WithToken(Designer(other_province_)).get(), create, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  create.mutable_obligation()->set_via_organization_id(987654);
  grpc::Status status = reporting().CreateObligation(WithToken(designer_).get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_details(), HasSubstr("UNKNOWN_ORGANIZATION"));
  create.mutable_obligation()->set_via_organization_id(police_);
  create.mutable_obligation()->set_template_id(t.id() + 1000);
  status = reporting().CreateObligation(WithToken(designer_).get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_details(), HasSubstr("obligation.template_id"));
  // Named units must exist when the obligation first applies: these communes date from 1/7/2025.
  rv1::Obligation early = YearlyObligation(t.id());
  early.set_first_year(2020);
  early.mutable_reporters()->clear_kinds();
  early.mutable_reporters()->mutable_units()->add_organization_ids(communes_[1]);
  *create.mutable_obligation() = early;
  status = reporting().CreateObligation(WithToken(designer_).get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_details(), HasSubstr("UNIT_NOT_VALID_ON_DAY"));
  // A designer addresses reports only among its issuer's units: a commune cannot make the
  // province, or another province, report to it, nor name another province's unit as via.
  const std::string commune_designer = Designer(communes_[1]);
  rv1::Obligation grab = YearlyObligation(t.id());
  grab.set_issuer_organization_id(communes_[1]);
  grab.set_recipient_organization_id(communes_[1]);
  grab.set_via_organization_id(other_province_);
  grab.mutable_reporters()->mutable_kinds()->set_scope_organization_id(province_);
  *create.mutable_obligation() = grab;
  status = reporting().CreateObligation(WithToken(commune_designer).get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("obligation.via_organization_id"));
  EXPECT_THAT(status.error_details(), HasSubstr("obligation.reporters.kinds"));
  EXPECT_THAT(status.error_details(), Not(HasSubstr("obligation.recipient_organization_id")));
  // The shape first, every field at once.
  rv1::CreateObligationRequest empty;
  status = reporting().CreateObligation(WithToken(designer_).get(), empty, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* field : {"obligation.display_name", "obligation.issuer_organization_id",
                            "obligation.recipient_organization_id", "obligation.template_id",
                            "obligation.reporters", "obligation.period.kind"}) {
    EXPECT_THAT(status.error_details(), HasSubstr(field));
  }
  // Nothing was written by the refused calls.
  rv1::ListObligationsRequest list;
  rv1::ListObligationsResponse listed;
  ASSERT_TRUE(reporting().ListObligations(WithToken(designer_).get(), list, &listed).ok());
  EXPECT_EQ(listed.obligations_size(), 0);
}

TEST_F(ReportingCatalogueTest, WorkingDayDeadlinesNeedTheYearsCalendar) {
  AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
  const rv1::Template t = AddTemplate(TemplateOf("LD.BC_THANG", {"TT.SO_BUOI"}));
  rv1::Obligation monthly = YearlyObligation(t.id());
  monthly.mutable_period()->set_kind(rv1::MONTHLY);
  monthly.mutable_period()->set_window_start_day(15);
  monthly.mutable_period()->set_window_start_month(12);
  monthly.mutable_deadline()->set_working_days_after_cutoff(2);
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = monthly;
  rv1::Obligation stored;
  ASSERT_TRUE(reporting().CreateObligation(WithToken(designer_).get(), create, &stored).ok());
  rv1::ListPeriodsRequest list;
  list.set_obligation_id(stored.id());
  list.mutable_from()->CopyFrom(D(2026, 4, 20));
  list.mutable_to()->CopyFrom(D(2026, 4, 20));
  // Until the year's days off are loaded, the period is listed without a deadline (not counted
  // as if the year had no holiday), and the list does not fail.
  rv1::ListPeriodsResponse periods;
  grpc::Status status = reporting().ListPeriods(WithToken(designer_).get(), list, &periods);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(periods.periods_size(), 1);
  EXPECT_EQ(periods.periods(0).key(), "2026-M05");
  EXPECT_FALSE(periods.periods(0).has_deadline());
  EXPECT_FALSE(periods.periods(0).has_last_day_on_time());
  EXPECT_EQ(periods.periods(0).deadline_text(), "");
  EXPECT_EQ(periods.periods(0).window_last().day(), 14);

  // The window 15/4 → 14/5/2026 ends on a Thursday; 1/5 is a holiday whatever the year, but the
  // days around 30/4 are what the Government announced: here Friday 15/5 is a (made-up) day off.
  rv1::SetWorkingCalendarRequest set;
  auto* year = set.mutable_calendar();
  year->set_year(2026);
  year->set_source("Lịch nghỉ thử nghiệm (không phải văn bản thật)");
  *year->add_days_off() = D(2026, 5, 1);
  *year->add_days_off() = D(2026, 4, 30);
  *year->add_days_off() = D(2026, 5, 15);
  rv1::WorkingCalendarYear saved;
  // Only the nation's administrators keep it.
  EXPECT_EQ(reporting()
                .SetWorkingCalendar(WithToken(TestTokens::Get().Token(
                                                  province_, {"reporting-admin"}, "province-admin"))
                                        .get(),
                                    set, &saved)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A weekend day is not a day off to list.
  *year->add_days_off() = D(2026, 5, 16);
  status = reporting().SetWorkingCalendar(WithToken(NationAdmin()).get(), set, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_details(), HasSubstr("calendar.days_off[3]"));
  year->mutable_days_off()->RemoveLast();
  ASSERT_TRUE(reporting().SetWorkingCalendar(WithToken(NationAdmin()).get(), set, &saved).ok());
  EXPECT_EQ(saved.days_off(0).month(), 4);  // stored in order
  ASSERT_TRUE(reporting().ListPeriods(WithToken(designer_).get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 1);
  EXPECT_EQ(periods.periods(0).key(), "2026-M05");
  // Friday 15/5 off, the weekend, then Monday 18/5 and Tuesday 19/5: the 2nd working day.
  EXPECT_EQ(periods.periods(0).deadline().day(), 19);
  EXPECT_EQ(periods.periods(0).last_day_on_time().day(), 19);
  // Replacing the year needs its etag.
  status = reporting().SetWorkingCalendar(WithToken(NationAdmin()).get(), set, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  rv1::GetWorkingCalendarRequest get;
  get.set_year(2026);
  rv1::WorkingCalendarYear read;
  ASSERT_TRUE(reporting().GetWorkingCalendar(WithToken(designer_).get(), get, &read).ok());
  EXPECT_EQ(read.days_off_size(), 3);
  EXPECT_THAT(read.source(), Not(HasSubstr("?")));
}

TEST_F(ReportingCatalogueTest, TheShippedCatalogueLoadsOnceAndLeavesStoredCodesAlone) {
  // A code the nation stored first keeps its stored meaning.
  AddIndicator(Count("ANTQ.TT.BUOI", "Số buổi tuyên truyền (đã có)"));
  auto catalogue = reporting::ShippedCatalogue();
  ASSERT_TRUE(catalogue.ok());
  ASSERT_TRUE(reporting::AddMissingToCatalogue(reporting_->pool(), *catalogue).ok());
  ASSERT_TRUE(reporting::AddMissingToCatalogue(reporting_->pool(), *catalogue).ok());  // again
  rv1::ListIndicatorsRequest list;
  list.set_page_size(1000);
  rv1::ListIndicatorsResponse all;
  ASSERT_TRUE(reporting().ListIndicators(WithToken(designer_).get(), list, &all).ok());
  EXPECT_EQ(all.indicators_size(), catalogue->indicators_size());
  rv1::GetIndicatorRequest get;
  get.set_code("ANTQ.TT.BUOI");
  rv1::Indicator kept;
  ASSERT_TRUE(reporting().GetIndicator(WithToken(designer_).get(), get, &kept).ok());
  EXPECT_EQ(kept.display_name(), "Số buổi tuyên truyền (đã có)");
  rv1::ListTemplatesResponse templates;
  ASSERT_TRUE(
      reporting()
          .ListTemplates(WithToken(designer_).get(), rv1::ListTemplatesRequest(), &templates)
          .ok());
  ASSERT_EQ(templates.templates_size(), 1);
  EXPECT_EQ(templates.templates(0).version(), 1);
  EXPECT_EQ(templates.templates(0).rows_size(), 0);  // listed without its rows
  rv1::GetTemplateRequest one;
  one.set_id(templates.templates(0).id());
  rv1::Template whole;
  ASSERT_TRUE(reporting().GetTemplate(WithToken(designer_).get(), one, &whole).ok());
  EXPECT_EQ(whole.rows_size(), catalogue->templates(0).rows_size());

  // An entry that fails its checks stops the start, and nothing of it is added.
  rv1::Catalogue broken;
  *broken.add_indicators() = Count("ANTQ.MOI", "Chỉ tiêu mới");
  broken.add_indicators()->set_code("ANTQ.HONG");
  const absl::Status refused = reporting::AddMissingToCatalogue(reporting_->pool(), broken);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("ANTQ.HONG"));
  get.set_code("ANTQ.MOI");
  EXPECT_EQ(reporting().GetIndicator(WithToken(designer_).get(), get, &kept).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A code that is not ASCII cannot be in the ascii column: INVALID_ARGUMENT, not the database's
  // refusal to compare (1267) as INTERNAL.
  get.set_code("\xEF\xBC\xA1\xEF\xBC\xAE.\xC4\x90");
  EXPECT_EQ(reporting().GetIndicator(WithToken(designer_).get(), get, &kept).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  rv1::ListSubmissionsRequest submissions;
  submissions.set_period_key("2026-\xC4\x90");
  rv1::ListSubmissionsResponse listed;
  EXPECT_EQ(
      reporting().ListSubmissions(WithToken(designer_).get(), submissions, &listed).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

// At start the service stores the shipped working calendar's years not stored yet; a year an
// administrator stored first is left alone, and a broken year stops the start with nothing stored.
TEST_F(ReportingCatalogueTest, TheShippedWorkingCalendarFillsOnlyYearsNotStored) {
  rv1::SetWorkingCalendarRequest set;
  set.set_request_id("own-2025");
  rv1::WorkingCalendarYear* own = set.mutable_calendar();
  own->set_year(2025);
  own->set_source("Thông báo của quản trị viên (thử nghiệm)");
  *own->add_days_off() = D(2025, 1, 1);
  rv1::WorkingCalendarYear saved;
  ASSERT_TRUE(reporting().SetWorkingCalendar(WithToken(NationAdmin()).get(), set, &saved).ok());

  auto data = reporting::ShippedWorkingCalendar();
  ASSERT_TRUE(data.ok()) << data.status();
  auto added = reporting::AddMissingCalendarYears(reporting_->pool(), *data);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_THAT(*added, ::testing::Contains(2026));
  EXPECT_THAT(*added, Not(::testing::Contains(2025)));
  auto again = reporting::AddMissingCalendarYears(reporting_->pool(), *data);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());

  rv1::GetWorkingCalendarRequest get;
  get.set_year(2025);
  rv1::WorkingCalendarYear read;
  ASSERT_TRUE(reporting().GetWorkingCalendar(WithToken(designer_).get(), get, &read).ok());
  EXPECT_EQ(read.days_off_size(), 1);  // the administrator's, not the shipped one
  get.set_year(2026);
  ASSERT_TRUE(reporting().GetWorkingCalendar(WithToken(designer_).get(), get, &read).ok());
  EXPECT_GE(read.days_off_size(), 11);
  EXPECT_THAT(read.source(), HasSubstr("9441"));

  rv1::WorkingCalendarData broken;
  rv1::WorkingCalendarYear* bad = broken.add_years();
  bad->set_year(2030);
  bad->set_source("thử nghiệm");
  *bad->add_days_off() = D(2030, 1, 5);  // a Saturday
  auto refused = reporting::AddMissingCalendarYears(reporting_->pool(), broken);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("2030"));
  get.set_year(2030);
  EXPECT_EQ(reporting().GetWorkingCalendar(WithToken(designer_).get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace thidua::testing
