#include "services/registry/model/organization_wire.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"

namespace thidua::registry {
namespace {

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

// Open ends stay absent (has_valid_from() is false), not present-but-empty.
template <typename Message>
void SetPeriod(const Period& p, Message* out) {
  if (p.from != kOpenStart) *out->mutable_valid_from() = thidua::ToProto(p.from);
  if (p.to != kOpenEnd) *out->mutable_valid_to() = thidua::ToProto(p.to);
}

}  // namespace

void Encode(const Organization& org, size_t index, v1::Organization* out) {
  const Version& v = org.versions[index];
  out->set_name(absl::StrCat("organizations/", org.id));
  out->set_id(org.id);
  out->set_display_name(v.display_name);
  out->set_short_name(org.short_name);
  out->set_kind(org.kind);
  out->set_parent_id(v.parent_id);
  out->set_area_id(org.area_id);
  for (const Code& c : org.codes) {
    auto* code = out->add_codes();
    code->set_scheme(c.scheme);
    code->set_value(c.value);
    SetPeriod(c.period, code);
  }
  SetPeriod(org.validity, out);
  const Contact& c = org.contact;
  if (!c.address.empty() || !c.phone.empty() || !c.email.empty() || !c.website.empty()) {
    auto* contact = out->mutable_contact();
    contact->set_address(c.address);
    contact->set_phone(c.phone);
    contact->set_email(c.email);
    contact->set_website(c.website);
  }
  out->set_etag(EtagOf(org.version));
  SetTime(org.create_time, out->mutable_create_time());
  SetTime(org.update_time, out->mutable_update_time());
  out->set_search_name(v.search_name);
  for (const Alias& a : org.aliases) {
    auto* alias = out->add_aliases();
    alias->set_text(a.text);
    alias->set_kind(a.kind);
    alias->set_source(a.source);
  }
}

void EncodeWire(Organization& org) {
  org.wire.clear();
  for (size_t i = 0; i < org.versions.size(); ++i) {
    v1::Organization proto;
    Encode(org, i, &proto);
    org.wire.push_back(proto.SerializeAsString());
  }
}

}  // namespace thidua::registry
