// thidua-bench: closed-loop load generator for the services and for the raw limits they are
// judged by.
//
//   thidua-bench --scenario=empty|get|list|search|pk_select|create_plan|tasks_of_unit|cascade
//                [--concurrency=16] [--duration_s=10] [--warmup_s=2] [--target=host:port]
//                [--token=JWT] ...   (--help lists all flags)
//   thidua-bench --scenario=seed_plans|seed_cascade ...   enters the data the plans scenarios read
//
// Keeps exactly --concurrency calls (or queries) in flight, throws away the warm-up, and prints
//   BENCH scenario=<name> qps=<n> p50_ms=<x> p99_ms=<y> errors=<n>
// where qps counts the successful calls completed inside the measured window and the percentiles
// are over those calls. Exits 1 when no call succeeded, 2 on bad flags.
//
// The gRPC scenarios use the async API on one or two completion-queue threads: with a thread per
// call, the client would need as many threads as the server and the two would fight for the same
// cores, measuring the scheduler rather than the service. pk_select has no async API to use, so it
// runs one thread per connection, like the services' own database calls do.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/civil_date.h"
#include "common/config.h"
#include "common/server/grpc_server.h"
#include "tests/bench/db_select.h"
#include "tests/bench/load.h"
#include "tests/bench/plans_load.h"
#include "tests/bench/reporting_load.h"
#include "thidua/bench/v1/echo.grpc.pb.h"
#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua::bench {
namespace {

namespace registry_v1 = ::thidua::registry::v1;
namespace bench_v1 = ::thidua::bench::v1;
namespace plans_v1 = ::thidua::plans::v1;

Config Flags() {
  Config config;
  config
      .Define("scenario", "",
              "empty | get | list | list_varied | search | search_varied | pk_select "
              "| create_plan"
              " | tasks_of_unit | cascade | seed_plans | seed_cascade | seed_reporting | rollup"
              " | rollup_under_corrections"
              " | completeness | submit_burst | raw_insert | replica_visibility")
      .Define("target", "127.0.0.1:50051", "server, host:port (gRPC)")
      .Define("concurrency", "16", "calls or queries kept in flight")
      .Define("duration_s", "10", "measured seconds, after the warm-up")
      .Define("warmup_s", "2", "seconds of load before measuring (connections, caches)")
      .Define("cq_threads", "2", "completion-queue threads driving the gRPC calls")
      .Define("channels", "0", "gRPC channels, each its own connection; 0: one per 4 calls")
      .Define("deadline_ms", "5000", "deadline of each gRPC call")
      .Define("token", "", "JWT sent as `authorization: Bearer <token>`")
      .Define("ids", "", "get, pk_select: comma-separated organisation ids, picked at random")
      .Define("id_range", "", "get, pk_select: ids a-b (inclusive), picked at random")
      .Define("province_ids", "", "list: comma-separated ancestors, picked at random")
      .Define("as_of", "2023-04-10", "list: the date the listing is evaluated on")
      .Define("queries", "lam dong,ha noi,tuyen quang,phuong 1,xa tan",
              "search: comma-separated accent-free queries, picked at random")
      .Define("new_province_ids", "",
              "list_varied: provinces from 1/7/2025 (--province_ids: those before)")
      .Define("names_file", "",
              "search_varied: names, one per line; each query is 1 to 3 consecutive words of one")
      .Define("db_socket", "", "pk_select: Unix socket of the database (overrides host, port)")
      .Define("db_host", "127.0.0.1", "pk_select: database host")
      .Define("db_port", "3306", "pk_select: database port")
      .Define("db_user", "root", "pk_select: database user")
      .Define("db_password", "", "pk_select: database password")
      .Define("db_name", "registry", "pk_select: database (schema)")
      .Define("table", "organizations", "pk_select: table with a BIGINT primary key `id`")
      .Define("province", "", "plans scenarios: the province issuing the plans")
      .Define("units", "", "plans scenarios: comma-separated units of the province")
      .Define("unit", "", "tasks_of_unit, seed_plans: the unit whose tasks are listed")
      .Define("plans", "10000", "seed_plans: plans to create and issue")
      .Define("tasks_per_plan", "5", "seed_plans: tasks of each seeded plan")
      .Define("plan_id", "", "cascade: the plan whose compliance is asked")
      .Define("private_key", "", "reporting scenarios: PEM key the callers' tokens are signed with")
      .Define("registry", "", "seed_reporting: the registry, host:port")
      .Define("nation", "", "reporting scenarios: the nation's organisation id")
      .Define("communes", "", "seed_reporting: comma-separated communes, wards, special zones")
      .Define("units", "100000", "seed_reporting: reporting units to reach")
      .Define("reserve", "20", "seed_reporting, replica_visibility: units left unreported")
      .Define("units_file", "", "reporting scenarios: the reporting units, one id per line")
      .Define("obligation", "", "rollup, completeness, submit_burst: the obligation")
      .Define("period_key", "2026", "rollup, completeness, submit_burst: the period")
      .Define("roots", "", "rollup, completeness: comma-separated units rolled up, at random")
      .Define("attribute_to_successors", "false",
              "rollup: on today's tree, each unit under the one carrying its duties today")
      .Define("correction_rate", "20",
              "rollup_under_corrections: late corrections a second (3 writes each)")
      .Define("replica", "", "replica_visibility: the replica the roll-up is asked of");
  return config;
}

absl::StatusOr<std::vector<int64_t>> ParseIds(absl::string_view list, absl::string_view range) {
  std::vector<int64_t> ids;
  for (absl::string_view part : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(part, &id) || id <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("not an id: \"", part, "\""));
    }
    ids.push_back(id);
  }
  if (!range.empty()) {
    std::vector<absl::string_view> ends = absl::StrSplit(range, '-');
    int64_t first = 0;
    int64_t last = 0;
    if (ends.size() != 2 || !absl::SimpleAtoi(ends[0], &first) ||
        !absl::SimpleAtoi(ends[1], &last) || first <= 0 || last < first ||
        last - first > 100'000'000) {
      return absl::InvalidArgumentError(
          absl::StrCat("--id_range must be a-b with 0 < a <= b, got \"", range, "\""));
    }
    for (int64_t id = first; id <= last; ++id) ids.push_back(id);
  }
  return ids;
}

