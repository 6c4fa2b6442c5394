#include "tests/support/seed_plans.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "tests/support/registry_server.h"

namespace thidua::testing {
namespace {

namespace rv1 = registry::v1;
namespace pv1 = plans::v1;
using nlohmann::json;

absl::Status Bad(const std::string& file, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": ", what));
}

// A failed call as a status that says which part of which file it was entering.
absl::Status CallFailed(const std::string& what, const grpc::Status& status) {
  const ErrorDetails details = DetailsOf(status);
  std::string message = absl::StrCat(what, ": ", status.error_message());
  if (!details.reason.empty()) absl::StrAppend(&message, " [", details.reason, "]");
  if (!details.fields.empty()) {
    absl::StrAppend(&message, " (fields: ", absl::StrJoin(details.fields, ", "), ")");
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), message);
}

// Proto3 JSON into a message; unknown fields are errors, so that a typo in a file is reported.
template <typename Message>
absl::Status FromJson(const json& value, Message* out, const std::string& where) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(value.dump(), out, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", std::string(status.message())));
  }
  return absl::OkStatus();
}

// "as_of": a thidua.common.v1.Date object or "YYYY-MM-DD"; absent: today.
absl::StatusOr<common::v1::Date> DateOf(const json& entry, const std::string& where) {
  common::v1::Date date;
  if (!entry.contains("as_of")) return date;
  const json& as_of = entry["as_of"];
  if (as_of.is_string()) {
    auto day = ParseIso(as_of.get<std::string>());
    if (!day) return absl::InvalidArgumentError(absl::StrCat(where, ": as_of is not YYYY-MM-DD"));
    return ToProto(*day);
  }
  if (auto s = FromJson(as_of, &date, where + ".as_of"); !s.ok()) return s;
  return date;
}

std::string KeyOf(const json& entry) {
  return entry.contains("key") && entry["key"].is_string() ? entry["key"].get<std::string>() : "";
}

}  // namespace

absl::StatusOr<json> SeedLoader::ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  json value = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not JSON"));
  return value;
}

absl::Status SeedLoader::Resolve(json& value, const std::string& file) const {
  if (value.is_object() || value.is_array()) {
    for (auto& child : value) {
      if (auto s = Resolve(child, file); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
  if (!value.is_string()) return absl::OkStatus();
  const std::string text = value.get<std::string>();
  static const std::vector<
      std::pair<std::string, const std::map<std::string, int64_t> SeedLoader::*>>
      kKinds = {{"@org:", &SeedLoader::orgs_},
                {"@group:", &SeedLoader::groups_},
                {"@doc:", &SeedLoader::docs_},
                {"@movement:", &SeedLoader::movements_},
                {"@plan:", &SeedLoader::plans_},
                {"@model:", &SeedLoader::models_},
                {"@standard:", &SeedLoader::standards_},
                {"@template:", &SeedLoader::templates_},
                {"@obligation:", &SeedLoader::obligations_}};
  for (const auto& [prefix, member] : kKinds) {
    if (!absl::StartsWith(text, prefix)) continue;
    const auto& ids = this->*member;
    auto it = ids.find(text.substr(prefix.size()));
    if (it == ids.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          file, ": ", text, " is not defined by this file or by a file entered before it"));
    }
    value = std::to_string(it->second);
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status SeedLoader::Define(std::map<std::string, int64_t>& ids, const std::string& part,
                                const std::string& key, int64_t id, SeedFile& out) {
  auto [it, added] = ids.emplace(key, id);
  if (added) return absl::OkStatus();
  if (it->second != id) {
    return absl::AlreadyExistsError(absl::StrCat(part, " ", key, " is defined again as ", id,
                                                 ", but an earlier file defined it as ",
                                                 it->second));
  }
  out.reused_keys.push_back(absl::StrCat(part, ":", key));
  return absl::OkStatus();
}

absl::StatusOr<SeedLoader::SeedFile> SeedLoader::Enter(const std::string& path, bool issue) {
  SeedFile out;
  out.path = path;
  const std::string name = std::filesystem::path(path).filename().string();
  auto read = ReadJson(path);
  if (!read.ok()) return read.status();
  out.json = *std::move(read);
  if (!out.json.is_object() || !out.json.contains("seed") || !out.json["seed"].is_string()) {
    return Bad(name, "a seed file is an object with a \"seed\"");
  }
  out.seed = out.json["seed"].get<std::string>();
  static const std::vector<std::string> kParts = {
      "seed",      "source", "note",  "organizations", "groups",          "documents",  "movements",
      "standards", "plan",   "issue", "registrations", "security_models", "obligations"};
  for (const auto& [part, unused] : out.json.items()) {
    if (std::find(kParts.begin(), kParts.end(), part) == kParts.end()) {
      return Bad(name, absl::StrCat("unknown part \"", part, "\""));
    }
  }
  struct Part {
    const char* name;
    absl::Status (SeedLoader::*enter)(const json&, SeedFile&);
  };
  for (const Part& part :
       {Part{"organizations", &SeedLoader::EnterOrganization},
        Part{"groups", &SeedLoader::EnterGroup}, Part{"documents", &SeedLoader::EnterDocument},
        Part{"movements", &SeedLoader::EnterMovement},
        Part{"standards", &SeedLoader::EnterStandard}}) {
    if (!out.json.contains(part.name)) continue;
    for (const json& entry : out.json[part.name]) {
      if (KeyOf(entry).empty()) return Bad(name, absl::StrCat(part.name, ": an entry has no key"));
      if (auto s = (this->*part.enter)(entry, out); !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(name, ": ", s.message()));
      }
    }
  }
  if (auto s = EnterPlan(out, issue); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(name, ": ", s.message()));
  }
  for (const Part& part : {Part{"registrations", &SeedLoader::EnterRegistration},
                           Part{"security_models", &SeedLoader::EnterSecurityModel},
                           Part{"obligations", &SeedLoader::EnterObligation}}) {
    if (!out.json.contains(part.name)) continue;
    if (part.enter == &SeedLoader::EnterObligation) {
      if (clients_.reporting == nullptr) continue;
      if (auto s = LoadTemplates(); !s.ok()) return s;
    }
    for (const json& entry : out.json[part.name]) {
      if (KeyOf(entry).empty()) return Bad(name, absl::StrCat(part.name, ": an entry has no key"));
      if (auto s = (this->*part.enter)(entry, out); !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(name, ": ", s.message()));
      }
    }
  }
  return out;
}

