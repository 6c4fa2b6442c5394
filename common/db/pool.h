#pragma once

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace thidua::db {

struct Options {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string socket;  // when set, connect through this Unix socket instead of TCP
  std::string user;
  std::string password;
  std::string database;
  int pool_size = 8;
  // READ COMMITTED instead of InnoDB's REPEATABLE READ: no gap locks on index ranges, so writes
  // that replace the index rows of different records (DELETE of an empty range, then INSERT)
  // do not deadlock each other. For services whose invariants rest on row locks and unique keys,
  // not on locked ranges.
  bool read_committed = false;
};

// One server session with its prepared statements cached by SQL text, so a hot statement is
// prepared once per connection instead of once per call.
class Connection {
 public:
  explicit Connection(std::unique_ptr<sql::Connection> conn) : conn_(std::move(conn)) {}
  sql::PreparedStatement& Prepare(const std::string& sql);
  // Runs one statement that returns no rows and takes no parameters (DDL, locks).
  void Execute(const std::string& sql);
  sql::Connection& raw();

  // Whether the session is in autocommit (each statement commits by itself, the server's default)
  // or not (the first statement after a COMMIT or ROLLBACK opens a transaction that lasts until
  // the next one).
  bool autocommit() const { return autocommit_; }
  // The mode the next statement needs. The change is sent just before that statement, so a call
  // that runs none (everything it needed was cached) costs no round trip.
  void NeedAutocommit(bool on) { need_autocommit_ = on; }

 private:
  void ApplyAutocommit();

  std::unique_ptr<sql::Connection> conn_;
  bool autocommit_ = true;
  bool need_autocommit_ = true;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
};

// A fixed-size pool of connections. The gRPC sync server runs calls on short-lived threads, so
// connections belong to the pool, not to threads. Connector/C++ exceptions are caught here and
// turned into statuses; they never leave the store layer.
class Pool {
 public:
  static absl::StatusOr<std::unique_ptr<Pool>> Open(const Options& options);
  ~Pool();

  // Runs `fn` in one transaction: commit when it returns OK, roll back otherwise. The whole of `fn`
  // is retried on deadlock, lock-wait timeout, Galera certification failure and lost connections,
  // while `deadline` allows; `fn` must therefore keep its effects inside the transaction.
  absl::Status Transact(absl::Time deadline, absl::FunctionRef<absl::Status(Connection&)> fn);

  // Runs `fn` on one connection in autocommit mode (reads, DDL), with the same reconnect handling.
  absl::Status Run(absl::Time deadline, absl::FunctionRef<absl::Status(Connection&)> fn);

  // Runs the reads of `fn` in one read-only transaction that sees one snapshot (REPEATABLE READ
  // for this transaction, whatever the session's level): every statement sees the same committed
  // writes, so parts read one after another agree (a roll-up's report states and figures).
  absl::Status ReadSnapshot(absl::Time deadline, absl::FunctionRef<absl::Status(Connection&)> fn);

  const Options& options() const { return options_; }

 private:
  explicit Pool(Options options) : options_(std::move(options)) {}
  // An idle connection, preferably one whose autocommit is already `autocommit`.
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(absl::Time deadline, bool autocommit);
  void Release(std::unique_ptr<Connection> conn, bool healthy);
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  enum class Mode { kAutocommit, kTransaction, kSnapshot };
  absl::Status Attempt(absl::Time deadline, Mode mode,
                       absl::FunctionRef<absl::Status(Connection&)> fn, bool* retryable);
  // Runs reads once, and again after a lost connection or a server-side conflict.
  absl::Status ReadTwice(absl::Time deadline, Mode mode,
                         absl::FunctionRef<absl::Status(Connection&)> fn);

  // A connection is idle, or one more may be opened.
  bool CanAcquire() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !idle_.empty() || open_ < options_.pool_size;
  }

  Options options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // connections in use or idle
};

// Maps a Connector/C++ exception to a status: UNAVAILABLE for connection loss, ABORTED for
// deadlocks, ALREADY_EXISTS for duplicate keys, INTERNAL otherwise.
absl::Status FromSqlException(const sql::SQLException& e);

// True for the server errors that a retry of the whole transaction can cure.
bool IsRetryable(int mysql_error_code);

}  // namespace thidua::db
