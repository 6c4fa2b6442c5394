#include "common/registry_client.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua {

namespace rv1 = registry::v1;

namespace {

// Past this many organisations (about 1 kB each) a cache starts again empty: a crude bound,
// reached only by a service asked about far more units and dates than a country has.
constexpr size_t kMaxCached = 50'000;

int64_t DayNumber(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

}  // namespace

RegistryClient::RegistryClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout,
                               absl::Duration cache_ttl)
    : stub_(rv1::Registry::NewStub(std::move(channel))), timeout_(timeout), cache_ttl_(cache_ttl) {}

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
  const int64_t day = DayNumber(as_of);
  std::vector<int64_t> asked;
  {
    std::lock_guard lock(mu_);
    const absl::Time now = absl::Now();
    for (int64_t id : ids) {
      auto it = orgs_.find(std::pair(id, day));
      if (it != orgs_.end() && it->second.expires > now) {
        out.found.push_back(it->second.value);
      } else {
        asked.push_back(id);
      }
    }
  }
  for (size_t start = 0; start < asked.size(); start += 1000) {
    rv1::BatchGetOrganizationsRequest request;
    for (size_t i = start; i < std::min(asked.size(), start + 1000); ++i) {
      request.add_ids(asked[i]);
    }
    *request.mutable_as_of() = ToProto(as_of);
    rv1::BatchGetOrganizationsResponse response;
    const grpc::Status status =
        stub_->BatchGetOrganizations(Context(token).get(), request, &response);
    if (!status.ok()) return FromRegistry(status);
    {
      std::lock_guard lock(mu_);
      if (orgs_.size() > kMaxCached) orgs_.clear();
      const absl::Time expires = absl::Now() + cache_ttl_;
      for (const auto& org : response.organizations()) {
        orgs_[std::pair(org.id(), day)] = {org, expires};
      }
    }
    for (auto& org : *response.mutable_organizations()) out.found.push_back(std::move(org));
    out.missing.insert(out.missing.end(), response.missing_ids().begin(),
                       response.missing_ids().end());
  }
  return out;
}

absl::StatusOr<RegistryClient::Organizations> RegistryClient::Listing(
    const std::string& key, const std::function<absl::StatusOr<Organizations>()>& fetch) {
  std::shared_ptr<const Organizations> hit;
  {
    std::lock_guard lock(mu_);
    auto it = listings_.find(key);
    if (it != listings_.end() && it->second.expires > absl::Now()) hit = it->second.value;
  }
  if (hit) return *hit;
  auto fetched = fetch();
  if (!fetched.ok()) return fetched.status();
  auto shared = std::make_shared<const Organizations>(*fetched);
  std::lock_guard lock(mu_);
  if (listed_ + shared->size() > kMaxCached) {
    listings_.clear();
    listed_ = 0;
  }
  auto& slot = listings_[key];
  if (slot.value) listed_ -= slot.value->size();
  slot = {shared, absl::Now() + cache_ttl_};
  listed_ += shared->size();
  return fetched;
}

absl::StatusOr<RegistryClient::Organizations> RegistryClient::ListAll(
    const std::string& token, rv1::ListOrganizationsRequest request) {
  Organizations out;
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

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::KindsWithin(
    const std::string& token, int64_t scope, const std::vector<int32_t>& kinds,
    absl::CivilDay as_of) {
  const std::string key =
      absl::StrCat("kinds:", scope, ":", absl::StrJoin(kinds, ","), ":", DayNumber(as_of));
  return Listing(key, [&]() {
    rv1::ListOrganizationsRequest request;
    request.set_ancestor_id(scope);
    for (int32_t kind : kinds) request.add_kinds(static_cast<rv1::OrganizationKind>(kind));
    *request.mutable_as_of() = ToProto(as_of);
    return ListAll(token, std::move(request));
  });
}

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::GroupMembers(
    const std::string& token, int64_t group, absl::CivilDay as_of) {
  const std::string key = absl::StrCat("group:", group, ":", DayNumber(as_of));
  return Listing(key, [&]() -> absl::StatusOr<Organizations> {
    rv1::ListGroupMembersRequest request;
    request.set_group_id(group);
    *request.mutable_as_of() = ToProto(as_of);
    rv1::ListGroupMembersResponse response;
    const grpc::Status status = stub_->ListGroupMembers(Context(token).get(), request, &response);
    if (!status.ok()) return FromRegistry(status);
    return Organizations(response.organizations().begin(), response.organizations().end());
  });
}

absl::StatusOr<std::vector<int64_t>> RegistryClient::Ancestors(const std::string& token,
                                                               int64_t organization) {
  {
    std::lock_guard lock(mu_);
    auto it = ancestors_.find(organization);
    if (it != ancestors_.end() && it->second.expires > absl::Now()) return it->second.value;
  }
  rv1::ListAncestorsRequest request;
  request.set_organization_id(organization);
  rv1::ListAncestorsResponse response;
  const grpc::Status status = stub_->ListAncestors(Context(token).get(), request, &response);
  if (!status.ok()) return FromRegistry(status);
  std::vector<int64_t> chain;
  for (const auto& a : response.ancestors()) chain.push_back(a.id());
  std::lock_guard lock(mu_);
  if (ancestors_.size() > kMaxCached) ancestors_.clear();
  ancestors_[organization] = {chain, absl::Now() + cache_ttl_};
  return chain;
}

}  // namespace thidua