std::vector<int64_t> RequireIds(const Config& config, absl::string_view scenario,
                                absl::Status* status) {
  auto ids = ParseIds(config.Get("ids"), config.Get("id_range"));
  if (!ids.ok()) {
    *status = ids.status();
    return {};
  }
  if (ids->empty()) {
    *status = absl::InvalidArgumentError(
        absl::StrCat("--scenario=", scenario, " needs --ids or --id_range"));
  }
  return *std::move(ids);
}

int UsageError(absl::string_view message) {
  std::cerr << "thidua-bench: " << message << "\n";
  return kExitUsage;
}

// The plans scenarios and the seeding they need; nullopt when `scenario` is not one of them.
std::optional<int> RunPlans(const Config& config, Settings& settings, const std::string& target,
                            const std::string& token) {
  static const std::string kCreatePlan = "/thidua.plans.v1.Plans/CreatePlan";
  static const std::string kListTasks = "/thidua.plans.v1.Plans/ListTasks";
  static const std::string kCompliance = "/thidua.plans.v1.Plans/GetCascadeCompliance";
  const std::string& scenario = settings.scenario;
  if (scenario != "create_plan" && scenario != "tasks_of_unit" && scenario != "cascade" &&
      scenario != "seed_plans" && scenario != "seed_cascade") {
    return std::nullopt;
  }
  auto numbers = [&](const char* flag) { return ParseIds(config.Get(flag), ""); };
  auto province_id = numbers("province");
  auto units = numbers("units");
  auto unit = numbers("unit");
  auto plan_id = numbers("plan_id");
  for (const auto* ids : {&province_id, &units, &unit, &plan_id}) {
    if (!ids->ok()) return UsageError(ids->status().message());
  }
  Province province;
  if (!province_id->empty()) province.id = province_id->front();
  province.units = *units;
  const bool needs_province = scenario != "tasks_of_unit" && scenario != "cascade";
  if (needs_province && (province.id == 0 || province.units.empty())) {
    return UsageError(absl::StrCat("--scenario=", scenario, " needs --province and --units"));
  }
  const std::string bearer = absl::StrCat("Bearer ", token);
  std::vector<Observed> observed;
  if (scenario == "seed_plans" || scenario == "tasks_of_unit") {
    if (unit->empty()) return UsageError(absl::StrCat("--scenario=", scenario, " needs --unit"));
  }
  if (scenario == "seed_plans") {
    auto count = config.GetInt("plans", 1, 1'000'000);
    auto tasks = config.GetInt("tasks_per_plan", 1, 200);
    if (!count.ok() || !tasks.ok()) return UsageError("--plans and --tasks_per_plan are counts");
    auto seconds =
        SeedAssignedPlans(target, token, province, unit->front(), static_cast<int>(*count),
                          static_cast<int>(*tasks), settings.concurrency);
    if (!seconds.ok()) {
      std::cerr << "thidua-bench: seed_plans: " << seconds.status().message() << "\n";
      return kExitNoSuccess;
    }
    std::cout << absl::StrFormat("SEED scenario=seed_plans plans=%d seconds=%.1f\n", *count,
                                 *seconds);
    return 0;
  }
  if (scenario == "seed_cascade") {
    auto plan = SeedCascade(target, token, province, settings.concurrency);
    if (!plan.ok()) {
      std::cerr << "thidua-bench: seed_cascade: " << plan.status().message() << "\n";
      return kExitNoSuccess;
    }
    std::cout << "SEED scenario=seed_cascade plan_id=" << *plan << "\n";
    return 0;
  }
  if (scenario == "create_plan") {
    std::mt19937_64 random(2447);
    const plans_v1::Plan plan = LargePlan(province, random);
    observed = RunRpc<plans_v1::CreatePlanRequest>(
        settings, target, bearer, kCreatePlan,
        [&plan](std::mt19937_64& random, plans_v1::CreatePlanRequest& request) {
          // A new request id per call, as a portal retrying safely would send.
          request.set_request_id(absl::StrFormat("bench-%016x%016x", random(), random()));
          *request.mutable_plan() = plan;
        });
  } else if (scenario == "tasks_of_unit") {
    const int64_t listed = unit->front();
    observed = RunRpc<plans_v1::ListTasksRequest>(
        settings, target, bearer, kListTasks,
        [listed](std::mt19937_64&, plans_v1::ListTasksRequest& request) {
          request.set_assignee_organization_id(listed);
          request.set_page_size(100);
        });
  } else {
    if (plan_id->empty()) return UsageError("--scenario=cascade needs --plan_id");
    const std::optional<absl::CivilDay> as_of = ParseIso(config.Get("as_of"));
    if (!as_of) return UsageError("--as_of must be YYYY-MM-DD");
    const int64_t id = plan_id->front();
    const common::v1::Date date = ToProto(*as_of);
    observed = RunRpc<plans_v1::GetCascadeComplianceRequest>(
        settings, target, bearer, kCompliance,
        [id, date](std::mt19937_64&, plans_v1::GetCascadeComplianceRequest& request) {
          request.set_plan_id(id);
          *request.mutable_as_of() = date;
        });
  }
  return Report(settings, std::move(observed));
}

