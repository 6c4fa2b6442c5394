#pragma once
// How other services (reporting) ask the plans service about plans, on behalf of the call they
// serve: each call carries the caller's own token, so plans applies the caller's rights (an
// unknown plan and one the caller may not read are the same PERMISSION_DENIED, AIP-211), and ends
// by the caller's deadline or `timeout`. Plans down or slow: UNAVAILABLE (PLANS_UNAVAILABLE),
// bilingual, never a hang. Nothing is cached: plans are asked when an obligation names a task
// and when a target's progress is asked, both rare.

#include <grpcpp/channel.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/config.h"
#include "common/server/call.h"
#include "thidua/plans/v1/plans.grpc.pb.h"

namespace thidua {

class PlansClient {
 public:
  explicit PlansClient(std::shared_ptr<grpc::Channel> channel,
                       absl::Duration timeout = absl::Seconds(2));

  // The current version of a plan, whole (tasks and targets).
  absl::StatusOr<plans::v1::Plan> GetPlan(const server::Call& call, int64_t plan_id);
  // The units a plan's target is measured over on `as_of`.
  absl::StatusOr<plans::v1::TargetPopulation> TargetPopulation(const server::Call& call,
                                                               int64_t plan_id, int64_t target_id,
                                                               absl::CivilDay as_of);

 private:
  std::unique_ptr<plans::v1::Plans::Stub> stub_;
  absl::Duration timeout_;
};

// --plans (the address) and --plans_timeout_ms (each call's deadline).
void DefinePlansFlags(Config& config);
absl::StatusOr<std::unique_ptr<PlansClient>> PlansClientFromFlags(const Config& config);

}  // namespace thidua
