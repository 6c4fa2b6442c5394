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

}  // namespace
}  // namespace thidua::registry
