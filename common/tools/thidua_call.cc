// thidua-call: calls any thidua RPC with a JSON request and prints the JSON response. A small
// stand-in for grpcurl (not packaged in Debian 12) for local development.
//
//   thidua-call [--target=host:port] [--token=JWT | env THIDUA_TOKEN] [--timeout_s=10]
//               [--list] <Service/Method> ['<json request>' | -]
//
// Without --target a call goes where deploy/local/up serves its service (Registry 50051, Plans
// 50052, Reporting 50053 on 127.0.0.1).
//   thidua-call [--target=...] [--timeout_s=10] --wait_serving
//
// The service may be given by its full name (thidua.registry.v1.Registry) or by a suffix of it
// (Registry, v1.Registry). The request is read from stdin when it is `-` and is empty when omitted.
// Exit codes: 0 success, 1 RPC error, 2 usage error (bad flag, unknown method, invalid JSON).

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/server/raw_message.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "thidua/plans/v1/plans.grpc.pb.h"
#include "thidua/registry/v1/registry.grpc.pb.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace {

namespace pb = ::google::protobuf;

constexpr int kRpcError = 1;
constexpr int kUsageError = 2;

constexpr char kUsage[] =
    "usage: thidua-call [--target=host:port] [--token=JWT | env THIDUA_TOKEN]\n"
    "                   [--timeout_s=10] [--list] <Service/Method> ['<json request>' | -]\n"
    "Calls a thidua RPC with a JSON request (read from stdin when `-`, empty when omitted) and\n"
    "prints the JSON response. Service may be a suffix of the full name, e.g. Registry/GetTree.\n"
    "Without --target, the local stack's port of the service: Registry 127.0.0.1:50051,\n"
    "Plans 127.0.0.1:50052, Reporting 127.0.0.1:50053.\n"
    "--list prints every known service and method.\n"
    "--wait_serving waits until the target's health service says SERVING (exit 0) or\n"
    "--timeout_s passes (exit 1).\n";

// The proto files whose services thidua-call knows by short name. Referencing a message of each
// file also links its descriptor into the binary. Adding a service is one line here (plus its
// include above).
std::vector<const pb::FileDescriptor*> KnownServiceFiles() {
  return {
      thidua::registry::v1::GetOrganizationRequest::descriptor()->file(),
      thidua::plans::v1::GetPlanRequest::descriptor()->file(),
      thidua::reporting::v1::GetObligationRequest::descriptor()->file(),
  };
}

// The error detail types the server may send; referencing them links their descriptors so that
// the google.protobuf.Any details can be printed as JSON.
void LinkErrorDetailTypes() {
  (void)google::rpc::Status::descriptor();
  (void)google::rpc::ErrorInfo::descriptor();
  (void)google::rpc::BadRequest::descriptor();
  (void)google::rpc::LocalizedMessage::descriptor();
}

int UsageError(const std::string& message) {
  std::cerr << "thidua-call: " << message << "\n";
  return kUsageError;
}

std::vector<const pb::ServiceDescriptor*> KnownServices() {
  std::vector<const pb::ServiceDescriptor*> services;
  for (const pb::FileDescriptor* file : KnownServiceFiles()) {
    for (int i = 0; i < file->service_count(); ++i) services.push_back(file->service(i));
  }
  return services;
}

void ListServices() {
  for (const pb::ServiceDescriptor* service : KnownServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor* method = service->method(i);
      std::cout << service->full_name() << "/" << method->name() << "("
                << method->input_type()->full_name() << ") returns ("
                << method->output_type()->full_name() << ")\n";
    }
  }
}

