#pragma once
// The reporting scenarios: the national data they need, entered through the public APIs as the
// provinces and their units would (residential areas in the registry, reports submitted by each
// unit's own staff and accepted by the recipient), and the requests they send.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/auth/jwt.h"
#include "thidua/reporting/v1/reporting.pb.h"

namespace thidua::bench {

// Signs the tokens of the bench's callers: the nation's staff and every reporting unit's own.
class TokenMinter {
 public:
  static absl::StatusOr<TokenMinter> FromPemFile(const std::string& path);
  // "Bearer <JWT>" of a caller of `organization` with `roles`, valid for four hours.
  absl::StatusOr<std::string> Bearer(int64_t organization, const std::vector<std::string>& roles,
                                     const std::string& subject) const;
  // The reporters of each unit.
  absl::StatusOr<absl::flat_hash_map<int64_t, std::string>> Reporters(
      const std::vector<int64_t>& units) const;

 private:
  explicit TokenMinter(std::shared_ptr<auth::JwtSigner> signer) : signer_(std::move(signer)) {}
  std::shared_ptr<auth::JwtSigner> signer_;
};

struct ReportingTargets {
  std::string registry;   // host:port
  std::string reporting;  // host:port
  int64_t nation = 0;
};

// The bench's template has this many COUNT rows (BENCH.CT01 ... BENCH.CT30), the figures a
// deadline-day report carries.
inline constexpr int kBenchFigures = 30;
inline constexpr char kBenchIndicator[] = "BENCH.CT01";

// What SeedReporting entered.
struct ReportingSeed {
  int64_t units_obligation = 0;     // yearly, every reporting unit of the nation, period "2026"
  int64_t communes_obligation = 0;  // yearly, the communes, wards and special zones
  int64_t burst_obligation = 0;     // monthly, every reporting unit ("2026-M01" ... "2026-M12")
  std::vector<int64_t> units;       // every reporting unit
  std::vector<int64_t> reserved;    // units left without a report of units_obligation
};

// Adds residential areas under `communes` (the communes, wards and special zones of 2026) until
// the reporting units number `units`; the bench catalogue (30 counts and a template); the three
// obligations, all addressed to the nation; the accepted reports of every unit but `reserve` for
// units_obligation; and for communes_obligation, accepted reports of 7 in 10 communes and
// reports waiting for review from 1 in 10. On `threads` connections.
absl::StatusOr<ReportingSeed> SeedReporting(const ReportingTargets& targets,
                                            const TokenMinter& tokens,
                                            const std::vector<int64_t>& communes, int units,
                                            int reserve, int threads);

// A report of the bench's template by `unit`: 30 whole figures from 0 to 50.
reporting::v1::Submission BenchReport(int64_t obligation, const std::string& period_key,
                                      int64_t unit, std::mt19937_64& random);

// For each of `units` in turn: its report is submitted and accepted on the replica `targets`
// names, and the national roll-up of kBenchIndicator is asked of the replica `other` until it
// counts it. The milliseconds from the acceptance's answer to the first roll-up that shows it.
absl::StatusOr<std::vector<double>> MeasureReplicaVisibility(const ReportingTargets& targets,
                                                             const std::string& other,
                                                             const TokenMinter& tokens,
                                                             int64_t obligation,
                                                             const std::vector<int64_t>& units);

// Late corrections streaming into one period while roll-ups are measured: `threads` threads each
// take the next of `units` (accepted reports of `obligation`, period "2026"), reopen its report
// (the reviewer), send it again (its reporter) and accept it (the reviewer), three writes to the
// period, paced to `cycles_per_second` in all. Runs from construction until Stop().
class CorrectionStream {
 public:
  CorrectionStream(const ReportingTargets& targets, const TokenMinter& tokens, int64_t obligation,
                   std::vector<int64_t> units, int threads, double cycles_per_second);
  ~CorrectionStream();
  // Stops the threads; the corrections completed and the first error, if any.
  absl::StatusOr<int64_t> Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace thidua::bench
