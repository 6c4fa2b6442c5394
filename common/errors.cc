#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace thidua {
namespace {

constexpr absl::string_view kPayloadUrl = "type.googleapis.com/google.rpc.Status";
constexpr absl::string_view kDomain = "thidua.gov.vn";

// One bad request yields one bounded error: gRPC carries the message and the details in trailers,
// whose size is limited (8 KB by default); past it the caller sees RESOURCE_EXHAUSTED instead of
// the error, and the log line would grow with the request. Texts are cut, violations counted.
constexpr size_t kMaxMessageBytes = 2000;
constexpr size_t kMaxDescriptionBytes = 300;
constexpr size_t kMaxFieldBytes = 120;
constexpr size_t kMaxViolations = 10;          // listed in the details
constexpr size_t kMaxViolationsInMessage = 3;  // repeated in the message

// `s` cut to at most `max` bytes at a character boundary, with "…" when cut.
std::string Bounded(absl::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t end = max - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(s.substr(0, end), "…");
}

// The message a gRPC client sees: English, then Vietnamese, so logs and CLIs show both.
std::string BilingualMessage(absl::string_view english, absl::string_view vietnamese,
                             size_t max = kMaxMessageBytes) {
  return vietnamese.empty() ? Bounded(english, max)
                            : absl::StrCat(Bounded(english, (max - 3) / 2), " | ",
                                           Bounded(vietnamese, (max - 3) / 2));
}

}  // namespace

absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view english,
                   absl::string_view vietnamese, const std::vector<FieldViolation>& violations,
                   const std::map<std::string, std::string>& metadata) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(BilingualMessage(english, vietnamese));
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kDomain));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  details.add_details()->PackFrom(info);
  google::rpc::LocalizedMessage localized;
  localized.set_locale("vi-VN");
  localized.set_message(Bounded(vietnamese, kMaxMessageBytes / 2));
  details.add_details()->PackFrom(localized);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (size_t i = 0; i < violations.size() && i < kMaxViolations; ++i) {
      const FieldViolation& v = violations[i];
      auto* fv = bad_request.add_field_violations();
      fv->set_field(Bounded(v.field, kMaxFieldBytes));
      fv->set_description(BilingualMessage(v.english, v.vietnamese, kMaxDescriptionBytes));
    }
    details.add_details()->PackFrom(bad_request);
  }
  absl::Status status(code, details.message());
  status.SetPayload(kPayloadUrl, absl::Cord(details.SerializeAsString()));
  return status;
}

absl::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  std::string english = "Invalid request";
  std::string vietnamese = "Yêu cầu không hợp lệ";
  for (size_t i = 0; i < violations.size() && i < kMaxViolationsInMessage; ++i) {
    const FieldViolation& v = violations[i];
    absl::StrAppend(&english, "; ", Bounded(v.field, kMaxFieldBytes), ": ",
                    Bounded(v.english, kMaxDescriptionBytes / 2));
    absl::StrAppend(&vietnamese, "; ", Bounded(v.field, kMaxFieldBytes), ": ",
                    Bounded(v.vietnamese, kMaxDescriptionBytes / 2));
  }
  if (violations.size() > kMaxViolationsInMessage) {
    const size_t more = violations.size() - kMaxViolationsInMessage;
    absl::StrAppend(&english, "; and ", more, " more");
    absl::StrAppend(&vietnamese, "; và ", more, " lỗi khác");
  }
  return Error(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT", english, vietnamese,
               violations);
}

namespace {

// What a caller is told for a status thidua did not write itself (a library's, the driver's): the
// code and a fixed sentence. The library's own text (SQL, driver messages, socket paths, stack
// details) is logged by the call's log line, never sent.
absl::Status GenericError(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
      return Error(code, "UNAVAILABLE", "Temporarily unavailable; retry later",
                   "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại");
    case absl::StatusCode::kDeadlineExceeded:
      return Error(code, "DEADLINE_EXCEEDED", "Deadline exceeded", "Quá thời hạn xử lý yêu cầu");
    case absl::StatusCode::kAborted:
      return Error(code, "ABORTED", "The request conflicted with another one; retry",
                   "Yêu cầu xung đột với một yêu cầu khác; hãy thử lại");
    case absl::StatusCode::kAlreadyExists:
      return Error(code, "ALREADY_EXISTS", "The object already exists", "Dữ liệu đã tồn tại");
    case absl::StatusCode::kResourceExhausted:
      return Error(code, "RESOURCE_EXHAUSTED", "Too many requests or a request too large",
                   "Quá nhiều yêu cầu hoặc yêu cầu quá lớn");
    case absl::StatusCode::kCancelled:
      return Error(code, "CANCELLED", "The call was cancelled", "Yêu cầu đã bị hủy");
    case absl::StatusCode::kUnauthenticated:
      return Unauthenticated();
    case absl::StatusCode::kPermissionDenied:
      return PermissionDenied();
    case absl::StatusCode::kInvalidArgument:
      return Error(code, "INVALID_ARGUMENT", "Invalid request", "Yêu cầu không hợp lệ");
    default:
      return Error(absl::StatusCode::kInternal, "INTERNAL",
                   "Internal error; the event has been logged",
                   "Lỗi hệ thống; sự cố đã được ghi lại");
  }
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return ToGrpcStatus(GenericError(status.code()));
  google::rpc::Status details;
  const std::string bytes(*payload);
  if (!details.ParseFromString(bytes)) return ToGrpcStatus(GenericError(status.code()));
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), details.message(), bytes);
}

absl::Status WithLogDetail(absl::Status public_error, absl::string_view internal) {
  absl::Status out(public_error.code(), internal);
  if (auto payload = public_error.GetPayload(kPayloadUrl)) out.SetPayload(kPayloadUrl, *payload);
  return out;
}

absl::Status NotFound(absl::string_view what_english, absl::string_view what_vietnamese) {
  return Error(absl::StatusCode::kNotFound, "NOT_FOUND", absl::StrCat(what_english, " not found"),
               absl::StrCat("Không tìm thấy ", what_vietnamese));
}

absl::Status PermissionDenied(absl::string_view english, absl::string_view vietnamese) {
  return Error(absl::StatusCode::kPermissionDenied, "PERMISSION_DENIED", english, vietnamese);
}

absl::Status EtagMismatch() {
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               "The object was changed by someone else; read it again and retry",
               "Dữ liệu đã được người khác thay đổi; hãy tải lại và thử lại");
}

absl::Status PermissionDenied() {
  return PermissionDenied(
      "Permission denied: you may not do this for this object, or it does not exist",
      "Không có quyền thực hiện thao tác này đối với đối tượng này, hoặc đối tượng không tồn tại");
}

absl::Status Unauthenticated() {
  return Error(absl::StatusCode::kUnauthenticated, "UNAUTHENTICATED",
               "Authentication required: send a valid bearer token",
               "Chưa xác thực hoặc mã thông báo không hợp lệ");
}

}  // namespace thidua