// Resolves "Service/Method" (or "Service.Method"; a leading "/" is accepted) to a method. On
// failure returns nullptr and sets *error.
const pb::MethodDescriptor* FindMethod(const std::string& name, std::string* error) {
  std::string spec = name;
  if (absl::StartsWith(spec, "/")) spec.erase(0, 1);
  size_t cut = spec.rfind('/');
  if (cut == std::string::npos) cut = spec.rfind('.');
  if (cut == std::string::npos || cut == 0 || cut + 1 == spec.size()) {
    *error = absl::StrCat("expected <Service/Method>, got \"", name, "\"");
    return nullptr;
  }
  const std::string service_name = spec.substr(0, cut);
  const std::string method_name = spec.substr(cut + 1);

  std::vector<const pb::ServiceDescriptor*> candidates;
  if (const pb::ServiceDescriptor* exact =
          pb::DescriptorPool::generated_pool()->FindServiceByName(service_name)) {
    candidates.push_back(exact);
  } else {
    for (const pb::ServiceDescriptor* service : KnownServices()) {
      if (service->full_name() == service_name ||
          absl::EndsWith(service->full_name(), absl::StrCat(".", service_name))) {
        candidates.push_back(service);
      }
    }
  }
  if (candidates.empty()) {
    *error = absl::StrCat("unknown service \"", service_name, "\" (see --list)");
    return nullptr;
  }
  if (candidates.size() > 1) {
    std::vector<std::string> names;
    for (const pb::ServiceDescriptor* service : candidates) names.push_back(service->full_name());
    *error =
        absl::StrCat("service \"", service_name, "\" is ambiguous: ", absl::StrJoin(names, ", "));
    return nullptr;
  }
  const pb::MethodDescriptor* method = candidates[0]->FindMethodByName(method_name);
  if (method == nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < candidates[0]->method_count(); ++i) {
      names.push_back(candidates[0]->method(i)->name());
    }
    *error = absl::StrCat("service ", candidates[0]->full_name(), " has no method \"", method_name,
                          "\"; it has: ", absl::StrJoin(names, ", "));
    return nullptr;
  }
  if (method->client_streaming() || method->server_streaming()) {
    *error = absl::StrCat(method->full_name(), " is a streaming method; only unary is supported");
    return nullptr;
  }
  return method;
}

pb::util::JsonPrintOptions PrintOptions() {
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = true;
  return options;
}

// Prints one google.rpc.Status detail as JSON ({"@type": ..., ...}), or its type and size when
// its type is not linked into this binary.
void PrintDetail(const pb::Any& detail) {
  std::string json;
  if (pb::util::MessageToJsonString(detail, &json, PrintOptions()).ok()) {
    std::cerr << json;
    if (!absl::EndsWith(json, "\n")) std::cerr << "\n";
  } else {
    std::cerr << "(detail of unknown type " << detail.type_url() << ", " << detail.value().size()
              << " bytes)\n";
  }
}

std::chrono::system_clock::time_point DeadlineIn(double seconds) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(
             std::chrono::duration<double>(seconds));
}

// --wait_serving: asks the standard health service (grpc.health.v1.Health/Check, whole server)
// until it answers SERVING or the timeout passes. Readiness comes from the process that serves
// the port, never from a log line an earlier process may have written.
int WaitServing(const std::string& target, double timeout_s) {
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  const auto end = DeadlineIn(timeout_s);
  // HealthCheckResponse{status: SERVING} is field 1, varint 1.
  const std::string serving("\x08\x01", 2);
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(std::min(end, DeadlineIn(1)));
    std::string response;
    const grpc::Status status =
        thidua::server::RawUnaryCall(stub, context, "/grpc.health.v1.Health/Check", "", &response);
    if (status.ok() && response == serving) return 0;
    if (std::chrono::system_clock::now() >= end) {
      std::cerr << "ERROR: " << target << " is not serving"
                << (status.ok() ? "" : absl::StrCat(" (", status.error_message(), ")")) << "\n";
      return kRpcError;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}
}  // namespace

// Where deploy/local/up serves each service: a call without --target goes to its own service.
std::string LocalTarget(const std::string& service) {
  static const std::map<std::string, int> kPorts = {{"thidua.registry.v1.Registry", 50051},
                                                    {"thidua.plans.v1.Plans", 50052},
                                                    {"thidua.reporting.v1.Reporting", 50053}};
  const auto it = kPorts.find(service);
  return absl::StrCat("127.0.0.1:", it == kPorts.end() ? 50051 : it->second);
}

