#pragma once

// The registry and plans binaries as deploy/local/up runs them (the official 2025 import, real
// JWTs, a real MariaDB from the ctest fixture), with the seed documents of deploy/local/seed-plans
// entered through the public API: 00-root-2447.json, then 001 (Lâm Đồng, left a DRAFT so that
// tests can issue it) and 003 (Tuyên Quang 2023-2025, issued as its file says).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "nlohmann/json.hpp"
#include "tests/support/earlier_admin_units.h"  // kAdminUnitsDir
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/seed_plans.h"
#include "tests/support/test_database.h"
#include "tests/support/test_tokens.h"
#include "thidua/plans/v1/plans.grpc.pb.h"

namespace thidua::testing {

namespace rv1 = registry::v1;
namespace pv1 = plans::v1;

inline common::v1::Date D(int y, int m, int d) { return ToProto(absl::CivilDay(y, m, d)); }

// The GSO codes of a province's communes, wards and special zones from 1 July 2025, read from the
// official data (merges.json), not from the registry.
inline std::set<std::string> OfficialUnitsOf(const std::string& province) {
  std::ifstream in(kAdminUnitsDir + "/merges.json");
  const nlohmann::json merges = nlohmann::json::parse(in);
  std::set<std::string> codes;
  for (const auto& p : merges["data"]) {
    if (p["level1_id"] != province) continue;
    for (const auto& unit : p["level2s"]) codes.insert(unit["level2_id"].get<std::string>());
  }
  return codes;
}

// A unit's administrative (GSO) code; empty when it has none.
inline std::string AdminCode(const rv1::Organization& org) {
  for (const auto& code : org.codes()) {
    if (code.scheme() == rv1::ADMIN_UNIT) return code.value();
  }
  return "";
}

inline std::string SeedPath(const std::string& name) {
  return std::string(THIDUA_SEED_PLANS_DIR) + "/" + name;
}

class PlansEndToEnd : public ::testing::Test {
 protected:
  static constexpr char kRoot[] = "00-root-2447.json";
  static constexpr char kLamDong[] = "001-lam-dong.json";
  static constexpr char kTuyenQuang[] = "003-tuyen-quang.json";

  // A whole stack per test: some tests issue the seeds' plans, so none may see another's. (CTest
  // runs each test in a process of its own; run together, the tests are then just as independent.)
  void SetUp() override {
    StartStack();
    ASSERT_TRUE(ready_) << "the stack did not start; see above";
  }
  void TearDown() override { StopStack(); }

