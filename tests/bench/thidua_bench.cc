// thidua-bench: closed-loop load generator for the registry and for the raw limits it is judged by.
//
//   thidua-bench --scenario=empty|get|list|search|pk_select [--concurrency=16] [--duration_s=10]
//                [--warmup_s=2] [--target=host:port] [--token=JWT] ...   (--help lists all flags)
//
// Keeps exactly --concurrency calls (or queries) in flight, throws away the warm-up, and prints
//   BENCH scenario=<name> qps=<n> p50_ms=<x> p99_ms=<y> errors=<n>
// where qps counts the successful calls completed inside the measured window and the percentiles
// are over those calls. Exits 1 when no call succeeded, 2 on bad flags.
//
// The gRPC scenarios use the async API on one or two completion-queue threads: with a thread per
// call, the client would need as many threads as the server and the two would fight for the same
// cores, measuring the scheduler rather than the service. pk_select has no async API to use, so it
// runs one thread per connection, like the services' own database calls do.

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <mysql_driver.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/civil_date.h"
#include "common/config.h"
#include "thidua/bench/v1/echo.grpc.pb.h"
#include "thidua/registry/v1/registry.grpc.pb.h"

namespace thidua::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
namespace registry_v1 = ::thidua::registry::v1;
namespace bench_v1 = ::thidua::bench::v1;

constexpr int kExitNoSuccess = 1;
constexpr int kExitUsage = 2;

Config Flags() {
  Config config;
  config.Define("scenario", "", "empty | get | list | search | pk_select")
      .Define("target", "127.0.0.1:50051", "gRPC server, host:port (gRPC scenarios)")
      .Define("concurrency", "16", "calls or queries kept in flight")
      .Define("duration_s", "10", "measured seconds, after the warm-up")
      .Define("warmup_s", "2", "seconds of load before measuring (connections, caches)")
      .Define("cq_threads", "2", "completion-queue threads driving the gRPC calls")
      .Define("channels", "0", "gRPC channels, each its own connection; 0: one per 4 calls")
      .Define("deadline_ms", "5000", "deadline of each gRPC call")
      .Define("token", "", "JWT sent as `authorization: Bearer <token>`")
      .Define("ids", "", "get, pk_select: comma-separated organisation ids, picked at random")
      .Define("id_range", "", "get, pk_select: ids a-b (inclusive), picked at random")
      .Define("province_ids", "", "list: comma-separated ancestors, picked at random")
      .Define("as_of", "2023-04-10", "list: the date the listing is evaluated on")
      .Define("queries", "lam dong,ha noi,tuyen quang,phuong 1,xa tan",
              "search: comma-separated accent-free queries, picked at random")
      .Define("db_socket", "", "pk_select: Unix socket of the database (overrides host, port)")
      .Define("db_host", "127.0.0.1", "pk_select: database host")
      .Define("db_port", "3306", "pk_select: database port")
      .Define("db_user", "root", "pk_select: database user")
      .Define("db_password", "", "pk_select: database password")
      .Define("db_name", "registry", "pk_select: database (schema)")
      .Define("table", "organizations", "pk_select: table with a BIGINT primary key `id`");
  return config;
}

struct Settings {
  std::string scenario;
  int concurrency = 16;
  int duration_s = 10;
  int warmup_s = 2;
  int cq_threads = 2;
  int channels = 0;
  int deadline_ms = 5000;
};

// The measured interval. Calls completing outside it are neither counted nor timed, so the
// connection set-up during the warm-up and the drain at the end do not distort the figures.
struct Window {
  SteadyClock::time_point begin;
  SteadyClock::time_point end;
  bool Contains(SteadyClock::time_point t) const { return t >= begin && t < end; }
};

// What one driver thread observed inside the window. Each thread owns one, so recording needs no
// lock; the results are merged once the load has stopped.
struct Observed {
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;

  void Record(SteadyClock::time_point started, SteadyClock::time_point done, bool ok,
              absl::string_view error) {
    if (ok) {
      latencies_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(done - started).count());
      return;
    }
    ++errors;
    if (first_error.empty()) first_error = std::string(error);
  }
};

absl::StatusOr<std::vector<int64_t>> ParseIds(absl::string_view list, absl::string_view range) {
  std::vector<int64_t> ids;
  for (absl::string_view part : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(part, &id) || id <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("not an id: \"", part, "\""));
    }
    ids.push_back(id);
  }
  if (!range.empty()) {
    std::vector<absl::string_view> ends = absl::StrSplit(range, '-');
    int64_t first = 0;
    int64_t last = 0;
    if (ends.size() != 2 || !absl::SimpleAtoi(ends[0], &first) ||
        !absl::SimpleAtoi(ends[1], &last) || first <= 0 || last < first ||
        last - first > 100'000'000) {
      return absl::InvalidArgumentError(
          absl::StrCat("--id_range must be a-b with 0 < a <= b, got \"", range, "\""));
    }
    for (int64_t id = first; id <= last; ++id) ids.push_back(id);
  }
  return ids;
}

