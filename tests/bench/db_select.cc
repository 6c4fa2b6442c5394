#include "tests/bench/db_select.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

namespace thidua::bench {
namespace {

absl::StatusOr<std::unique_ptr<sql::Connection>> Connect(sql::Driver& driver,
                                                         const DbSettings& db) {
  // The same connection options as thidua::db::Pool, so that the limit is the one the services
  // could reach.
  sql::ConnectOptionsMap props;
  if (!db.socket.empty()) {
    props["hostName"] = sql::SQLString("localhost");
    props["socket"] = sql::SQLString(db.socket);
  } else {
    props["hostName"] = sql::SQLString(absl::StrCat("tcp://", db.host, ":", db.port));
  }
  props["userName"] = sql::SQLString(db.user);
  props["password"] = sql::SQLString(db.password);
  props["schema"] = sql::SQLString(db.database);
  props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  props["OPT_CONNECT_TIMEOUT"] = 5;
  props["OPT_READ_TIMEOUT"] = 30;
  props["OPT_WRITE_TIMEOUT"] = 30;
  try {
    std::unique_ptr<sql::Connection> conn(driver.connect(props));
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
    return conn;
  } catch (const sql::SQLException& e) {
    return absl::UnavailableError(absl::StrCat("cannot connect to the database: ", e.what()));
  }
}

// One connection per call in flight, opened one after the other from this thread: the client
// library's global initialisation is not safe to race.
absl::StatusOr<std::vector<std::unique_ptr<sql::Connection>>> ConnectAll(sql::Driver& driver,
                                                                         const DbSettings& db,
                                                                         int count) {
  std::vector<std::unique_ptr<sql::Connection>> connections;
  for (int i = 0; i < count; ++i) {
    auto conn = Connect(driver, db);
    if (!conn.ok()) return conn.status();
    connections.push_back(*std::move(conn));
  }
  return connections;
}

Observed DriveSelects(sql::Driver& driver, sql::Connection& conn, const std::string& query,
                      const std::vector<int64_t>& ids, uint64_t seed, const Window& window) {
  // The client library keeps per-thread state that must be set up in every thread that uses it.
  driver.threadInit();
  Observed observed;
  std::mt19937_64 random(seed);
  try {
    std::unique_ptr<sql::PreparedStatement> stmt(conn.prepareStatement(query));
    while (true) {
      const SteadyClock::time_point started = SteadyClock::now();
      if (started >= window.end) break;
      bool ok = true;
      std::string error;
      try {
        stmt->setInt64(1, Pick(random, ids));
        std::unique_ptr<sql::ResultSet> rows(stmt->executeQuery());
        const unsigned columns = rows->getMetaData()->getColumnCount();
        // Every column is read, as a service turning the row into a message would.
        while (rows->next()) {
          for (unsigned c = 1; c <= columns; ++c) rows->getString(c);
        }
      } catch (const sql::SQLException& e) {
        ok = false;
        error = absl::StrCat("mysql error ", e.getErrorCode(), ": ", e.what());
      }
      const SteadyClock::time_point done = SteadyClock::now();
      if (window.Contains(done)) observed.Record(started, done, ok, error);
    }
  } catch (const sql::SQLException& e) {
    ++observed.errors;
    observed.first_error = absl::StrCat("cannot prepare the query: ", e.what());
  }
  driver.threadEnd();
  return observed;
}

Observed DriveInserts(sql::Driver& driver, sql::Connection& conn, const std::string& insert,
                      int rows, int64_t connection, const Window& window) {
  driver.threadInit();
  Observed observed;
  try {
    std::unique_ptr<sql::PreparedStatement> stmt(conn.prepareStatement(insert));
    conn.setAutoCommit(false);
    for (int64_t n = 0;; ++n) {
      const SteadyClock::time_point started = SteadyClock::now();
      if (started >= window.end) break;
      bool ok = true;
      std::string error;
      try {
        for (int r = 0; r < rows; ++r) {
          stmt->setInt64(4 * r + 1, connection);
          stmt->setString(4 * r + 2, absl::StrCat("BENCH.CT", r));
          stmt->setInt64(4 * r + 3, n);
          stmt->setString(4 * r + 4, absl::StrCat(n % 51));
        }
        stmt->executeUpdate();
        conn.commit();
      } catch (const sql::SQLException& e) {
        ok = false;
        error = absl::StrCat("mysql error ", e.getErrorCode(), ": ", e.what());
        try {
          conn.rollback();
        } catch (const sql::SQLException&) {
        }
      }
      const SteadyClock::time_point done = SteadyClock::now();
      if (window.Contains(done)) observed.Record(started, done, ok, error);
    }
  } catch (const sql::SQLException& e) {
    ++observed.errors;
    observed.first_error = absl::StrCat("cannot prepare the insert: ", e.what());
  }
  driver.threadEnd();
  return observed;
}

}  // namespace

absl::StatusOr<std::vector<Observed>> RunInserts(const Settings& settings, const DbSettings& db,
                                                 int rows) {
  sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  auto connected = ConnectAll(*driver, db, settings.concurrency);
  if (!connected.ok()) return connected.status();
  std::vector<std::unique_ptr<sql::Connection>> connections = *std::move(connected);
  try {
    std::unique_ptr<sql::Statement> stmt(connections.front()->createStatement());
    stmt->execute("DROP TABLE IF EXISTS bench_raw_figures");
    stmt->execute(
        "CREATE TABLE bench_raw_figures ("
        " obligation_id BIGINT NOT NULL,"
        " period_key VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
        " indicator_code VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
        " category_code VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
        " organization_id BIGINT NOT NULL,"
        " number DECIMAL(24, 6) NULL,"
        " PRIMARY KEY (obligation_id, period_key, indicator_code, category_code, organization_id)"
        ") ENGINE=InnoDB");
  } catch (const sql::SQLException& e) {
    return absl::UnavailableError(absl::StrCat("cannot create the scratch table: ", e.what()));
  }
  std::string insert =
      "INSERT INTO bench_raw_figures (obligation_id, period_key, indicator_code, category_code,"
      " organization_id, number) VALUES ";
  for (int r = 0; r < rows; ++r)
    absl::StrAppend(&insert, r ? ", " : "", "(?, '2026', ?, '', ?, ?)");
  const SteadyClock::time_point start = SteadyClock::now();
  const Window window{start + std::chrono::seconds(settings.warmup_s),
                      start + std::chrono::seconds(settings.warmup_s + settings.duration_s)};
  std::vector<Observed> observed(connections.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < connections.size(); ++i) {
    threads.emplace_back([&, i] {
      observed[i] =
          DriveInserts(*driver, *connections[i], insert, rows, static_cast<int64_t>(i), window);
    });
  }
  for (auto& t : threads) t.join();
  return observed;
}

absl::StatusOr<std::vector<Observed>> RunSelects(const Settings& settings, const DbSettings& db,
                                                 const std::vector<int64_t>& ids) {
  sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  auto connected = ConnectAll(*driver, db, settings.concurrency);
  if (!connected.ok()) return connected.status();
  std::vector<std::unique_ptr<sql::Connection>> connections = *std::move(connected);
  const std::string query = absl::StrCat("SELECT * FROM `", db.table, "` WHERE id = ?");
  const SteadyClock::time_point start = SteadyClock::now();
  const Window window{start + std::chrono::seconds(settings.warmup_s),
                      start + std::chrono::seconds(settings.warmup_s + settings.duration_s)};
  std::vector<Observed> observed(connections.size());
  std::vector<std::thread> threads;
  std::random_device seeds;
  for (size_t i = 0; i < connections.size(); ++i) {
    const uint64_t seed = (static_cast<uint64_t>(seeds()) << 32) ^ seeds();
    threads.emplace_back([&, i, seed] {
      observed[i] = DriveSelects(*driver, *connections[i], query, ids, seed, window);
    });
  }
  for (auto& t : threads) t.join();
  return observed;
}

}  // namespace thidua::bench
