// Seeds 001 and 003 read back as their files say; 001's "2015" mistakes are warned about before
// it is issued; the provincial police of Lâm Đồng see and report on the work the plan gives them.
#include <google/protobuf/util/message_differencer.h>

#include <set>

#include "tests/e2e/plans_e2e_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A plan's content as a client wrote it: the fields the service fills in are cleared.
pv1::Plan Content(pv1::Plan plan) {
  for (const char* field : {"name", "id", "symbol", "status", "version", "etag", "document_id",
                            "acknowledged_warnings", "create_time", "update_time"}) {
    plan.GetReflection()->ClearField(&plan, pv1::Plan::descriptor()->FindFieldByName(field));
  }
  for (auto& task : *plan.mutable_tasks()) {
    for (const char* field : {"id", "plan_id", "position", "due_text", "next_deadline", "statuses",
                              "notes", "plan_symbol", "plan_title"}) {
      task.GetReflection()->ClearField(&task, pv1::Task::descriptor()->FindFieldByName(field));
    }
  }
  for (auto& target : *plan.mutable_targets()) target.clear_id();
  for (auto& requirement : *plan.mutable_cascade()) requirement.clear_id();
  return plan;
}

void ExpectSameContent(const pv1::Plan& got, const pv1::Plan& sent) {
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(Content(sent), Content(got))) << differences;
}

TEST_F(PlansEndToEnd, Seed001ReadsBackAsItsFileSays) {
  const pv1::Plan got = GetPlan(lam_dong_->plan_id);
  EXPECT_EQ(got.status(), pv1::DRAFT);
  ExpectSameContent(got, lam_dong_->plan);
  // What the file holds, counted here so that a change to it is seen.
  EXPECT_EQ(got.sections_size(), 8);
  EXPECT_EQ(got.tasks_size(), 7);
  EXPECT_EQ(got.targets_size(), 0);  // the document sets no numeric target
  EXPECT_EQ(got.cascade_size(), 2);  // communes, wards, special zone; provincially managed units
  EXPECT_EQ(got.cascade(1).population().kinds().relation(), pv1::MANAGED_AT_LEVEL_OF);
  EXPECT_EQ(got.distribution_size(), 12);
  EXPECT_EQ(got.issuer_organization_id(), Org("lam-dong"));
  EXPECT_EQ(got.signer().name(), "Đinh Văn Tuấn");
  EXPECT_EQ(got.sections(0).heading(), "Phần mở đầu");
  EXPECT_EQ(got.sections(5).heading(), "IV. THỜI GIAN THỰC HIỆN");
  EXPECT_THAT(got.sections(5).body(), ::testing::HasSubstr("trong tháng 12/2015"));
  EXPECT_EQ(got.distribution(11), "Lưu: VT, NC");
  EXPECT_THAT(got.implements_document_ids(), ElementsAre(loader_->Document("2447/QĐ-TTg")));
  EXPECT_EQ(got.movement_id(), loader_->Movement("toan-dan-bvantq"));
  for (int i = 0; i < got.tasks_size(); ++i) {
    EXPECT_GT(got.tasks(i).id(), 0);
    EXPECT_EQ(got.tasks(i).title(),
              lam_dong_->json["plan"]["tasks"][i]["title"].get<std::string>());
  }
  EXPECT_EQ(got.tasks(5).due_text(), "trước ngày 15/11 hằng năm");
}