absl::StatusOr<std::vector<int64_t>> ReadIds(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<int64_t> ids;
  for (std::string line; std::getline(file, line);) {
    int64_t id = 0;
    if (line.empty()) continue;
    if (!absl::SimpleAtoi(line, &id) || id <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not an id: ", line));
    }
    ids.push_back(id);
  }
  return ids;
}

// The reporting scenarios and the seeding they need; nullopt when `scenario` is not one of them.
std::optional<int> RunReporting(const Config& config, Settings& settings, const std::string& target,
                                const std::string& token) {
  namespace rv1 = ::thidua::reporting::v1;
  static const std::string kGetRollup = "/thidua.reporting.v1.Reporting/GetRollup";
  static const std::string kCreateSubmission = "/thidua.reporting.v1.Reporting/CreateSubmission";
  const std::string& scenario = settings.scenario;
  if (scenario != "seed_reporting" && scenario != "rollup" && scenario != "completeness" &&
      scenario != "submit_burst" && scenario != "replica_visibility" &&
      scenario != "rollup_under_corrections") {
    return std::nullopt;
  }
  auto nation = ParseIds(config.Get("nation"), "");
  auto obligation = ParseIds(config.Get("obligation"), "");
  auto roots = ParseIds(config.Get("roots"), "");
  for (const auto* ids : {&nation, &obligation, &roots}) {
    if (!ids->ok()) return UsageError(ids->status().message());
  }
  const std::string bearer = absl::StrCat("Bearer ", token);
  const std::string period_key = config.Get("period_key");
  auto fail = [&](const absl::Status& status) {
    std::cerr << "thidua-bench: " << scenario << ": " << status.message() << "\n";
    return kExitNoSuccess;
  };
  if (scenario == "rollup" || scenario == "completeness") {
    if (obligation->empty() || roots->empty()) {
      return UsageError(absl::StrCat("--scenario=", scenario, " needs --obligation and --roots"));
    }
    const int64_t id = obligation->front();
    const bool figures = scenario == "rollup";
    const bool attribute = config.GetBool("attribute_to_successors");
    std::vector<Observed> observed =
        RunRpc<rv1::GetRollupRequest>(settings, target, bearer, kGetRollup,
                                      [&](std::mt19937_64& random, rv1::GetRollupRequest& request) {
                                        request.set_obligation_id(id);
                                        request.set_period_key(period_key);
                                        request.set_organization_id(Pick(random, *roots));
                                        request.set_attribute_to_successors(attribute);
                                        if (figures) {
                                          request.add_indicator_codes(kBenchIndicator);
                                        } else {
                                          request.set_view(rv1::ROLLUP_VIEW_COMPLETENESS);
                                        }
                                      });
    return Report(settings, std::move(observed));
  }
  auto tokens = TokenMinter::FromPemFile(config.Get("private_key"));
  if (!tokens.ok()) return UsageError(tokens.status().message());
  if (nation->empty()) return UsageError(absl::StrCat("--scenario=", scenario, " needs --nation"));
  ReportingTargets targets{config.Get("registry"), target, nation->front()};
  auto reserve = config.GetInt("reserve", 0, 1000);
  if (!reserve.ok()) return UsageError(reserve.status().message());
  if (scenario == "seed_reporting") {
    auto communes = ParseIds(config.Get("communes"), "");
    auto units = config.GetInt("units", 1, 10'000'000);
    if (!communes.ok()) return UsageError(communes.status().message());
    if (!units.ok()) return UsageError(units.status().message());
    if (communes->empty()) return UsageError("--scenario=seed_reporting needs --communes");
    const auto start = SteadyClock::now();
    auto seed = SeedReporting(targets, *tokens, *communes, static_cast<int>(*units),
                              static_cast<int>(*reserve), settings.concurrency);
    if (!seed.ok()) return fail(seed.status());
    std::ofstream file(config.Get("units_file"));
    for (int64_t unit : seed->units) file << unit << "\n";
    if (!file) return fail(absl::InternalError("cannot write --units_file"));
    std::cout << absl::StrFormat(
        "SEED scenario=seed_reporting units_obligation=%d communes_obligation=%d"
        " burst_obligation=%d units=%d seconds=%.1f\n",
        seed->units_obligation, seed->communes_obligation, seed->burst_obligation,
        seed->units.size(), std::chrono::duration<double>(SteadyClock::now() - start).count());
    return 0;
  }
  auto units = ReadIds(config.Get("units_file"));
  if (!units.ok()) return UsageError(units.status().message());
  if (obligation->empty()) {
    return UsageError(absl::StrCat("--scenario=", scenario, " needs --obligation"));
  }
  if (scenario == "rollup_under_corrections") {
    // The national roll-up while late corrections stream into its period: every call meets a
    // revision it has not read yet.
    auto rate = config.GetInt("correction_rate", 1, 10'000);
    if (!rate.ok()) return UsageError(rate.status().message());
    if (roots->empty()) return UsageError("--scenario=rollup_under_corrections needs --roots");
    const size_t reported = units->size() - std::min<size_t>(units->size(), *reserve);
    std::vector<int64_t> corrected(
        units->begin(),
        units->begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(reported, 5000)));
    const int64_t id = obligation->front();
    CorrectionStream stream(targets, *tokens, id, std::move(corrected), 4,
                            static_cast<double>(*rate));
    const auto start = SteadyClock::now();
    std::vector<Observed> observed =
        RunRpc<rv1::GetRollupRequest>(settings, target, bearer, kGetRollup,
                                      [&](std::mt19937_64& random, rv1::GetRollupRequest& request) {
                                        request.set_obligation_id(id);
                                        request.set_period_key(period_key);
                                        request.set_organization_id(Pick(random, *roots));
                                        request.add_indicator_codes(kBenchIndicator);
                                      });
    auto corrections = stream.Stop();
    if (!corrections.ok()) return fail(corrections.status());
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::cout << absl::StrFormat("CORRECTIONS count=%d per_s=%.1f writes_per_s=%.1f\n",
                                 *corrections, *corrections / seconds, 3 * *corrections / seconds);
    return Report(settings, std::move(observed));
  }
  if (scenario == "replica_visibility") {
    const size_t reserved = std::min<size_t>(units->size(), static_cast<size_t>(*reserve));
    const std::vector<int64_t> tail(units->end() - static_cast<std::ptrdiff_t>(reserved),
                                    units->end());
    auto delays = MeasureReplicaVisibility(targets, config.Get("replica"), *tokens,
                                           obligation->front(), tail);
    if (!delays.ok()) return fail(delays.status());
    if (delays->empty()) return fail(absl::FailedPreconditionError("no reserved unit"));
    std::sort(delays->begin(), delays->end());
    std::cout << absl::StrFormat(
        "BENCH scenario=replica_visibility samples=%d p50_ms=%.1f max_ms=%.1f\n", delays->size(),
        (*delays)[(delays->size() - 1) / 2], delays->back());
    return 0;
  }
  // submit_burst: every unit's report of the period, created and submitted in one call by the
  // unit's own staff, as apps send them on the deadline day; each unit once.
  auto bearers = tokens->Reporters(*units);
  if (!bearers.ok()) return fail(bearers.status());
  const int64_t id = obligation->front();
  std::atomic<size_t> next{0};
  std::vector<Observed> observed = RunRpc<rv1::CreateSubmissionRequest>(
      settings, target, "", kCreateSubmission,
      [&](std::mt19937_64& random, rv1::CreateSubmissionRequest& request) {
        const int64_t unit = (*units)[next++ % units->size()];
        *request.mutable_submission() = BenchReport(id, period_key, unit, random);
        request.set_submit(true);
      },
      [&](const rv1::CreateSubmissionRequest& request) -> const std::string& {
        return bearers->at(request.submission().organization_id());
      });
  return Report(settings, std::move(observed));
}

