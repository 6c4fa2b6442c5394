#pragma once

#include <google/protobuf/descriptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace thidua::gateway {

// A descriptor pool built from compiled descriptor sets (`protoc --descriptor_set_out
// --include_imports --include_source_info`), so that the gateway reads every service's contract,
// HTTP bindings and comments without being rebuilt. Files already in the pool from an earlier set
// are skipped; a file that conflicts with one of the same name is an error. `files` receives the
// name of every file built.
absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>> LoadDescriptorSets(
    const std::vector<std::string>& paths, std::vector<std::string>* files = nullptr);

// The services of `files` in `pool` that carry at least one `(google.api.http)` binding, by full
// name.
std::vector<std::string> ServicesWithHttpBindings(const google::protobuf::DescriptorPool& pool,
                                                  const std::vector<std::string>& files);

}  // namespace thidua::gateway
