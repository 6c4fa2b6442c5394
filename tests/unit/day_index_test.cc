// The read model answers listings by hierarchy and kind from a day index (services/registry/model/
// day_index.h). These tests hold it to the listing's definition, computed here the slow way: the
// units valid on the day whose chain of parents on that day reaches the scope, ordered by folded
// name and id, paged by cursor.
#include "services/registry/model/day_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/registry/model/read_model.h"

namespace thidua::registry {
namespace {

Organization Unit(int64_t id, Kind kind, Period validity) {
  Organization org;
  org.id = id;
  org.kind = kind;
  org.validity = validity;
  return org;
}

void AddVersion(Organization& org, Period period, std::string name, int64_t parent) {
  org.versions.push_back({period, name, name, parent});
}

// A random history: units valid over random periods, each with one to three versions whose
// parent is valid over the whole version (as the registry's rules require), names that repeat
// (so ids break ties), and kinds drawn from four.
Snapshot RandomHistory(std::mt19937_64& random, int units) {
  const std::vector<CivilDay> days = {CivilDay(2019, 1, 1), CivilDay(2021, 3, 1),
                                      CivilDay(2023, 1, 1), CivilDay(2025, 7, 1),
                                      CivilDay(2026, 6, 1)};
  const std::vector<Kind> kinds = {v1::PROVINCE, v1::DISTRICT, v1::COMMUNE, v1::WARD};
  Snapshot snapshot;
  Organization root = Unit(1, v1::NATION, {});
  AddVersion(root, {}, "viet nam", 0);
  snapshot.organizations.push_back(root);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  for (int64_t id = 2; id <= units; ++id) {
    // Validity from one of the days (or open) to another later one (or open).
    const size_t from = pick(days.size() + 1);
    const size_t to = from + pick(days.size() + 1 - from);
    Period validity{from == 0 ? kOpenStart : days[from - 1],
                    to == days.size() ? kOpenEnd : days[to] - 1};
    Organization org = Unit(id, kinds[pick(kinds.size())], validity);
    // Cut the validity into versions at the days inside it.
    std::vector<CivilDay> cuts = {validity.from};
    for (CivilDay d : days) {
      if (d > validity.from && d <= validity.to && pick(2) == 0) cuts.push_back(d);
    }
    for (size_t v = 0; v < cuts.size(); ++v) {
      const Period period{cuts[v], v + 1 < cuts.size() ? cuts[v + 1] - 1 : validity.to};
      // A parent among the earlier units valid over the whole version, else the nation.
      std::vector<int64_t> parents = {1};
      for (const Organization& other : snapshot.organizations) {
        if (other.validity.from <= period.from && period.to <= other.validity.to) {
          parents.push_back(other.id);
        }
      }
      AddVersion(org, period, absl::StrCat("don vi ", pick(40)), parents[pick(parents.size())]);
    }
    snapshot.organizations.push_back(org);
  }
  return snapshot;
}

// The listing by definition.
std::vector<int64_t> Expected(const Snapshot& s, const ListQuery& q) {
  auto find = [&](int64_t id) -> const Organization* {
    for (const Organization& o : s.organizations) {
      if (o.id == id) return &o;
    }
    return nullptr;
  };
  std::vector<std::tuple<std::string, int64_t>> out;
  for (const Organization& o : s.organizations) {
    if (!o.ValidOn(q.day)) continue;
    if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), o.kind) == q.kinds.end()) {
      continue;
    }
    const int64_t parent = o.VersionOn(q.day).parent_id;
    if (q.parent_id != 0 && parent != q.parent_id) continue;
    if (q.ancestor_id != 0) {
      bool under = false;
      int64_t at = parent;
      for (int step = 0; at != 0 && step < 100 && !under; ++step) {
        under = at == q.ancestor_id;
        const Organization* up = find(at);
        at = up == nullptr ? 0 : up->VersionOn(q.day).parent_id;
      }
      if (!under) continue;
    }
    out.emplace_back(o.VersionOn(q.day).search_name, o.id);
  }
  std::sort(out.begin(), out.end());
  std::vector<int64_t> ids;
  for (const auto& [name, id] : out) ids.push_back(id);
  return ids;
}