int Main(int argc, char** argv) {
  // The load generator shares the cores with the servers it measures: as little CPU as it can.
  server::SkipMutexDeadlockDetectionInRelease();
  Config config = Flags();
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    std::cerr << s.message() << "\n";
    return s.code() == absl::StatusCode::kFailedPrecondition ? 0 : kExitUsage;
  }
  Settings settings;
  settings.scenario = config.Get("scenario");
  auto concurrency = config.GetInt("concurrency", 1, 4096);
  auto duration = config.GetInt("duration_s", 1, 86400);
  auto warmup = config.GetInt("warmup_s", 0, 3600);
  auto cq_threads = config.GetInt("cq_threads", 1, 64);
  auto channels = config.GetInt("channels", 0, 4096);
  auto deadline = config.GetInt("deadline_ms", 1, 3'600'000);
  auto db_port = config.GetInt("db_port", 1, 65535);
  for (const auto* v :
       {&concurrency, &duration, &warmup, &cq_threads, &channels, &deadline, &db_port}) {
    if (!v->ok()) return UsageError(v->status().message());
  }
  settings.concurrency = static_cast<int>(*concurrency);
  settings.duration_s = static_cast<int>(*duration);
  settings.warmup_s = static_cast<int>(*warmup);
  settings.cq_threads = static_cast<int>(std::min(*cq_threads, *concurrency));
  settings.channels = *channels > 0 ? static_cast<int>(std::min(*channels, *concurrency))
                                    : (settings.concurrency + 3) / 4;
  settings.deadline_ms = static_cast<int>(*deadline);

  const std::string target = config.Get("target");
  const std::string token = config.Get("token");
  const std::string bearer = token.empty() ? "" : absl::StrCat("Bearer ", token);
  absl::Status status;
  std::vector<Observed> observed;
  using registry_v1::ListOrganizationsRequest;
  static const std::string kPing = "/thidua.bench.v1.Echo/Ping";
  static const std::string kGetOrganization = "/thidua.registry.v1.Registry/GetOrganization";
  static const std::string kListOrganizations = "/thidua.registry.v1.Registry/ListOrganizations";

  if (auto exit_code = RunPlans(config, settings, target, token)) return *exit_code;
  if (auto exit_code = RunReporting(config, settings, target, token)) return *exit_code;
  if (settings.scenario == "empty") {
    observed = RunRpc<bench_v1::PingRequest>(settings, target, bearer, kPing,
                                             [](std::mt19937_64&, bench_v1::PingRequest&) {});
  } else if (settings.scenario == "get") {
    const std::vector<int64_t> ids = RequireIds(config, "get", &status);
    if (!status.ok()) return UsageError(status.message());
    observed = RunRpc<registry_v1::GetOrganizationRequest>(
        settings, target, bearer, kGetOrganization,
        [&ids](std::mt19937_64& random, registry_v1::GetOrganizationRequest& request) {
          request.set_id(Pick(random, ids));
        });
  } else if (settings.scenario == "list") {
    auto provinces = ParseIds(config.Get("province_ids"), "");
    if (!provinces.ok()) return UsageError(provinces.status().message());
    if (provinces->empty()) return UsageError("--scenario=list needs --province_ids");
    const std::optional<absl::CivilDay> as_of = ParseIso(config.Get("as_of"));
    if (!as_of) return UsageError("--as_of must be YYYY-MM-DD");
    const common::v1::Date date = ToProto(*as_of);
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&provinces, date](std::mt19937_64& random, ListOrganizationsRequest& request) {
          request.set_ancestor_id(Pick(random, *provinces));
          for (auto kind : {registry_v1::COMMUNE, registry_v1::WARD, registry_v1::TOWNSHIP,
                            registry_v1::SPECIAL_ZONE}) {
            request.add_kinds(kind);
          }
          *request.mutable_as_of() = date;
          request.set_page_size(100);
        });
  } else if (settings.scenario == "search") {
    std::vector<std::string> queries =
        absl::StrSplit(config.Get("queries"), ',', absl::SkipWhitespace());
    if (queries.empty()) return UsageError("--scenario=search needs --queries");
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&queries](std::mt19937_64& random, ListOrganizationsRequest& request) {
          request.set_query(Pick(random, queries));
          request.set_page_size(20);
        });
  } else if (settings.scenario == "list_varied") {
    // What portals ask over a day: any province, any date since 2020 (the 63 provinces before
    // 1/7/2025, the 34 after), any mix of commune-level kinds, any page size. Almost no two
    // requests repeat, so the response cache cannot answer them.
    auto old_provinces = ParseIds(config.Get("province_ids"), "");
    auto new_provinces = ParseIds(config.Get("new_province_ids"), "");
    if (!old_provinces.ok()) return UsageError(old_provinces.status().message());
    if (!new_provinces.ok()) return UsageError(new_provinces.status().message());
    if (old_provinces->empty() || new_provinces->empty()) {
      return UsageError("--scenario=list_varied needs --province_ids and --new_province_ids");
    }
    const absl::CivilDay first(2020, 1, 1);
    const absl::CivilDay last(2026, 11, 30);
    const absl::CivilDay reform(2025, 7, 1);
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&](std::mt19937_64& random, ListOrganizationsRequest& request) {
          const absl::CivilDay day =
              first + std::uniform_int_distribution<int>(0, static_cast<int>(last - first))(random);
          request.set_ancestor_id(Pick(random, day < reform ? *old_provinces : *new_provinces));
          const std::vector<registry_v1::OrganizationKind> kinds = {
              registry_v1::COMMUNE, registry_v1::WARD, registry_v1::TOWNSHIP,
              registry_v1::SPECIAL_ZONE};
          const int mask = std::uniform_int_distribution<int>(1, 15)(random);
          for (size_t k = 0; k < kinds.size(); ++k) {
            if (mask & (1 << k)) request.add_kinds(kinds[k]);
          }
          *request.mutable_as_of() = ToProto(day);
          request.set_page_size(Pick(random, std::vector<int>{20, 50, 100}));
        });
  } else if (settings.scenario == "search_varied") {
    const absl::CivilDay first(2020, 1, 1);
    const absl::CivilDay last(2026, 11, 30);
    // Searches people type: one to three consecutive words of a real unit's name, with or without
    // accents as the names file has them, over the whole registry.
    std::ifstream file(config.Get("names_file"));
    std::vector<std::vector<std::string>> names;
    for (std::string line; std::getline(file, line);) {
      std::vector<std::string> words;
      for (absl::string_view word : absl::StrSplit(line, ' ', absl::SkipWhitespace())) {
        // A dash between two names is no word to search for; letters beyond ASCII are kept.
        if (std::any_of(word.begin(), word.end(), [](char c) {
              return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                     static_cast<unsigned char>(c) >= 0x80;
            })) {
          words.emplace_back(word);
        }
      }
      if (!words.empty()) names.push_back(std::move(words));
    }
    if (names.empty()) return UsageError("--scenario=search_varied needs a --names_file");
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&](std::mt19937_64& random, ListOrganizationsRequest& request) {
          const std::vector<std::string>& words = Pick(random, names);
          const size_t length =
              std::uniform_int_distribution<size_t>(1, std::min<size_t>(3, words.size()))(random);
          const size_t start =
              std::uniform_int_distribution<size_t>(0, words.size() - length)(random);
          request.set_query(
              absl::StrJoin(words.begin() + start, words.begin() + start + length, " "));
          // As of any day since 2020: names are searched as they stood then, too.
          *request.mutable_as_of() =
              ToProto(first + std::uniform_int_distribution<int>(
                                  0, static_cast<int>(last - first))(random));
          request.set_page_size(Pick(random, std::vector<int>{10, 20, 50}));
        });
  } else if (settings.scenario == "raw_insert") {
    DbSettings db{config.Get("db_socket"),
                  config.Get("db_host"),
                  static_cast<int>(*db_port),
                  config.Get("db_user"),
                  config.Get("db_password"),
                  config.Get("db_name"),
                  ""};
    auto inserts = RunInserts(settings, db, kBenchFigures);
    if (!inserts.ok()) {
      std::cerr << "thidua-bench: " << inserts.status().message() << "\n";
      return kExitNoSuccess;
    }
    observed = *std::move(inserts);
  } else if (settings.scenario == "pk_select") {
    const std::vector<int64_t> ids = RequireIds(config, "pk_select", &status);
    if (!status.ok()) return UsageError(status.message());
    DbSettings db{config.Get("db_socket"), config.Get("db_host"),     static_cast<int>(*db_port),
                  config.Get("db_user"),   config.Get("db_password"), config.Get("db_name"),
                  config.Get("table")};
    // The table name is spliced into the SQL, so only plain identifiers are accepted.
    if (db.table.empty() || !std::all_of(db.table.begin(), db.table.end(), [](char c) {
          return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
        })) {
      return UsageError("--table must be a plain table name");
    }
    auto selects = RunSelects(settings, db, ids);
    if (!selects.ok()) {
      std::cerr << "thidua-bench: " << selects.status().message() << "\n";
      return kExitNoSuccess;
    }
    observed = *std::move(selects);
  } else {
    return UsageError(absl::StrCat("unknown --scenario=\"", settings.scenario,
                                   "\"; expected one of --help's scenarios"));
  }
  return Report(settings, std::move(observed));
}

}  // namespace
}  // namespace thidua::bench

int main(int argc, char** argv) { return thidua::bench::Main(argc, argv); }