  static void StartStack() {
    ready_ = false;
    registry_db_ = TestDatabase::Create().release();
    plans_db_ = TestDatabase::Create().release();
    ASSERT_TRUE(registry_db_ != nullptr && plans_db_ != nullptr);
    dir_ = std::filesystem::temp_directory_path() / ("thidua-plans-e2e-" + registry_db_->name());
    std::filesystem::create_directories(dir_);
    const std::string keys = TestTokens::Get().WritePublicKey(dir_);
    auto db_flags = [](const TestDatabase& db) {
      return std::vector<std::string>{"--db_socket=" + TestDatabase::Socket(), "--db_user=root",
                                      "--db_name=" + db.name()};
    };
    std::vector<std::string> import = db_flags(*registry_db_);
    import.push_back(absl::StrCat("--import_admin_units=", THIDUA_SOURCE_DIR,
                                  "/services/registry/data/admin-units-2025"));
    ASSERT_EQ(thidua::testing::Run(THIDUA_REGISTRY_BINARY, import, dir_ / "import.log"), 0);
    std::vector<std::string> serve = db_flags(*registry_db_);
    for (const char* flag : {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0"})
      serve.push_back(flag);
    serve.push_back("--jwt_public_keys=" + keys);
    registry_ = new Process(THIDUA_REGISTRY_BINARY, serve, dir_ / "registry.log");
    registry_port_ = PortOf(*registry_, "registry serving");
    const int registry_port = registry_port_;
    ASSERT_GT(registry_port, 0) << "the registry did not start";
    std::vector<std::string> plans_flags = db_flags(*plans_db_);
    for (const char* flag : {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0"})
      plans_flags.push_back(flag);
    plans_flags.push_back("--jwt_public_keys=" + keys);
    plans_flags.push_back(absl::StrCat("--registry=127.0.0.1:", registry_port));
    plans_ = new Process(THIDUA_PLANS_BINARY, plans_flags, dir_ / "plans.log");
    plans_port_ = PortOf(*plans_, "plans serving");
    const int plans_port = plans_port_;
    ASSERT_GT(plans_port, 0) << "the plans service did not start";
    registry_stub_ = Stub<rv1::Registry>(registry_port);
    plans_stub_ = Stub<pv1::Plans>(plans_port);

    rv1::ListOrganizationsRequest nation;
    nation.add_kinds(rv1::NATION);
    rv1::ListOrganizationsResponse found;
    ASSERT_TRUE(registry_stub_->ListOrganizations(WithToken(Reader()).get(), nation, &found).ok());
    ASSERT_EQ(found.organizations_size(), 1);
    nation_ = found.organizations(0).id();
    loader_ = new SeedLoader({registry_stub_, plans_stub_, Admin()});
    EnterRoot();
    if (HasFatalFailure()) return;
    auto lam_dong = loader_->Enter(SeedPath(kLamDong), /*issue=*/false);
    ASSERT_TRUE(lam_dong.ok()) << lam_dong.status();
    lam_dong_ = new SeedLoader::SeedFile(*std::move(lam_dong));
    auto tuyen_quang = loader_->Enter(SeedPath(kTuyenQuang));
    ASSERT_TRUE(tuyen_quang.ok()) << tuyen_quang.status();
    tuyen_quang_ = new SeedLoader::SeedFile(*std::move(tuyen_quang));
    ready_ = true;
  }

  static void StopStack() {
    ready_ = false;
    auto drop = [](auto*& p) {
      delete p;
      p = nullptr;
    };
    drop(lam_dong_);
    drop(tuyen_quang_);
    drop(loader_);
    drop(plans_stub_);
    drop(registry_stub_);
    if (plans_ != nullptr) {
      EXPECT_EQ(plans_->Terminate(), 0) << "graceful stop on SIGTERM";
    }
    drop(plans_);
    if (registry_ != nullptr) {
      EXPECT_EQ(registry_->Terminate(), 0) << "graceful stop on SIGTERM";
    }
    drop(registry_);
    drop(plans_db_);
    drop(registry_db_);
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    dir_.clear();
  }

  // The national decision 2447/QĐ-TTg, its movement and the national plan, which 001 implements.
  static void EnterRoot() {
    auto root = loader_->Enter(SeedPath(kRoot));
    ASSERT_TRUE(root.ok()) << root.status();
  }

  template <typename Service>
  static typename Service::Stub* Stub(int port) {
    return Service::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                                grpc::InsecureChannelCredentials()))
        .release();
  }

  static int PortOf(const Process& process, const std::string& ready_line) {
    const std::string line = process.WaitForLog(ready_line, 60);
    if (line.empty()) return 0;
    return nlohmann::json::parse(line)["port"].get<int>();
  }

  static std::string Reader() { return TestTokens::Get().Token(0, {}, "reader"); }
  // The national administrator that enters the seeds.
  static std::string Admin() {
    return TestTokens::Get().Token(nation_, {"registry-admin", "plans-editor"}, "seed-loader");
  }
  static std::string Editor(int64_t org) {
    return TestTokens::Get().Token(org, {"plans-editor"}, absl::StrCat("editor-", org));
  }
  static std::string Reporter(int64_t org) {
    return TestTokens::Get().Token(org, {"plans-reporter"}, absl::StrCat("reporter-", org));
  }
  static int64_t Org(const std::string& key) {
    const int64_t id = loader_->Org(key);
    EXPECT_GT(id, 0) << key;
    return id;
  }

  static pv1::Plan GetPlan(int64_t id, const std::string& token = Admin()) {
    pv1::GetPlanRequest request;
    request.set_id(id);
    pv1::Plan plan;
    const grpc::Status status = plans_stub_->GetPlan(WithToken(token).get(), request, &plan);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return plan;
  }

  // Issues 001 as its file says (acknowledging the warnings it lists).
  static pv1::Plan IssueLamDong() {
    auto issued = loader_->Issue(*lam_dong_);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return issued.ok() ? *issued : pv1::Plan();
  }

  // The titles of the tasks a unit leads or coordinates, as ListTasks orders them.
  static std::vector<std::string> TaskTitles(int64_t unit, bool lead_only,
                                             const std::string& token) {
    pv1::ListTasksRequest request;
    request.set_assignee_organization_id(unit);
    request.set_lead_only(lead_only);
    pv1::ListTasksResponse response;
    const grpc::Status status = plans_stub_->ListTasks(WithToken(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> titles;
    for (const auto& task : response.tasks()) titles.push_back(task.title());
    return titles;
  }

  // Creates and issues a unit's own plan implementing `document` (as that unit's editor).
  static pv1::Plan IssueImplementingPlan(int64_t unit, const std::string& unit_name,
                                         int64_t document, common::v1::Date issued_on,
                                         int from_year, int to_year) {
    pv1::CreatePlanRequest create;
    pv1::Plan* plan = create.mutable_plan();
    plan->set_issuer_organization_id(unit);
    plan->set_title("Kế hoạch triển khai thực hiện trên địa bàn " + unit_name);
    plan->add_implements_document_ids(document);
    plan->set_period_from_year(from_year);
    plan->set_period_to_year(to_year);
    pv1::Plan draft;
    grpc::Status status = plans_stub_->CreatePlan(WithToken(Editor(unit)).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << unit_name << ": " << status.error_message();
    pv1::IssuePlanRequest issue;
    issue.set_id(draft.id());
    issue.set_etag(draft.etag());
    issue.set_symbol("01/KH-UBND");
    *issue.mutable_issue_date() = issued_on;
    pv1::Plan issued;
    status = plans_stub_->IssuePlan(WithToken(Editor(unit)).get(), issue, &issued);
    EXPECT_TRUE(status.ok()) << unit_name << ": " << status.error_message();
    return issued;
  }

  static pv1::CascadeCompliance Compliance(int64_t plan, common::v1::Date as_of) {
    pv1::GetCascadeComplianceRequest request;
    request.set_plan_id(plan);
    *request.mutable_as_of() = as_of;
    pv1::CascadeCompliance response;
    const grpc::Status status =
        plans_stub_->GetCascadeCompliance(WithToken(Admin()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static inline bool ready_ = false;
  static inline TestDatabase* registry_db_ = nullptr;
  static inline TestDatabase* plans_db_ = nullptr;
  static inline std::filesystem::path dir_;
  static inline Process* registry_ = nullptr;
  static inline Process* plans_ = nullptr;
  static inline int registry_port_ = 0, plans_port_ = 0;
  static inline rv1::Registry::Stub* registry_stub_ = nullptr;
  static inline pv1::Plans::Stub* plans_stub_ = nullptr;
  static inline int64_t nation_ = 0;
  static inline SeedLoader* loader_ = nullptr;
  static inline SeedLoader::SeedFile* lam_dong_ = nullptr;
  static inline SeedLoader::SeedFile* tuyen_quang_ = nullptr;
};

}  // namespace thidua::testing
