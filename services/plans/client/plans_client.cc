#include "services/plans/client/plans_client.h"

#include "common/civil_date.h"
#include "common/server/peer.h"

namespace thidua {
namespace {

absl::Status FromPlans(const server::Call& call, const grpc::Status& status) {
  static const server::Peer* const kPlans =
      new server::Peer{"PLANS_UNAVAILABLE", "PLANS_ERROR", "The plans service",
                       "dịch vụ kế hoạch",  "Plans: ",     "Kế hoạch: "};
  return server::FromPeer(call, status, *kPlans);
}

}  // namespace

PlansClient::PlansClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(plans::v1::Plans::NewStub(std::move(channel))), timeout_(timeout) {}

absl::StatusOr<plans::v1::Plan> PlansClient::GetPlan(const server::Call& call, int64_t plan_id) {
  plans::v1::GetPlanRequest request;
  request.set_id(plan_id);
  plans::v1::Plan plan;
  const grpc::Status status =
      stub_->GetPlan(server::PeerContext(call, timeout_).get(), request, &plan);
  if (!status.ok()) return FromPlans(call, status);
  return plan;
}

absl::StatusOr<plans::v1::TargetPopulation> PlansClient::TargetPopulation(const server::Call& call,
                                                                          int64_t plan_id,
                                                                          int64_t target_id,
                                                                          absl::CivilDay as_of) {
  plans::v1::GetTargetPopulationRequest request;
  request.set_plan_id(plan_id);
  request.set_target_id(target_id);
  *request.mutable_as_of() = ToProto(as_of);
  plans::v1::TargetPopulation population;
  const grpc::Status status =
      stub_->GetTargetPopulation(server::PeerContext(call, timeout_).get(), request, &population);
  if (!status.ok()) return FromPlans(call, status);
  return population;
}

void DefinePlansFlags(Config& config) {
  config.Define("plans", "127.0.0.1:50052", "address of the plans service")
      .Define("plans_timeout_ms", "2000", "deadline of each call to the plans service");
}

absl::StatusOr<std::unique_ptr<PlansClient>> PlansClientFromFlags(const Config& config) {
  auto timeout = config.GetInt("plans_timeout_ms", 10, 60000);
  if (!timeout.ok()) return timeout.status();
  // Plans may start later or be down for a while: what needs it answers UNAVAILABLE meanwhile.
  return std::make_unique<PlansClient>(server::PeerChannel(config.Get("plans")),
                                       absl::Milliseconds(*timeout));
}

}  // namespace thidua
