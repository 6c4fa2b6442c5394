#include "services/registry/domain/rules.h"

#include <re2/re2.h>

#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/civil_date.h"
#include "common/server/text_fields.h"
#include "common/text.h"
#include "services/registry/domain/parent_kinds.h"

namespace thidua::registry {
namespace {

// The longest a field of Organization may be, as its proto declares (and its column holds): the
// domain checks what the importer and events write against the same bound as requests.
size_t DeclaredMax(const char* field) {
  return server::DeclaredText(*v1::Organization::descriptor()->FindFieldByName(field))->max_chars();
}

void CheckText(absl::string_view value, absl::string_view field, size_t min, size_t max,
               Violations& violations) {
  const std::string f(field);
  if (!text::IsValidUtf8(value)) {
    violations.Add(f, "must be valid UTF-8", "phải là văn bản UTF-8 hợp lệ");
    return;
  }
  if (!text::HasNoCombiningMarks(value)) {
    violations.Add(f, "must be in Unicode NFC (precomposed letters)",
                   "phải ở dạng Unicode dựng sẵn (NFC)");
  }
  for (unsigned char c : value) {
    if (c < 0x20) {
      violations.Add(f, "must not contain control characters", "không được chứa ký tự điều khiển");
      break;
    }
  }
  const size_t n = text::CodePointCount(value);
  if (n < min || n > max) {
    violations.Add(f, absl::StrCat("length must be between ", min, " and ", max, " characters"),
                   absl::StrCat("độ dài phải từ ", min, " đến ", max, " ký tự"));
  }
}

absl::Status KindRule(std::string english, std::string vietnamese) {
  return Error(absl::StatusCode::kFailedPrecondition, "KIND_RULE", english, vietnamese);
}

}  // namespace

std::string CheckCodeFormat(v1::CodeScheme scheme, absl::string_view value) {
  static const RE2 admin("[0-9]{2}|[0-9]{3}|[0-9]{5}");
  static const RE2 qcvn("[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}");
  static const RE2 tax("[0-9]{10}(?:-[0-9]{3})?");
  // Every format is short: a longer value is refused before a pattern reads it.
  const auto matches = [&](const RE2& format) {
    return value.size() <= 20 &&
           RE2::FullMatch(re2::StringPiece(value.data(), value.size()), format);
  };
  switch (scheme) {
    case v1::ADMIN_UNIT:
      return matches(admin) ? "" : "an administrative-unit code has 2, 3 or 5 digits";
    case v1::QCVN_102:
      return matches(qcvn) ? "" : "a QCVN 102:2016 code looks like 000.00.00.H56";
    case v1::TAX_CODE:
      return matches(tax) ? "" : "a tax code has 10 digits, or 10-3 for a branch";
    default:
      return "unknown code scheme";
  }
}

void ValidateFields(const Organization& org, absl::string_view prefix, Violations& violations) {
  const std::string p(prefix);
  CheckText(org.versions.empty() ? "" : org.versions.front().display_name,
            absl::StrCat(p, ".display_name"), 2, DeclaredMax("display_name"), violations);
  if (!org.short_name.empty()) {
    CheckText(org.short_name, absl::StrCat(p, ".short_name"), 1, DeclaredMax("short_name"),
              violations);
  }
  if (org.kind == v1::ORGANIZATION_KIND_UNSPECIFIED || !v1::OrganizationKind_IsValid(org.kind)) {
    violations.Add(absl::StrCat(p, ".kind"), "must be one of the organisation kinds",
                   "phải là một loại đơn vị hợp lệ");
  }
  if (org.validity.to < org.validity.from) {
    violations.Add(absl::StrCat(p, ".valid_to"), "must not be before valid_from",
                   "không được trước ngày bắt đầu hiệu lực");
  }
  const Contact& c = org.contact;
  if (!c.address.empty())
    CheckText(
        c.address, absl::StrCat(p, ".contact.address"), 1,
        server::DeclaredText(*v1::Contact::descriptor()->FindFieldByName("address"))->max_chars(),
        violations);
  static const RE2 phone("[0-9+() .-]{6,20}");
  if (!c.phone.empty() && (c.phone.size() > 20 || !RE2::FullMatch(c.phone, phone))) {
    violations.Add(absl::StrCat(p, ".contact.phone"), "must be a phone number (digits, + ( ) . -)",
                   "phải là số điện thoại hợp lệ");
  }
  static const RE2 email("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  if (!c.email.empty() && (c.email.size() > 200 || !RE2::FullMatch(c.email, email))) {
    violations.Add(absl::StrCat(p, ".contact.email"), "must be an e-mail address",
                   "phải là địa chỉ thư điện tử hợp lệ");
  }
  if (!c.website.empty() && (c.website.size() > 300 || (c.website.rfind("https://", 0) != 0 &&
                                                        c.website.rfind("http://", 0) != 0))) {
    violations.Add(absl::StrCat(p, ".contact.website"), "must start with http:// or https://",
                   "phải bắt đầu bằng http:// hoặc https://");
  }
  for (size_t i = 0; i < org.codes.size(); ++i) {
    const Code& code = org.codes[i];
    const std::string field = absl::StrCat(p, ".codes[", i, "]");
    if (std::string reason = CheckCodeFormat(code.scheme, code.value); !reason.empty()) {
      violations.Add(field + ".value", reason, "mã không đúng định dạng của loại mã");
    }
    if (code.period.to < code.period.from) {
      violations.Add(field + ".valid_to", "must not be before valid_from",
                     "không được trước ngày bắt đầu hiệu lực");
    }
  }
}

std::vector<int64_t> AncestorsOn(int64_t org, CivilDay day, const Lookup& lookup) {
  std::vector<int64_t> chain;
  absl::flat_hash_set<int64_t> seen = {org};
  const Organization* current = lookup(org);
  while (current != nullptr) {
    const int64_t parent = current->VersionOn(day).parent_id;
    if (parent == 0 || !seen.insert(parent).second) break;
    chain.push_back(parent);
    current = lookup(parent);
  }
  return chain;
}

std::optional<CivilDay> ManagedOverOn(int64_t org, Period period, int64_t ancestor,
                                      const Lookup& lookup) {
  // Walks up the versions that overlap the period, narrowing it at each step. Each (unit, period)
  // is visited once, so bad data (a cycle already stored) cannot make the walk loop.
  struct Step {
    int64_t id;
    Period period;
  };
  std::vector<Step> pending = {{org, period}};
  absl::flat_hash_set<std::tuple<int64_t, CivilDay, CivilDay>> seen;
  while (!pending.empty()) {
    const Step step = pending.back();
    pending.pop_back();
    if (step.id == ancestor) return step.period.from;
    if (!seen.insert({step.id, step.period.from, step.period.to}).second) continue;
    const Organization* current = lookup(step.id);
    if (current == nullptr) continue;
    for (const Version& v : current->versions) {
      const Period overlap = {std::max(v.period.from, step.period.from),
                              std::min(v.period.to, step.period.to)};
      if (v.parent_id != 0 && overlap.from <= overlap.to) pending.push_back({v.parent_id, overlap});
    }
  }
  return std::nullopt;
}

absl::Status CheckHierarchy(const Organization& org, const Lookup& lookup) {
  if ((org.kind == v1::DISTRICT || org.kind == v1::TOWNSHIP) &&
      org.validity.to >= kTwoLevelGovernment) {
    return KindRule(
        "Districts and townships were abolished on 01/07/2025: valid_to must be on or "
        "before 30/06/2025",
        "Cấp huyện và thị trấn đã kết thúc từ 01/07/2025: ngày hết hiệu lực phải "
        "không muộn hơn 30/06/2025");
  }
  for (const Version& v : org.versions) {
    if (v.parent_id == 0) {
      if (org.kind == v1::NATION || org.kind == v1::PROVINCE || !IsAdministrativeUnit(org.kind)) {
        continue;  // agencies may be registered before their managing unit is known
      }
      return KindRule(absl::StrCat("A ", v1::OrganizationKind_Name(org.kind), " needs a parent"),
                      "Đơn vị hành chính này phải có đơn vị quản lý");
    }
    if (v.parent_id == org.id) {
      return Error(absl::StatusCode::kFailedPrecondition, "CYCLE",
                   "An organisation cannot manage itself",
                   "Đơn vị không thể tự quản lý chính mình");
    }
    const Organization* parent = lookup(v.parent_id);
    if (parent == nullptr)
      return NotFound(absl::StrCat("Parent organisation ", v.parent_id),
                      absl::StrCat("đơn vị quản lý ", v.parent_id));
    // Every day of the version must be covered by the parent's validity, checked at both ends.
    const CivilDay start = std::max(v.period.from, parent->validity.from);
    if (!parent->ValidOn(v.period.from == kOpenStart ? start : v.period.from) ||
        (v.period.to != kOpenEnd && !parent->ValidOn(v.period.to)) ||
        (v.period.to == kOpenEnd && parent->validity.to != kOpenEnd)) {
      return Error(absl::StatusCode::kFailedPrecondition, "PARENT_NOT_VALID",
                   absl::StrCat("Parent ", v.parent_id, " is not valid over the whole period"),
                   absl::StrCat("Đơn vị quản lý ", v.parent_id,
                                " không còn hiệu lực trong suốt thời gian này"));
    }
    // The kind rule is judged on both sides of 1/7/2025 when a version spans it.
    for (CivilDay day : {v.period.from == kOpenStart ? start : v.period.from, v.period.to}) {
      if (!ParentKindAllowed(org.kind, parent->kind, day)) {
        return KindRule(
            absl::StrCat("A ", v1::OrganizationKind_Name(org.kind), " cannot be managed by a ",
                         v1::OrganizationKind_Name(parent->kind), " on ", ToVietnamese(day)),
            absl::StrCat("Loại đơn vị này không thể trực thuộc đơn vị ",
                         v1::OrganizationKind_Name(parent->kind), " vào ngày ", ToVietnamese(day)));
      }
    }
    // Checked over the whole version, not on its first day: a move of the parent planned for a
    // later date may place it under this organisation then.
    if (const auto day = ManagedOverOn(v.parent_id, {start, v.period.to}, org.id, lookup)) {
      return Error(absl::StatusCode::kFailedPrecondition, "CYCLE",
                   absl::StrCat("The parent ", v.parent_id, " lies under this organisation on ",
                                ToVietnamese(*day)),
                   absl::StrCat("Đơn vị quản lý ", v.parent_id,
                                " lại trực thuộc chính đơn vị này vào ngày ", ToVietnamese(*day)));
    }
  }
  return absl::OkStatus();
}

}  // namespace thidua::registry
