#pragma once

#include <cstddef>
#include <string>

#include "common/errors.h"

namespace thidua::registry {

// Page size and position of a listing. Tokens are opaque to clients; they encode the offset into
// the ordered result, which the read model computes afresh for every page.
struct Page {
  size_t size = 100;
  size_t offset = 0;
};

// Reads page_size (0: default 100, at most 1000) and page_token, adding violations when invalid.
Page ReadPage(int32_t page_size, const std::string& page_token, Violations& violations);
std::string NextPageToken(size_t offset);

}  // namespace thidua::registry