absl::Status SeedLoader::EnterOrganization(const json& entry, SeedFile& out) {
  const std::string key = KeyOf(entry);
  const std::string where = absl::StrCat("organization ", key);
  if (entry.contains("create")) {
    json org = entry["create"];
    if (auto s = Resolve(org, out.path); !s.ok()) return s;
    rv1::CreateOrganizationRequest request;
    request.set_request_id("seed-org-" + key);
    if (auto s = FromJson(org, request.mutable_organization(), where); !s.ok()) return s;
    rv1::Organization created;
    const grpc::Status status =
        clients_.registry->CreateOrganization(WithToken(clients_.token).get(), request, &created);
    if (!status.ok()) return CallFailed("CreateOrganization " + key, status);
    return Define(orgs_, "org", key, created.id(), out);
    return absl::OkStatus();
  }
  // A unit found by its administrative code, or the one organisation of a kind, on a date.
  rv1::ListOrganizationsRequest request;
  auto as_of = DateOf(entry, where);
  if (!as_of.ok()) return as_of.status();
  *request.mutable_as_of() = *as_of;
  if (entry.contains("admin_unit")) {
    request.set_code_scheme(rv1::ADMIN_UNIT);
    request.set_code_value(entry["admin_unit"].get<std::string>());
  } else if (entry.contains("kind")) {
    rv1::OrganizationKind kind;
    if (entry["kind"].is_number_integer()) {
      kind = static_cast<rv1::OrganizationKind>(entry["kind"].get<int>());
    } else if (!rv1::OrganizationKind_Parse(entry["kind"].get<std::string>(), &kind)) {
      return absl::InvalidArgumentError(where + ": unknown kind");
    }
    request.add_kinds(kind);
  } else {
    return absl::InvalidArgumentError(where + ": needs \"create\", \"admin_unit\" or \"kind\"");
  }
  rv1::ListOrganizationsResponse found;
  const grpc::Status status =
      clients_.registry->ListOrganizations(WithToken(clients_.token).get(), request, &found);
  if (!status.ok()) return CallFailed("ListOrganizations " + key, status);
  if (found.organizations_size() != 1) {
    return absl::NotFoundError(
        absl::StrCat(where, ": ", found.organizations_size(), " organisations match, not one"));
  }
  return Define(orgs_, "org", key, found.organizations(0).id(), out);
}

template <typename Request, typename Created, typename MessageOf, typename Rpc>
absl::Status SeedLoader::CreateKeyed(const json& entry, const std::string& field,
                                     const std::string& part, MessageOf message_of, Rpc rpc,
                                     std::map<std::string, int64_t>& ids, SeedFile& out) {
  const std::string key = KeyOf(entry);
  json value = entry.value(field, json::object());
  if (auto s = Resolve(value, out.path); !s.ok()) return s;
  Request request;
  request.set_request_id(absl::StrCat("seed-", part, "-", key));
  if (auto s = FromJson(value, message_of(request), absl::StrCat(part, " ", key)); !s.ok()) {
    return s;
  }
  Created created;
  const grpc::Status status = rpc(WithToken(clients_.token).get(), request, &created);
  if (!status.ok()) return CallFailed(absl::StrCat("creating ", part, " ", key), status);
  return Define(ids, part, key, created.id(), out);
}

