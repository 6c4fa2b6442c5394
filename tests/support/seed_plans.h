#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "thidua/plans/v1/plans.grpc.pb.h"
#include "thidua/registry/v1/registry.grpc.pb.h"
#include "thidua/reporting/v1/reporting.grpc.pb.h"

namespace thidua::testing {

// Enters the files of deploy/local/seed-plans (format: the README there) through the real registry
// and plans APIs, as a client would, and remembers the id created or found for every key.
//
// Parts are entered in this order: organizations, groups, documents, movements, standards, plan,
// issue, registrations, security_models. An organisation is an imported administrative unit
// ({"key", "admin_unit", "as_of"}), the one organisation of a kind ({"key", "kind"[, "as_of"]},
// e.g. the nation), or created ({"key", "create"}). Placeholders "@org:KEY", "@group:KEY",
// "@doc:KEY", "@movement:KEY", "@standard:KEY", "@plan:SEED" and "@model:KEY" are replaced by ids
// as JSON strings; a key that no file entered so far defines is an error naming the key and the
// file. Keys are shared by the files entered with one loader: a file may define a key again only
// if it comes to the same id (it is then listed in `SeedFile::reused_keys`); otherwise entering it
// fails. Every create carries the request id "seed-<part>-<key>", so entering a file again, with
// this loader or a new one, changes nothing.
class SeedLoader {
 public:
  struct Clients {
    registry::v1::Registry::Stub* registry = nullptr;
    plans::v1::Plans::Stub* plans = nullptr;
    // A token with the roles registry-admin, plans-editor (and reporting-designer, with
    // `reporting`) over everything the files name.
    std::string token;
    // With it, a file's "obligations" are entered after its plan (their "@template:CODE" names a
    // template the reporting service ships); without it they are left out.
    reporting::v1::Reporting::Stub* reporting = nullptr;
  };

  // One file as entered.
  struct SeedFile {
    std::string path;
    std::string seed;
    nlohmann::json json;  // the file as read, placeholders unresolved
    bool has_plan = false;
    plans::v1::Plan plan;  // as sent to CreatePlan, placeholders resolved
    int64_t plan_id = 0;
    bool has_issue = false;
    plans::v1::IssuePlanRequest issue;  // as in the file, placeholders resolved; no id, no etag
    std::vector<std::string> reused_keys;
  };

  explicit SeedLoader(Clients clients) : clients_(std::move(clients)) {}

  // Reads and enters a file. With `issue` false the plan stays a DRAFT even when the file has an
  // "issue" part (issue it later with Issue). A plan that is already issued is left as it is.
  absl::StatusOr<SeedFile> Enter(const std::string& path, bool issue = true);
  // Issues the plan of an entered file as its "issue" part says (with its current etag); a plan
  // already issued is returned as it is.
  absl::StatusOr<plans::v1::Plan> Issue(const SeedFile& file);

  // The id entered for a key ("lam-dong-cat"), or 0.
  int64_t Org(const std::string& key) const { return Find(orgs_, key); }
  int64_t Group(const std::string& key) const { return Find(groups_, key); }
  int64_t Document(const std::string& key) const { return Find(docs_, key); }
  int64_t Movement(const std::string& key) const { return Find(movements_, key); }
  int64_t Plan(const std::string& seed) const { return Find(plans_, seed); }
  int64_t Standard(const std::string& key) const { return Find(standards_, key); }
  int64_t Obligation(const std::string& key) const { return Find(obligations_, key); }
  // Records an id found or made outside the files (e.g. a document entered by a test).
  void DefineDocument(const std::string& key, int64_t id) { docs_[key] = id; }
  void DefineMovement(const std::string& key, int64_t id) { movements_[key] = id; }

  // Reads a JSON file.
  static absl::StatusOr<nlohmann::json> ReadJson(const std::string& path);

 private:
  static int64_t Find(const std::map<std::string, int64_t>& ids, const std::string& key) {
    auto it = ids.find(key);
    return it == ids.end() ? 0 : it->second;
  }
  // Replaces the placeholders of `value` in place.
  absl::Status Resolve(nlohmann::json& value, const std::string& file) const;
  absl::Status EnterOrganization(const nlohmann::json& entry, SeedFile& out);
  // A keyed create: the entry's `field` (a proto in JSON, placeholders resolved) becomes the
  // message `message_of(request)`, sent by `rpc` with the request id "seed-<part>-<key>"; the
  // created id is recorded under the key in `ids`.
  template <typename Request, typename Created, typename MessageOf, typename Rpc>
  absl::Status CreateKeyed(const nlohmann::json& entry, const std::string& field,
                           const std::string& part, MessageOf message_of, Rpc rpc,
                           std::map<std::string, int64_t>& ids, SeedFile& out);
  absl::Status EnterGroup(const nlohmann::json& entry, SeedFile& out);
  absl::Status EnterObligation(const nlohmann::json& entry, SeedFile& out);
  // Binds "@template:CODE" for every template the reporting service holds.
  absl::Status LoadTemplates();
  absl::Status EnterDocument(const nlohmann::json& entry, SeedFile& out);
  absl::Status EnterMovement(const nlohmann::json& entry, SeedFile& out);
  absl::Status EnterStandard(const nlohmann::json& entry, SeedFile& out);
  absl::Status EnterPlan(SeedFile& out, bool issue);
  absl::Status EnterRegistration(const nlohmann::json& entry, SeedFile& out);
  absl::Status EnterSecurityModel(const nlohmann::json& entry, SeedFile& out);
  // Records `id` for `key`; an error if an earlier file defined the key as another id.
  static absl::Status Define(std::map<std::string, int64_t>& ids, const std::string& part,
                             const std::string& key, int64_t id, SeedFile& out);

  Clients clients_;
  std::map<std::string, int64_t> orgs_, groups_, docs_, movements_, standards_, plans_,
      registrations_, models_, templates_, obligations_;
};

}  // namespace thidua::testing
