#include "services/registry/client/registry_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/errors.h"

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

// The caller gave up: nothing more is asked for it.
absl::Status GaveUp(const server::Call& call) {
  if (absl::Now() < call.deadline) {
    return Error(absl::StatusCode::kCancelled, "CANCELLED", "The call was cancelled",
                 "Yêu cầu đã bị hủy");
  }
  return Error(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
               "The call's deadline passed", "Quá thời hạn xử lý yêu cầu");
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
      carriers_(cache_ttl, limits.max_entries, limits.max_bytes,
                [](const Carriers& c) { return sizeof(Carrier) * c.size() + 32; }) {}

std::shared_ptr<grpc::Channel> RegistryChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> RegistryClient::Context(const server::Call& call) const {
  // The caller's deadline and cancellation travel (gRPC propagates both from the served call):
  // a registry call under way stops when the caller gives up, not only the next one.
  std::unique_ptr<grpc::ClientContext> context =
      call.context != nullptr ? grpc::ClientContext::FromServerContext(*call.context)
                              : std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", call.bearer_token));
  context->set_deadline(absl::ToChronoTime(std::min(call.deadline, absl::Now() + timeout_)));
  return context;
}

absl::Status FromRegistry(const server::Call& call, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  switch (status.error_code()) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      if (call.GaveUp()) return GaveUp(call);
      [[fallthrough]];  // the registry's own timeout: it is too slow to be of use now
    case grpc::StatusCode::UNAVAILABLE:
      return Error(absl::StatusCode::kUnavailable, "REGISTRY_UNAVAILABLE",
                   "The organisation registry is not reachable; try again later",
                   "Không kết nối được hệ thống danh mục đơn vị; vui lòng thử lại sau");
    default: {
      // The registry's own message is "English | Tiếng Việt": each half goes to its language.
      const std::string& message = status.error_message();
      const size_t bar = message.find(" | ");
      const std::string english = message.substr(0, bar);
      const std::string vietnamese = bar == std::string::npos ? message : message.substr(bar + 3);
      return Error(static_cast<absl::StatusCode>(status.error_code()), "REGISTRY_ERROR",
                   absl::StrCat("Registry: ", english),
                   absl::StrCat("Danh mục đơn vị: ", vietnamese));
    }
  }
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
    if (call.GaveUp()) return GaveUp(call);
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
    if (call.GaveUp()) return GaveUp(call);
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
    if (call.GaveUp()) return GaveUp(call);
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
