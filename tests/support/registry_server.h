#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "common/server/grpc_server.h"
#include "services/registry/model/change_follower.h"
#include "services/registry/model/read_model.h"
#include "services/registry/service/registry_service.h"
#include "tests/support/test_database.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua::testing {

// One registry replica in this process, on its own loopback port, over a test database: the same
// service, read model and change follower the binary runs, reached through real gRPC.
class RegistryReplica {
 public:
  // `port` 0: any free port.
  RegistryReplica(const db::Options& options, const Clock& clock = Clock::System(), int port = 0);
  ~RegistryReplica();

  registry::v1::Registry::Stub& stub() { return *stub_; }
  registry::ReadModel& model() { return model_; }
  registry::ChangeFollower& follower() { return *follower_; }
  int port() const { return server_->port(); }

 private:
  std::unique_ptr<db::Pool> pool_;
  registry::ReadModel model_;
  std::unique_ptr<registry::ChangeFollower> follower_;
  std::unique_ptr<registry::RegistryService> service_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<registry::v1::Registry::Stub> stub_;
};

// A client context carrying `authorization: Bearer <token>` and a 10 s deadline.
std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token);

// Details of a failed call, decoded from google.rpc.Status.
struct ErrorDetails {
  std::string reason;               // ErrorInfo.reason
  std::string vietnamese;           // LocalizedMessage (vi-VN)
  std::vector<std::string> fields;  // BadRequest field violations
};
ErrorDetails DetailsOf(const grpc::Status& status);

// Applies the registry migrations to a database.
void Migrate(db::Pool& pool);

// Writes the nation as the import does (reference data, not created through the API) and returns
// its id. 0 when the write failed (the test has failed too).
int64_t InsertNation(db::Pool& pool);

}  // namespace thidua::testing