int main(int argc, char** argv) {
  LinkErrorDetailTypes();

  std::map<std::string, std::string> flags = {
      {"target", "127.0.0.1:50051"},
      {"token", ""},
      {"timeout_s", "10"},
  };
  bool list = false;
  bool wait_serving = false;
  bool token_flag = false;
  bool target_flag = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--list") {
      list = true;
      continue;
    }
    if (arg == "--wait_serving") {
      wait_serving = true;
      continue;
    }
    if (arg == "-" || !absl::StartsWith(arg, "-")) {
      positional.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    if (!absl::StartsWith(arg, "--") || eq == std::string::npos) {
      std::cerr << kUsage;
      return UsageError(absl::StrCat("expected --name=value, got ", arg));
    }
    const std::string name = arg.substr(2, eq - 2);
    auto it = flags.find(name);
    if (it == flags.end()) {
      std::cerr << kUsage;
      return UsageError(absl::StrCat("unknown flag --", name));
    }
    it->second = arg.substr(eq + 1);
    if (name == "token") token_flag = true;
    if (name == "target") target_flag = true;
  }

  if (list) {
    if (!positional.empty()) return UsageError("--list takes no method or request");
    ListServices();
    return 0;
  }
  double timeout_s = 0;
  if (!absl::SimpleAtod(flags["timeout_s"], &timeout_s) || !(timeout_s > 0)) {
    return UsageError("--timeout_s must be a positive number of seconds");
  }
  if (wait_serving) {
    if (!positional.empty()) return UsageError("--wait_serving takes no method or request");
    return WaitServing(flags["target"], timeout_s);
  }
  if (positional.empty() || positional.size() > 2) {
    std::cerr << kUsage;
    return UsageError(positional.empty() ? "missing <Service/Method>" : "too many arguments");
  }
  if (flags["target"].empty()) return UsageError("--target must not be empty");

  std::string token = flags["token"];
  if (!token_flag) {
    if (const char* env = std::getenv("THIDUA_TOKEN")) token = env;
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  if (absl::StartsWithIgnoreCase(token, "Bearer ")) {
    token = std::string(absl::StripAsciiWhitespace(token.substr(7)));
  }

  std::string error;
  const pb::MethodDescriptor* method = FindMethod(positional[0], &error);
  if (method == nullptr) return UsageError(error);
  if (!target_flag) flags["target"] = LocalTarget(method->service()->full_name());

  std::string request_json;
  if (positional.size() == 2) {
    if (positional[1] == "-") {
      request_json.assign(std::istreambuf_iterator<char>(std::cin),
                          std::istreambuf_iterator<char>());
    } else {
      request_json = positional[1];
    }
  }

  const pb::Message* request_prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(method->input_type());
  const pb::Message* response_prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(method->output_type());
  if (request_prototype == nullptr || response_prototype == nullptr) {
    return UsageError(absl::StrCat("no generated message types for ", method->full_name()));
  }
  std::unique_ptr<pb::Message> request(request_prototype->New());
  if (!absl::StripAsciiWhitespace(request_json).empty()) {
    pb::util::JsonParseOptions parse_options;
    parse_options.ignore_unknown_fields = false;
    const pb::util::Status parsed =
        pb::util::JsonStringToMessage(request_json, request.get(), parse_options);
    if (!parsed.ok()) {
      return UsageError(absl::StrCat("invalid JSON for ", method->input_type()->full_name(), ": ",
                                     std::string(parsed.message())));
    }
  }

  std::string request_bytes;
  if (!request->SerializeToString(&request_bytes)) {
    return UsageError("could not serialize the request");
  }
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(flags["target"], grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(DeadlineIn(timeout_s));
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));

  const std::string path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  std::string response_bytes;
  const grpc::Status status =
      thidua::server::RawUnaryCall(stub, context, path, request_bytes, &response_bytes);
  if (!status.ok()) {
    std::cerr << "ERROR "
              << absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()))
              << ": " << status.error_message() << "\n";
    std::string details = status.error_details();
    if (details.empty()) {
      const auto& trailers = context.GetServerTrailingMetadata();
      auto it = trailers.find("grpc-status-details-bin");
      if (it != trailers.end()) details.assign(it->second.data(), it->second.size());
    }
    if (!details.empty()) {
      google::rpc::Status rpc_status;
      if (!rpc_status.ParseFromString(details)) {
        std::cerr << "(undecodable grpc-status-details-bin, " << details.size() << " bytes)\n";
      } else {
        for (const pb::Any& detail : rpc_status.details()) PrintDetail(detail);
      }
    }
    return kRpcError;
  }

  std::unique_ptr<pb::Message> response(response_prototype->New());
  if (!response->ParseFromString(response_bytes)) {
    std::cerr << "ERROR INTERNAL: could not parse the response as "
              << method->output_type()->full_name() << "\n";
    return kRpcError;
  }
  std::string response_json;
  const pb::util::Status printed =
      pb::util::MessageToJsonString(*response, &response_json, PrintOptions());
  if (!printed.ok()) {
    std::cerr << "ERROR INTERNAL: could not print the response: " << std::string(printed.message())
              << "\n";
    return kRpcError;
  }
  std::cout << response_json;
  if (!absl::EndsWith(response_json, "\n")) std::cout << "\n";
  return 0;
}
