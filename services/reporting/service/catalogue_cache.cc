#include "services/reporting/service/catalogue_cache.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {
namespace {

// Written once, never changed: kept while used, the least recently used going first.
constexpr absl::Duration kKept = absl::Hours(24);
// How long a template's current version is taken as read (catalogue_cache.h).
constexpr absl::Duration kCurrentVersionKept = absl::Seconds(5);

template <typename M>
size_t SizeOf(const M& message) {
  return 64 + message.SpaceUsedLong();
}

}  // namespace

CatalogueCache::CatalogueCache()
    : obligations_(kKept, 10'000, size_t{16} << 20, SizeOf<v1::Obligation>),
      templates_(kKept, 2'000, size_t{32} << 20, SizeOf<v1::Template>),
      indicators_(kKept, 50'000, size_t{32} << 20, SizeOf<v1::Indicator>),
      template_indicators_(kKept, 2'000, size_t{64} << 20,
                           [](const std::vector<v1::Indicator>& all) {
                             size_t size = 64;
                             for (const auto& i : all) size += SizeOf(i);
                             return size;
                           }),
      current_versions_(kCurrentVersionKept, 2'000, size_t{1} << 20,
                        [](const int&) { return size_t{64}; }) {}

std::shared_ptr<const v1::Obligation> CatalogueCache::Obligation(db::Connection& conn, int64_t id) {
  const std::string key = absl::StrCat(id);
  if (auto kept = obligations_.Find(key)) return kept;
  auto loaded = store::LoadObligation(conn, id);
  if (!loaded) return nullptr;
  auto shared = std::make_shared<const v1::Obligation>(*std::move(loaded));
  obligations_.Put(key, shared);
  return shared;
}

std::shared_ptr<const v1::Template> CatalogueCache::Template(db::Connection& conn, int64_t id,
                                                             int version) {
  if (version == 0) {
    const std::string current_key = absl::StrCat(id);
    if (auto kept = current_versions_.Find(current_key)) {
      version = *kept;
    } else {
      auto current = store::CurrentTemplateVersion(conn, id);
      if (!current) return nullptr;
      version = *current;
      current_versions_.Put(current_key, std::make_shared<const int>(version));
    }
  }
  const std::string key = absl::StrCat(id, "/", version);
  if (auto kept = templates_.Find(key)) return kept;
  auto loaded = store::LoadTemplate(conn, id, version, false);
  if (!loaded) return nullptr;
  // The version's content; the etag names the template's current version, which moves on.
  loaded->clear_etag();
  auto shared = std::make_shared<const v1::Template>(*std::move(loaded));
  templates_.Put(key, shared);
  return shared;
}

std::vector<v1::Indicator> CatalogueCache::Indicators(db::Connection& conn,
                                                      const std::vector<std::string>& codes) {
  std::vector<v1::Indicator> out;
  out.reserve(codes.size());
  for (const std::string& code : codes) {
    if (auto kept = indicators_.Find(code)) {
      out.push_back(*kept);
    } else if (auto loaded = store::LoadIndicatorByCode(conn, code)) {
      indicators_.Put(code, std::make_shared<const v1::Indicator>(*loaded));
      out.push_back(*std::move(loaded));
    }
  }
  return out;
}

std::shared_ptr<const std::vector<v1::Indicator>> CatalogueCache::IndicatorsOf(
    db::Connection& conn, const v1::Template& t) {
  const std::string key = absl::StrCat(t.id(), "/", t.version());
  if (auto kept = template_indicators_.Find(key)) return kept;
  std::vector<std::string> codes;
  codes.reserve(t.rows_size());
  for (const auto& row : t.rows()) codes.push_back(row.indicator_code());
  auto shared = std::make_shared<const std::vector<v1::Indicator>>(Indicators(conn, codes));
  // A template's rows name indicators that exist (CheckTemplateContent), so a short answer is
  // not kept.
  if (shared->size() == codes.size()) template_indicators_.Put(key, shared);
  return shared;
}

void CatalogueCache::Revised(int64_t id, int version) {
  const std::string key = absl::StrCat(id);
  // A replayed revision answers an older version than one made since.
  if (auto kept = current_versions_.Find(key); kept != nullptr && *kept >= version) return;
  current_versions_.Put(key, std::make_shared<const int>(version));
}

}  // namespace thidua::reporting