// Every page of the listing, by following its cursors; the total of every page is checked.
std::vector<int64_t> Listed(const ReadModel& model, const ListQuery& q, size_t page_size,
                            size_t expected_total) {
  std::vector<int64_t> ids;
  std::optional<ListKey> after;
  for (int pages = 0; pages < 1000; ++pages) {
    const ListPage page = model.List(q, after, page_size);
    EXPECT_EQ(page.total, expected_total);
    for (const auto& org : page.organizations) ids.push_back(org->id);
    if (!page.last) break;
    after = page.last;
  }
  return ids;
}

TEST(DayIndexTest, ListingsByHierarchyAndKindMatchTheirDefinitionOnRandomHistories) {
  std::mt19937_64 random(20261130);
  for (int history = 0; history < 20; ++history) {
    const Snapshot snapshot = RandomHistory(random, 150);
    ReadModel model;
    model.Reset(snapshot);
    for (int query = 0; query < 60; ++query) {
      ListQuery q;
      q.day = CivilDay(2018, 1, 1) + std::uniform_int_distribution<int>(0, 365 * 9)(random);
      const int64_t scope = std::uniform_int_distribution<int64_t>(1, 150)(random);
      switch (query % 4) {
        case 0:
          q.ancestor_id = scope;
          break;
        case 1:
          q.parent_id = scope;
          break;
        case 2:
          q.ancestor_id = 1;
          q.parent_id = scope;
          break;
        default:
          break;
      }
      if (query % 3 != 0) q.kinds = {v1::COMMUNE, v1::WARD};
      const auto expected = Expected(snapshot, q);
      const size_t page_size = std::uniform_int_distribution<size_t>(1, 30)(random);
      ListQuery general = q;
      general.day_index = false;
      EXPECT_EQ(Listed(model, general, page_size, expected.size()), expected);
      EXPECT_EQ(Listed(model, q, page_size, expected.size()), expected)
          << "history " << history << " query " << query << " day " << q.day << " ancestor "
          << q.ancestor_id << " parent " << q.parent_id << " page size " << page_size;
    }
  }
}

// Names as the registry has them: a type word or none, then one or two words of a small
// vocabulary, so that words repeat, prefixes are shared ("tan", "tanh") and some names are one
// word; some units are renamed on a later day and some have aliases.
std::string RandomName(std::mt19937_64& random) {
  static const std::vector<std::string> types = {"", "xa ", "phuong ", "thanh pho ", "tinh "};
  static const std::vector<std::string> words = {"tan", "tanh", "an", "binh", "lam", "dong",
                                                 "son", "la",   "1",  "12",   "hoa", "thanh"};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(random)];
  };
  std::string name = pick(types) + pick(words);
  if (random() % 2 == 0) name += " " + pick(words);
  return name;
}

TEST(DayIndexTest, SearchesRankAsTheGeneralPathDoes) {
  std::mt19937_64 random(31);
  const std::vector<Kind> kinds = {v1::PROVINCE, v1::COMMUNE, v1::WARD, v1::POLICE};
  // One word, the most common search; then words in and out of order, spread over a unit's
  // names and aliases, and an alias written together.
  const std::vector<std::string> queries = {
      "t",      "ta",      "tan",         "tanh",    "x",     "xa",          "phuong", "an",
      "1",      "12",      "thanh",       "tp",      "tph",   "la",          "lam",    "zz",
      "xa tan", "tan xa",  "phuong 1",    "tp hcm",  "tphc",  "son la",      "la son", "t a",
      "xa t b", "tanh an", "thanh pho t", "hoa hoa", "an an", "lam dong son"};
  for (int history = 0; history < 10; ++history) {
    Snapshot snapshot;
    for (int64_t id = 1; id <= 200; ++id) {
      Organization org = Unit(id, kinds[random() % kinds.size()], {});
      if (random() % 4 == 0) {  // renamed on 1/7/2025
        AddVersion(org, {kOpenStart, CivilDay(2025, 6, 30)}, RandomName(random), 0);
        AddVersion(org, {CivilDay(2025, 7, 1), kOpenEnd}, RandomName(random), 0);
      } else {
        AddVersion(org, {}, RandomName(random), 0);
      }
      if (random() % 8 == 0) org.validity.to = CivilDay(2024, 12, 31);
      if (random() % 6 == 0) {
        const std::string alias = random() % 2 == 0 ? "tp hcm" : "tanh an";
        org.aliases.push_back({alias, alias, v1::ALIAS_KIND_UNSPECIFIED, ""});
      }
      snapshot.organizations.push_back(org);
    }
    ReadModel model;
    model.Reset(snapshot);
    for (const std::string& query : queries) {
      for (CivilDay day : {CivilDay(2024, 1, 1), CivilDay(2026, 1, 1)}) {
        ListQuery fast;
        fast.day = day;
        fast.folded_query = query;
        if (random() % 3 == 0) fast.kinds = {v1::COMMUNE, v1::POLICE};
        ListQuery general = fast;
        general.day_index = false;
        const size_t page_size = 1 + random() % 15;
        const auto expected = Listed(model, general, page_size, model.List(general).size());
        EXPECT_EQ(Listed(model, fast, page_size, expected.size()), expected)
            << "history " << history << " query \"" << query << "\" day " << day;
      }
    }
  }
}