TEST_F(PlansEndToEnd, Seed003ReadsBackAsItsFileSays) {
  const pv1::Plan got = GetPlan(tuyen_quang_->plan_id);
  EXPECT_EQ(got.status(), pv1::ISSUED);
  EXPECT_EQ(got.symbol(), "0/KH-UBND");
  EXPECT_EQ(got.issue_date().year(), 2022);
  EXPECT_GT(got.document_id(), 0);
  EXPECT_THAT(got.acknowledged_warnings(), ::testing::IsEmpty());
  ExpectSameContent(got, tuyen_quang_->plan);
  EXPECT_EQ(got.sections_size(), 6);
  EXPECT_EQ(got.tasks_size(), 26);
  EXPECT_EQ(got.targets_size(), 11);
  EXPECT_EQ(got.cascade_size(), 2);
  EXPECT_EQ(got.distribution_size(), 9);
  EXPECT_EQ(got.implements_document_ids_size(), 4);
  EXPECT_EQ(got.legal_basis_document_ids_size(), 5);
  // 44-KL/TW comes from 00-root-2447.json when it is there; 003 does not define it again.
  EXPECT_GT(loader_->Document("44-KL/TW"), 0);
  EXPECT_EQ(got.implements_document_ids(0), loader_->Document("44-KL/TW"));
  EXPECT_EQ(got.tasks(0).due_text(), "trong tháng 10/2025");
  for (const auto& target : got.targets()) {
    EXPECT_GT(target.id(), 0);
    EXPECT_EQ(target.measured_by(), "recognition:dien-hinh-9745");
  }
  // Its checks find warnings only, exactly those its file acknowledges.
  pv1::CheckPlanRequest check;
  check.set_id(got.id());
  pv1::CheckPlanResponse findings;
  ASSERT_TRUE(plans_stub_->CheckPlan(WithToken(Admin()).get(), check, &findings).ok());
  std::set<std::string> codes;
  for (const auto& f : findings.findings()) {
    EXPECT_FALSE(f.error()) << f.code() << " " << f.field();
    codes.insert(f.code());
  }
  EXPECT_THAT(codes, ::testing::UnorderedElementsAreArray(
                         tuyen_quang_->issue.acknowledge_warnings().begin(),
                         tuyen_quang_->issue.acknowledge_warnings().end()))
      << findings.DebugString();
}

TEST_F(PlansEndToEnd, Seed001WarnsAboutItsYear2015AndIssuesOnceAcknowledged) {
  pv1::CheckPlanRequest check;
  check.set_id(lam_dong_->plan_id);
  pv1::CheckPlanResponse findings;
  ASSERT_TRUE(plans_stub_->CheckPlan(WithToken(Admin()).get(), check, &findings).ok());
  std::vector<std::string> codes, fields;
  for (const auto& f : findings.findings()) {
    EXPECT_FALSE(f.error()) << f.code();
    EXPECT_THAT(f.message(), ::testing::HasSubstr("2015"));
    codes.push_back(f.code());
    fields.push_back(f.field());
  }
  // "Quyết định số 2447/QĐ-TTg ngày 06/11/2015" (III.2.a) and "trong tháng 12/2015" (IV).
  EXPECT_THAT(codes, UnorderedElementsAre("DOCUMENT_DATE_MISMATCH", "YEAR_OUTSIDE_PERIOD"));
  EXPECT_THAT(fields, UnorderedElementsAre("sections[4].body", "sections[5].body"));
  // The file acknowledges exactly what CheckPlan returns.
  EXPECT_THAT(lam_dong_->issue.acknowledge_warnings(),
              UnorderedElementsAre("DOCUMENT_DATE_MISMATCH", "YEAR_OUTSIDE_PERIOD"));

  const pv1::Plan draft = GetPlan(lam_dong_->plan_id);
  pv1::IssuePlanRequest issue = lam_dong_->issue;
  issue.set_id(draft.id());
  issue.set_etag(draft.etag());
  issue.clear_acknowledge_warnings();
  pv1::Plan issued;
  grpc::Status status = plans_stub_->IssuePlan(WithToken(Admin()).get(), issue, &issued);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "PLAN_HAS_FINDINGS");
  EXPECT_THAT(DetailsOf(status).fields,
              UnorderedElementsAre("sections[4].body", "sections[5].body"));
  issue.add_acknowledge_warnings("YEAR_OUTSIDE_PERIOD");  // one of the two is not enough
  status = plans_stub_->IssuePlan(WithToken(Admin()).get(), issue, &issued);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("sections[4].body"));
  EXPECT_EQ(GetPlan(lam_dong_->plan_id).status(), pv1::DRAFT);

  issued = IssueLamDong();
  EXPECT_EQ(issued.status(), pv1::ISSUED);
  EXPECT_EQ(issued.symbol(), "0/KH-UBND");
  EXPECT_EQ(issued.version(), 1);
  EXPECT_THAT(issued.acknowledged_warnings(),
              UnorderedElementsAre("DOCUMENT_DATE_MISMATCH", "YEAR_OUTSIDE_PERIOD"));
  pv1::GetDocumentRequest get;
  get.set_id(issued.document_id());
  pv1::Document document;
  ASSERT_TRUE(plans_stub_->GetDocument(WithToken(Admin()).get(), get, &document).ok());
  EXPECT_EQ(document.type(), pv1::KE_HOACH);
  EXPECT_EQ(document.symbol(), "0/KH-UBND");
  EXPECT_EQ(document.issuing_body(), "Tỉnh Lâm Đồng");
  EXPECT_EQ(document.issuer_organization_id(), Org("lam-dong"));

  // Issued once: again is refused, and entering the file again (a new loader, so every create is
  // replayed through its request id) finds the same ids and changes nothing.
  issue.set_etag(issued.etag());
  status = plans_stub_->IssuePlan(WithToken(Admin()).get(), issue, &issued);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  SeedLoader again({registry_stub_, plans_stub_, Admin()});
  again.DefineDocument("2447/QĐ-TTg", loader_->Document("2447/QĐ-TTg"));
  again.DefineMovement("toan-dan-bvantq", loader_->Movement("toan-dan-bvantq"));
  auto entered = again.Enter(SeedPath(kLamDong));
  ASSERT_TRUE(entered.ok()) << entered.status();
  EXPECT_EQ(entered->plan_id, lam_dong_->plan_id);
  for (const auto& org : lam_dong_->json["organizations"]) {
    const std::string key = org["key"];
    EXPECT_EQ(again.Org(key), loader_->Org(key)) << key;
  }
  const pv1::Plan after = GetPlan(lam_dong_->plan_id);
  EXPECT_EQ(after.status(), pv1::ISSUED);
  EXPECT_EQ(after.etag(), issued.etag());
}

