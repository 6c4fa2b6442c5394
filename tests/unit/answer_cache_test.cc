// The registry client's answer cache: bounded, expiring, coalescing, never keeping errors.
#include "services/registry/client/answer_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"

namespace thidua::registry {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'780'000'000);

size_t SizeOf(const std::string& s) { return s.size(); }

TEST(AnswerCacheTest, AnExpiredAnswerIsEvictedNotServed) {
  FakeClock clock(kStart);
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf, clock);
  cache.Put("a", std::make_shared<const std::string>("x"));
  ASSERT_NE(cache.Find("a"), nullptr);
  clock.Advance(absl::Seconds(31));
  EXPECT_EQ(cache.Find("a"), nullptr);
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(AnswerCacheTest, TheLeastRecentlyUsedGoFirstPastEitherBound) {
  FakeClock clock(kStart);
  AnswerCache<std::string> by_entries(absl::Seconds(30), 2, 1 << 20, SizeOf, clock);
  by_entries.Put("a", std::make_shared<const std::string>("1"));
  by_entries.Put("b", std::make_shared<const std::string>("2"));
  ASSERT_NE(by_entries.Find("a"), nullptr);  // "a" is now more recent than "b"
  by_entries.Put("c", std::make_shared<const std::string>("3"));
  EXPECT_NE(by_entries.Find("a"), nullptr);
  EXPECT_EQ(by_entries.Find("b"), nullptr);
  EXPECT_EQ(by_entries.entries(), 2u);

  // Varying a key (as_of dates, say) cannot grow it past its bytes.
  AnswerCache<std::string> by_bytes(absl::Seconds(30), 1'000'000, 1000, SizeOf, clock);
  for (int i = 0; i < 10'000; ++i) {
    by_bytes.Put(absl::StrCat("key", i), std::make_shared<const std::string>(std::string(90, 'x')));
  }
  EXPECT_LE(by_bytes.bytes(), 1000u);
  EXPECT_GT(by_bytes.entries(), 0u);
}

TEST(AnswerCacheTest, ConcurrentIdenticalQuestionsAreAskedOnce) {
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf);
  std::atomic<int> fetches{0};
  absl::Notification release;
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto got = cache.GetOrFetch("q", absl::Now() + absl::Seconds(10),
                                  [&]() -> absl::StatusOr<std::string> {
                                    ++fetches;
                                    release.WaitForNotificationWithTimeout(absl::Seconds(5));
                                    return std::string("answer");
                                  });
      if (got.ok() && **got == "answer") ++answered;
    });
  }
  absl::SleepFor(absl::Milliseconds(100));  // let every thread reach the cache
  release.Notify();
  for (auto& t : threads) t.join();
  EXPECT_EQ(fetches.load(), 1);
  EXPECT_EQ(answered.load(), 8);
}

TEST(AnswerCacheTest, ErrorsAreNotKeptAndAZeroTtlKeepsNothing) {
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf);
  int fetches = 0;
  auto failing = [&]() -> absl::StatusOr<std::string> {
    ++fetches;
    return absl::UnavailableError("down");
  };
  EXPECT_FALSE(cache.GetOrFetch("q", absl::InfiniteFuture(), failing).ok());
  EXPECT_FALSE(cache.GetOrFetch("q", absl::InfiniteFuture(), failing).ok());
  EXPECT_EQ(fetches, 2);

  AnswerCache<std::string> uncached(absl::ZeroDuration(), 100, 1 << 20, SizeOf);
  auto ok = [&]() -> absl::StatusOr<std::string> {
    ++fetches;
    return std::string("x");
  };
  ASSERT_TRUE(uncached.GetOrFetch("q", absl::InfiniteFuture(), ok).ok());
  ASSERT_TRUE(uncached.GetOrFetch("q", absl::InfiniteFuture(), ok).ok());
  EXPECT_EQ(fetches, 4);
  EXPECT_EQ(uncached.entries(), 0u);
}

