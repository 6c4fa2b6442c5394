#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace thidua::server {

// Hot read paths answer with bytes assembled from pre-serialized parts instead of building and
// serializing a message per call: a protobuf message is the concatenation of its fields, so a
// repeated field of cached submessages is just tag, length and bytes, repeated.

// Parses a raw request; false when malformed, and then UnparsedRequest says why.
bool ParseRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message* message);
// Wraps serialized bytes as a gRPC response.
grpc::ByteBuffer ToByteBuffer(std::string bytes);
// Wraps shared bytes (a cached answer) without copying them: the slice keeps them alive.
grpc::ByteBuffer ToByteBuffer(std::shared_ptr<const std::string> bytes);
// Appends field `number` with a length-delimited value (a submessage, string or bytes).
void AppendLengthDelimited(std::string& out, int number, absl::string_view value);
// Appends field `number` with a varint value (int32, int64, enum, bool).
void AppendVarint(std::string& out, int number, uint64_t value);

// One unary call of any method ("/thidua.plans.v1.Plans/GetPlan") with the request already
// serialized; `context` carries the deadline and metadata. On success `response` holds the
// response's bytes. For tools and tests that call every method generically.
grpc::Status RawUnaryCall(grpc::GenericStub& stub, grpc::ClientContext& context,
                          const std::string& method_path, const std::string& request,
                          std::string* response);

// The same call without waiting: `done` runs once, on one of gRPC's threads, with the status and
// (when OK) the response's bytes. `context` is kept alive until then; cancel it to end the call.
void StartRawUnaryCall(grpc::GenericStub& stub, std::shared_ptr<grpc::ClientContext> context,
                       const std::string& method_path, std::string request,
                       std::function<void(grpc::Status, std::string)> done);

}  // namespace thidua::server
