#include "services/gateway/grpc_web.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace thidua::gateway {
namespace {

constexpr uint8_t kDataFlag = 0x00;
constexpr uint8_t kCompressedFlag = 0x01;
constexpr uint8_t kTrailerFlag = 0x80;

std::string Frame(uint8_t flag, absl::string_view bytes) {
  std::string out;
  out.reserve(5 + bytes.size());
  out.push_back(static_cast<char>(flag));
  const uint32_t n = static_cast<uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(bytes.data(), bytes.size());
  return out;
}

// gRPC's percent-encoding of grpc-message: every byte outside printable ASCII, and '%' itself.
std::string PercentEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e || c == '%') {
      absl::StrAppendFormat(&out, "%%%02X", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Base64 of one or more padded chunks, as a client that writes in pieces sends it.
bool DecodeChunkedBase64(absl::string_view text, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find('=', i);
    if (end == absl::string_view::npos) {
      end = text.size();
    } else {
      while (end < text.size() && text[end] == '=') ++end;
    }
    std::string part;
    if (!absl::Base64Unescape(text.substr(i, end - i), &part)) return false;
    out->append(part);
    i = end;
  }
  return true;
}

}  // namespace

std::optional<GrpcWebMode> GrpcWebModeOf(absl::string_view content_type) {
  const std::string type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  if (type == "application/grpc-web" || type == "application/grpc-web+proto") {
    return GrpcWebMode::kBinary;
  }
  if (type == "application/grpc-web-text" || type == "application/grpc-web-text+proto") {
    return GrpcWebMode::kText;
  }
  return std::nullopt;
}

const char* GrpcWebContentType(GrpcWebMode mode) {
  return mode == GrpcWebMode::kText ? "application/grpc-web-text+proto"
                                    : "application/grpc-web+proto";
}

absl::StatusOr<std::string> GrpcWebRequestMessage(absl::string_view body, GrpcWebMode mode) {
  std::string decoded;
  if (mode == GrpcWebMode::kText) {
    if (!DecodeChunkedBase64(body, &decoded)) {
      return absl::InvalidArgumentError("the grpc-web-text body is not base64");
    }
    body = decoded;
  }
  if (body.size() < 5) return absl::InvalidArgumentError("the body holds no whole frame");
  const auto flag = static_cast<uint8_t>(body[0]);
  uint32_t length = 0;
  for (int i = 1; i <= 4; ++i) length = (length << 8) | static_cast<uint8_t>(body[i]);
  if (flag & kCompressedFlag) {
    return absl::InvalidArgumentError("compressed messages are not accepted");
  }
  if (flag != kDataFlag) return absl::InvalidArgumentError("the first frame is not a message");
  if (body.size() - 5 != length) {
    return absl::InvalidArgumentError("the body is not exactly one message frame");
  }
  return std::string(body.substr(5));
}

std::string GrpcWebDataFrame(absl::string_view message) { return Frame(kDataFlag, message); }

std::string GrpcWebTrailerFrame(const grpc::Status& status) {
  std::string block = absl::StrCat("grpc-status:", static_cast<int>(status.error_code()), "\r\n");
  if (!status.ok()) {
    absl::StrAppend(&block, "grpc-message:", PercentEncode(status.error_message()), "\r\n");
    if (!status.error_details().empty()) {
      std::string details;
      absl::Base64Escape(status.error_details(), &details);
      absl::StrAppend(&block, "grpc-status-details-bin:", details, "\r\n");
    }
  }
  return Frame(kTrailerFlag, block);
}

std::string GrpcWebEncode(std::string frames, GrpcWebMode mode) {
  if (mode == GrpcWebMode::kBinary) return frames;
  std::string text;
  absl::Base64Escape(frames, &text);
  return text;
}

}  // namespace thidua::gateway
