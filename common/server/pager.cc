#include "common/server/pager.h"

#include <openssl/sha.h>

#include <algorithm>
#include <memory>

#include "absl/strings/escaping.h"
#include "common/errors.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "thidua/common/v1/page.pb.h"

namespace thidua::server {
namespace {

namespace pb = google::protobuf;

constexpr size_t kQueryBytes = 16;
constexpr size_t kMaxTokenBytes = 2000;  // as declared on every page_token field

constexpr absl::string_view kBadTokenEnglish = "is not a page token of this listing and query";
constexpr absl::string_view kBadTokenVietnamese =
    "không phải mã trang của danh sách và điều kiện lọc này";

// The request's type and fields other than the page's, hashed: what a token is bound to.
std::string QueryOf(const pb::Message& request) {
  std::unique_ptr<pb::Message> query(request.New());
  query->CopyFrom(request);
  const pb::Descriptor* type = query->GetDescriptor();
  for (const char* name : {"page_size", "page_token"}) {
    if (const pb::FieldDescriptor* f = type->FindFieldByName(name)) {
      query->GetReflection()->ClearField(query.get(), f);
    }
  }
  std::string bytes = type->full_name();
  bytes.push_back('\0');
  {
    pb::io::StringOutputStream stream(&bytes);
    pb::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    query->SerializeToCodedStream(&out);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), kQueryBytes);
}

}  // namespace

absl::StatusOr<Pager> Pager::Read(const pb::Message& request, int default_size, int max_size) {
  Violations violations;
  std::optional<Pager> pager = Read(request, violations, default_size, max_size);
  if (!pager) {
    if (violations.empty()) {
      return absl::InternalError("a paged listing needs page_size and page_token fields");
    }
    return violations.ToStatus();
  }
  return *std::move(pager);
}

std::optional<Pager> Pager::Read(const pb::Message& request, Violations& violations,
                                 int default_size, int max_size) {
  const pb::Descriptor* type = request.GetDescriptor();
  const pb::Reflection* reflection = request.GetReflection();
  const pb::FieldDescriptor* size_field = type->FindFieldByName("page_size");
  const pb::FieldDescriptor* token_field = type->FindFieldByName("page_token");
  if (size_field == nullptr || token_field == nullptr) return std::nullopt;
  bool ok = true;
  const int32_t requested = reflection->GetInt32(request, size_field);
  if (requested < 0) {
    violations.Add("page_size", "must not be negative", "không được là số âm");
    ok = false;
  }
  const int size = requested <= 0 ? default_size : std::min<int>(requested, max_size);
  std::string query = QueryOf(request);
  const std::string token = reflection->GetString(request, token_field);
  CursorKey after;
  if (!token.empty()) {
    std::string raw;
    common::v1::PageCursor cursor;
    if (token.size() > kMaxTokenBytes || !absl::WebSafeBase64Unescape(token, &raw) ||
        !cursor.ParseFromString(raw) || cursor.query() != query || cursor.after_size() == 0) {
      violations.Add("page_token", std::string(kBadTokenEnglish), std::string(kBadTokenVietnamese));
      ok = false;
    }
    for (const auto& value : cursor.after()) {
      if (value.has_integer()) {
        after.emplace_back(value.integer());
      } else {
        after.emplace_back(value.text());
      }
    }
  }
  if (!ok) return std::nullopt;
  return Pager(size, std::move(query), std::move(after));
}

absl::Status Pager::BadToken() {
  return InvalidArgument(
      {{"page_token", std::string(kBadTokenEnglish), std::string(kBadTokenVietnamese)}});
}

std::string Pager::TokenAfter(const CursorKey& last) const {
  common::v1::PageCursor cursor;
  cursor.set_query(query_);
  for (const CursorValue& value : last) {
    auto* out = cursor.add_after();
    if (const auto* integer = std::get_if<int64_t>(&value)) {
      out->set_integer(*integer);
    } else {
      out->set_text(std::get<std::string>(value));
    }
  }
  return absl::WebSafeBase64Escape(cursor.SerializeAsString());
}

}  // namespace thidua::server
