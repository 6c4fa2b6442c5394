#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "services/registry/domain/organization.h"

namespace thidua::registry::store {

// The aliases of organisations (organization_aliases), SQL only; inside the caller's transaction.

// One organisation's aliases, oldest first.
std::vector<Alias> LoadAliases(db::Connection& conn, int64_t organization_id);
// Every alias, onto the organisations loaded (by id), each oldest first.
void LoadAllAliases(db::Connection& conn, std::vector<Organization>& organizations);
// Adds an alias under its identity digest (text::IdentityDigest); the caller has checked that the
// organisation has none with that digest.
void InsertAlias(db::Connection& conn, int64_t organization_id, const Alias& alias);
// Removes the alias with that identity digest; false when there is none.
bool DeleteAlias(db::Connection& conn, int64_t organization_id, const std::string& text_key);
// Bumps the organisation's version (its etag) and update time after a change of its aliases.
void TouchOrganization(db::Connection& conn, Organization& org);

}  // namespace thidua::registry::store
