#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/server/call.h"
#include "services/registry/client/registry_client.h"

namespace thidua {

// The scope questions every service other than the registry asks, answered by the registry (with
// the caller's token; UNAVAILABLE when it cannot answer).

// The caller acts for `organization`: it is the unit the caller's token names or lies under it
// today. An unknown organisation is simply out of scope, so nothing can be probed.
absl::StatusOr<bool> ActsFor(RegistryClient& registry, const server::Call& call,
                             int64_t organization);

// The caller acts for the nation (the registry's root) on `day`.
absl::StatusOr<bool> ActsForNation(RegistryClient& registry, const server::Call& call,
                                   absl::CivilDay day);

// Every id names an organisation the registry knows on `day`: NOT_FOUND (reason
// UNKNOWN_ORGANIZATION) listing the first ten unknown ones otherwise.
absl::Status CheckOrganizationsExist(RegistryClient& registry, const server::Call& call,
                                     std::vector<int64_t> ids, absl::CivilDay day);

// The organisation was valid on `day` (its validity includes both ends; open ends are open).
bool ValidOn(const registry::v1::Organization& organization, absl::CivilDay day);

// Every id names an organisation valid on `day`: NOT_FOUND (UNKNOWN_ORGANIZATION) for ids the
// registry does not know, FAILED_PRECONDITION (UNIT_NOT_VALID_ON_DAY) listing those that did not
// exist that day.
absl::Status CheckOrganizationsValid(RegistryClient& registry, const server::Call& call,
                                     std::vector<int64_t> ids, absl::CivilDay day);

// The NOT_FOUND of CheckOrganizationsExist for these ids.
absl::Status UnknownOrganizations(const std::vector<int64_t>& missing);

}  // namespace thidua
