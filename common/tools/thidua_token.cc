// thidua-token: prints a signed JWT for local development, where no identity provider runs.
//
//   thidua-token --private_key=dev.key.pem [--issuer=thidua-dev] [--audience=thidua]
//                [--subject=dev] [--org=0] [--roles=registry-admin] [--ttl_hours=24]

#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/clock.h"

namespace {

constexpr int kUsageError = 2;

constexpr char kUsage[] =
    "usage: thidua-token --private_key=PATH [--issuer=thidua-dev] [--audience=thidua]\n"
    "                    [--subject=dev] [--org=0] [--roles=registry-admin] [--ttl_hours=24]\n"
    "Prints a JWT signed with PATH (RSA -> RS256, EC P-256 -> ES256). Development only.\n";

int Fail(absl::string_view message) {
  std::cerr << "thidua-token: " << message << "\n";
  return kUsageError;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"private_key", ""}, {"issuer", "thidua-dev"},    {"audience", "thidua"}, {"subject", "dev"},
      {"org", "0"},        {"roles", "registry-admin"}, {"ttl_hours", "24"},
  };
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    const size_t eq = arg.find('=');
    if (!absl::StartsWith(arg, "--") || eq == absl::string_view::npos) {
      std::cerr << kUsage;
      return Fail(absl::StrCat("expected --name=value, got ", arg));
    }
    const std::string name(arg.substr(2, eq - 2));
    auto it = flags.find(name);
    if (it == flags.end()) {
      std::cerr << kUsage;
      return Fail(absl::StrCat("unknown flag --", name));
    }
    it->second = std::string(arg.substr(eq + 1));
  }

  if (flags["private_key"].empty()) {
    std::cerr << kUsage;
    return Fail("--private_key is required");
  }
  int64_t org = 0;
  if (!absl::SimpleAtoi(flags["org"], &org) || org < 0) {
    return Fail("--org must be a non-negative integer");
  }
  int64_t ttl_hours = 0;
  if (!absl::SimpleAtoi(flags["ttl_hours"], &ttl_hours) || ttl_hours <= 0 || ttl_hours > 24 * 366) {
    return Fail("--ttl_hours must be an integer between 1 and 8784");
  }

  absl::StatusOr<std::unique_ptr<thidua::auth::JwtSigner>> signer =
      thidua::auth::JwtSigner::FromPemFile(flags["private_key"]);
  if (!signer.ok()) return Fail(signer.status().ToString());

  thidua::auth::JwtClaims claims;
  claims.issuer = flags["issuer"];
  claims.audience = flags["audience"];
  claims.subject = flags["subject"];
  claims.organization_id = org;
  for (absl::string_view role : absl::StrSplit(flags["roles"], ',', absl::SkipWhitespace())) {
    claims.roles.emplace_back(role);
  }
  claims.issued_at = thidua::Clock::System().Now();
  claims.expires = claims.issued_at + absl::Hours(ttl_hours);

  absl::StatusOr<std::string> token = (*signer)->Sign(claims);
  if (!token.ok()) return Fail(token.status().ToString());
  std::cout << *token << "\n";
  return 0;
}
