#include "tests/bench/plans_load.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/bench/load.h"
#include "thidua/plans/v1/plans.grpc.pb.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::bench {
namespace {

namespace v1 = ::thidua::plans::v1;
namespace registry_v1 = ::thidua::registry::v1;

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

int64_t AnyOf(std::mt19937_64& random, const std::vector<int64_t>& ids) {
  return ids[std::uniform_int_distribution<size_t>(0, ids.size() - 1)(random)];
}

// About 1,500 characters of the seeds' kind of prose.
std::string Paragraphs(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    absl::StrAppend(
        &out, i ? "\n\n" : "",
        "Phát huy sức mạnh tổng hợp của cả hệ thống chính trị, sự tham gia tích cực của "
        "cán bộ, công chức, viên chức, người lao động và Nhân dân đối với sự nghiệp xây "
        "dựng và bảo vệ an ninh Tổ quốc, bảo đảm trật tự an toàn xã hội.");
  }
  return out;
}

void Due(v1::Task& task, int i) {
  switch (i % 4) {
    case 0:
      task.mutable_due()->mutable_yearly()->set_day(15);
      task.mutable_due()->mutable_yearly()->set_month(11);
      break;
    case 1:
      *task.mutable_due()->mutable_date() = Day(2026 + i % 5, 1 + i % 12, 10);
      break;
    case 2:
      task.mutable_due()->mutable_in_month()->set_month(1 + i % 12);
      break;
    default:
      break;  // no deadline: "thường xuyên"
  }
}

v1::Plan BasePlan(int64_t issuer, const std::string& title) {
  v1::Plan plan;
  plan.set_issuer_organization_id(issuer);
  plan.set_title(title);
  plan.set_place("Nghệ An");
  plan.mutable_signer()->set_authority("KT. CHỦ TỊCH");
  plan.mutable_signer()->set_position("PHÓ CHỦ TỊCH");
  plan.mutable_signer()->set_name("Nguyễn Văn A");
  plan.set_period_from_year(2026);
  plan.set_period_to_year(2030);
  return plan;
}

struct Client {
  std::unique_ptr<v1::Plans::Stub> stub;
  std::string bearer;

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", bearer);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  // Creates the plan as a DRAFT, acknowledges its warnings and issues it; the issued plan.
  absl::StatusOr<v1::Plan> Issue(const v1::Plan& plan, const std::string& request_id,
                                 const std::string& symbol, const common::v1::Date& date) const {
    v1::CreatePlanRequest create;
    create.set_request_id(request_id);
    *create.mutable_plan() = plan;
    v1::Plan draft;
    grpc::Status status =
        Call([&](grpc::ClientContext* c) { return stub->CreatePlan(c, create, &draft); });
    if (!status.ok()) {
      return absl::UnknownError(absl::StrCat("CreatePlan: ", status.error_message()));
    }
    v1::CheckPlanRequest check;
    check.set_id(draft.id());
    v1::CheckPlanResponse findings;
    status = Call([&](grpc::ClientContext* c) { return stub->CheckPlan(c, check, &findings); });
    if (!status.ok())
      return absl::UnknownError(absl::StrCat("CheckPlan: ", status.error_message()));
    v1::IssuePlanRequest issue;
    issue.set_id(draft.id());
    issue.set_etag(draft.etag());
    issue.set_symbol(symbol);
    *issue.mutable_issue_date() = date;
    for (const auto& f : findings.findings()) issue.add_acknowledge_warnings(f.code());
    v1::Plan issued;
    status = Call([&](grpc::ClientContext* c) { return stub->IssuePlan(c, issue, &issued); });
    if (!status.ok())
      return absl::UnknownError(absl::StrCat("IssuePlan: ", status.error_message()));
    return issued;
  }

  // One call, tried again (as a portal would) while the server answers ABORTED or UNAVAILABLE.
  grpc::Status Call(const std::function<grpc::Status(grpc::ClientContext*)>& rpc) const {
    grpc::Status status;
    for (int attempt = 1; attempt <= 5; ++attempt) {
      status = rpc(Context().get());
      if (status.error_code() != grpc::StatusCode::ABORTED &&
          status.error_code() != grpc::StatusCode::UNAVAILABLE) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    }
    return status;
  }
};

Client Connect(const std::string& target, const std::string& token) {
  return {v1::Plans::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials())),
          absl::StrCat("Bearer ", token)};
}

}  // namespace