TEST(AnswerCacheTest, AWaiterGivesUpAtItsOwnDeadline) {
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf);
  absl::Notification fetching, release;
  std::thread leader([&] {
    (void)cache.GetOrFetch("q", absl::InfiniteFuture(), [&]() -> absl::StatusOr<std::string> {
      fetching.Notify();
      release.WaitForNotificationWithTimeout(absl::Seconds(5));
      return std::string("late");
    });
  });
  fetching.WaitForNotification();
  const absl::Time start = absl::Now();
  auto waited = cache.GetOrFetch("q", absl::Now() + absl::Milliseconds(50),
                                 []() -> absl::StatusOr<std::string> { return std::string("no"); });
  EXPECT_EQ(waited.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  release.Notify();
  leader.join();
}

TEST(AnswerCacheTest, AWaiterWhoseLeaderGaveUpAsksItself) {
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf);
  absl::Notification fetching;
  std::atomic<int> waiter_fetches{0};
  absl::StatusOr<AnswerCache<std::string>::Ptr> waited;
  std::thread leader([&] {
    auto led = cache.GetOrFetch("q", absl::InfiniteFuture(), [&]() -> absl::StatusOr<std::string> {
      fetching.Notify();
      // The leader's caller cancels once another caller waits for the same answer.
      while (cache.waiters("q") == 0) absl::SleepFor(absl::Milliseconds(1));
      return absl::CancelledError("the leader's caller cancelled");
    });
    EXPECT_EQ(led.status().code(), absl::StatusCode::kCancelled);
  });
  fetching.WaitForNotification();
  waited =
      cache.GetOrFetch("q", absl::Now() + absl::Seconds(10), [&]() -> absl::StatusOr<std::string> {
        ++waiter_fetches;
        return std::string("answer");
      });
  leader.join();
  ASSERT_TRUE(waited.ok()) << waited.status();
  EXPECT_EQ(**waited, "answer");
  EXPECT_EQ(waiter_fetches.load(), 1);

  // The registry's own failure is shared, not asked again by every waiter.
  absl::Notification down;
  std::thread failing([&] {
    (void)cache.GetOrFetch("r", absl::InfiniteFuture(), [&]() -> absl::StatusOr<std::string> {
      down.Notify();
      while (cache.waiters("r") == 0) absl::SleepFor(absl::Milliseconds(1));
      return absl::UnavailableError("registry down");
    });
  });
  down.WaitForNotification();
  auto shared =
      cache.GetOrFetch("r", absl::Now() + absl::Seconds(10), [&]() -> absl::StatusOr<std::string> {
        ++waiter_fetches;
        return std::string("not asked");
      });
  failing.join();
  EXPECT_EQ(shared.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(waiter_fetches.load(), 1);
}

// A fetch that throws (a database read on the caller's connection) leaves the throw to its caller
// and no flight behind: a waiter asks again itself, and a later caller is not kept waiting.
TEST(AnswerCacheTest, AFetchThatThrowsLeavesNoFlightBehind) {
  AnswerCache<std::string> cache(absl::Seconds(30), 100, 1 << 20, SizeOf);
  absl::Notification fetching;
  std::thread leader([&] {
    EXPECT_THROW((void)cache.GetOrFetch("q", absl::InfiniteFuture(),
                                        [&]() -> absl::StatusOr<std::string> {
                                          fetching.Notify();
                                          while (cache.waiters("q") == 0) {
                                            absl::SleepFor(absl::Milliseconds(1));
                                          }
                                          throw std::runtime_error("connection lost");
                                        }),
                 std::runtime_error);
  });
  fetching.WaitForNotification();
  auto waited =
      cache.GetOrFetch("q", absl::Now() + absl::Seconds(10),
                       [&]() -> absl::StatusOr<std::string> { return std::string("answer"); });
  leader.join();
  ASSERT_TRUE(waited.ok()) << waited.status();
  EXPECT_EQ(**waited, "answer");

  EXPECT_THROW((void)cache.GetOrFetch("r", absl::InfiniteFuture(),
                                      []() -> absl::StatusOr<std::string> { throw 42; }),
               int);
  const absl::Time before = absl::Now();
  auto later = cache.GetOrFetch("r", absl::Now() + absl::Seconds(10),
                                []() -> absl::StatusOr<std::string> { return std::string("x"); });
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_LT(absl::Now() - before, absl::Seconds(1));
}

}  // namespace
}  // namespace thidua::registry
