#include "services/gateway/path_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace thidua::gateway {
namespace {

bool IsFieldPath(absl::string_view path) {
  if (path.empty()) return false;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (part.empty() || absl::ascii_isdigit(static_cast<unsigned char>(part[0]))) return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecodeSegment(absl::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out.push_back(segment[i]);
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    const int high = HexValue(segment[i + 1]);
    const int low = HexValue(segment[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    const char c = static_cast<char>(high * 16 + low);
    if (c == '/') return std::nullopt;
    out.push_back(c);
    i += 2;
  }
  return out;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("path template \"", text, "\": ", why));
  };
  if (!absl::StartsWith(text, "/")) return bad("must start with /");
  PathTemplate parsed;
  parsed.text_ = std::string(text);
  absl::string_view rest = text.substr(1);
  // The verb follows the last ':' outside braces.
  const size_t close = rest.rfind('}');
  const size_t colon = rest.rfind(':');
  if (colon != absl::string_view::npos && (close == absl::string_view::npos || colon > close)) {
    parsed.verb_ = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!IsFieldPath(parsed.verb_) || absl::StrContains(parsed.verb_, '.')) {
      return bad("the custom verb must be a single identifier");
    }
  }
  for (absl::string_view segment : absl::StrSplit(rest, '/')) {
    if (segment.empty()) return bad("empty segment");
    if (segment.front() != '{') {
      if (absl::StrContains(segment, '{') || absl::StrContains(segment, '}') ||
          absl::StrContains(segment, '*')) {
        return bad(absl::StrCat("segment \"", segment, "\" mixes a literal and a variable"));
      }
      parsed.segments_.push_back({std::string(segment), ""});
      continue;
    }
    if (segment.back() != '}') return bad("a variable must be a whole segment");
    absl::string_view inner = segment.substr(1, segment.size() - 2);
    if (absl::ConsumeSuffix(&inner, "=*")) {
    } else if (absl::StrContains(inner, '=')) {
      return bad("only single-segment variables ({field} or {field=*}) are supported");
    }
    if (!IsFieldPath(inner)) return bad(absl::StrCat("\"", inner, "\" is not a field path"));
    parsed.segments_.push_back({"", std::string(inner)});
  }
  return parsed;
}

std::optional<PathTemplate::Bindings> PathTemplate::Match(absl::string_view path) const {
  if (!absl::ConsumePrefix(&path, "/")) return std::nullopt;
  if (!verb_.empty()) {
    const std::string suffix = absl::StrCat(":", verb_);
    if (!absl::ConsumeSuffix(&path, suffix)) return std::nullopt;
  }
  Bindings bindings;
  size_t index = 0;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (index >= segments_.size()) return std::nullopt;
    const Segment& expected = segments_[index++];
    if (expected.field.empty()) {
      if (segment != expected.literal) return std::nullopt;
      continue;
    }
    if (segment.empty()) return std::nullopt;
    std::optional<std::string> value = PercentDecodeSegment(segment);
    if (!value.has_value()) return std::nullopt;
    // Without a verb in the template, a ':' left in the last segment is another method's verb.
    if (verb_.empty() && index == segments_.size() && absl::StrContains(segment, ':')) {
      return std::nullopt;
    }
    bindings.emplace_back(expected.field, *std::move(value));
  }
  if (index != segments_.size()) return std::nullopt;
  return bindings;
}

std::vector<std::string> PathTemplate::variables() const {
  std::vector<std::string> fields;
  for (const Segment& s : segments_) {
    if (!s.field.empty()) fields.push_back(s.field);
  }
  return fields;
}

bool PathTemplate::AmbiguousWith(const PathTemplate& other) const {
  if (verb_ != other.verb_ || segments_.size() != other.segments_.size() ||
      literal_count() != other.literal_count()) {
    return false;
  }
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& a = segments_[i];
    const Segment& b = other.segments_[i];
    if (a.field.empty() && b.field.empty() && a.literal != b.literal) return false;
  }
  return true;
}

int PathTemplate::literal_count() const {
  int n = 0;
  for (const Segment& s : segments_) n += s.field.empty() ? 1 : 0;
  return n;
}

}  // namespace thidua::gateway
