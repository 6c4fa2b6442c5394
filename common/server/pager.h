#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "common/errors.h"
#include "google/protobuf/message.h"

namespace thidua::server {

// One value of a sort key; keys compare lexicographically, as std::vector of variants does.
using CursorValue = std::variant<int64_t, std::string>;
using CursorKey = std::vector<CursorValue>;

// Paging of a listing (AIP-158) by cursor: a page token holds the sort key of the last row
// returned (its id last, so keys are unique), and the next page starts strictly after it. A row
// inserted or removed meanwhile neither repeats nor skips another, unlike an offset.
//
// A token is bound to its query: it is accepted only with the same request type and the same
// fields other than page_size and page_token; any other token is INVALID_ARGUMENT (page_token).
// page_size: 0 means the listing's default; above its maximum, the maximum; negative is
// INVALID_ARGUMENT (page_size).
class Pager {
 public:
  // Reads the int32 `page_size` and string `page_token` fields of `request`.
  static absl::StatusOr<Pager> Read(const google::protobuf::Message& request,
                                    int default_size = 100, int max_size = 1000);
  // As above, adding a bad page_size or page_token to `violations` with the request's other
  // mistakes, so the caller learns them all at once; unset then.
  static std::optional<Pager> Read(const google::protobuf::Message& request, Violations& violations,
                                   int default_size = 100, int max_size = 1000);

  // Rows to return on this page.
  int size() const { return size_; }
  // The key of the last row of the previous page; empty on the first page.
  const CursorKey& after() const { return after_; }
  bool first_page() const { return after_.empty(); }
  // Where this page starts, as the listing's typed key: the previous page's last key, or `first`
  // (a key before every row) on the first page. A key of another shape is refused like a token of
  // another listing: a token is bound to its query by an unkeyed hash, not signed, so a hand-made
  // one can carry anything.
  template <typename... T>
  absl::StatusOr<std::tuple<T...>> StartAs(std::tuple<T...> first) const {
    if (first_page()) return first;
    std::tuple<T...> typed;
    if (!TypedKey(after_, typed, std::index_sequence_for<T...>{})) return BadToken();
    return typed;
  }

  // INVALID_ARGUMENT naming page_token: a token of another listing or query, or garbage.
  static absl::Status BadToken();

  // The page token of the page after the row whose key is `last`.
  std::string TokenAfter(const CursorKey& last) const;

  // The page of `sorted` (ascending by `key`), setting `next_token` when rows remain after it.
  template <typename T, typename KeyFn>
  std::vector<T> PageOf(const std::vector<T>& sorted, KeyFn&& key, std::string& next_token) const {
    size_t begin = 0;
    if (!first_page()) {
      while (begin < sorted.size() && !(after_ < key(sorted[begin]))) ++begin;
    }
    std::vector<T> page;
    for (size_t i = begin; i < sorted.size() && page.size() < static_cast<size_t>(size_); ++i) {
      page.push_back(sorted[i]);
    }
    next_token.clear();
    if (begin + page.size() < sorted.size() && !page.empty())
      next_token = TokenAfter(key(page.back()));
    return page;
  }

 private:
  template <typename... T, size_t... I>
  static bool TypedKey(const CursorKey& key, std::tuple<T...>& out, std::index_sequence<I...>) {
    return key.size() == sizeof...(T) &&
           ((std::holds_alternative<T>(key[I]) && (std::get<I>(out) = std::get<T>(key[I]), true)) &&
            ...);
  }

  Pager(int size, std::string query, CursorKey after)
      : size_(size), query_(std::move(query)), after_(std::move(after)) {}

  int size_;
  std::string query_;
  CursorKey after_;
};

}  // namespace thidua::server
