#include "common/db/migration.h"

#include <openssl/evp.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/log.h"

namespace thidua::db {
namespace {

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

constexpr int kNoSuchTable = 1146;

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

}  // namespace

std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  // Inside a compound body (from a line ending in BEGIN to its line "END;", blocks nested alike),
  // semicolons end the body's own statements, not the one being collected.
  int depth = 0;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || trimmed.substr(0, 2) == "--") continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EqualsIgnoreCase(trimmed, "BEGIN") || absl::EndsWithIgnoreCase(trimmed, " BEGIN")) {
      ++depth;
    } else if (depth > 0 && absl::EqualsIgnoreCase(trimmed, "END;")) {
      --depth;
    }
    if (depth > 0 || trimmed.back() != ';') continue;
    current.erase(current.find_last_of(';'));
    statements.push_back(std::move(current));
    current.clear();
  }
  if (!absl::StripAsciiWhitespace(current).empty()) statements.push_back(current);
  return statements;
}

absl::Status Migrate(Pool& pool, const std::vector<Migration>& migrations) {
  const std::string lock_name = absl::StrCat("thidua_migrate_", pool.options().database);
  return pool.Run(absl::Now() + absl::Minutes(5), [&](Connection& conn) -> absl::Status {
    auto& lock = conn.Prepare("SELECT GET_LOCK(?, 120)");
    lock.setString(1, lock_name);
    std::unique_ptr<sql::ResultSet> got(lock.executeQuery());
    if (!got->next() || got->getInt(1) != 1) {
      return absl::DeadlineExceededError("another replica holds the migration lock");
    }
    absl::Status status = [&]() -> absl::Status {
      // Read first, create only when missing: a serving user without DDL rights can then start
      // on a schema its migration user has brought up to date.
      std::map<int, std::string> applied;
      auto read_applied = [&] {
        std::unique_ptr<sql::ResultSet> rows(
            conn.Prepare("SELECT version, checksum FROM schema_migrations").executeQuery());
        while (rows->next()) applied[rows->getInt(1)] = rows->getString(2);
      };
      try {
        read_applied();
      } catch (const sql::SQLException& e) {
        if (e.getErrorCode() != kNoSuchTable) throw;
        conn.Execute(kCreateTable);
      }
      for (const Migration& m : migrations) {
        const std::string checksum = Sha256Hex(m.sql);
        if (auto it = applied.find(m.version); it != applied.end()) {
          if (it->second != checksum) {
            return absl::FailedPreconditionError(absl::StrCat(
                "migration ", m.name, " was edited after it was applied (checksum differs)"));
          }
          continue;
        }
        for (const std::string& statement : SplitStatements(m.sql)) conn.Execute(statement);
        auto& record = conn.Prepare(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)");
        record.setInt(1, m.version);
        record.setString(2, m.name);
        record.setString(3, checksum);
        record.executeUpdate();
        log::Info("migration applied", {{"migration", m.name}});
      }
      return absl::OkStatus();
    }();
    conn.Execute(absl::StrCat("DO RELEASE_LOCK('", lock_name, "')"));
    return status;
  });
}

}  // namespace thidua::db