v1::Plan LargePlan(const Province& province, std::mt19937_64& random) {
  v1::Plan plan =
      BasePlan(province.id,
               "Triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” trên địa bàn tỉnh");
  const v1::SectionKind kinds[] = {v1::PURPOSE_AND_REQUIREMENTS,
                                   v1::CONTENTS,
                                   v1::CRITERIA,
                                   v1::AWARDS,
                                   v1::TIMELINE,
                                   v1::SOLUTIONS,
                                   v1::ORGANIZATION};
  for (v1::SectionKind kind : kinds) {
    auto* section = plan.add_sections();
    section->set_kind(kind);
    section->set_heading(absl::StrCat(static_cast<int>(kind), ". ", v1::SectionKind_Name(kind)));
    section->set_body(Paragraphs(6));
  }
  for (int i = 0; i < 50; ++i) {
    auto* task = plan.add_tasks();
    task->set_title(absl::StrCat("Nhiệm vụ ", i + 1,
                                 ": tổ chức thực hiện Phong trào thi đua trong phạm vi quản lý"));
    task->set_description(Paragraphs(1));
    task->set_lead_organization_id(AnyOf(random, province.units));
    for (int c = 0; c < 2; ++c)
      task->add_coordinating_organization_ids(AnyOf(random, province.units));
    Due(*task, i);
  }
  for (int i = 0; i < 10; ++i) {
    auto* target = plan.add_targets();
    target->set_measure(
        absl::StrCat("Chỉ tiêu ", i + 1, ": xã, phường đạt tiêu chuẩn An toàn về ANTT"));
    auto* kinds_within = target->mutable_population()->mutable_kinds();
    kinds_within->set_scope_organization_id(province.id);
    for (auto k : {registry_v1::COMMUNE, registry_v1::WARD, registry_v1::SPECIAL_ZONE}) {
      kinds_within->add_kinds(k);
    }
    target->set_kind(v1::PERCENT);
    for (int year = 2026; year <= 2028; ++year) {
      auto* value = target->add_values();
      value->set_year(year);
      value->set_value(40 + 10 * (year - 2026));
    }
    target->set_measured_by("indicator:an-toan-antt");
  }
  auto* cascade = plan.add_cascade();
  *cascade->mutable_population() = plan.targets(0).population();
  cascade->mutable_due()->mutable_in_month()->set_month(3);
  cascade->mutable_due()->mutable_in_month()->set_year(2026);
  return plan;
}

absl::StatusOr<double> SeedAssignedPlans(const std::string& target, const std::string& token,
                                         const Province& province, int64_t listed_unit, int count,
                                         int tasks, int threads) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Client> clients;
  for (int t = 0; t < threads; ++t) clients.push_back(Connect(target, token));
  absl::Status status = Parallel(count, threads, [&](int i, int thread) -> absl::Status {
    std::mt19937_64 random(static_cast<uint64_t>(i));
    // The province's plans, giving tasks to its communes (a plan assigns only within its issuer).
    v1::Plan plan =
        BasePlan(province.id, absl::StrCat("Kế hoạch thực hiện Phong trào năm 2026 số ", i));
    for (int t = 0; t < tasks; ++t) {
      auto* task = plan.add_tasks();
      task->set_title(absl::StrCat("Nhiệm vụ ", t + 1, " của kế hoạch ", i));
      task->set_lead_organization_id(AnyOf(random, province.units));
      task->add_coordinating_organization_ids(AnyOf(random, province.units));
      Due(*task, i + t);
    }
    if (i % 2 == 0) {
      plan.mutable_tasks(0)->set_lead_organization_id(listed_unit);
    } else {
      plan.mutable_tasks(0)->add_coordinating_organization_ids(listed_unit);
    }
    auto issued = clients[static_cast<size_t>(thread)].Issue(
        plan, absl::StrCat("bench-seed-", i), absl::StrCat(i + 1, "/KH-UBND"), Day(2026, 1, 15));
    return issued.status();
  });
  if (!status.ok()) return status;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::StatusOr<int64_t> SeedCascade(const std::string& target, const std::string& token,
                                    const Province& province, int threads) {
  Client client = Connect(target, token);
  v1::Plan plan = BasePlan(province.id, "Kế hoạch triển khai Phong trào thi đua của tỉnh");
  plan.set_period_from_year(2025);
  auto* cascade = plan.add_cascade();
  auto* kinds = cascade->mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(province.id);
  for (auto k : {registry_v1::COMMUNE, registry_v1::WARD, registry_v1::SPECIAL_ZONE}) {
    kinds->add_kinds(k);
  }
  cascade->mutable_due()->mutable_in_month()->set_month(12);
  cascade->mutable_due()->mutable_in_month()->set_year(2025);
  auto root = client.Issue(plan, "bench-cascade-root", "100/KH-UBND", Day(2025, 11, 20));
  if (!root.ok()) return root.status();
  const int64_t document = root->document_id();
  std::vector<Client> clients;
  for (int t = 0; t < threads; ++t) clients.push_back(Connect(target, token));
  absl::Status status = Parallel(
      static_cast<int>(province.units.size()), threads, [&](int i, int thread) -> absl::Status {
        if (i % 20 >= 17) return absl::OkStatus();  // 15% issue nothing
        const bool late = i % 20 >= 12;
        v1::Plan implementing = BasePlan(province.units[static_cast<size_t>(i)],
                                         "Kế hoạch thực hiện Phong trào thi đua của xã");
        implementing.set_period_from_year(2025);
        implementing.add_implements_document_ids(document);
        return clients[static_cast<size_t>(thread)]
            .Issue(implementing, absl::StrCat("bench-cascade-", i), "01/KH-UBND",
                   late ? Day(2026, 1, 1 + i % 28) : Day(2025, 12, 1 + i % 28))
            .status();
      });
  if (!status.ok()) return status;
  return root->id();
}

}  // namespace thidua::bench
