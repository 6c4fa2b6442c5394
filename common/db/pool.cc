#include "common/db/pool.h"

#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <iterator>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"

namespace thidua::db {
namespace {

constexpr int kMaxAttempts = 5;

bool IsConnectionLoss(int code) {
  // 2002/2003 cannot connect, 2006 gone away, 2013 lost during query, 2055 lost at handshake,
  // 1927 connection killed, 4031 disconnected for inactivity.
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 ||
         code == 1927 || code == 4031;
}

sql::Driver* Driver() {
  // Creating the driver initialises the client library; do it once, before threads race for it.
  static sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

}  // namespace

bool IsRetryable(int code) {
  // 1213 deadlock (also Galera certification failure), 1205 lock wait timeout, 1047 Galera node not
  // ready, 1020 a row changed since the snapshot (MariaDB 11.6+ innodb_snapshot_isolation); plus
  // connection loss.
  return code == 1213 || code == 1205 || code == 1047 || code == 1020 || IsConnectionLoss(code);
}

absl::Status FromSqlException(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  const std::string text =
      absl::StrCat("mysql error ", code, " (", e.getSQLState(), "): ", e.what());
  if (IsConnectionLoss(code)) return absl::UnavailableError(text);
  if (IsRetryable(code)) return absl::AbortedError(text);  // a conflict that a retry may clear
  if (code == 1062) return absl::AlreadyExistsError(text);
  return absl::InternalError(text);
}

sql::PreparedStatement& Connection::Prepare(const std::string& sql) {
  ApplyAutocommit();
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_
             .emplace(sql, std::unique_ptr<sql::PreparedStatement>(conn_->prepareStatement(sql)))
             .first;
  }
  return *it->second;
}

void Connection::Execute(const std::string& sql) {
  ApplyAutocommit();
  std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
  stmt->execute(sql);
}

sql::Connection& Connection::raw() {
  ApplyAutocommit();
  return *conn_;
}

void Connection::ApplyAutocommit() {
  if (autocommit_ == need_autocommit_) return;
  std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
  stmt->execute(need_autocommit_ ? "SET autocommit = 1" : "SET autocommit = 0");
  autocommit_ = need_autocommit_;
}

absl::StatusOr<std::unique_ptr<Pool>> Pool::Open(const Options& options) {
  if (options.pool_size < 1) return absl::InvalidArgumentError("pool size must be at least 1");
  std::unique_ptr<Pool> pool(new Pool(options));
  // Fail at start-up, not at the first call, when the database is unreachable.
  auto conn = pool->Connect();
  if (!conn.ok()) return conn.status();
  absl::MutexLock lock(&pool->mu_);
  pool->open_ = 1;
  pool->idle_.push_back(*std::move(conn));
  return pool;
}

Pool::~Pool() = default;

absl::StatusOr<std::unique_ptr<Connection>> Pool::Connect() {
  sql::ConnectOptionsMap props;
  if (!options_.socket.empty()) {
    props["hostName"] = sql::SQLString("localhost");
    props["socket"] = sql::SQLString(options_.socket);
  } else {
    props["hostName"] = sql::SQLString(absl::StrCat("tcp://", options_.host, ":", options_.port));
  }
  props["userName"] = sql::SQLString(options_.user);
  props["password"] = sql::SQLString(options_.password);
  if (!options_.database.empty()) props["schema"] = sql::SQLString(options_.database);
  props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  props["OPT_CONNECT_TIMEOUT"] = 5;
  props["OPT_READ_TIMEOUT"] = 30;
  props["OPT_WRITE_TIMEOUT"] = 30;
  try {
    std::unique_ptr<sql::Connection> conn(Driver()->connect(props));
    auto wrapped = std::make_unique<Connection>(std::move(conn));
    wrapped->Execute("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
    wrapped->Execute("SET time_zone = '+00:00'");
    if (options_.read_committed) {
      wrapped->Execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
    return wrapped;
  } catch (const sql::SQLException& e) {
    return absl::UnavailableError(absl::StrCat("cannot connect to the database: ", e.what()));
  }
}

absl::StatusOr<std::unique_ptr<Connection>> Pool::Acquire(absl::Time deadline, bool autocommit) {
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithDeadline(absl::Condition(this, &Pool::CanAcquire), deadline)) {
      return absl::DeadlineExceededError("no database connection free before the deadline");
    }
    if (!idle_.empty()) {
      // The most recently used one whose mode fits, else the most recently used; the pool is small.
      auto it = std::find_if(idle_.rbegin(), idle_.rend(),
                             [&](const auto& c) { return c->autocommit() == autocommit; });
      auto chosen = it == idle_.rend() ? idle_.end() - 1 : std::next(it).base();
      auto conn = std::move(*chosen);
      idle_.erase(chosen);
      return conn;
    }
    ++open_;  // claimed now; connecting happens outside the lock
  }
  auto conn = Connect();
  if (!conn.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return conn;
}

void Pool::Release(std::unique_ptr<Connection> conn, bool healthy) {
  absl::MutexLock lock(&mu_);  // waiters' conditions are checked as it is released
  if (healthy) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // dropped; the next Acquire reconnects
  }
}

absl::Status Pool::Attempt(absl::Time deadline, Mode mode,
                           absl::FunctionRef<absl::Status(Connection&)> fn, bool* retryable) {
  *retryable = false;
  // A write's connection stays out of autocommit, so its transaction opens with its first
  // statement instead of a START TRANSACTION round trip; reads in autocommit prefer the others.
  auto conn = Acquire(deadline, mode != Mode::kTransaction);
  if (!conn.ok()) return conn.status();
  bool healthy = true;
  absl::Status status;
  bool in_transaction = false;
  bool committing = false;
  try {
    if (mode == Mode::kSnapshot) {
      (*conn)->NeedAutocommit((*conn)->autocommit());  // either serves an explicit start
      // Applies to the next transaction only; the session keeps its own level.
      (*conn)->Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      (*conn)->Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      in_transaction = true;
    } else if (mode == Mode::kTransaction) {
      (*conn)->NeedAutocommit(false);
      in_transaction = true;
    } else {
      (*conn)->NeedAutocommit(true);
    }
    status = fn(**conn);
    if (mode == Mode::kSnapshot) {
      (*conn)->Execute("COMMIT");  // nothing to write: ends the snapshot
      in_transaction = false;
    } else if (mode == Mode::kTransaction) {
      committing = status.ok();
      (*conn)->Execute(status.ok() ? "COMMIT" : "ROLLBACK");
      in_transaction = false;
    }
  } catch (const sql::SQLException& e) {
    status = FromSqlException(e);
    healthy = !IsConnectionLoss(e.getErrorCode());
    *retryable = IsRetryable(e.getErrorCode());
    if (committing && IsConnectionLoss(e.getErrorCode())) {
      // The server may have committed before the connection broke: running the write again
      // could apply it twice, so the caller is told the outcome is unknown.
      *retryable = false;
      status = Error(absl::StatusCode::kUnavailable, "COMMIT_OUTCOME_UNKNOWN",
                     "The database connection was lost while committing; the outcome is unknown: "
                     "retry with the same request_id, or read the object again",
                     "Mất kết nối cơ sở dữ liệu khi đang ghi; chưa rõ kết quả: hãy gửi lại với "
                     "cùng request_id, hoặc đọc lại dữ liệu");
    }
    if (healthy && in_transaction) {
      try {
        (*conn)->Execute("ROLLBACK");
      } catch (const sql::SQLException&) {
        healthy = false;
      }
    }
    if (!*retryable) {
      log::Error("database error", {{"code", e.getErrorCode()}, {"error", e.what()}});
    }
  } catch (const std::exception& e) {
    // Anything else thrown mid-transaction (a parse failure, bad_alloc): the session's state is
    // unknown, so it is closed, which rolls back, and the pool opens a fresh one in its place.
    healthy = false;
    status = absl::InternalError(absl::StrCat("exception in a database call: ", e.what()));
    log::Error("exception in a database call", {{"error", e.what()}});
  } catch (...) {
    healthy = false;
    status = absl::InternalError("unknown exception in a database call");
    log::Error("unknown exception in a database call");
  }
  Release(*std::move(conn), healthy);
  return status;
}

absl::Status Pool::Transact(absl::Time deadline, absl::FunctionRef<absl::Status(Connection&)> fn) {
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    bool retryable = false;
    status = Attempt(deadline, Mode::kTransaction, fn, &retryable);
    // Only server-side conflicts are retried; an ABORTED decided by `fn` (an etag) is final.
    if (!retryable || absl::Now() >= deadline) break;
    // Backing off a little lets the competing transaction finish.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt * attempt));
  }
  return status;
}

absl::Status Pool::Run(absl::Time deadline, absl::FunctionRef<absl::Status(Connection&)> fn) {
  return ReadTwice(deadline, Mode::kAutocommit, fn);
}

absl::Status Pool::ReadSnapshot(absl::Time deadline,
                                absl::FunctionRef<absl::Status(Connection&)> fn) {
  return ReadTwice(deadline, Mode::kSnapshot, fn);
}

absl::Status Pool::ReadTwice(absl::Time deadline, Mode mode,
                             absl::FunctionRef<absl::Status(Connection&)> fn) {
  absl::Status status;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    bool retryable = false;
    status = Attempt(deadline, mode, fn, &retryable);
    if (!retryable || absl::Now() >= deadline) break;
  }
  return status;
}

}  // namespace thidua::db
