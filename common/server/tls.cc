#include "common/server/tls.h"

#include <fstream>
#include <sstream>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace thidua::server {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(what, " ", path, " is not a readable PEM file"));
  }
  return text.str();
}

struct PeerSlot {
  absl::Mutex mu;
  std::shared_ptr<grpc::ChannelCredentials> credentials ABSL_GUARDED_BY(mu) =
      grpc::InsecureChannelCredentials();
};
PeerSlot& Peer() {
  static auto* slot = new PeerSlot();  // never destroyed: channels may be made during exit
  return *slot;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file) {
  if (cert_file.empty() != key_file.empty()) {
    return absl::InvalidArgumentError("a TLS certificate needs its key, and a key its certificate");
  }
  if (cert_file.empty()) {
    if (!client_ca_file.empty()) {
      return absl::InvalidArgumentError("a client CA needs the server's own certificate and key");
    }
    return grpc::InsecureServerCredentials();
  }
  auto cert = ReadPem(cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(key_file, "TLS key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      client_ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                             : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  if (!client_ca_file.empty()) {
    auto ca = ReadPem(client_ca_file, "client CA");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *std::move(ca);
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFiles(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file) {
  if (cert_file.empty() != key_file.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate needs its key, and a key its certificate");
  }
  if (ca_file.empty()) {
    if (!cert_file.empty()) {
      return absl::InvalidArgumentError("a client certificate needs the CA of the servers");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  auto ca = ReadPem(ca_file, "CA");
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *std::move(ca);
  if (!cert_file.empty()) {
    auto cert = ReadPem(cert_file, "client certificate");
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(key_file, "client key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(cert);
    options.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(options);
}

void SetPeerCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
  absl::MutexLock lock(&Peer().mu);
  Peer().credentials = std::move(credentials);
}

std::shared_ptr<grpc::ChannelCredentials> PeerCredentials() {
  absl::MutexLock lock(&Peer().mu);
  return Peer().credentials;
}

}  // namespace thidua::server
