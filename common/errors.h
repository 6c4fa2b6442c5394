#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace thidua {

// One bad field of a request: the field path as the proto names it ("organization.display_name")
// and what is wrong, in English and Vietnamese.
struct FieldViolation {
  std::string field;
  std::string english;
  std::string vietnamese;
};

// An error a consumer can act on: a canonical code, a stable UPPER_SNAKE reason, a message in
// English and in Vietnamese, the bad fields, and facts the caller needs to act (ErrorInfo metadata:
// the current version and etag of an object changed meanwhile). Inside the code errors travel as
// absl::Status carrying these details as a google.rpc.Status payload; ToGrpcStatus hands them to
// gRPC unchanged.
absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view english,
                   absl::string_view vietnamese, const std::vector<FieldViolation>& violations = {},
                   const std::map<std::string, std::string>& metadata = {});

// INVALID_ARGUMENT listing every violation (reason INVALID_ARGUMENT).
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);

// Collects violations while a request is validated, then yields one error for all of them.
class Violations {
 public:
  void Add(std::string field, std::string english, std::string vietnamese) {
    list_.push_back({std::move(field), std::move(english), std::move(vietnamese)});
  }
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }
  const std::vector<FieldViolation>& list() const { return list_; }
  absl::Status ToStatus() const {
    return list_.empty() ? absl::OkStatus() : InvalidArgument(list_);
  }

 private:
  std::vector<FieldViolation> list_;
};

// The one place an absl::Status becomes a grpc::Status. The caller is told only what an Error()
// says; a status without its details (from a library, the database driver, gRPC) becomes a fixed
// sentence for its code, so no internal text (SQL, driver messages, socket paths) ever leaves.
grpc::Status ToGrpcStatus(const absl::Status& status);

// `public_error` as the caller will see it, carrying `internal` as the status message, which only
// the call's log line shows (why a token was refused, what the database said).
absl::Status WithLogDetail(absl::Status public_error, absl::string_view internal);

// Shorthands for the commonest errors.
absl::Status NotFound(absl::string_view what_english, absl::string_view what_vietnamese);
absl::Status PermissionDenied(absl::string_view english, absl::string_view vietnamese);
// The one denial for an object or scope the caller may not act on. It is the same whether the
// object exists or not and names nothing, so that ids cannot be probed (AIP-211).
absl::Status PermissionDenied();
absl::Status EtagMismatch();
// The one answer to a missing, malformed, badly signed, expired or foreign token: nothing that
// would help an attacker. The reason goes to the log only (see WithLogDetail).
absl::Status Unauthenticated();

}  // namespace thidua
