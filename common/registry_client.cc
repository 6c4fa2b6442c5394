#include "common/registry_client.h"

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua {

namespace rv1 = registry::v1;

RegistryClient::RegistryClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(rv1::Registry::NewStub(std::move(channel))), timeout_(timeout) {}

std::unique_ptr<grpc::ClientContext> RegistryClient::Context(const std::string& token) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  return context;
}

absl::Status FromRegistry(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return Error(absl::StatusCode::kUnavailable, "REGISTRY_UNAVAILABLE",
                   "The organisation registry is not reachable; try again later",
                   "Không kết nối được hệ thống danh mục đơn vị; vui lòng thử lại sau");
    default:
      return Error(static_cast<absl::StatusCode>(status.error_code()), "REGISTRY_ERROR",
                   absl::StrCat("Registry: ", status.error_message()),
                   absl::StrCat("Danh mục đơn vị: ", status.error_message()));
  }
}

absl::StatusOr<RegistryClient::Lookup> RegistryClient::BatchGet(const std::string& token,
                                                                const std::vector<int64_t>& ids,
                                                                absl::CivilDay as_of) {
  Lookup out;
  for (size_t start = 0; start < ids.size(); start += 1000) {
    rv1::BatchGetOrganizationsRequest request;
    for (size_t i = start; i < std::min(ids.size(), start + 1000); ++i) request.add_ids(ids[i]);
    *request.mutable_as_of() = ToProto(as_of);
    rv1::BatchGetOrganizationsResponse response;
    const grpc::Status status =
        stub_->BatchGetOrganizations(Context(token).get(), request, &response);
    if (!status.ok()) return FromRegistry(status);
    for (auto& org : *response.mutable_organizations()) out.found.push_back(std::move(org));
    out.missing.insert(out.missing.end(), response.missing_ids().begin(),
                       response.missing_ids().end());
  }
  return out;
}

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::KindsWithin(
    const std::string& token, int64_t scope, const std::vector<int32_t>& kinds,
    absl::CivilDay as_of) {
  std::vector<rv1::Organization> out;
  rv1::ListOrganizationsRequest request;
  request.set_ancestor_id(scope);
  for (int32_t kind : kinds) request.add_kinds(static_cast<rv1::OrganizationKind>(kind));
  *request.mutable_as_of() = ToProto(as_of);
  request.set_page_size(1000);
  while (true) {
    rv1::ListOrganizationsResponse response;
    const grpc::Status status = stub_->ListOrganizations(Context(token).get(), request, &response);
    if (!status.ok()) return FromRegistry(status);
    for (auto& org : *response.mutable_organizations()) out.push_back(std::move(org));
    if (response.next_page_token().empty()) return out;
    request.set_page_token(response.next_page_token());
  }
}

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::GroupMembers(
    const std::string& token, int64_t group, absl::CivilDay as_of) {
  rv1::ListGroupMembersRequest request;
  request.set_group_id(group);
  *request.mutable_as_of() = ToProto(as_of);
  rv1::ListGroupMembersResponse response;
  const grpc::Status status = stub_->ListGroupMembers(Context(token).get(), request, &response);
  if (!status.ok()) return FromRegistry(status);
  return std::vector<rv1::Organization>(response.organizations().begin(),
                                        response.organizations().end());
}

absl::StatusOr<std::vector<int64_t>> RegistryClient::Ancestors(const std::string& token,
                                                               int64_t organization) {
  {
    std::lock_guard lock(mu_);
    auto it = ancestors_.find(organization);
    if (it != ancestors_.end() && it->second.expires > absl::Now()) return it->second.chain;
  }
  rv1::ListAncestorsRequest request;
  request.set_organization_id(organization);
  rv1::ListAncestorsResponse response;
  const grpc::Status status = stub_->ListAncestors(Context(token).get(), request, &response);
  if (!status.ok()) return FromRegistry(status);
  std::vector<int64_t> chain;
  for (const auto& a : response.ancestors()) chain.push_back(a.id());
  std::lock_guard lock(mu_);
  if (ancestors_.size() > 100000) ancestors_.clear();
  ancestors_[organization] = {chain, absl::Now() + absl::Minutes(1)};
  return chain;
}

}  // namespace thidua
