#include "tests/faults/retrying_clients.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace thidua::testing {
namespace {

// A create not acknowledged within this is abandoned, so that a broken service fails the test
// instead of hanging it.
constexpr absl::Duration kGiveUp = absl::Minutes(5);

std::string CodeName(grpc::StatusCode code) {
  // gRPC's codes and absl's share their numbers (both are google.rpc.Code).
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

RetryingClients::RetryingClients(const CreateCall& create,
                                 std::function<std::shared_ptr<grpc::Channel>()> channel,
                                 int clients, int creates, const std::string& prefix,
                                 absl::Duration deadline)
    : create_(create), channel_(std::move(channel)), deadline_(deadline) {
  running_ = clients;
  for (int c = 0; c < clients; ++c) {
    const int first = creates * c / clients;
    const int count = creates * (c + 1) / clients - first;
    threads_.emplace_back([this, c, first, count, prefix] { Run(c, first, count, prefix); });
  }
}

RetryingClients::~RetryingClients() {
  Stop();
  Wait();
}

void RetryingClients::Stop() { stop_ = true; }

void RetryingClients::Wait() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void RetryingClients::Run(int client, int first, int count, const std::string& prefix) {
  const std::shared_ptr<grpc::Channel> channel = channel_();
  const absl::Time give_up = absl::Now() + kGiveUp;
  for (int n = first; n < first + count && !stop_; ++n) {
    const std::string request_id = absl::StrCat(prefix, "-", client, "-", n);
    absl::Duration backoff = absl::Milliseconds(10);
    for (;;) {
      const absl::Time start = absl::Now();
      int64_t id = 0;
      const grpc::Status status = create_.call(channel, request_id, deadline_, &id);
      const absl::Time end = absl::Now();
      {
        absl::MutexLock lock(&mu_);
        attempts_.push_back(
            {end, status.error_code(), end - start, status.ok() ? "" : status.error_message()});
        if (status.ok()) {
          acknowledged_[request_id] = id;
        } else if (end > give_up) {
          abandoned_.push_back(request_id);
        }
      }
      if (status.ok()) {
        ++acknowledged_count_;
        break;
      }
      if (end > give_up) break;
      absl::SleepFor(backoff);  // a client's retry pause, not a synchronisation
      backoff = std::min(backoff * 2, absl::Milliseconds(100));
    }
  }
  --running_;
}

std::map<std::string, int64_t> RetryingClients::acknowledged() const {
  absl::MutexLock lock(&mu_);
  return acknowledged_;
}

std::vector<Attempt> RetryingClients::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

std::vector<std::string> RetryingClients::abandoned() const {
  absl::MutexLock lock(&mu_);
  return abandoned_;
}

Reconciliation Reconcile(FaultStack& stack, const CreateCall& create,
                         const std::map<std::string, int64_t>& acknowledged,
                         const std::vector<std::string>& abandoned) {
  Reconciliation out;
  auto example = [&](const std::string& what, const std::string& request_id) {
    if (out.examples.size() < 10) out.examples.push_back(what + " " + request_id);
  };
  db::Pool& pool = stack.pool(create.service);
  const std::map<std::string, std::vector<int64_t>> stored = create.stored(pool);
  out.acknowledged = static_cast<int>(acknowledged.size());
  for (const auto& [request_id, id] : acknowledged) {
    auto it = stored.find(request_id);
    if (it == stored.end()) {
      ++out.lost;
      example("lost", request_id);
    } else if (it->second.size() > 1) {
      ++out.duplicated;
      example("duplicated", request_id);
    } else if (it->second.front() != id) {
      ++out.wrong_id;
      example("wrong id", request_id);
    }
  }
  for (const auto& [request_id, ids] : stored) {
    if (acknowledged.count(request_id) == 0 &&
        std::find(abandoned.begin(), abandoned.end(), request_id) == abandoned.end()) {
      ++out.unacknowledged;
      example("never acknowledged", request_id);
    }
  }

  std::map<std::string, int> audited;
  const absl::Status read = pool.Run(absl::Now() + absl::Seconds(30), [&](db::Connection& conn) {
    auto& query = conn.Prepare(
        "SELECT request_id, COUNT(*) FROM audit_log WHERE method = ? GROUP BY request_id");
    query.setString(1, create.method);
    std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
    while (rows->next()) audited[rows->getString(1)] = rows->getInt(2);
    return absl::OkStatus();
  });
  EXPECT_TRUE(read.ok()) << read;
  for (const auto& [request_id, ids] : stored) {
    const int rows = audited.count(request_id) ? audited[request_id] : 0;
    if (rows < static_cast<int>(ids.size())) {
      ++out.audit_missing;
      example("no audit row", request_id);
    }
    if (rows > static_cast<int>(ids.size())) {
      ++out.audit_extra;
      example("audited twice", request_id);
    }
  }
  for (const auto& [request_id, rows] : audited) {
    if (stored.count(request_id) == 0) {
      out.audit_extra += rows;
      example("audit row of nothing", request_id);
    }
  }
  return out;
}

std::string CommonErrors(const std::vector<Attempt>& attempts, int how_many) {
  std::map<std::string, int> counts;
  for (const Attempt& attempt : attempts) {
    if (attempt.code != grpc::StatusCode::OK) ++counts[attempt.message];
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [message, count] : counts) ranked.emplace_back(count, message);
  std::sort(ranked.rbegin(), ranked.rend());
  std::string out;
  for (int i = 0; i < how_many && i < static_cast<int>(ranked.size()); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : "; ", ranked[i].first, "× ", ranked[i].second);
  }
  return out;
}

std::string CodesBetween(const std::vector<Attempt>& attempts, absl::Time from, absl::Time to) {
  std::map<std::string, int> counts;
  for (const Attempt& attempt : attempts) {
    if (attempt.end >= from && attempt.end < to) ++counts[CodeName(attempt.code)];
  }
  std::string out;
  for (const auto& [code, count] : counts)
    absl::StrAppend(&out, out.empty() ? "" : " ", code, "=", count);
  return out.empty() ? "none" : out;
}

}  // namespace thidua::testing
