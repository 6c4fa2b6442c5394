#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "services/registry/client/registry_client.h"

namespace thidua {

// The flags of a service that asks the registry: --registry (its address),
// --registry_timeout_ms (each call's deadline) and --registry_cache_ttl_ms (how long answers are
// reused; 0: ask every time).
void DefineRegistryFlags(Config& config);

// A registry client as those flags say; INVALID_ARGUMENT for a value out of range.
absl::StatusOr<std::unique_ptr<RegistryClient>> RegistryClientFromFlags(const Config& config);

}  // namespace thidua
