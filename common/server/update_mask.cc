#include "common/server/update_mask.h"

#include <google/protobuf/util/field_mask_util.h>

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace thidua::server {
namespace {

bool Updatable(absl::string_view path, std::initializer_list<absl::string_view> updatable) {
  for (absl::string_view allowed : updatable) {
    if (path == allowed) return true;
    if (absl::EndsWith(allowed, ".*") &&
        absl::StartsWith(path, allowed.substr(0, allowed.size() - 1))) {
      return true;
    }
  }
  return false;
}

}  // namespace

void CheckUpdateMask(const google::protobuf::FieldMask& mask,
                     const google::protobuf::Descriptor& resource,
                     std::initializer_list<absl::string_view> updatable, Violations& violations) {
  if (mask.paths_size() == 0) {
    violations.Add("update_mask", "must name the fields to change", "phải nêu các trường cần sửa");
    return;
  }
  for (const std::string& path : mask.paths()) {
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    // The library skips empty segments ("contact..phone"): the fields found must spell the path.
    if (!google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(&resource, path, &fields) ||
        absl::StrJoin(fields, ".",
                      [](std::string* out, const auto* f) { out->append(f->name()); }) != path) {
      violations.Add("update_mask",
                     absl::StrCat("\"", path, "\" is not a field of ", resource.name()),
                     absl::StrCat("\"", path, "\" không phải một trường của ", resource.name()));
    } else if (!Updatable(path, updatable)) {
      violations.Add("update_mask", absl::StrCat("\"", path, "\" cannot be updated"),
                     absl::StrCat("không thể sửa \"", path, "\""));
    }
  }
}

}  // namespace thidua::server
