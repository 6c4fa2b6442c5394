#include "services/registry/client/scope_checks.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/errors.h"

namespace thidua {

absl::StatusOr<bool> ActsFor(RegistryClient& registry, const server::Call& call,
                             int64_t organization) {
  const int64_t acting = call.principal.organization_id;
  if (acting == 0) return false;
  if (acting == organization) return true;
  auto chain = registry.Ancestors(call, organization);
  if (!chain.ok()) {
    if (chain.status().code() == absl::StatusCode::kNotFound) return false;
    return chain.status();
  }
  return std::find(chain->begin(), chain->end(), acting) != chain->end();
}

absl::StatusOr<bool> ActsForNation(RegistryClient& registry, const server::Call& call,
                                   absl::CivilDay day) {
  const int64_t acting = call.principal.organization_id;
  if (acting == 0) return false;
  auto self = registry.BatchGet(call, {acting}, day);
  if (!self.ok()) return self.status();
  return !self->found.empty() && self->found.front().kind() == registry::v1::NATION;
}

absl::Status UnknownOrganizations(const std::vector<int64_t>& missing) {
  constexpr size_t kNamed = 10;
  const std::string list = absl::StrJoin(
      missing.begin(), missing.begin() + static_cast<long>(std::min(missing.size(), kNamed)), ", ");
  const size_t more = missing.size() > kNamed ? missing.size() - kNamed : 0;
  return Error(absl::StatusCode::kNotFound, "UNKNOWN_ORGANIZATION",
               absl::StrCat("Unknown organisation id(s): ", list,
                            more ? absl::StrCat(" and ", more, " more") : ""),
               absl::StrCat("Không có đơn vị mã: ", list,
                            more ? absl::StrCat(" và ", more, " mã khác") : ""));
}

absl::Status CheckOrganizationsExist(RegistryClient& registry, const server::Call& call,
                                     std::vector<int64_t> ids, absl::CivilDay day) {
  if (ids.empty()) return absl::OkStatus();
  auto lookup = registry.BatchGet(call, ids, day);
  if (!lookup.ok()) return lookup.status();
  if (!lookup->missing.empty()) return UnknownOrganizations(lookup->missing);
  return absl::OkStatus();
}

bool ValidOn(const registry::v1::Organization& organization, absl::CivilDay day) {
  auto from = FromProto(organization.valid_from());
  auto to = FromProto(organization.valid_to());
  if (from.ok() && from->has_value() && day < **from) return false;
  if (to.ok() && to->has_value() && day > **to) return false;
  return true;
}

absl::Status CheckOrganizationsValid(RegistryClient& registry, const server::Call& call,
                                     std::vector<int64_t> ids, absl::CivilDay day) {
  if (ids.empty()) return absl::OkStatus();
  auto lookup = registry.BatchGet(call, ids, day);
  if (!lookup.ok()) return lookup.status();
  if (!lookup->missing.empty()) return UnknownOrganizations(lookup->missing);
  std::vector<int64_t> invalid;
  for (const auto& o : lookup->found) {
    if (!ValidOn(o, day)) invalid.push_back(o.id());
  }
  if (invalid.empty()) return absl::OkStatus();
  const std::string list = absl::StrJoin(invalid, ", ");
  return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_VALID_ON_DAY",
               absl::StrCat("Unit(s) ", list, " did not exist on ", ToVietnamese(day)),
               absl::StrCat("Đơn vị ", list, " không tồn tại vào ngày ", ToVietnamese(day)));
}

}  // namespace thidua