TEST_F(PlansEndToEnd, PoliceOfLamDongSeeTheirTasksByDueDate) {
  const int64_t police = Org("lam-dong-cat");
  const std::string token = Reporter(police);
  EXPECT_THAT(TaskTitles(police, false, token), IsEmpty()) << "a DRAFT assigns nothing yet";
  const pv1::Plan plan = IssueLamDong();
  ASSERT_EQ(plan.tasks_size(), 7);
  auto title = [&](int i) { return plan.tasks(i).title(); };
  // The yearly report (before 15/11) first; then the tasks without deadline, in plan order.
  EXPECT_THAT(TaskTitles(police, false, token),
              ElementsAre(title(5), title(0), title(3), title(4), title(6)));
  EXPECT_THAT(TaskTitles(police, true, token), ElementsAre(title(5), title(0), title(3), title(6)));

  pv1::ListTasksRequest request;
  request.set_assignee_organization_id(police);
  pv1::ListTasksResponse response;
  ASSERT_TRUE(plans_stub_->ListTasks(WithToken(token).get(), request, &response).ok());
  ASSERT_EQ(response.tasks_size(), 5);
  const pv1::Task& report = response.tasks(0);
  EXPECT_EQ(report.plan_symbol(), "0/KH-UBND");
  EXPECT_EQ(report.plan_title(), plan.title());
  EXPECT_EQ(report.due_text(), "trước ngày 15/11 hằng năm");
  EXPECT_EQ(report.next_deadline().month(), 11);
  EXPECT_EQ(report.next_deadline().day(), 15);
  EXPECT_GE(report.next_deadline().year(), 2026);
  for (int i = 1; i < response.tasks_size(); ++i) {
    EXPECT_EQ(response.tasks(i).next_deadline().year(), 0) << "no deadline";
  }

  // Its staff office coordinates the yearly report and the collection of difficulties.
  const int64_t office = Org("lam-dong-cat-phong-tham-muu");
  EXPECT_THAT(TaskTitles(office, false, Reporter(office)), ElementsAre(title(5), title(6)));
  EXPECT_THAT(TaskTitles(office, true, Reporter(office)), IsEmpty());
  // Sở Nội vụ coordinates two of the police's tasks and leads its own.
  const int64_t home_affairs = Org("lam-dong-so-noi-vu");
  EXPECT_THAT(TaskTitles(home_affairs, false, Reporter(home_affairs)),
              ElementsAre(title(0), title(3), title(4)));
  // Another unit's list is out of the police's scope.
  request.set_assignee_organization_id(home_affairs);
  EXPECT_EQ(plans_stub_->ListTasks(WithToken(token).get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlansEndToEnd, PoliceReportProgressOnTheirTaskAndOthersCannot) {
  const pv1::Plan plan = IssueLamDong();
  ASSERT_EQ(plan.tasks_size(), 7);
  const pv1::Task& report = plan.tasks(5);  // VI.6: the yearly report, before 15/11
  const int64_t police = Org("lam-dong-cat");
  const std::string reporter = TestTokens::Get().Token(police, {"plans-reporter"}, "can-bo-pv01");

  pv1::SetTaskStatusRequest done;
  done.set_task_id(report.id());
  done.set_organization_id(police);
  done.set_year(2025);
  done.set_state(pv1::DONE);
  *done.mutable_done_date() = D(2025, 11, 20);  // five days after the deadline
  pv1::Task task;
  grpc::Status status = plans_stub_->SetTaskStatus(WithToken(reporter).get(), done, &task);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(task.statuses_size(), 1);
  EXPECT_EQ(task.statuses(0).organization_id(), police);
  EXPECT_EQ(task.statuses(0).state(), pv1::DONE);
  EXPECT_TRUE(task.statuses(0).late());

  pv1::AddProgressNoteRequest note;
  note.set_task_id(report.id());
  note.set_organization_id(police);
  note.set_text("Đã tập hợp báo cáo năm 2025 của các xã, phường, đặc khu qua Phòng Tham mưu.");
  status = plans_stub_->AddProgressNote(WithToken(reporter).get(), note, &task);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(task.notes_size(), 1);
  EXPECT_EQ(task.notes(0).author(), "can-bo-pv01");
  EXPECT_EQ(task.notes(0).organization_id(), police);
  const pv1::Plan read = GetPlan(plan.id(), reporter);
  EXPECT_EQ(read.tasks(5).statuses_size(), 1);
  EXPECT_EQ(read.tasks(5).notes_size(), 1);

  // The staff office coordinates this task: it reports its own part.
  const int64_t office = Org("lam-dong-cat-phong-tham-muu");
  pv1::SetTaskStatusRequest part = done;
  part.set_organization_id(office);
  part.set_state(pv1::IN_PROGRESS);
  part.clear_done_date();
  EXPECT_TRUE(plans_stub_->SetTaskStatus(WithToken(Reporter(office)).get(), part, &task).ok());

  // Nobody else reports for the police, nor for a unit the task does not name.
  const int64_t home_affairs = Org("lam-dong-so-noi-vu");
  const int64_t other_police = Org("tuyen-quang-2023-cat");
  for (const std::string& token : {Reporter(home_affairs), Reporter(office), Reporter(other_police),
                                   TestTokens::Get().Token(police, {}, "no-role")}) {
    EXPECT_EQ(plans_stub_->SetTaskStatus(WithToken(token).get(), done, &task).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(plans_stub_->AddProgressNote(WithToken(token).get(), note, &task).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  pv1::SetTaskStatusRequest not_assigned = done;
  not_assigned.set_organization_id(home_affairs);  // Sở Nội vụ is not on VI.6
  EXPECT_EQ(plans_stub_->SetTaskStatus(WithToken(Reporter(home_affairs)).get(), not_assigned, &task)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetPlan(plan.id()).tasks(5).notes_size(), 1);
}

}  // namespace
}  // namespace thidua::testing
