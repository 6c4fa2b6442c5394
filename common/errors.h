#pragma once

#include <grpcpp/support/status.h>

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
// English and in Vietnamese, and the bad fields. Inside the code errors travel as absl::Status
// carrying these details as a google.rpc.Status payload; ToGrpcStatus hands them to gRPC unchanged.
absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view english,
                   absl::string_view vietnamese,
                   const std::vector<FieldViolation>& violations = {});

// INVALID_ARGUMENT listing every violation (reason INVALID_ARGUMENT).
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);

// Collects violations while a request is validated, then yields one error for all of them.
class Violations {
 public:
  void Add(std::string field, std::string english, std::string vietnamese) {
    list_.push_back({std::move(field), std::move(english), std::move(vietnamese)});
  }
  bool empty() const { return list_.empty(); }
  absl::Status ToStatus() const {
    return list_.empty() ? absl::OkStatus() : InvalidArgument(list_);
  }

 private:
  std::vector<FieldViolation> list_;
};

// The one place an absl::Status becomes a grpc::Status. Errors without details (from libraries) get
// a generic reason and message, never internal text for INTERNAL errors.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Shorthands for the commonest errors.
absl::Status NotFound(absl::string_view what_english, absl::string_view what_vietnamese);
absl::Status PermissionDenied(absl::string_view english, absl::string_view vietnamese);
absl::Status EtagMismatch();
absl::Status Unauthenticated(absl::string_view english);

}  // namespace thidua
