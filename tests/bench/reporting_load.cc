#include "tests/bench/reporting_load.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/bench/load.h"
#include "thidua/registry/v1/registry.grpc.pb.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::bench {
namespace {

namespace rv1 = ::thidua::reporting::v1;
namespace registry_v1 = ::thidua::registry::v1;
using SteadyClock = std::chrono::steady_clock;

// One call with its bearer and a deadline, tried again (as an app would, with the same request)
// while the server answers ABORTED or UNAVAILABLE, up to 10 times. (Seeding 96,679 units through
// the registry from 16 clients meets about one deadlock in ten creates.)
template <typename Rpc>
absl::Status Call(const std::string& what, const std::string& bearer, Rpc rpc) {
  grpc::Status status;
  for (int attempt = 1; attempt <= 10; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", bearer);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    status = rpc(&context);
    if (status.error_code() != grpc::StatusCode::ABORTED &&
        status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
  }
  if (status.ok()) return absl::OkStatus();
  return absl::UnknownError(absl::StrCat(what, ": ", status.error_message()));
}

std::shared_ptr<grpc::Channel> Channel(const std::string& target, int index) {
  grpc::ChannelArguments args;
  // One connection per thread, as many clients would have.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("thidua.bench.channel", index);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

void SetDay(thidua::common::v1::Date* date, int y, int m, int d) {
  date->set_year(y);
  date->set_month(m);
  date->set_day(d);
}

std::string Code(int i) { return absl::StrFormat("BENCH.CT%02d", i + 1); }

// The reporting units of 2026 with `per_commune` residential areas under each commune (a few
// more under the first ones to reach `units`).
absl::StatusOr<std::vector<int64_t>> AddResidentialAreas(const ReportingTargets& targets,
                                                         const std::string& admin,
                                                         const std::vector<int64_t>& communes,
                                                         int units, int threads) {
  std::vector<int64_t> all = communes;
  const int areas = std::max(0, units - static_cast<int>(communes.size()));
  if (areas == 0) return all;
  std::vector<std::unique_ptr<registry_v1::Registry::Stub>> stubs;
  for (int t = 0; t < threads; ++t) {
    stubs.push_back(registry_v1::Registry::NewStub(Channel(targets.registry, t)));
  }
  std::vector<int64_t> created(static_cast<size_t>(areas));
  absl::Status status = Parallel(areas, threads, [&](int i, int thread) -> absl::Status {
    const int64_t commune = communes[static_cast<size_t>(i) % communes.size()];
    registry_v1::CreateOrganizationRequest request;
    request.set_request_id(absl::StrCat("bench-area-", i));
    auto* o = request.mutable_organization();
    o->set_display_name(
        absl::StrCat("Tổ dân phố số ", i / communes.size() + 1, " (thử nghiệm hiệu năng)"));
    o->set_kind(registry_v1::RESIDENTIAL_AREA);
    o->set_parent_id(commune);
    SetDay(o->mutable_valid_from(), 2025, 7, 1);
    registry_v1::Organization out;
    absl::Status s = Call("CreateOrganization", admin, [&](grpc::ClientContext* c) {
      return stubs[static_cast<size_t>(thread)]->CreateOrganization(c, request, &out);
    });
    created[static_cast<size_t>(i)] = out.id();
    return s;
  });
  if (!status.ok()) return status;
  all.insert(all.end(), created.begin(), created.end());
  return all;
}

absl::StatusOr<int64_t> CreateObligation(rv1::Reporting::Stub& stub, const std::string& designer,
                                         const ReportingTargets& targets, int64_t template_id,
                                         const std::string& name, bool residential_areas,
                                         rv1::PeriodKind kind) {
  rv1::CreateObligationRequest request;
  request.set_request_id(absl::StrCat("bench-obligation-", name));
  auto* o = request.mutable_obligation();
  o->set_display_name(absl::StrCat("Báo cáo thử nghiệm hiệu năng: ", name));
  o->set_issuer_organization_id(targets.nation);
  o->set_template_id(template_id);
  o->set_recipient_organization_id(targets.nation);
  auto* kinds = o->mutable_reporters()->mutable_kinds();
  kinds->set_scope_organization_id(targets.nation);
  for (auto k : {registry_v1::COMMUNE, registry_v1::WARD, registry_v1::SPECIAL_ZONE}) {
    kinds->add_kinds(k);
  }
  if (residential_areas) kinds->add_kinds(registry_v1::RESIDENTIAL_AREA);
  o->mutable_period()->set_kind(kind);
  if (kind == rv1::YEARLY) {
    // The movement's year, 15/11 → 14/11, reported before 15/11 (seed 001).
    o->mutable_period()->set_window_start_day(15);
    o->mutable_period()->set_window_start_month(11);
    o->mutable_deadline()->mutable_day_of_month()->set_day(15);
    o->mutable_deadline()->set_before(true);
  } else {
    // Calendar months, reported by the 5th of the next month.
    o->mutable_period()->set_window_start_day(1);
    o->mutable_period()->set_window_start_month(1);
    o->mutable_deadline()->mutable_day_of_month()->set_day(5);
    o->mutable_deadline()->mutable_day_of_month()->set_month_offset(1);
  }
  o->set_first_year(2026);
  o->set_last_year(2026);
  rv1::Obligation out;
  absl::Status s = Call("CreateObligation", designer, [&](grpc::ClientContext* c) {
    return stub.CreateObligation(c, request, &out);
  });
  if (!s.ok()) return s;
  return out.id();
}

// The bench's 30 counts and the template of them.
absl::StatusOr<int64_t> CreateTemplate(rv1::Reporting::Stub& stub, const std::string& designer) {
  for (int i = 0; i < kBenchFigures; ++i) {
    rv1::CreateIndicatorRequest request;
    auto* indicator = request.mutable_indicator();
    indicator->set_code(Code(i));
    indicator->set_display_name(absl::StrCat("Chỉ tiêu thử nghiệm hiệu năng số ", i + 1));
    indicator->set_value_type(rv1::COUNT);
    indicator->set_aggregation(rv1::SUM);
    rv1::Indicator out;
    absl::Status s = Call("CreateIndicator", designer, [&](grpc::ClientContext* c) {
      return stub.CreateIndicator(c, request, &out);
    });
    if (!s.ok()) return s;
  }
  rv1::CreateTemplateRequest request;
  auto* t = request.mutable_template_();
  t->set_code("BENCH.BC_30");
  t->set_display_name("Mẫu báo cáo thử nghiệm hiệu năng (30 chỉ tiêu)");
  for (int i = 0; i < kBenchFigures; ++i) {
    auto* row = t->add_rows();
    row->set_indicator_code(Code(i));
    row->set_required(i == 0);
    row->set_heading("I. Kết quả");
  }
  rv1::Template out;
  absl::Status s = Call("CreateTemplate", designer, [&](grpc::ClientContext* c) {
    return stub.CreateTemplate(c, request, &out);
  });
  if (!s.ok()) return s;
  return out.id();
}

std::string ClientId(std::mt19937_64& random) {
  const uint64_t a = random();
  const uint64_t b = random();
  return absl::StrFormat("%08x-%04x-4%03x-8%03x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                         b >> 52, b & 0xffffffffffffULL);
}

// Submits each unit's report of `period_key` and accepts `accept_share` of them (in tenths).
absl::Status SubmitAndAccept(const std::string& target, const TokenMinter& tokens,
                             const std::string& reviewer, int64_t obligation,
                             const std::vector<int64_t>& units, int accept_tenths,
                             int submit_tenths, int threads) {
  std::vector<std::unique_ptr<rv1::Reporting::Stub>> stubs;
  for (int t = 0; t < threads; ++t) stubs.push_back(rv1::Reporting::NewStub(Channel(target, t)));
  return Parallel(static_cast<int>(units.size()), threads, [&](int i, int thread) -> absl::Status {
    if (i % 10 >= submit_tenths) return absl::OkStatus();
    const int64_t unit = units[static_cast<size_t>(i)];
    std::mt19937_64 random(static_cast<uint64_t>(unit) * 7919 + static_cast<uint64_t>(obligation));
    auto reporter = tokens.Bearer(unit, {"reporting-reporter"}, absl::StrCat("reporter-", unit));
    if (!reporter.ok()) return reporter.status();
    rv1::CreateSubmissionRequest create;
    *create.mutable_submission() = BenchReport(obligation, "2026", unit, random);
    create.set_submit(true);
    rv1::Submission sent;
    auto& stub = *stubs[static_cast<size_t>(thread)];
    absl::Status s = Call("CreateSubmission", *reporter, [&](grpc::ClientContext* c) {
      return stub.CreateSubmission(c, create, &sent);
    });
    if (!s.ok() || i % 10 >= accept_tenths) return s;
    rv1::AcceptSubmissionRequest accept;
    accept.set_id(sent.id());
    accept.set_etag(sent.etag());
    accept.set_request_id(absl::StrCat("bench-accept-", sent.id()));
    rv1::Submission accepted;
    return Call("AcceptSubmission", reviewer, [&](grpc::ClientContext* c) {
      return stub.AcceptSubmission(c, accept, &accepted);
    });
  });
}

}  // namespace

absl::StatusOr<TokenMinter> TokenMinter::FromPemFile(const std::string& path) {
  auto signer = auth::JwtSigner::FromPemFile(path);
  if (!signer.ok()) return signer.status();
  return TokenMinter(std::shared_ptr<auth::JwtSigner>(*std::move(signer)));
}

absl::StatusOr<std::string> TokenMinter::Bearer(int64_t organization,
                                                const std::vector<std::string>& roles,
                                                const std::string& subject) const {
  auth::JwtClaims claims;
  claims.issuer = "thidua-dev";
  claims.audience = "thidua";
  claims.subject = subject;
  claims.organization_id = organization;
  claims.roles = roles;
  claims.issued_at = absl::Now();
  claims.expires = claims.issued_at + absl::Hours(4);
  auto token = signer_->Sign(claims);
  if (!token.ok()) return token.status();
  return absl::StrCat("Bearer ", *token);
}

absl::StatusOr<absl::flat_hash_map<int64_t, std::string>> TokenMinter::Reporters(
    const std::vector<int64_t>& units) const {
  absl::flat_hash_map<int64_t, std::string> out;
  out.reserve(units.size());
  for (int64_t unit : units) {
    auto bearer = Bearer(unit, {"reporting-reporter"}, absl::StrCat("reporter-", unit));
    if (!bearer.ok()) return bearer.status();
    out[unit] = *std::move(bearer);
  }
  return out;
}

rv1::Submission BenchReport(int64_t obligation, const std::string& period_key, int64_t unit,
                            std::mt19937_64& random) {
  rv1::Submission s;
  s.set_client_id(ClientId(random));
  s.set_obligation_id(obligation);
  s.set_period_key(period_key);
  s.set_organization_id(unit);
  for (int i = 0; i < kBenchFigures; ++i) {
    auto* f = s.add_figures();
    f->set_indicator_code(Code(i));
    f->mutable_number()->set_value(absl::StrCat(random() % 51));
  }
  return s;
}

absl::StatusOr<ReportingSeed> SeedReporting(const ReportingTargets& targets,
                                            const TokenMinter& tokens,
                                            const std::vector<int64_t>& communes, int units,
                                            int reserve, int threads) {
  auto admin = tokens.Bearer(targets.nation, {"registry-admin"}, "bench-registry");
  auto designer = tokens.Bearer(targets.nation, {"reporting-designer"}, "bench-designer");
  auto reviewer = tokens.Bearer(targets.nation, {"reporting-reviewer"}, "bench-reviewer");
  for (const auto* t : {&admin, &designer, &reviewer}) {
    if (!t->ok()) return t->status();
  }
  ReportingSeed seed;
  auto all = AddResidentialAreas(targets, *admin, communes, units, threads);
  if (!all.ok()) return all.status();
  seed.units = *std::move(all);
  auto stub = rv1::Reporting::NewStub(Channel(targets.reporting, 0));
  auto template_id = CreateTemplate(*stub, *designer);
  if (!template_id.ok()) return template_id.status();
  auto units_obligation = CreateObligation(*stub, *designer, targets, *template_id,
                                           "mọi đơn vị, hằng năm", true, rv1::YEARLY);
  auto communes_obligation = CreateObligation(*stub, *designer, targets, *template_id,
                                              "cấp xã, hằng năm", false, rv1::YEARLY);
  auto burst_obligation = CreateObligation(*stub, *designer, targets, *template_id,
                                           "mọi đơn vị, hằng tháng", true, rv1::MONTHLY);
  for (const auto* o : {&units_obligation, &communes_obligation, &burst_obligation}) {
    if (!o->ok()) return o->status();
  }
  seed.units_obligation = *units_obligation;
  seed.communes_obligation = *communes_obligation;
  seed.burst_obligation = *burst_obligation;
  const size_t reported = seed.units.size() - std::min<size_t>(seed.units.size(), reserve);
  seed.reserved.assign(seed.units.begin() + static_cast<std::ptrdiff_t>(reported),
                       seed.units.end());
  const std::vector<int64_t> reporting_units(
      seed.units.begin(), seed.units.begin() + static_cast<std::ptrdiff_t>(reported));
  if (absl::Status s = SubmitAndAccept(targets.reporting, tokens, *reviewer, seed.units_obligation,
                                       reporting_units, 10, 10, threads);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SubmitAndAccept(targets.reporting, tokens, *reviewer,
                                       seed.communes_obligation, communes, 7, 8, threads);
      !s.ok()) {
    return s;
  }
  return seed;
}

absl::StatusOr<std::vector<double>> MeasureReplicaVisibility(const ReportingTargets& targets,
                                                             const std::string& other,
                                                             const TokenMinter& tokens,
                                                             int64_t obligation,
                                                             const std::vector<int64_t>& units) {
  auto reviewer = tokens.Bearer(targets.nation, {"reporting-reviewer"}, "bench-reviewer");
  if (!reviewer.ok()) return reviewer.status();
  auto writer = rv1::Reporting::NewStub(Channel(targets.reporting, 0));
  auto reader = rv1::Reporting::NewStub(Channel(other, 1));
  rv1::GetRollupRequest ask;
  ask.set_obligation_id(obligation);
  ask.set_period_key("2026");
  ask.set_organization_id(targets.nation);
  ask.add_indicator_codes(kBenchIndicator);
  auto accepted_now = [&]() -> absl::StatusOr<int> {
    rv1::Rollup rollup;
    absl::Status s = Call("GetRollup", *reviewer, [&](grpc::ClientContext* c) {
      return reader->GetRollup(c, ask, &rollup);
    });
    if (!s.ok()) return s;
    return rollup.total().completeness().accepted();
  };
  std::vector<double> delays;
  std::mt19937_64 random(31);
  for (int64_t unit : units) {
    auto before = accepted_now();  // the other replica has read the period as it stands
    if (!before.ok()) return before.status();
    auto reporter = tokens.Bearer(unit, {"reporting-reporter"}, absl::StrCat("reporter-", unit));
    if (!reporter.ok()) return reporter.status();
    rv1::CreateSubmissionRequest create;
    *create.mutable_submission() = BenchReport(obligation, "2026", unit, random);
    create.set_submit(true);
    rv1::Submission sent, accepted;
    absl::Status s = Call("CreateSubmission", *reporter, [&](grpc::ClientContext* c) {
      return writer->CreateSubmission(c, create, &sent);
    });
    if (!s.ok()) return s;
    rv1::AcceptSubmissionRequest accept;
    accept.set_id(sent.id());
    accept.set_etag(sent.etag());
    s = Call("AcceptSubmission", *reviewer, [&](grpc::ClientContext* c) {
      return writer->AcceptSubmission(c, accept, &accepted);
    });
    if (!s.ok()) return s;
    const SteadyClock::time_point answered = SteadyClock::now();
    while (true) {
      auto now_accepted = accepted_now();
      if (!now_accepted.ok()) return now_accepted.status();
      const double ms =
          std::chrono::duration<double, std::milli>(SteadyClock::now() - answered).count();
      if (*now_accepted > *before) {
        delays.push_back(ms);
        break;
      }
      if (ms > 10'000) return absl::DeadlineExceededError("not visible on the replica in 10 s");
    }
  }
  return delays;
}

struct CorrectionStream::State {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0};
  std::atomic<size_t> next{0};
  absl::Mutex mu;
  absl::Status first_error ABSL_GUARDED_BY(mu);
  std::vector<std::thread> threads;
};

CorrectionStream::CorrectionStream(const ReportingTargets& targets, const TokenMinter& tokens,
                                   int64_t obligation, std::vector<int64_t> units, int threads,
                                   double cycles_per_second)
    : state_(std::make_unique<State>()) {
  auto reviewer = tokens.Bearer(targets.nation, {"reporting-reviewer"}, "bench-corrector");
  auto reporters = tokens.Reporters(units);
  if (!reviewer.ok() || !reporters.ok() || units.empty()) {
    absl::MutexLock lock(&state_->mu);
    state_->first_error = !reviewer.ok()    ? reviewer.status()
                          : !reporters.ok() ? reporters.status()
                                            : absl::FailedPreconditionError("no unit to correct");
    return;
  }
  // Each thread keeps to its share of the rate: one cycle every `threads / rate` seconds.
  const auto period = std::chrono::duration<double>(threads / cycles_per_second);
  for (int t = 0; t < threads; ++t) {
    state_->threads.emplace_back([this, t, period, obligation, units, reviewer = *reviewer,
                                  reporters = *reporters, target = targets.reporting] {
      State& st = *state_;
      auto stub = rv1::Reporting::NewStub(Channel(target, 100 + t));
      auto fail = [&](const absl::Status& s) {
        absl::MutexLock lock(&st.mu);
        if (st.first_error.ok()) st.first_error = s;
      };
      auto next_start = SteadyClock::now();
      while (!st.stop.load()) {
        std::this_thread::sleep_until(next_start);
        next_start += std::chrono::duration_cast<SteadyClock::duration>(period);
        const int64_t unit = units[st.next++ % units.size()];
        const std::string& reporter = reporters.at(unit);
        rv1::ListSubmissionsRequest find;
        find.set_organization_id(unit);
        find.set_obligation_id(obligation);
        find.set_period_key("2026");
        rv1::ListSubmissionsResponse found;
        absl::Status s = Call("ListSubmissions", reporter, [&](grpc::ClientContext* c) {
          return stub->ListSubmissions(c, find, &found);
        });
        if (s.ok() && found.submissions_size() != 1)
          s = absl::NotFoundError("no report to correct");
        if (!s.ok()) return fail(s);
        rv1::Submission report = found.submissions(0);
        if (report.state() == rv1::ACCEPTED) {
          rv1::ReopenSubmissionRequest reopen;
          reopen.set_id(report.id());
          reopen.set_etag(report.etag());
          reopen.set_reason("Bench: late correction");
          s = Call("ReopenSubmission", reviewer, [&](grpc::ClientContext* c) {
            return stub->ReopenSubmission(c, reopen, &report);
          });
          if (!s.ok()) return fail(s);
        }
        if (report.state() == rv1::DRAFT) {
          rv1::SubmitSubmissionRequest submit;
          submit.set_id(report.id());
          submit.set_etag(report.etag());
          s = Call("SubmitSubmission", reporter, [&](grpc::ClientContext* c) {
            return stub->SubmitSubmission(c, submit, &report);
          });
          if (!s.ok()) return fail(s);
        }
        rv1::AcceptSubmissionRequest accept;
        accept.set_id(report.id());
        accept.set_etag(report.etag());
        s = Call("AcceptSubmission", reviewer, [&](grpc::ClientContext* c) {
          return stub->AcceptSubmission(c, accept, &report);
        });
        if (!s.ok()) return fail(s);
        ++st.done;
      }
    });
  }
}

CorrectionStream::~CorrectionStream() { (void)Stop(); }

absl::StatusOr<int64_t> CorrectionStream::Stop() {
  state_->stop = true;
  for (auto& t : state_->threads) {
    if (t.joinable()) t.join();
  }
  absl::MutexLock lock(&state_->mu);
  if (!state_->first_error.ok()) return state_->first_error;
  return state_->done.load();
}

}  // namespace thidua::bench
