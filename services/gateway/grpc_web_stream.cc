#include "services/gateway/grpc_web_stream.h"

#include <grpcpp/support/client_callback.h>

#include <vector>

#include "common/log.h"
#include "common/server/metrics.h"
#include "common/server/raw_message.h"
#include "services/gateway/gateway_server.h"

namespace thidua::gateway {
namespace {

// gRPC's callback reactor of one stream; it deletes itself when the call is done.
class Stream final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  Stream(const Gateway& gateway, std::shared_ptr<grpc::ClientContext> context,
         std::shared_ptr<HttpExchange> exchange, GrpcWebStreamCall call,
         std::function<void()> ended)
      : gateway_(gateway),
        context_(std::move(context)),
        exchange_(std::move(exchange)),
        call_(std::move(call)),
        ended_(std::move(ended)),
        request_(server::ToByteBuffer(call_.request)) {}

  void Begin(grpc::GenericStub& stub) {
    gateway_.Enter();
    tracked_ = gateway_.Track(context_.get());
    if (!tracked_) context_->TryCancel();  // the gateway is stopping
    stub.PrepareBidiStreamingCall(context_.get(), call_.grpc_path, grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&read_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream has ended; OnDone follows
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (read_.Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) {
        bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
      }
    }
    if (!exchange_->Write(GrpcWebEncode(GrpcWebDataFrame(bytes), call_.mode))) {
      client_gone_ = true;
      context_->TryCancel();
      return;
    }
    StartRead(&read_);
  }

  void OnDone(const grpc::Status& raw) override {
    const grpc::Status status = gateway_.FromBackend(raw, call_.grpc_path, call_.request_id);
    if (!client_gone_) exchange_->Write(GrpcWebEncode(GrpcWebTrailerFrame(status), call_.mode));
    exchange_->Finish();
    if (tracked_) gateway_.Untrack(context_.get());
    server::Metrics::Global().Record(call_.grpc_path, static_cast<int>(status.error_code()),
                                     absl::Now() - call_.started);
    log::Info("grpc-web stream", {{"rpc", call_.grpc_path},
                                  {"code", static_cast<int>(status.error_code())},
                                  {"seconds", absl::ToDoubleSeconds(absl::Now() - call_.started)},
                                  {"request_id", call_.request_id}});
    ended_();
    const Gateway& gateway = gateway_;
    delete this;
    gateway.Leave();
  }

 private:
  const Gateway& gateway_;
  const std::shared_ptr<grpc::ClientContext> context_;
  const std::shared_ptr<HttpExchange> exchange_;
  const GrpcWebStreamCall call_;
  const std::function<void()> ended_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer read_;
  bool tracked_ = false;
  bool client_gone_ = false;
};

}  // namespace

void StartGrpcWebStream(const Gateway& gateway, grpc::GenericStub& stub,
                        std::shared_ptr<grpc::ClientContext> context,
                        std::shared_ptr<HttpExchange> exchange, GrpcWebStreamCall call,
                        std::function<void()> ended) {
  (new Stream(gateway, std::move(context), std::move(exchange), std::move(call), std::move(ended)))
      ->Begin(stub);
}

}  // namespace thidua::gateway
