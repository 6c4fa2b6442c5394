#pragma once
// Calls every RPC of a service as outsiders would, driven by the service's descriptor and the
// access each method declares (thidua/common/v1/access.proto), so a new service inherits the
// attack by writing one fixture: a request per method that the owner of some objects could send.
//
// For every method it checks: the access is declared; without a token the answer is
// UNAUTHENTICATED; without a declared role it is PERMISSION_DENIED; an outsider (another unit's
// staff holding every role) gets PERMISSION_DENIED or an answer without the owner's secrets, never
// another code (which would tell what exists); and for a method on an object, the outsider's
// answer for the owner's object equals its answer for an unknown id, byte for byte. Last, the
// owner sends every request and is not refused: the denials above come from authorization, not
// from requests that nobody could send.
#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace thidua::testing {

struct AccessFixture {
  // By method name: a request on the owner's objects and organisations.
  std::map<std::string, std::unique_ptr<google::protobuf::Message>> requests;
  std::string owner;  // a token of the owner's staff holding every role
  // By method name: the owner's token for a method only a unit's own staff may call (a report is
  // written by its unit, not by the units above it); `owner` for the others.
  std::map<std::string, std::string> owner_of;
  std::string owner_without_roles;  // a token of the owner's organisation holding no role
  std::string outsider;             // a token of another unit holding every role of the service
  // Text only the owner's objects hold (a draft's title, a model's name): an outsider's answer
  // must contain none of it.
  std::vector<std::string> secrets;
};

struct AccessOutcome {
  int code = 0;
  std::string message;
  std::string details;
  std::string response;
};

// Checks every method of `service` on `channel` as described above, printing one table row per
// method and principal. Failures are reported through GoogleTest.
void CheckAccessMatrix(const std::shared_ptr<grpc::Channel>& channel,
                       const google::protobuf::ServiceDescriptor& service,
                       const AccessFixture& fixture);

}  // namespace thidua::testing