std::vector<int64_t> RequireIds(const Config& config, absl::string_view scenario,
                                absl::Status* status) {
  auto ids = ParseIds(config.Get("ids"), config.Get("id_range"));
  if (!ids.ok()) {
    *status = ids.status();
    return {};
  }
  if (ids->empty()) {
    *status = absl::InvalidArgumentError(
        absl::StrCat("--scenario=", scenario, " needs --ids or --id_range"));
  }
  return *std::move(ids);
}

// ---------------------------------------------------------------------------------------------
// gRPC scenarios

// One call kept in flight: as soon as it completes, its queue thread starts the next one on it.
// The slot itself is the completion tag.
class Slot {
 public:
  virtual ~Slot() = default;
  virtual void StartCall() = 0;
  virtual const grpc::Status& status() const = 0;
  SteadyClock::time_point started() const { return started_; }

 protected:
  SteadyClock::time_point started_;
};

// Responses are received as raw bytes and not parsed: the load generator shares the machine's two
// cores with the server, and parsing a page of 100 organisations would cost the client more CPU
// than the server spends answering it, so the instrument would measure itself. Correctness of the
// answers is the tests' business; here a call counts when its status is OK.
template <typename Request>
class RpcSlot final : public Slot {
 public:
  using Stub = grpc::TemplatedGenericStub<Request, grpc::ByteBuffer>;
  using Fill = std::function<void(std::mt19937_64&, Request&)>;

  RpcSlot(Stub* stub, const std::string& method, Fill fill, const std::string& bearer,
          std::chrono::milliseconds deadline, grpc::CompletionQueue* cq, uint64_t seed)
      : stub_(stub),
        method_(method),
        fill_(std::move(fill)),
        bearer_(bearer),
        deadline_(deadline),
        cq_(cq),
        random_(seed) {}

  void StartCall() override {
    // A ClientContext serves a single call.
    context_ = std::make_unique<grpc::ClientContext>();
    if (!bearer_.empty()) context_->AddMetadata("authorization", bearer_);
    context_->set_deadline(std::chrono::system_clock::now() + deadline_);
    request_.Clear();
    fill_(random_, request_);
    response_.Clear();
    started_ = SteadyClock::now();
    reader_ = stub_->PrepareUnaryCall(context_.get(), method_, request_, cq_);
    reader_->StartCall();
    reader_->Finish(&response_, &status_, this);
  }

  const grpc::Status& status() const override { return status_; }

 private:
  Stub* stub_;
  const std::string& method_;
  Fill fill_;
  const std::string& bearer_;
  std::chrono::milliseconds deadline_;
  grpc::CompletionQueue* cq_;
  std::mt19937_64 random_;
  std::unique_ptr<grpc::ClientContext> context_;
  Request request_;
  grpc::ByteBuffer response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<grpc::ByteBuffer>> reader_;
};

