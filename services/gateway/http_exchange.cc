#include "services/gateway/http_exchange.h"

#include "absl/strings/match.h"

namespace thidua::gateway {

std::string HttpRequest::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

bool HttpRequest::HasHeader(absl::string_view name) const { return HeaderCount(name) > 0; }

int HttpRequest::HeaderCount(absl::string_view name) const {
  int count = 0;
  for (const auto& header : headers) count += absl::EqualsIgnoreCase(header.first, name) ? 1 : 0;
  return count;
}

void HttpResponse::SetHeader(absl::string_view name, std::string value) {
  for (auto& header : headers) {
    if (absl::EqualsIgnoreCase(header.first, name)) {
      header.second = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

void HttpResponse::SetContent(std::string content, std::string type) {
  body = std::move(content);
  content_type = std::move(type);
}

}  // namespace thidua::gateway
