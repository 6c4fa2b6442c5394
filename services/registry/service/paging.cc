#include "services/registry/service/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace thidua::registry {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

std::string NextPageToken(size_t offset) {
  return absl::WebSafeBase64Escape(absl::StrCat("offset:", offset));
}

Page ReadPage(int32_t page_size, const std::string& page_token, Violations& violations) {
  Page page;
  page.size = page_size <= 0 ? kDefaultPageSize : page_size;
  if (page_size < 0 || page_size > kMaxPageSize) {
    violations.Add("page_size", "must be between 0 and 1000", "phải từ 0 đến 1000");
  }
  std::string raw;
  if (!page_token.empty() &&
      (!absl::WebSafeBase64Unescape(page_token, &raw) || raw.rfind("offset:", 0) != 0 ||
       !absl::SimpleAtoi(raw.substr(7), &page.offset))) {
    violations.Add("page_token", "is not a token this service issued",
                   "không phải mã trang do hệ thống cấp");
  }
  return page;
}

}  // namespace thidua::registry
