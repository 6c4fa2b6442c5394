// Search ranking of the registry (services/registry/domain/relevance.h), on the cases the issue
// names: "lam dong" and "son la".
#include "services/registry/domain/relevance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "common/text/fold.h"

namespace thidua::registry {
namespace {

struct Unit {
  std::string name;
  v1::OrganizationKind kind;
};

// The names in the order a search for `query` lists them.
std::vector<std::string> Ranked(const std::string& query, std::vector<Unit> units) {
  const std::string folded_query = text::Fold(query);
  const auto words = text::Words(folded_query);
  auto key = [&](const Unit& u) {
    const std::string folded = text::Fold(u.name);
    const Relevance r = RelevanceOf(folded, u.kind, words);
    return std::make_tuple(r.match, r.level, folded);
  };
  std::sort(units.begin(), units.end(),
            [&](const Unit& a, const Unit& b) { return key(a) < key(b); });
  std::vector<std::string> names;
  for (const Unit& u : units) names.push_back(u.name);
  return names;
}

TEST(RelevanceTest, TheUnitNamedByTheQueryComesBeforeThoseThatMentionIt) {
  EXPECT_EQ(Ranked("lam dong", {{"Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", v1::BOARD},
                                {"Công an tỉnh Lâm Đồng", v1::POLICE},
                                {"Tỉnh Lâm Đồng", v1::PROVINCE},
                                {"Xã Lâm Hà Đồng Nai", v1::COMMUNE}}),
            (std::vector<std::string>{"Tỉnh Lâm Đồng", "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
                                      "Công an tỉnh Lâm Đồng", "Xã Lâm Hà Đồng Nai"}));
}

TEST(RelevanceTest, InOrderMatchesComeBeforeScatteredOnes) {
  EXPECT_EQ(Ranked("son la", {{"Sư đoàn 316 đóng quân tại Sơn La", v1::CENTRAL_AGENCY},
                              {"Tỉnh Lạng Sơn", v1::PROVINCE},
                              {"Tỉnh Sơn La", v1::PROVINCE}}),
            (std::vector<std::string>{"Tỉnh Sơn La", "Sư đoàn 316 đóng quân tại Sơn La",
                                      "Tỉnh Lạng Sơn"}));
}

TEST(RelevanceTest, HigherLevelsFirstAtEqualMatch) {
  EXPECT_EQ(Ranked("hoa binh", {{"Xã Hòa Bình", v1::COMMUNE},
                                {"Phường Hòa Bình", v1::WARD},
                                {"Tỉnh Hòa Bình", v1::PROVINCE},
                                {"Huyện Hòa Bình", v1::DISTRICT}}),
            (std::vector<std::string>{"Tỉnh Hòa Bình", "Huyện Hòa Bình", "Phường Hòa Bình",
                                      "Xã Hòa Bình"}));
}

TEST(RelevanceTest, TheLastWordMayStillBeTyped) {
  const std::string name = text::Fold("Thành phố Hồ Chí Minh");
  EXPECT_EQ(RelevanceOf(name, v1::PROVINCE, text::Words("ho chi mi")).match, 0);
  EXPECT_EQ(RelevanceOf(name, v1::PROVINCE, text::Words("chi minh")).match, 1);
  EXPECT_EQ(RelevanceOf(name, v1::PROVINCE, text::Words("ho minh")).match, 2);
  EXPECT_EQ(RelevanceOf(name, v1::PROVINCE, text::Words("minh ho")).match, 3);
}

// How a query typed by someone relates to an alias, as ListOrganizations sees it.
struct AliasHit {
  bool matches;
  int match;
};

AliasHit AliasHitOf(const std::string& alias, const std::string& query) {
  const std::string folded_alias = text::Fold(alias);
  const std::string folded_query = text::Fold(query);
  const auto words = text::Words(folded_query);
  const std::string compact = Compact(folded_query);
  return {AliasMatches(folded_alias, words, compact),
          AliasRelevanceOf(folded_alias, v1::PROVINCE, words, compact).match};
}

TEST(RelevanceTest, CompactJoinsTheFoldedWords) {
  EXPECT_EQ(Compact(text::Fold("TP.HCM")), "tphcm");
  EXPECT_EQ(Compact(text::Fold("T.P - Hồ Chí Minh")), "tphochiminh");
  EXPECT_EQ(Compact(text::Fold("tp hcm")), "tphcm");
  EXPECT_EQ(Compact(""), "");
}

TEST(RelevanceTest, AnAliasIsFoundWithOrWithoutSpacesDotsAndAccents) {
  for (const std::string query :
       {"tp hcm", "TP HCM", "tphcm", "TPHCM", "TP.HCM", "tp. hcm", "tp-hcm", "Tp.Hcm"}) {
    const AliasHit hit = AliasHitOf("TP HCM", query);
    EXPECT_TRUE(hit.matches) << query;
    EXPECT_EQ(hit.match, 0) << query << ": the alias names the unit";
  }
  // Written together, the alias is found by the words apart, and accents never matter.
  EXPECT_EQ(AliasHitOf("TPHCM", "tp hcm").match, 0);
  EXPECT_TRUE(AliasHitOf("TPHCM", "tp hcm").matches);
  EXPECT_EQ(AliasHitOf("Sài Gòn", "sai gon").match, 0);
  EXPECT_EQ(AliasHitOf("Đà Nẵng", "DA NANG").match, 0);
}

TEST(RelevanceTest, APartOfAnAliasMatchesOnALowerTier) {
  const AliasHit typing = AliasHitOf("TP HCM", "tphc");  // still being typed
  EXPECT_TRUE(typing.matches);
  EXPECT_EQ(typing.match, 1);
  const AliasHit first_word = AliasHitOf("TP HCM", "tp");
  EXPECT_TRUE(first_word.matches);
  EXPECT_EQ(first_word.match, 1);
  EXPECT_EQ(AliasHitOf("Thành phố Sài Gòn", "thanh gon").match, 2);
  EXPECT_EQ(AliasHitOf("Thành phố Sài Gòn", "gon sai").match, 3);
}

TEST(RelevanceTest, AnAliasDoesNotMatchWhatItDoesNotBeginOrContain) {
  EXPECT_FALSE(AliasHitOf("TP HCM", "hcmc").matches);
  EXPECT_FALSE(AliasHitOf("TP HCM", "phcm").matches);  // not from its start
  EXPECT_FALSE(AliasHitOf("TP HCM", "ha noi").matches);
  EXPECT_FALSE(AliasHitOf("TP HCM", "").matches);
}

TEST(RelevanceTest, AUnitNamedByItsAliasRanksWithThoseNamedByTheirName) {
  // "tphcm" names the city by its alias as "lam dong" names Tỉnh Lâm Đồng by its name: both tier 0,
  // before a unit whose name merely contains the query's words.
  const auto words = text::Words("ho chi minh");
  const Relevance by_name = RelevanceOf(text::Fold("Thành phố Hồ Chí Minh"), v1::PROVINCE, words);
  const Relevance museum =
      RelevanceOf(text::Fold("Bảo tàng Hồ Chí Minh"), v1::CENTRAL_AGENCY, words);
  EXPECT_EQ(by_name.match, 0);
  EXPECT_EQ(museum.match, 1);
  EXPECT_EQ(AliasHitOf("TP HCM", "tphcm").match, by_name.match);
}

}  // namespace
}  // namespace thidua::registry
