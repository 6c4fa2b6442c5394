#pragma once

#include <grpcpp/support/status.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua::gateway {

// The gRPC-Web wire format (github.com/grpc/grpc, doc/PROTOCOL-WEB.md): the HTTP/2 gRPC framing
// carried over HTTP/1.1, each message a frame of a flag byte (0x00 data, 0x80 trailers), a 4-byte
// big-endian length and the bytes; the trailers a final frame holding "name: value\r\n" lines, so a
// browser, which cannot read HTTP trailers, gets the status. The -text variant base64-encodes the
// body (possibly as several padded chunks, one per write).
enum class GrpcWebMode { kBinary, kText };

// The mode of a request's Content-Type ("application/grpc-web", "application/grpc-web+proto",
// "application/grpc-web-text", "application/grpc-web-text+proto"); nullopt for anything else.
std::optional<GrpcWebMode> GrpcWebModeOf(absl::string_view content_type);
// The Content-Type of the answer in that mode.
const char* GrpcWebContentType(GrpcWebMode mode);

// The one message of a unary or server-streaming request's body. INVALID_ARGUMENT for a body that
// is not exactly one uncompressed data frame (bad base64, a short frame, a compressed one).
absl::StatusOr<std::string> GrpcWebRequestMessage(absl::string_view body, GrpcWebMode mode);

std::string GrpcWebDataFrame(absl::string_view message);
// The trailer frame of `status`: grpc-status, grpc-message (percent-encoded as gRPC requires) and,
// when the status carries details, grpc-status-details-bin (base64).
std::string GrpcWebTrailerFrame(const grpc::Status& status);
// `frames` as the body is written in `mode` (base64 in text mode).
std::string GrpcWebEncode(std::string frames, GrpcWebMode mode);

}  // namespace thidua::gateway