absl::Status SeedLoader::EnterGroup(const json& entry, SeedFile& out) {
  return CreateKeyed<rv1::CreateGroupRequest, rv1::Group>(
      entry, "create", "group", [](auto& r) { return r.mutable_group(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.registry->CreateGroup(c, r, o); },
      groups_, out);
}

absl::Status SeedLoader::EnterDocument(const json& entry, SeedFile& out) {
  return CreateKeyed<pv1::RegisterDocumentRequest, pv1::Document>(
      entry, "document", "doc", [](auto& r) { return r.mutable_document(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.plans->RegisterDocument(c, r, o); },
      docs_, out);
}

absl::Status SeedLoader::EnterMovement(const json& entry, SeedFile& out) {
  return CreateKeyed<pv1::CreateMovementRequest, pv1::Movement>(
      entry, "movement", "movement", [](auto& r) { return r.mutable_movement(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.plans->CreateMovement(c, r, o); },
      movements_, out);
}

absl::Status SeedLoader::EnterStandard(const json& entry, SeedFile& out) {
  return CreateKeyed<pv1::CreateStandardRequest, pv1::Standard>(
      entry, "standard", "standard", [](auto& r) { return r.mutable_standard(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.plans->CreateStandard(c, r, o); },
      standards_, out);
}

absl::Status SeedLoader::EnterPlan(SeedFile& out, bool issue) {
  if (out.json.contains("issue")) {
    json part = out.json["issue"];
    if (auto s = Resolve(part, out.path); !s.ok()) return s;
    if (auto s = FromJson(part, &out.issue, "issue"); !s.ok()) return s;
    out.has_issue = true;
  }
  if (!out.json.contains("plan")) return absl::OkStatus();
  json plan = out.json["plan"];
  if (auto s = Resolve(plan, out.path); !s.ok()) return s;
  if (auto s = FromJson(plan, &out.plan, "plan"); !s.ok()) return s;
  out.has_plan = true;
  pv1::CreatePlanRequest request;
  request.set_request_id("seed-plan-" + out.seed);
  *request.mutable_plan() = out.plan;
  pv1::Plan created;
  const grpc::Status status =
      clients_.plans->CreatePlan(WithToken(clients_.token).get(), request, &created);
  if (!status.ok()) return CallFailed("CreatePlan", status);
  out.plan_id = created.id();
  if (auto s = Define(plans_, "plan", out.seed, created.id(), out); !s.ok()) return s;
  if (issue && out.has_issue) {
    if (auto issued = Issue(out); !issued.ok()) return issued.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<pv1::Plan> SeedLoader::Issue(const SeedFile& file) {
  if (!file.has_issue || file.plan_id == 0) {
    return absl::FailedPreconditionError(file.path + ": no plan, or no issue part");
  }
  // A replayed CreatePlan answers with the plan as first created: read its state now.
  pv1::GetPlanRequest get;
  get.set_id(file.plan_id);
  pv1::Plan current;
  grpc::Status status = clients_.plans->GetPlan(WithToken(clients_.token).get(), get, &current);
  if (!status.ok()) return CallFailed(file.path + ": GetPlan", status);
  if (current.status() != pv1::DRAFT) return current;
  pv1::IssuePlanRequest request = file.issue;
  request.set_id(current.id());
  request.set_etag(current.etag());
  pv1::Plan issued;
  status = clients_.plans->IssuePlan(WithToken(clients_.token).get(), request, &issued);
  if (!status.ok()) return CallFailed(file.path + ": IssuePlan", status);
  return issued;
}

absl::Status SeedLoader::EnterRegistration(const json& entry, SeedFile& out) {
  return CreateKeyed<pv1::CreateRegistrationRequest, pv1::Registration>(
      entry, "registration", "registration", [](auto& r) { return r.mutable_registration(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.plans->CreateRegistration(c, r, o); },
      registrations_, out);
}

absl::Status SeedLoader::EnterSecurityModel(const json& entry, SeedFile& out) {
  return CreateKeyed<pv1::CreateSecurityModelRequest, pv1::SecurityModel>(
      entry, "model", "model", [](auto& r) { return r.mutable_model(); },
      [&](auto* c, const auto& r, auto* o) { return clients_.plans->CreateSecurityModel(c, r, o); },
      models_, out);
}

absl::Status SeedLoader::EnterObligation(const json& entry, SeedFile& out) {
  return CreateKeyed<reporting::v1::CreateObligationRequest, reporting::v1::Obligation>(
      entry, "obligation", "obligation", [](auto& r) { return r.mutable_obligation(); },
      [&](auto* c, const auto& r, auto* o) {
        return clients_.reporting->CreateObligation(c, r, o);
      },
      obligations_, out);
}

absl::Status SeedLoader::LoadTemplates() {
  reporting::v1::ListTemplatesRequest request;
  request.set_page_size(1000);
  reporting::v1::ListTemplatesResponse response;
  const grpc::Status status =
      clients_.reporting->ListTemplates(WithToken(clients_.token).get(), request, &response);
  if (!status.ok()) return CallFailed("ListTemplates", status);
  for (const auto& t : response.templates()) templates_[t.code()] = t.id();
  return absl::OkStatus();
}

}  // namespace thidua::testing
