#include "services/registry/client/registry_flags.h"

namespace thidua {

void DefineRegistryFlags(Config& config) {
  config.Define("registry", "127.0.0.1:50051", "address of the registry service")
      .Define("registry_timeout_ms", "2000", "deadline of each registry call")
      .Define("registry_cache_ttl_ms", "30000",
              "how long the registry's answers are reused (0: ask every time)");
}

absl::StatusOr<std::unique_ptr<RegistryClient>> RegistryClientFromFlags(const Config& config) {
  auto timeout = config.GetInt("registry_timeout_ms", 10, 60000);
  if (!timeout.ok()) return timeout.status();
  auto cache_ttl = config.GetInt("registry_cache_ttl_ms", 0, 3'600'000);
  if (!cache_ttl.ok()) return cache_ttl.status();
  // The registry may start later or be down for a while: calls that need an answer it has not
  // given in the last registry_cache_ttl_ms say UNAVAILABLE; reads of stored data go on.
  return std::make_unique<RegistryClient>(RegistryChannel(config.Get("registry")),
                                          absl::Milliseconds(*timeout),
                                          absl::Milliseconds(*cache_ttl));
}

}  // namespace thidua
