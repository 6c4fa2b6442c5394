#include "common/server/access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"

namespace thidua::server {

namespace pb = google::protobuf;

absl::StatusOr<bool> HierarchyScopes::ActsFor(const Call& call, int64_t organization) {
  const int64_t acting = call.principal.organization_id;
  return acting != 0 && organization > 0 && hierarchy_.IsWithin(organization, acting);
}

const common::v1::Access* DeclaredAccess(const pb::MethodDescriptor& method) {
  if (!method.options().HasExtension(common::v1::access)) return nullptr;
  return &method.options().GetExtension(common::v1::access);
}

absl::StatusOr<int64_t> IntegerAt(const pb::Message& message, absl::string_view path) {
  const pb::Message* current = &message;
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const pb::Descriptor* type = current->GetDescriptor();
    const pb::FieldDescriptor* field = type->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || field->is_repeated()) {
      return absl::InternalError(absl::StrCat("no singular field ", path, " in ", type->name()));
    }
    const pb::Reflection* reflection = current->GetReflection();
    if (i + 1 < parts.size()) {
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        return absl::InternalError(absl::StrCat(path, " goes through a scalar"));
      }
      if (!reflection->HasField(*current, field)) return 0;
      current = &reflection->GetMessage(*current, field);
      continue;
    }
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_INT64:
        return reflection->GetInt64(*current, field);
      case pb::FieldDescriptor::CPPTYPE_INT32:
        return reflection->GetInt32(*current, field);
      default:
        return absl::InternalError(absl::StrCat(path, " is not an integer field"));
    }
  }
  return absl::InternalError("empty field path");
}

absl::Status CheckAccess(const Call& call, const common::v1::Access& access,
                         const pb::Message& request, ScopeResolver& scopes) {
  if (!access.roles().empty()) {
    bool held = false;
    for (const std::string& role : access.roles()) held = held || call.principal.HasRole(role);
    if (!held) {
      const std::string roles = absl::StrJoin(access.roles(), " or ");
      return PermissionDenied(absl::StrCat("This needs the role ", roles),
                              absl::StrCat("Thao tác này cần vai trò ", roles));
    }
  }
  if (!access.scope_field().empty()) {
    auto organization = IntegerAt(request, access.scope_field());
    if (!organization.ok()) return organization.status();
    if (*organization != 0) {
      auto acts = scopes.ActsFor(call, *organization);
      if (!acts.ok()) return acts.status();
      if (!*acts) return PermissionDenied();
    }
  }
  return absl::OkStatus();
}

}  // namespace thidua::server
