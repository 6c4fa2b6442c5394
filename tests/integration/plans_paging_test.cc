// Every listing of the plans service pages by cursor (AIP-158, common/server/pager.h): all pages of
// a small page size give every row once and in order; a row written between two pages before the
// cursor neither repeats nor skips one; a token is bound to its query; page_size -1 is refused and
// a huge page_size is capped, never refused; nothing is cut off silently.
#include <functional>
#include <set>

#include "absl/strings/str_join.h"
#include "common/server/pager.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// One listing as the tests drive it: a call, and the ids of a page's rows.
template <typename Request, typename Response>
struct Listing {
  std::function<grpc::Status(const Request&, Response*)> call;
  std::function<std::vector<int64_t>(const Response&)> ids;
  int max_size = 1000;  // the listing's largest page

  // The first page of `size` rows, and its token.
  std::vector<int64_t> FirstPage(Request request, int size, std::string* token) const {
    request.set_page_size(size);
    Response page;
    const grpc::Status status = call(request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    *token = page.next_page_token();
    return ids(page);
  }

  // Every row, following the tokens from `request`'s own; each page but the last is full.
  std::vector<int64_t> All(Request request, int size) const {
    request.set_page_size(size);
    std::vector<int64_t> out;
    for (int pages = 0; pages < 10000; ++pages) {
      Response page;
      const grpc::Status status = call(request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      const std::vector<int64_t> rows = ids(page);
      out.insert(out.end(), rows.begin(), rows.end());
      if (page.next_page_token().empty()) break;
      EXPECT_EQ(rows.size(), static_cast<size_t>(std::min(size, max_size)))
          << "a page before the last is short";
      request.set_page_token(page.next_page_token());
    }
    return out;
  }

  // The refusals every listing shares. `request` has at least two rows; `another` is another
  // query of the same listing.
  void ExpectRefusals(const Request& request, Request another) const {
    std::string token;
    FirstPage(request, 1, &token);
    ASSERT_FALSE(token.empty());
    Response page;
    another.set_page_token(token);
    ExpectInvalid(call(another, &page), "page_token");
    // Tokens of the old offset scheme, and garbage.
    for (const char* garbage : {"garbage", "1", "-1", "b2Zmc2V0OjE=", "b2Zmc2V0Oi0x", "AAAA"}) {
      Request bad = request;
      bad.set_page_token(garbage);
      ExpectInvalid(call(bad, &page), "page_token");
    }
    // A hand-made token bound to the query but with a key of another shape is refused, not read.
    Request forged = request;
    forged.set_page_token(
        server::Pager::Read(request)->TokenAfter({std::string("x"), std::string("x")}));
    ExpectInvalid(call(forged, &page), "page_token");
    Request negative = request;
    negative.set_page_size(-1);
    ExpectInvalid(call(negative, &page), "page_size");
    Request huge = request;
    huge.set_page_size(100000);
    const grpc::Status capped = call(huge, &page);
    EXPECT_TRUE(capped.ok()) << capped.error_message();
    EXPECT_EQ(ids(page), All(request, max_size));
  }

  static void ExpectInvalid(const grpc::Status& status, const std::string& field) {
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre(field));
  }
};

template <typename Rows>
std::vector<int64_t> IdsOf(const Rows& rows) {
  std::vector<int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.id());
  return ids;
}

class PlansPagingTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    // 1 March 2026 in Vietnam, as in plans_tasks_test.
    RestartPlansWith(clock_);
  }

  template <typename Request, typename Response>
  using Rpc = grpc::Status (pv1::Plans::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  // A listing called with `token`, its rows' ids read by `ids`.
  template <typename Request, typename Response>
  Listing<Request, Response> Make(Rpc<Request, Response> rpc, std::string token,
                                  std::function<std::vector<int64_t>(const Response&)> ids,
                                  int max_size = 1000) {
    return {[this, rpc, token](const Request& request, Response* out) {
              return (plans_->stub().*rpc)(WithToken(token).get(), request, out);
            },
            std::move(ids), max_size};
  }

  pv1::Movement CreateMovement(const std::string& name) {
    pv1::CreateMovementRequest request;
    request.mutable_movement()->set_display_name(name);
    request.mutable_movement()->set_launching_organization_id(province_);
    pv1::Movement out;
    const grpc::Status status =
        plans_->stub().CreateMovement(WithToken(editor_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  pv1::Plan Draft(const std::string& title) {
    pv1::CreatePlanRequest create;
    create.mutable_plan()->set_issuer_organization_id(province_);
    create.mutable_plan()->set_title(title);
    create.mutable_plan()->set_period_from_year(2025);
    create.mutable_plan()->set_period_to_year(2030);
    pv1::Plan draft;
    const grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return draft;
  }

  pv1::Plan Issued(const std::string& title, const std::string& symbol, common::v1::Date date,
                   const std::vector<pv1::Task>& tasks = {}) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(province_);
    plan.set_title(title);
    plan.set_period_from_year(2025);
    plan.set_period_to_year(2030);
    for (const auto& task : tasks) *plan.add_tasks() = task;
    return CreateAndIssue(plan, editor_, symbol, date);
  }

  pv1::Registration Registration(int64_t unit, int year) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(absl::StrCat("dk-", ++request_ids_));
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(year);
    request.mutable_registration()->set_standard_id(Antt());
    *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
    pv1::Registration out;
    const grpc::Status status =
        plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  pv1::SecurityModel Model(const std::string& name, int64_t owner) {
    pv1::CreateSecurityModelRequest create;
    create.set_request_id(absl::StrCat("mh-", ++request_ids_));
    create.mutable_model()->set_display_name(name);
    create.mutable_model()->set_owner_organization_id(owner);
    create.mutable_model()->set_status(pv1::ACTIVE);
    pv1::SecurityModel out;
    const grpc::Status status =
        plans_->stub().CreateSecurityModel(WithToken(editor_).get(), create, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Rows written straight into the plans database, for listings longer than a page can be.
  void InsertRows(const std::string& table_and_columns, const std::vector<std::string>& values) {
    const absl::Status status =
        plans_->pool().Transact(absl::InfiniteFuture(), [&](db::Connection& conn) {
          conn.Execute(absl::StrCat("INSERT INTO ", table_and_columns, " VALUES ",
                                    absl::StrJoin(values, ",")));
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  // For a listing and its expected rows: each page size walks them all once and in order.
  template <typename Request, typename Response>
  void ExpectEveryPageSizeWalksInOrder(const Listing<Request, Response>& listing,
                                       const Request& request, const std::vector<int64_t>& rows) {
    for (int size : {1, 2, 3, 1000}) {
      EXPECT_THAT(listing.All(request, size), ElementsAreArray(rows)) << "page_size " << size;
    }
  }

  FakeClock clock_{
      absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::FixedTimeZone(7 * 3600))};
  int request_ids_ = 0;
};

// ================================ ListMovements ================================

TEST_F(PlansPagingTest, MovementsPageById) {
  std::vector<int64_t> ids;
  for (const char* name :
       {"Phong trào một", "Phong trào hai", "Phong trào ba", "Phong trào bốn", "Phong trào năm"}) {
    ids.push_back(CreateMovement(name).id());
  }
  const auto listing = Make<pv1::ListMovementsRequest, pv1::ListMovementsResponse>(
      &pv1::Plans::Stub::ListMovements, editor_,
      [](const pv1::ListMovementsResponse& r) { return IdsOf(r.movements()); });
  pv1::ListMovementsRequest all;
  ExpectEveryPageSizeWalksInOrder(listing, all, ids);

  // A movement created between two pages comes once, at the end (ids only grow).
  std::string token;
  EXPECT_THAT(listing.FirstPage(all, 2, &token), ElementsAre(ids[0], ids[1]));
  const int64_t added = CreateMovement("Phong trào sáu").id();
  pv1::ListMovementsRequest rest = all;
  rest.set_page_token(token);
  EXPECT_THAT(listing.All(rest, 2), ElementsAre(ids[2], ids[3], ids[4], added));

  pv1::ListMovementsRequest another;
  another.set_query("phong trao");
  listing.ExpectRefusals(all, another);
}

TEST_F(PlansPagingTest, MovementsAreCappedAtAThousandAPageAndNeverCutOff) {
  std::vector<std::string> values;
  for (int i = 0; i < 2345; ++i) {
    values.push_back(absl::StrCat("('Phong trào ", i, "', 'phong trao ", i, "')"));
  }
  InsertRows("movements (display_name, search_name)", values);
  const auto listing = Make<pv1::ListMovementsRequest, pv1::ListMovementsResponse>(
      &pv1::Plans::Stub::ListMovements, editor_,
      [](const pv1::ListMovementsResponse& r) { return IdsOf(r.movements()); });
  pv1::ListMovementsRequest request;
  request.set_page_size(100000);
  pv1::ListMovementsResponse page;
  ASSERT_TRUE(listing.call(request, &page).ok());
  EXPECT_EQ(page.movements_size(), 1000);
  EXPECT_FALSE(page.next_page_token().empty());
  request.clear_page_size();  // default: 100
  ASSERT_TRUE(listing.call(request, &page).ok());
  EXPECT_EQ(page.movements_size(), 100);
  const std::vector<int64_t> all = listing.All(request, 100000);
  EXPECT_EQ(all.size(), 2345u);
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), 2345u);
}

// ================================ ListDocuments ================================

TEST_F(PlansPagingTest, DocumentsPageNewestFirstThenById) {
  const std::string body = "Ủy ban nhân dân tỉnh Lâm Đồng";
  const int64_t d1 = Register("1/KH-UBND", D(2025, 5, 1), body).id();
  const int64_t d2 = Register("2/KH-UBND", D(2025, 6, 1), body).id();
  const int64_t d3 = Register("3/KH-UBND", D(2025, 6, 1), body).id();
  const int64_t d4 = Register("4/QĐ-UBND", D(2025, 4, 1), body).id();
  const int64_t d5 = Register("5/KH-UBND", D(2025, 6, 1), body).id();
  const int64_t d6 = Register("6/QĐ-UBND", D(2025, 7, 1), body).id();
  const auto listing = Make<pv1::ListDocumentsRequest, pv1::ListDocumentsResponse>(
      &pv1::Plans::Stub::ListDocuments, editor_,
      [](const pv1::ListDocumentsResponse& r) { return IdsOf(r.documents()); });
  pv1::ListDocumentsRequest all;
  ExpectEveryPageSizeWalksInOrder(listing, all, {d6, d2, d3, d5, d1, d4});
  pv1::ListDocumentsRequest plans_only;
  plans_only.set_type(pv1::KE_HOACH);
  ExpectEveryPageSizeWalksInOrder(listing, plans_only, {d2, d3, d5, d1});

  // A newer document registered between two pages sorts before the cursor: page 2 goes on
  // from the cursor, where an offset would have shown d2 again.
  std::string token;
  EXPECT_THAT(listing.FirstPage(all, 2, &token), ElementsAre(d6, d2));
  Register("7/KH-UBND", D(2025, 8, 1), body);
  pv1::ListDocumentsRequest rest = all;
  rest.set_page_token(token);
  EXPECT_THAT(listing.All(rest, 2), ElementsAre(d3, d5, d1, d4));

  pv1::ListDocumentsRequest decisions;
  decisions.set_type(pv1::QUYET_DINH);
  listing.ExpectRefusals(plans_only, decisions);
}

// ================================ ListPlans ================================

TEST_F(PlansPagingTest, PlansPageNewestIssuedFirstThenDrafts) {
  const int64_t p1 = Issued("Kế hoạch một", "21/KH-UBND", D(2025, 12, 1)).id();
  const int64_t p2 = Draft("Kế hoạch hai").id();
  const int64_t p3 = Issued("Kế hoạch ba", "23/KH-UBND", D(2025, 12, 1)).id();
  const int64_t p4 = Issued("Kế hoạch bốn", "24/KH-UBND", D(2025, 11, 1)).id();
  const int64_t p5 = Draft("Kế hoạch năm").id();
  const auto listing = Make<pv1::ListPlansRequest, pv1::ListPlansResponse>(
      &pv1::Plans::Stub::ListPlans, editor_,
      [](const pv1::ListPlansResponse& r) { return IdsOf(r.plans()); }, 500);
  // By issue date, newest first, then by id from the last; drafts (no date) last.
  pv1::ListPlansRequest all;
  ExpectEveryPageSizeWalksInOrder(listing, all, {p3, p1, p4, p5, p2});
  pv1::ListPlansRequest drafts;
  drafts.set_status(pv1::DRAFT);
  ExpectEveryPageSizeWalksInOrder(listing, drafts, {p5, p2});

  // A plan issued with a later date between two pages sorts before the cursor.
  std::string token;
  EXPECT_THAT(listing.FirstPage(all, 2, &token), ElementsAre(p3, p1));
  Issued("Kế hoạch sáu", "26/KH-UBND", D(2026, 1, 5));
  pv1::ListPlansRequest rest = all;
  rest.set_page_token(token);
  EXPECT_THAT(listing.All(rest, 2), ElementsAre(p4, p5, p2));

  pv1::ListPlansRequest issued;
  issued.set_status(pv1::ISSUED);
  listing.ExpectRefusals(drafts, issued);
}

// ================================ ListTasks ================================

pv1::Task Task(const std::string& title, int64_t lead, std::vector<int64_t> coordinating = {}) {
  pv1::Task task;
  task.set_title(title);
  task.set_lead_organization_id(lead);
  for (int64_t c : coordinating) task.add_coordinating_organization_ids(c);
  return task;
}
pv1::Task OnDate(pv1::Task task, common::v1::Date date) {
  *task.mutable_due()->mutable_date() = date;
  return task;
}
pv1::Task Yearly(pv1::Task task, int day, int month) {
  task.mutable_due()->mutable_yearly()->set_day(day);
  task.mutable_due()->mutable_yearly()->set_month(month);
  return task;
}
pv1::Task InMonth(pv1::Task task, int month, int year = 0) {
  task.mutable_due()->mutable_in_month()->set_month(month);
  task.mutable_due()->mutable_in_month()->set_year(year);
  return task;
}

TEST_F(PlansPagingTest, AUnitsTasksPageByNextDeadlineThenTheUndated) {
  // Today is 1 March 2026. Three rules fall on 30 April 2026 and two on 15 January 2027.
  const pv1::Plan a = Issued(
      "Kế hoạch A", "31/KH-UBND", D(2025, 12, 1),
      {OnDate(Task("a1 ngày 30/4/2026", police_), D(2026, 4, 30)),
       Yearly(Task("a2 hằng năm 30/4", police_), 30, 4),
       InMonth(Task("a3 trong tháng 4 hằng năm", police_), 4),
       Yearly(Task("a4 hằng năm 15/1", police_), 15, 1),
       OnDate(Task("a5 ngày 15/1/2027", police_), D(2027, 1, 15)),
       Task("a6 không thời hạn", police_), OnDate(Task("a7 đã quá hạn", police_), D(2026, 1, 10)),
       Yearly(Task("a8 hằng năm 1/3", police_), 1, 3),
       InMonth(Task("a9 trong tháng 2 hằng năm", police_), 2),
       InMonth(Task("a10 trong tháng 5/2026", police_), 5, 2026),
       Task("a11 việc của Sở Nội vụ", home_affairs_)});
  const pv1::Plan b =
      Issued("Kế hoạch B", "32/KH-UBND", D(2025, 12, 1),
             {Yearly(Task("b1 hằng năm 30/4, phối hợp", home_affairs_, {police_}), 30, 4),
              OnDate(Task("b2 ngày 30/4/2026", police_), D(2026, 4, 30)),
              Task("b3 không thời hạn", police_)});
  auto id = [&](const pv1::Plan& plan, int i) { return plan.tasks(i).id(); };
  // By next deadline; on one day the fixed dates, then the recurring rules by day and month
  // (30/4 before "in April"), each by task id; then the undated by task id.
  const std::vector<int64_t> expected = {id(a, 7),            // 1/3/2026
                                         id(a, 0), id(b, 1),  // 30/4/2026, fixed
                                         id(a, 1), id(b, 0),  // 30/4/2026, every 30/4
                                         id(a, 2),            // 30/4/2026, every April
                                         id(a, 9),            // 31/5/2026
                                         id(a, 4), id(a, 3),  // 15/1/2027: fixed, then every 15/1
                                         id(a, 8),            // 28/2/2027
                                         id(a, 5), id(a, 6), id(b, 2)};  // undated
  const auto listing = Make<pv1::ListTasksRequest, pv1::ListTasksResponse>(
      &pv1::Plans::Stub::ListTasks, Token(police_),
      [](const pv1::ListTasksResponse& r) { return IdsOf(r.tasks()); });
  pv1::ListTasksRequest mine;
  mine.set_assignee_organization_id(police_);
  ExpectEveryPageSizeWalksInOrder(listing, mine, expected);
  for (int size : {4, 5, 11, 12, 13}) {  // pages ending on every boundary
    EXPECT_THAT(listing.All(mine, size), ElementsAreArray(expected)) << size;
  }

  pv1::ListTasksRequest lead = mine;
  lead.set_lead_only(true);
  std::vector<int64_t> led = expected;
  std::erase(led, id(b, 0));
  ExpectEveryPageSizeWalksInOrder(listing, lead, led);

  pv1::ListTasksRequest before_may = mine;
  *before_may.mutable_due_before() = D(2026, 5, 1);
  ExpectEveryPageSizeWalksInOrder(listing, before_may,
                                  {id(a, 7), id(a, 0), id(b, 1), id(a, 1), id(b, 0), id(a, 2)});

  // A plan issued between two pages with tasks due before the cursor, on the cursor's day and
  // without a deadline: page 2 goes on from the cursor, showing only the later ones.
  std::string token;
  EXPECT_THAT(listing.FirstPage(mine, 3, &token), ElementsAre(id(a, 7), id(a, 0), id(b, 1)));
  const pv1::Plan c = Issued("Kế hoạch C", "33/KH-UBND", D(2026, 2, 1),
                             {OnDate(Task("c1 ngày 15/3/2026", police_), D(2026, 3, 15)),
                              Yearly(Task("c2 hằng năm 2/3", police_), 2, 3),
                              OnDate(Task("c3 ngày 30/4/2026", police_), D(2026, 4, 30)),
                              Task("c4 không thời hạn", police_)});
  pv1::ListTasksRequest rest = mine;
  rest.set_page_token(token);
  std::vector<int64_t> after(expected.begin() + 3, expected.end());
  after.insert(after.begin(), id(c, 2));  // 30/4/2026, fixed, after b2 by id
  after.push_back(id(c, 3));
  EXPECT_THAT(listing.All(rest, 3), ElementsAreArray(after));

  // A token on the last dated task goes on with the undated ones; one on an undated task goes on
  // after it. (13 dated tasks now, c1 and c2 with them.)
  for (int size : {13, 14}) {
    pv1::ListTasksRequest undated = mine;
    std::string undated_token;
    listing.FirstPage(undated, size, &undated_token);
    undated.set_page_token(undated_token);
    const std::vector<int64_t> all_undated = {id(a, 5), id(a, 6), id(b, 2), id(c, 3)};
    EXPECT_THAT(listing.All(undated, 2),
                ElementsAreArray(all_undated.begin() + (size - 13), all_undated.end()));
  }

  listing.ExpectRefusals(mine, lead);
}

TEST_F(PlansPagingTest, APlansTasksPageInPlanOrder) {
  std::vector<pv1::Task> tasks;
  for (int i = 0; i < 7; ++i) tasks.push_back(Task(absl::StrCat("Nhiệm vụ ", i), police_));
  const pv1::Plan plan = Issued("Kế hoạch nhiều nhiệm vụ", "41/KH-UBND", D(2025, 12, 1), tasks);
  const auto listing = Make<pv1::ListTasksRequest, pv1::ListTasksResponse>(
      &pv1::Plans::Stub::ListTasks, editor_,
      [](const pv1::ListTasksResponse& r) { return IdsOf(r.tasks()); });
  pv1::ListTasksRequest of_plan;
  of_plan.set_plan_id(plan.id());
  ExpectEveryPageSizeWalksInOrder(listing, of_plan, IdsOf(plan.tasks()));

  // A token of the plan's listing is not one of the unit's, nor of another plan's.
  const pv1::Plan other = Issued("Kế hoạch khác", "42/KH-UBND", D(2025, 12, 1), tasks);
  pv1::ListTasksRequest of_other;
  of_other.set_plan_id(other.id());
  listing.ExpectRefusals(of_plan, of_other);
  std::string token;
  listing.FirstPage(of_plan, 1, &token);
  pv1::ListTasksRequest of_unit;
  of_unit.set_assignee_organization_id(police_);
  of_unit.set_page_token(token);
  pv1::ListTasksResponse page;
  Listing<pv1::ListTasksRequest, pv1::ListTasksResponse>::ExpectInvalid(
      listing.call(of_unit, &page), "page_token");
}

// ================================ ListRegistrations ================================

TEST_F(PlansPagingTest, RegistrationsPageByYearUnitAndId) {
  std::vector<std::tuple<int, int64_t, int64_t>> rows;  // (year, unit, id)
  for (int year : {2026, 2025}) {
    for (int64_t unit : {communes_[2], communes_[0], police_, communes_[1]}) {
      rows.emplace_back(year, unit, Registration(unit, year).id());
    }
  }
  std::sort(rows.begin(), rows.end());
  std::vector<int64_t> expected;
  for (const auto& row : rows) expected.push_back(std::get<2>(row));
  const auto listing = Make<pv1::ListRegistrationsRequest, pv1::ListRegistrationsResponse>(
      &pv1::Plans::Stub::ListRegistrations, editor_,
      [](const pv1::ListRegistrationsResponse& r) { return IdsOf(r.registrations()); });
  pv1::ListRegistrationsRequest all;
  ExpectEveryPageSizeWalksInOrder(listing, all, expected);

  // A registration of an earlier year between two pages sorts before the cursor.
  std::string token;
  EXPECT_THAT(listing.FirstPage(all, 3, &token),
              ElementsAre(expected[0], expected[1], expected[2]));
  Registration(police_, 2024);  // the police exists since before 2025
  pv1::ListRegistrationsRequest rest = all;
  rest.set_page_token(token);
  EXPECT_THAT(listing.All(rest, 3),
              ElementsAreArray(std::vector<int64_t>(expected.begin() + 3, expected.end())));

  pv1::ListRegistrationsRequest of_2026, of_2025;
  of_2026.set_year(2026);
  of_2025.set_year(2025);
  listing.ExpectRefusals(of_2026, of_2025);
}

TEST_F(PlansPagingTest, RegistrationsAreNoLongerCutOffAtFiveThousand) {
  // 5,003 catalogue entries (ids from 1,000,000) and a registration for each.
  std::vector<std::string> standards, values;
  for (int i = 0; i < 5003; ++i) {
    standards.push_back(absl::StrCat("(", 1'000'000 + i, ", 1, 'DH-", i, "', 'Danh hiệu ", i,
                                     "', UNHEX(SHA2('", i, "', 256)), 2)"));
    values.push_back(absl::StrCat("(", communes_[0], ", 2026, ", 1'000'000 + i, ", '2026-01-20')"));
  }
  InsertRows("standards (id, movement_id, code, display_name, name_key, recipients)", standards);
  InsertRows("registrations (organization_id, year, standard_id, registered_on)", values);
  const auto listing = Make<pv1::ListRegistrationsRequest, pv1::ListRegistrationsResponse>(
      &pv1::Plans::Stub::ListRegistrations, editor_,
      [](const pv1::ListRegistrationsResponse& r) { return IdsOf(r.registrations()); });
  pv1::ListRegistrationsRequest request;
  request.set_organization_id(communes_[0]);
  pv1::ListRegistrationsResponse page;
  ASSERT_TRUE(listing.call(request, &page).ok());
  EXPECT_EQ(page.registrations_size(), 100);  // the default
  request.set_page_size(100000);
  ASSERT_TRUE(listing.call(request, &page).ok());
  EXPECT_EQ(page.registrations_size(), 1000);  // the maximum
  const std::vector<int64_t> all = listing.All(request, 100000);
  EXPECT_EQ(all.size(), 5003u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), 5003u);
}

// ================================ ListSecurityModels ================================

TEST_F(PlansPagingTest, SecurityModelsPageById) {
  std::vector<pv1::SecurityModel> models;
  for (int i = 0; i < 5; ++i)
    models.push_back(Model(absl::StrCat("Mô hình ", i), communes_[i % 3]));
  const std::vector<int64_t> ids = IdsOf(models);
  const auto listing = Make<pv1::ListSecurityModelsRequest, pv1::ListSecurityModelsResponse>(
      &pv1::Plans::Stub::ListSecurityModels, editor_,
      [](const pv1::ListSecurityModelsResponse& r) { return IdsOf(r.models()); });
  pv1::ListSecurityModelsRequest active;
  active.set_area_organization_id(province_);
  active.set_status(pv1::ACTIVE);
  ExpectEveryPageSizeWalksInOrder(listing, active, ids);

  // A model of page 1 leaving the filter between two pages: page 2 still starts after the
  // cursor, where an offset would have skipped a model.
  std::string token;
  EXPECT_THAT(listing.FirstPage(active, 2, &token), ElementsAre(ids[0], ids[1]));
  pv1::UpdateSecurityModelRequest update;
  update.mutable_model()->set_id(ids[0]);
  update.mutable_model()->set_etag(models[0].etag());
  update.mutable_model()->set_status(pv1::INEFFECTIVE);
  update.mutable_update_mask()->add_paths("status");
  pv1::SecurityModel updated;
  ASSERT_TRUE(plans_->stub().UpdateSecurityModel(WithToken(editor_).get(), update, &updated).ok());
  pv1::ListSecurityModelsRequest rest = active;
  rest.set_page_token(token);
  EXPECT_THAT(listing.All(rest, 2), ElementsAre(ids[2], ids[3], ids[4]));

  pv1::ListSecurityModelsRequest any = active;
  any.clear_status();
  listing.ExpectRefusals(active, any);
}

}  // namespace
}  // namespace thidua::testing
