#pragma once

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace thidua::server {

// TLS for thidua's gRPC servers and for the channels services open to each other, from PEM files.
// Plain text stays the default of the local stack: with no files named, credentials are insecure.

// A server's credentials: its certificate chain and key; with `client_ca_file`, clients must
// present a certificate that CA signed (mutual TLS between services). Both or neither of
// cert and key. INVALID_ARGUMENT naming a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file);

// A client's credentials: the CA its servers' certificates must chain to and, for mutual TLS,
// its own certificate and key. Insecure when `ca_file` is empty.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFiles(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file);

// The credentials of every channel PeerChannel opens (to the registry, to plans); set once at
// start-up from the flags, before any client is made. Insecure until set.
void SetPeerCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials);
std::shared_ptr<grpc::ChannelCredentials> PeerCredentials();

}  // namespace thidua::server