TEST(DayIndexTest, SpanIsTheDaysOnWhichNothingChanges) {
  Snapshot snapshot;
  Organization nation = Unit(1, v1::NATION, {});
  AddVersion(nation, {}, "viet nam", 0);
  Organization commune = Unit(2, v1::COMMUNE, {CivilDay(2020, 1, 1), CivilDay(2025, 6, 30)});
  AddVersion(commune, {CivilDay(2020, 1, 1), CivilDay(2022, 12, 31)}, "xa a", 1);
  AddVersion(commune, {CivilDay(2023, 1, 1), CivilDay(2025, 6, 30)}, "xa b", 1);
  snapshot.organizations = {nation, commune};
  auto orgs = absl::flat_hash_map<int64_t, std::shared_ptr<const Organization>>();
  for (const Organization& o : snapshot.organizations) {
    orgs[o.id] = std::make_shared<const Organization>(o);
  }
  const auto index = DayIndex::Build(orgs, CivilDay(2024, 5, 5));
  EXPECT_TRUE(index->Covers(CivilDay(2023, 1, 1)));
  EXPECT_TRUE(index->Covers(CivilDay(2025, 6, 30)));
  EXPECT_FALSE(index->Covers(CivilDay(2022, 12, 31)));
  EXPECT_FALSE(index->Covers(CivilDay(2025, 7, 1)));
  ASSERT_EQ(index->size(), 2u);
  EXPECT_EQ(index->at(*index->RankOf(2)).name, "xa b");
}

TEST(DayIndexTest, AChangeIsListedAtOnce) {
  Snapshot snapshot;
  Organization nation = Unit(1, v1::NATION, {});
  AddVersion(nation, {}, "viet nam", 0);
  Organization commune = Unit(2, v1::COMMUNE, {});
  AddVersion(commune, {}, "xa a", 1);
  snapshot.organizations = {nation, commune};
  ReadModel model;
  model.Reset(snapshot);
  ListQuery q;
  q.day = CivilDay(2026, 1, 1);
  q.ancestor_id = 1;
  ASSERT_EQ(model.List(q).size(), 1u);  // builds the day's index
  Organization added = Unit(3, v1::COMMUNE, {});
  AddVersion(added, {}, "xa b", 1);
  added.version = 1;
  model.Put(added, {});
  const auto listed = model.List(q);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]->id, 3);
}

TEST(DayIndexTest, AScopeOnACycleIsWalkedOnceByTheGuardedPath) {
  // Bad data: 2 under 3 and 3 under 2 on the same day. Neither is reached from a root; the
  // listing falls back to the walk with a visited set and ends.
  Snapshot snapshot;
  Organization nation = Unit(1, v1::NATION, {});
  AddVersion(nation, {}, "viet nam", 0);
  Organization a = Unit(2, v1::DISTRICT, {});
  AddVersion(a, {}, "huyen a", 3);
  Organization b = Unit(3, v1::DISTRICT, {});
  AddVersion(b, {}, "huyen b", 2);
  snapshot.organizations = {nation, a, b};
  ReadModel model;
  model.Reset(snapshot);
  ListQuery q;
  q.day = CivilDay(2026, 1, 1);
  q.ancestor_id = 2;
  const auto listed = model.List(q);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]->id, 3);
  q.ancestor_id = 1;
  EXPECT_TRUE(model.List(q).empty());
}

}  // namespace
}  // namespace thidua::registry