// Drives the slots of one completion queue until the window ends and every call has completed.
Observed DriveQueue(grpc::CompletionQueue& cq, const std::vector<Slot*>& slots,
                    const Window& window) {
  Observed observed;
  size_t in_flight = 0;
  for (Slot* slot : slots) {
    slot->StartCall();
    ++in_flight;
  }
  void* tag = nullptr;
  bool ok = false;
  while (in_flight > 0 && cq.Next(&tag, &ok)) {
    auto* slot = static_cast<Slot*>(tag);
    const SteadyClock::time_point now = SteadyClock::now();
    if (window.Contains(now)) {
      const grpc::Status& status = slot->status();
      if (ok && status.ok()) {
        observed.Record(slot->started(), now, true, "");
      } else {
        observed.Record(
            slot->started(), now, false,
            absl::StrCat("gRPC code ", status.error_code(), ": ", status.error_message()));
      }
    }
    if (now < window.end) {
      slot->StartCall();
    } else {
      --in_flight;
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return observed;
}

// Runs `concurrency` slots of one RPC over `channels` connections and `cq_threads` queues.
// `method` is the full path, "/thidua.registry.v1.Registry/GetOrganization".
template <typename Request>
std::vector<Observed> RunRpc(const Settings& settings, const std::string& target,
                             const std::string& bearer, const std::string& method,
                             typename RpcSlot<Request>::Fill fill) {
  using Stub = typename RpcSlot<Request>::Stub;
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int i = 0; i < settings.channels; ++i) {
    grpc::ChannelArguments args;
    // Channels to one target share a connection unless told otherwise; a single HTTP/2
    // connection would then cap the throughput instead of the server.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("thidua.bench.channel", i);
    stubs.push_back(std::make_unique<Stub>(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues;
  for (int i = 0; i < settings.cq_threads; ++i) {
    queues.push_back(std::make_unique<grpc::CompletionQueue>());
  }
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<std::vector<Slot*>> slots_by_queue(queues.size());
  std::random_device seeds;
  for (int i = 0; i < settings.concurrency; ++i) {
    grpc::CompletionQueue* cq = queues[i % queues.size()].get();
    slots.push_back(
        std::make_unique<RpcSlot<Request>>(stubs[i % stubs.size()].get(), method, fill, bearer,
                                           std::chrono::milliseconds(settings.deadline_ms), cq,
                                           (static_cast<uint64_t>(seeds()) << 32) ^ seeds()));
    slots_by_queue[i % queues.size()].push_back(slots.back().get());
  }
  const SteadyClock::time_point start = SteadyClock::now();
  const Window window{start + std::chrono::seconds(settings.warmup_s),
                      start + std::chrono::seconds(settings.warmup_s + settings.duration_s)};
  std::vector<Observed> observed(queues.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < queues.size(); ++i) {
    threads.emplace_back(
        [&, i] { observed[i] = DriveQueue(*queues[i], slots_by_queue[i], window); });
  }
  for (auto& t : threads) t.join();
  return observed;
}

template <typename T>
const T& Pick(std::mt19937_64& random, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
}

// ---------------------------------------------------------------------------------------------
// pk_select: the fastest query the services can ask, through the same client library.

struct DbSettings {
  std::string socket;
  std::string host;
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  std::string table;
};

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

absl::StatusOr<std::vector<Observed>> RunSelects(const Settings& settings, const DbSettings& db,
                                                 const std::vector<int64_t>& ids) {
  sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  // Connected one after the other from this thread: the client library's global initialisation
  // is not safe to race.
  std::vector<std::unique_ptr<sql::Connection>> connections;
  for (int i = 0; i < settings.concurrency; ++i) {
    auto conn = Connect(*driver, db);
    if (!conn.ok()) return conn.status();
    connections.push_back(*std::move(conn));
  }
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

// ---------------------------------------------------------------------------------------------

// Nearest-rank percentile of sorted values.
double PercentileMs(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1000.0;
}

int Report(const Settings& settings, std::vector<Observed> observed) {
  std::vector<int64_t> latencies;
  int64_t errors = 0;
  std::string first_error;
  for (Observed& o : observed) {
    latencies.insert(latencies.end(), o.latencies_us.begin(), o.latencies_us.end());
    errors += o.errors;
    if (first_error.empty()) first_error = std::move(o.first_error);
  }
  std::sort(latencies.begin(), latencies.end());
  const auto qps = static_cast<int64_t>(static_cast<double>(latencies.size()) /
                                        static_cast<double>(settings.duration_s));
  std::cout << absl::StrFormat("BENCH scenario=%s qps=%d p50_ms=%.3f p99_ms=%.3f errors=%d\n",
                               settings.scenario, qps, PercentileMs(latencies, 0.50),
                               PercentileMs(latencies, 0.99), errors)
            << std::flush;
  if (!first_error.empty()) {
    std::cerr << "thidua-bench: " << settings.scenario << ": first error: " << first_error << "\n";
  }
  if (latencies.empty()) {
    std::cerr << "thidua-bench: " << settings.scenario << ": no call succeeded\n";
    return kExitNoSuccess;
  }
  return 0;
}

int UsageError(absl::string_view message) {
  std::cerr << "thidua-bench: " << message << "\n";
  return kExitUsage;
}

int Main(int argc, char** argv) {
  Config config = Flags();
  if (auto s = config.Parse(argc, argv); !s.ok()) {
    std::cerr << s.message() << "\n";
    return s.code() == absl::StatusCode::kFailedPrecondition ? 0 : kExitUsage;
  }
  Settings settings;
  settings.scenario = config.Get("scenario");
  auto concurrency = config.GetInt("concurrency", 1, 4096);
  auto duration = config.GetInt("duration_s", 1, 86400);
  auto warmup = config.GetInt("warmup_s", 0, 3600);
  auto cq_threads = config.GetInt("cq_threads", 1, 64);
  auto channels = config.GetInt("channels", 0, 4096);
  auto deadline = config.GetInt("deadline_ms", 1, 3'600'000);
  auto db_port = config.GetInt("db_port", 1, 65535);
  for (const auto* v :
       {&concurrency, &duration, &warmup, &cq_threads, &channels, &deadline, &db_port}) {
    if (!v->ok()) return UsageError(v->status().message());
  }
  settings.concurrency = static_cast<int>(*concurrency);
  settings.duration_s = static_cast<int>(*duration);
  settings.warmup_s = static_cast<int>(*warmup);
  settings.cq_threads = static_cast<int>(std::min(*cq_threads, *concurrency));
  settings.channels = *channels > 0 ? static_cast<int>(std::min(*channels, *concurrency))
                                    : (settings.concurrency + 3) / 4;
  settings.deadline_ms = static_cast<int>(*deadline);

  const std::string target = config.Get("target");
  const std::string token = config.Get("token");
  const std::string bearer = token.empty() ? "" : absl::StrCat("Bearer ", token);
  absl::Status status;
  std::vector<Observed> observed;
  using registry_v1::ListOrganizationsRequest;
  static const std::string kPing = "/thidua.bench.v1.Echo/Ping";
  static const std::string kGetOrganization = "/thidua.registry.v1.Registry/GetOrganization";
  static const std::string kListOrganizations = "/thidua.registry.v1.Registry/ListOrganizations";

  if (settings.scenario == "empty") {
    observed = RunRpc<bench_v1::PingRequest>(settings, target, bearer, kPing,
                                             [](std::mt19937_64&, bench_v1::PingRequest&) {});
  } else if (settings.scenario == "get") {
    const std::vector<int64_t> ids = RequireIds(config, "get", &status);
    if (!status.ok()) return UsageError(status.message());
    observed = RunRpc<registry_v1::GetOrganizationRequest>(
        settings, target, bearer, kGetOrganization,
        [&ids](std::mt19937_64& random, registry_v1::GetOrganizationRequest& request) {
          request.set_id(Pick(random, ids));
        });
  } else if (settings.scenario == "list") {
    auto provinces = ParseIds(config.Get("province_ids"), "");
    if (!provinces.ok()) return UsageError(provinces.status().message());
    if (provinces->empty()) return UsageError("--scenario=list needs --province_ids");
    const std::optional<absl::CivilDay> as_of = ParseIso(config.Get("as_of"));
    if (!as_of) return UsageError("--as_of must be YYYY-MM-DD");
    const common::v1::Date date = ToProto(*as_of);
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&provinces, date](std::mt19937_64& random, ListOrganizationsRequest& request) {
          request.set_ancestor_id(Pick(random, *provinces));
          for (auto kind : {registry_v1::COMMUNE, registry_v1::WARD, registry_v1::TOWNSHIP,
                            registry_v1::SPECIAL_ZONE}) {
            request.add_kinds(kind);
          }
          *request.mutable_as_of() = date;
          request.set_page_size(100);
        });
  } else if (settings.scenario == "search") {
    std::vector<std::string> queries =
        absl::StrSplit(config.Get("queries"), ',', absl::SkipWhitespace());
    if (queries.empty()) return UsageError("--scenario=search needs --queries");
    observed = RunRpc<ListOrganizationsRequest>(
        settings, target, bearer, kListOrganizations,
        [&queries](std::mt19937_64& random, ListOrganizationsRequest& request) {
          request.set_query(Pick(random, queries));
          request.set_page_size(20);
        });
  } else if (settings.scenario == "pk_select") {
    const std::vector<int64_t> ids = RequireIds(config, "pk_select", &status);
    if (!status.ok()) return UsageError(status.message());
    DbSettings db{config.Get("db_socket"), config.Get("db_host"),     static_cast<int>(*db_port),
                  config.Get("db_user"),   config.Get("db_password"), config.Get("db_name"),
                  config.Get("table")};
    // The table name is spliced into the SQL, so only plain identifiers are accepted.
    if (db.table.empty() || !std::all_of(db.table.begin(), db.table.end(), [](char c) {
          return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
        })) {
      return UsageError("--table must be a plain table name");
    }
    auto selects = RunSelects(settings, db, ids);
    if (!selects.ok()) {
      std::cerr << "thidua-bench: " << selects.status().message() << "\n";
      return kExitNoSuccess;
    }
    observed = *std::move(selects);
  } else {
    return UsageError(absl::StrCat("unknown --scenario=\"", settings.scenario,
                                   "\"; expected empty, get, list, search or pk_select"));
  }
  return Report(settings, std::move(observed));
}

}  // namespace
}  // namespace thidua::bench

int main(int argc, char** argv) { return thidua::bench::Main(argc, argv); }
