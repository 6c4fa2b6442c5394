#include "services/registry/client/registry_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/server/peer.h"

namespace thidua {

namespace rv1 = registry::v1;

namespace {

int64_t DayNumber(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

size_t SizeOf(const rv1::Organization& org) { return org.SpaceUsedLong(); }

size_t SizeOfAll(const std::vector<rv1::Organization>& orgs) {
  size_t bytes = sizeof(orgs);
  for (const auto& org : orgs) bytes += SizeOf(org);
  return bytes;
}

}  // namespace

RegistryClient::RegistryClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout,
                               absl::Duration cache_ttl, RegistryCacheLimits limits)
    : stub_(rv1::Registry::NewStub(std::move(channel))),
      timeout_(timeout),
      cache_ttl_(cache_ttl),
      organizations_(cache_ttl, limits.max_entries, limits.max_bytes, SizeOf),
      listings_(cache_ttl, limits.max_entries, limits.max_bytes, SizeOfAll),
      ancestors_(cache_ttl, limits.max_entries, limits.max_bytes,
                 [](const std::vector<int64_t>& chain) { return 8 * chain.size() + 32; }),
      // One small entry per unit of a period attributed to successors: up to the 100,000
      // reporting units of a national obligation.
      carriers_(cache_ttl, std::max<size_t>(limits.max_entries, 200'000), limits.max_bytes,
                [](const Carriers& c) { return sizeof(Carrier) * c.size() + 32; }) {}

std::shared_ptr<grpc::Channel> RegistryChannel(const std::string& target) {
  return server::PeerChannel(target);
}

std::unique_ptr<grpc::ClientContext> RegistryClient::Context(const server::Call& call) const {
  return server::PeerContext(call, timeout_);
}

absl::Status FromRegistry(const server::Call& call, const grpc::Status& status) {
  static const server::Peer* const kRegistry =
      new server::Peer{"REGISTRY_UNAVAILABLE",     "REGISTRY_ERROR", "The organisation registry",
                       "hệ thống danh mục đơn vị", "Registry: ",     "Danh mục đơn vị: "};
  return server::FromPeer(call, status, *kRegistry);
}

absl::StatusOr<RegistryClient::Lookup> RegistryClient::BatchGet(const server::Call& call,
                                                                const std::vector<int64_t>& ids,
                                                                absl::CivilDay as_of) {
  Lookup out;
  const std::string day = absl::StrCat("@", DayNumber(as_of));
  std::vector<int64_t> asked;
  for (int64_t id : ids) {
    if (auto hit = organizations_.Find(absl::StrCat(id, day))) {
      out.found.push_back(*hit);
    } else {
      asked.push_back(id);
    }
  }
  for (size_t start = 0; start < asked.size(); start += 1000) {
    if (call.GaveUp()) return server::GaveUp(call);
    rv1::BatchGetOrganizationsRequest request;
    for (size_t i = start; i < std::min(asked.size(), start + 1000); ++i) {
      request.add_ids(asked[i]);
    }
    *request.mutable_as_of() = ToProto(as_of);
    rv1::BatchGetOrganizationsResponse response;
    const grpc::Status status =
        stub_->BatchGetOrganizations(Context(call).get(), request, &response);
    if (!status.ok()) return FromRegistry(call, status);
    for (auto& org : *response.mutable_organizations()) {
      organizations_.Put(absl::StrCat(org.id(), day),
                         std::make_shared<const rv1::Organization>(org));
      out.found.push_back(std::move(org));
    }
    out.missing.insert(out.missing.end(), response.missing_ids().begin(),
                       response.missing_ids().end());
  }
  return out;
}

absl::StatusOr<absl::flat_hash_map<int64_t, RegistryClient::Carriers>> RegistryClient::CarriersOn(
    const server::Call& call, const std::vector<int64_t>& ids, absl::CivilDay as_of) {
  absl::flat_hash_map<int64_t, Carriers> out;
  const std::string day = absl::StrCat("@", DayNumber(as_of));
  std::vector<int64_t> asked;
  for (int64_t id : ids) {
    if (auto hit = carriers_.Find(absl::StrCat(id, day))) {
      out[id] = *hit;
    } else {
      asked.push_back(id);
    }
  }
  for (size_t start = 0; start < asked.size(); start += 1000) {
    if (call.GaveUp()) return server::GaveUp(call);
    rv1::BatchResolveSuccessorsRequest request;
    for (size_t i = start; i < std::min(asked.size(), start + 1000); ++i) {
      request.add_organization_ids(asked[i]);
    }
    *request.mutable_as_of() = ToProto(as_of);
    rv1::BatchResolveSuccessorsResponse response;
    const grpc::Status status =
        stub_->BatchResolveSuccessors(Context(call).get(), request, &response);
    if (!status.ok()) return FromRegistry(call, status);
    for (const auto& result : response.results()) {
      Carriers carriers;
      for (const auto& link : result.organizations()) {
        carriers.push_back({link.organization().id(), link.share()});
      }
      carriers_.Put(absl::StrCat(result.organization_id(), day),
                    std::make_shared<const Carriers>(carriers));
      out[result.organization_id()] = std::move(carriers);
    }
  }
  return out;
}

template <typename Request, typename Response>
absl::StatusOr<RegistryClient::Organizations> RegistryClient::AllPages(
    const server::Call& call, Request request,
    grpc::Status (rv1::Registry::Stub::*rpc)(grpc::ClientContext*, const Request&, Response*)) {
  Organizations out;
  request.set_page_size(1000);
  while (true) {
    if (call.GaveUp()) return server::GaveUp(call);
    Response response;
    const grpc::Status status = (stub_.get()->*rpc)(Context(call).get(), request, &response);
    if (!status.ok()) return FromRegistry(call, status);
    for (auto& org : *response.mutable_organizations()) out.push_back(std::move(org));
    if (response.next_page_token().empty()) return out;
    request.set_page_token(response.next_page_token());
  }
}

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::KindsWithin(
    const server::Call& call, int64_t scope, const std::vector<int32_t>& kinds,
    absl::CivilDay as_of) {
  const std::string key =
      absl::StrCat("kinds:", scope, ":", absl::StrJoin(kinds, ","), "@", DayNumber(as_of));
  auto listing = listings_.GetOrFetch(key, call.deadline, [&] {
    rv1::ListOrganizationsRequest request;
    request.set_ancestor_id(scope);
    for (int32_t kind : kinds) request.add_kinds(static_cast<rv1::OrganizationKind>(kind));
    *request.mutable_as_of() = ToProto(as_of);
    return AllPages(call, std::move(request), &rv1::Registry::Stub::ListOrganizations);
  });
  if (!listing.ok()) return listing.status();
  return **listing;
}

absl::StatusOr<std::vector<rv1::Organization>> RegistryClient::GroupMembers(
    const server::Call& call, int64_t group, absl::CivilDay as_of) {
  const std::string key = absl::StrCat("group:", group, "@", DayNumber(as_of));
  auto listing = listings_.GetOrFetch(key, call.deadline, [&]() -> absl::StatusOr<Organizations> {
    rv1::ListGroupMembersRequest request;
    request.set_group_id(group);
    *request.mutable_as_of() = ToProto(as_of);
    return AllPages(call, std::move(request), &rv1::Registry::Stub::ListGroupMembers);
  });
  if (!listing.ok()) return listing.status();
  return **listing;
}

absl::StatusOr<std::vector<int64_t>> RegistryClient::Ancestors(const server::Call& call,
                                                               int64_t organization) {
  auto chain = ancestors_.GetOrFetch(
      absl::StrCat(organization), call.deadline, [&]() -> absl::StatusOr<std::vector<int64_t>> {
        rv1::ListAncestorsRequest request;
        request.set_organization_id(organization);
        rv1::ListAncestorsResponse response;
        const grpc::Status status = stub_->ListAncestors(Context(call).get(), request, &response);
        if (!status.ok()) return FromRegistry(call, status);
        std::vector<int64_t> ids;
        for (const auto& a : response.ancestors()) ids.push_back(a.id());
        return ids;
      });
  if (!chain.ok()) return chain.status();
  return **chain;
}

}  // namespace thidua
