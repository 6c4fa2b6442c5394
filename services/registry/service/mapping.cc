#include "services/registry/service/mapping.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "services/registry/model/organization_wire.h"

namespace thidua::registry {
namespace {

using google::protobuf::util::TimeUtil;

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  *out = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

// Open ends stay absent (has_valid_to() is false), not present-but-empty.
void SetPeriod(const Period& p, v1::GroupMember* out) {
  if (p.from != kOpenStart) *out->mutable_valid_from() = thidua::ToProto(p.from);
  if (p.to != kOpenEnd) *out->mutable_valid_to() = thidua::ToProto(p.to);
}

}  // namespace

CivilDay OptionalDay(const common::v1::Date& date, CivilDay fallback, absl::string_view field,
                     Violations& violations) {
  auto day = thidua::FromProto(date);
  if (!day.ok()) {
    violations.Add(std::string(field), "is not a valid date", "không phải là ngày hợp lệ");
    return fallback;
  }
  return day->value_or(fallback);
}

CivilDay RequiredDay(const common::v1::Date& date, absl::string_view field,
                     Violations& violations) {
  auto day = thidua::FromProto(date);
  if (!day.ok()) {
    violations.Add(std::string(field), "is not a valid date", "không phải là ngày hợp lệ");
    return kOpenStart;
  }
  if (!day->has_value()) {
    violations.Add(std::string(field), "is required", "là bắt buộc");
    return kOpenStart;
  }
  return **day;
}

void ToProto(const Organization& org, CivilDay day, v1::Organization* out) {
  Encode(org, org.VersionIndexOn(day), out);
}

void ToProto(const Group& group, v1::Group* out) {
  out->set_name(absl::StrCat("groups/", group.id));
  out->set_id(group.id);
  out->set_display_name(group.display_name);
  out->set_description(group.description);
  out->set_owner_id(group.owner_id);
  for (const GroupMembership& m : group.members) {
    auto* member = out->add_members();
    member->set_organization_id(m.organization_id);
    SetPeriod(m.period, member);
  }
  out->set_etag(EtagOf(group.version));
  SetTime(group.create_time, out->mutable_create_time());
  SetTime(group.update_time, out->mutable_update_time());
}

void ToProto(const store::EventRecord& event, v1::OrganizationEvent* out) {
  out->set_id(event.id);
  out->set_type(event.type);
  *out->mutable_effective_date() = thidua::ToProto(event.effective_date);
  out->set_legal_basis(event.legal_basis);
  out->set_note(event.note);
  for (const auto& p : event.participants) {
    auto* participant = out->add_participants();
    participant->set_organization_id(p.organization_id);
    participant->set_role(p.role);
    participant->set_share(p.share);
  }
  out->set_recorded_by(event.recorded_by);
  SetTime(event.record_time, out->mutable_record_time());
}

Contact ContactFromProto(const v1::Contact& in) {
  return {in.address(), in.phone(), in.email(), in.website()};
}

std::vector<Code> CodesFromProto(const v1::Organization& in, absl::string_view prefix,
                                 Violations& violations) {
  std::vector<Code> codes;
  for (int i = 0; i < in.codes_size(); ++i) {
    const auto& c = in.codes(i);
    const std::string field = absl::StrCat(prefix, ".codes[", i, "]");
    Code code;
    code.scheme = c.scheme();
    code.value = c.value();
    code.period.from = OptionalDay(c.valid_from(), kOpenStart, field + ".valid_from", violations);
    code.period.to = OptionalDay(c.valid_to(), kOpenEnd, field + ".valid_to", violations);
    codes.push_back(std::move(code));
  }
  return codes;
}

Organization FromProto(const v1::Organization& in, absl::string_view prefix,
                       Violations& violations) {
  Organization org;
  org.kind = in.kind();
  org.short_name = in.short_name();
  org.area_id = in.area_id();
  org.contact = ContactFromProto(in.contact());
  org.codes = CodesFromProto(in, prefix, violations);
  org.validity.from =
      OptionalDay(in.valid_from(), kOpenStart, absl::StrCat(prefix, ".valid_from"), violations);
  org.validity.to =
      OptionalDay(in.valid_to(), kOpenEnd, absl::StrCat(prefix, ".valid_to"), violations);
  Version v;
  v.period = org.validity;
  v.display_name = in.display_name();
  v.search_name = text::Fold(in.display_name());
  v.parent_id = in.parent_id();
  org.versions.push_back(std::move(v));
  ClipCodesToValidity(org);
  return org;
}

void ClipCodesToValidity(Organization& org) {
  for (Code& code : org.codes) {
    code.period.from = std::max(code.period.from, org.validity.from);
    code.period.to = std::min(code.period.to, org.validity.to);
  }
}

}  // namespace thidua::registry
