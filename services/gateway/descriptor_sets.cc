#include "services/gateway/descriptor_sets.h"

#include <google/protobuf/descriptor.pb.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"

namespace thidua::gateway {
namespace pb = google::protobuf;

absl::StatusOr<std::unique_ptr<pb::DescriptorPool>> LoadDescriptorSets(
    const std::vector<std::string>& paths, std::vector<std::string>* files) {
  auto pool = std::make_unique<pb::DescriptorPool>();
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    pb::FileDescriptorSet set;
    if (!in || !set.ParseFromString(bytes.str())) {
      return absl::InvalidArgumentError(
          absl::StrCat("descriptor set ", path, ": cannot read or parse it"));
    }
    // --include_imports writes every file after its dependencies.
    for (const pb::FileDescriptorProto& file : set.file()) {
      if (const pb::FileDescriptor* known = pool->FindFileByName(file.name())) {
        pb::FileDescriptorProto known_proto;
        known->CopyTo(&known_proto);
        known->CopyJsonNameTo(&known_proto);
        pb::FileDescriptorProto incoming = file;
        incoming.clear_source_code_info();
        if (known_proto.SerializeAsString() != incoming.SerializeAsString()) {
          return absl::InvalidArgumentError(
              absl::StrCat("descriptor set ", path, ": ", file.name(),
                           " differs from the file of that name in an earlier set"));
        }
        continue;
      }
      if (files != nullptr) files->push_back(file.name());
      if (pool->BuildFile(file) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("descriptor set ", path, ": ", file.name(), " does not build"));
      }
    }
  }
  return pool;
}

std::vector<std::string> ServicesWithHttpBindings(const pb::DescriptorPool& pool,
                                                  const std::vector<std::string>& files) {
  std::vector<std::string> services;
  for (const std::string& name : files) {
    const pb::FileDescriptor* file = pool.FindFileByName(name);
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const pb::ServiceDescriptor& service = *file->service(s);
      for (int m = 0; m < service.method_count(); ++m) {
        if (service.method(m)->options().HasExtension(google::api::http)) {
          services.push_back(service.full_name());
          break;
        }
      }
    }
  }
  return services;
}

}  // namespace thidua::gateway
