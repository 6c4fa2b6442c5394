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

// The message a gRPC client sees: English, then Vietnamese, so logs and CLIs show both.
std::string BilingualMessage(absl::string_view english, absl::string_view vietnamese) {
  return vietnamese.empty() ? std::string(english) : absl::StrCat(english, " | ", vietnamese);
}

}  // namespace

absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view english,
                   absl::string_view vietnamese, const std::vector<FieldViolation>& violations) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(BilingualMessage(english, vietnamese));
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kDomain));
  details.add_details()->PackFrom(info);
  google::rpc::LocalizedMessage localized;
  localized.set_locale("vi-VN");
  localized.set_message(std::string(vietnamese));
  details.add_details()->PackFrom(localized);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : violations) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(BilingualMessage(v.english, v.vietnamese));
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
  for (const auto& v : violations) {
    absl::StrAppend(&english, "; ", v.field, ": ", v.english);
    absl::StrAppend(&vietnamese, "; ", v.field, ": ", v.vietnamese);
  }
  return Error(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT", english, vietnamese,
               violations);
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (auto payload = status.GetPayload(kPayloadUrl)) {
    return grpc::Status(code, std::string(status.message()), std::string(*payload));
  }
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss: {
      // Internal text (SQL, stack details) stays in the log, never reaches the caller.
      auto safe = Error(status.code(), "INTERNAL", "Internal error; the event has been logged",
                        "Lỗi hệ thống; sự cố đã được ghi lại");
      return ToGrpcStatus(safe);
    }
    case absl::StatusCode::kUnavailable:
      return ToGrpcStatus(Error(status.code(), "UNAVAILABLE",
                                absl::StrCat("Temporarily unavailable: ", status.message()),
                                "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại"));
    case absl::StatusCode::kDeadlineExceeded:
      return ToGrpcStatus(Error(status.code(), "DEADLINE_EXCEEDED", "Deadline exceeded",
                                "Quá thời hạn xử lý yêu cầu"));
    default:
      return ToGrpcStatus(
          Error(status.code(), absl::StatusCodeToString(status.code()), status.message(), ""));
  }
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

absl::Status Unauthenticated(absl::string_view english) {
  return Error(absl::StatusCode::kUnauthenticated, "UNAUTHENTICATED", english,
               "Chưa xác thực hoặc mã thông báo không hợp lệ");
}

}  // namespace thidua
