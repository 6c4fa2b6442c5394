#pragma once

#include <gtest/gtest.h>

#include "common/civil_date.h"
#include "services/registry/store/registry_store.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_tokens.h"

namespace thidua::testing {

namespace v1 = registry::v1;

inline common::v1::Date D(int y, int m, int d) { return ToProto(absl::CivilDay(y, m, d)); }

// A registry replica over a fresh schema holding only the nation, and a national administrator.
class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    nation_id_ = InsertNation(db_->pool());
    ASSERT_NE(nation_id_, 0);
    replica_ = std::make_unique<RegistryReplica>(db_->options());
    admin_ = TestTokens::Get().Token(nation_id_, {"registry-admin"}, "national-admin");
  }

  v1::Registry::Stub& stub() { return replica_->stub(); }

  // Creates an organisation as the national administrator; fails the test on error.
  v1::Organization Create(const std::string& name, v1::OrganizationKind kind, int64_t parent,
                          common::v1::Date from = {}, const std::string& code = "",
                          common::v1::Date to = {}) {
    v1::CreateOrganizationRequest request;
    auto* org = request.mutable_organization();
    org->set_display_name(name);
    org->set_kind(kind);
    org->set_parent_id(parent);
    *org->mutable_valid_from() = from;
    *org->mutable_valid_to() = to;
    if (!code.empty()) {
      auto* c = org->add_codes();
      c->set_scheme(v1::ADMIN_UNIT);
      c->set_value(code);
    }
    v1::Organization out;
    const grpc::Status status = stub().CreateOrganization(WithToken(admin_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return out;
  }

  v1::Organization Get(int64_t id, common::v1::Date as_of = {}) {
    v1::GetOrganizationRequest request;
    request.set_id(id);
    *request.mutable_as_of() = as_of;
    v1::Organization out;
    const grpc::Status status = stub().GetOrganization(WithToken(admin_).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<RegistryReplica> replica_;
  int64_t nation_id_ = 0;
  std::string admin_;
};

}  // namespace thidua::testing
