#include "common/server/unparsed_request.h"

#include <google/protobuf/stubs/logging.h>

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "common/log.h"

namespace thidua::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// The full name of the last field whose text protobuf refused on this thread, or empty.
thread_local std::string refused_field;
// No message arrived at all: the call ended (its caller cancelled, its deadline passed) before
// gRPC read one, which a raw callback handler sees as an empty, invalid buffer.
thread_local bool no_message = false;

// "String field 'pkg.Message.field' contains invalid UTF-8 data when parsing a protocol buffer…"
// → "pkg.Message.field"; empty for any other line (serializing, or another message).
std::string RefusedField(absl::string_view line) {
  constexpr absl::string_view kBefore = "String field '";
  constexpr absl::string_view kAfter = "' contains invalid UTF-8 data when parsing";
  if (!absl::ConsumePrefix(&line, kBefore)) return "";
  const size_t end = line.find(kAfter);
  return end == absl::string_view::npos ? "" : std::string(line.substr(0, end));
}

void Handle(google::protobuf::LogLevel level, const char* filename, int line,
            const std::string& message) {
  std::string field = RefusedField(message);
  // Text that is not UTF-8 is data, not a fault of the service: a caller's bytes (also answered
  // and logged as the call's INVALID_ARGUMENT), a stored row's or a peer's answer.
  const bool bad_text = !field.empty();
  if (bad_text) refused_field = std::move(field);
  const char* severity = level >= google::protobuf::LOGLEVEL_ERROR && !bad_text ? "error"
                         : level >= google::protobuf::LOGLEVEL_WARNING          ? "warn"
                                                                                : "info";
  log::Write(severity, "protobuf",
             {{"detail", message}, {"source", absl::StrCat(filename, ":", line)}});
}

// The shortest path from `request` to the field named `full_name` ("pkg.Message.field"), through
// singular and repeated message fields alike; empty when no field of the request has that name.
std::string PathTo(const Descriptor& request, absl::string_view full_name) {
  std::deque<std::pair<const Descriptor*, std::string>> queue = {{&request, ""}};
  absl::flat_hash_set<const Descriptor*> seen = {&request};
  while (!queue.empty()) {
    auto [message, prefix] = std::move(queue.front());
    queue.pop_front();
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      std::string path = prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
      if (field->full_name() == full_name) return path;
      const Descriptor* type = field->message_type();
      if (type != nullptr && seen.insert(type).second) queue.emplace_back(type, std::move(path));
    }
  }
  return "";
}

}  // namespace

void RouteProtobufLog() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&Handle); });
}

void ForgetParseNote() {
  refused_field.clear();
  no_message = false;
}

void NoteNoMessage() { no_message = true; }

absl::Status UnparsedRequest(const Descriptor* request) {
  if (std::exchange(no_message, false)) {
    return Error(absl::StatusCode::kCancelled, "CANCELLED",
                 "The call ended before its request arrived",
                 "Yêu cầu đã kết thúc trước khi nội dung được gửi đến");
  }
  const std::string refused = std::exchange(refused_field, "");
  const std::string path = refused.empty() || request == nullptr ? "" : PathTo(*request, refused);
  if (path.empty()) {
    return InvalidArgument(
        {{"request", "is not a valid protobuf message (truncated or malformed)",
          "không phải thông điệp protobuf hợp lệ (bị cắt cụt hoặc sai định dạng)"}});
  }
  return InvalidArgument({{path, "is not valid UTF-8", "không phải văn bản UTF-8 hợp lệ"}});
}

}  // namespace thidua::server
