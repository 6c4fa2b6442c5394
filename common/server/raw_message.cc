#include "common/server/raw_message.h"

#include <optional>
#include <vector>

#include "absl/synchronization/notification.h"
#include "common/server/unparsed_request.h"

namespace thidua::server {
namespace {

void PutVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

}  // namespace

bool ParseRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message* message) {
  ForgetParseNote();
  if (!buffer.Valid()) {
    NoteNoMessage();
    return false;
  }
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  if (slices.size() == 1) return message->ParseFromArray(slices[0].begin(), slices[0].size());
  std::string joined;
  for (const grpc::Slice& s : slices)
    joined.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return message->ParseFromString(joined);
}

grpc::ByteBuffer ToByteBuffer(std::string bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

grpc::ByteBuffer ToByteBuffer(std::shared_ptr<const std::string> bytes) {
  using Holder = std::shared_ptr<const std::string>;
  auto holder = std::make_unique<Holder>(std::move(bytes));
  const std::string& data = **holder;
  // gRPC calls `release` when it no longer needs the bytes, possibly on another thread.
  auto release = [](void* p) { std::unique_ptr<Holder>(static_cast<Holder*>(p)); };
  grpc::Slice slice(const_cast<char*>(data.data()), data.size(), release, holder.release());
  return grpc::ByteBuffer(&slice, 1);
}

void AppendLengthDelimited(std::string& out, int number, absl::string_view value) {
  PutVarint(out, (static_cast<uint64_t>(number) << 3) | 2);
  PutVarint(out, value.size());
  out.append(value.data(), value.size());
}

void AppendVarint(std::string& out, int number, uint64_t value) {
  PutVarint(out, static_cast<uint64_t>(number) << 3);
  PutVarint(out, value);
}

namespace {

// The bytes of a response buffer, or nullopt when gRPC cannot give them.
std::optional<std::string> BytesOf(grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return std::nullopt;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

}  // namespace

void StartRawUnaryCall(grpc::GenericStub& stub, std::shared_ptr<grpc::ClientContext> context,
                       const std::string& method_path, std::string request,
                       std::function<void(grpc::Status, std::string)> done) {
  // What the call needs until it completes, kept alive by the completion itself.
  struct Call {
    std::shared_ptr<grpc::ClientContext> context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    std::function<void(grpc::Status, std::string)> done;
  };
  auto call = std::make_shared<Call>(
      Call{std::move(context), ToByteBuffer(std::move(request)), {}, std::move(done)});
  stub.UnaryCall(call->context.get(), method_path, grpc::StubOptions(), &call->request,
                 &call->response, [call](grpc::Status status) {
                   std::string bytes;
                   if (status.ok()) {
                     std::optional<std::string> read = BytesOf(call->response);
                     if (read.has_value()) {
                       bytes = *std::move(read);
                     } else {
                       status = grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response");
                     }
                   }
                   call->done(std::move(status), std::move(bytes));
                 });
}

grpc::Status RawUnaryCall(grpc::GenericStub& stub, grpc::ClientContext& context,
                          const std::string& method_path, const std::string& request,
                          std::string* response) {
  // The callback API: the call completes on gRPC's own threads, which wake this one once. (A
  // completion queue of its own per call made the caller a poller of the transport and cost the
  // gateway a fifth of its CPU.) The context is the caller's, alive until this returns.
  std::shared_ptr<grpc::ClientContext> borrowed(&context, [](grpc::ClientContext*) {});
  grpc::Status status;
  absl::Notification finished;
  StartRawUnaryCall(stub, borrowed, method_path, request, [&](grpc::Status s, std::string bytes) {
    status = std::move(s);
    if (status.ok()) *response = std::move(bytes);
    finished.Notify();
  });
  finished.WaitForNotification();
  return status;
}

}  // namespace thidua::server
