#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua::gateway {

// A google.api.http path template as thidua's protos write them (AIP-127): literal segments,
// variables `{field.path}` (or `{field.path=*}`) each taking one whole segment, and an optional
// custom verb, e.g. `/v1/plans/{id}:issue`. Multi-segment variables (`**`, `{name=a/*}`) are
// refused at start-up: no thidua RPC needs them, and refusing keeps matching unambiguous.
class PathTemplate {
 public:
  // INVALID_ARGUMENT naming what is wrong with `text`.
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // The variables bound by a matching path: (field path, percent-decoded value), in template
  // order; nullopt when `path` (without its query string) does not match.
  using Bindings = std::vector<std::pair<std::string, std::string>>;
  std::optional<Bindings> Match(absl::string_view path) const;

  const std::string& text() const { return text_; }
  const std::string& verb() const { return verb_; }
  // The field paths of the variables, in order.
  std::vector<std::string> variables() const;
  // How many segments are literal: where two templates match one path, the more literal wins
  // (`/v1/organizations:batchGet` over `/v1/organizations/{id}` cannot both match, but
  // `/v1/a/b` and `/v1/a/{x}` could).
  int literal_count() const;
  // True when some path matches both templates and neither wins by having more literal segments,
  // e.g. `/v1/{a}/x` and `/v1/x/{b}` (both match `/v1/x/x`).
  bool AmbiguousWith(const PathTemplate& other) const;

 private:
  struct Segment {
    std::string literal;  // empty for a variable
    std::string field;    // the variable's field path
  };
  std::string text_;
  std::vector<Segment> segments_;
  std::string verb_;
};

// `%XX` sequences of a path segment decoded; nullopt for a malformed escape or a decoded "/"
// (a segment never spans two).
std::optional<std::string> PercentDecodeSegment(absl::string_view segment);

}  // namespace thidua::gateway
