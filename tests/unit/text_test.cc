#include "common/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace thidua::text {
namespace {

TEST(FoldTest, RemovesToneAndVowelMarksAndFoldsDStroke) {
  EXPECT_EQ(Fold("Tỉnh Lâm Đồng"), "tinh lam dong");
  EXPECT_EQ(Fold("Đắk Lắk"), "dak lak");
  EXPECT_EQ(Fold("Thừa Thiên Huế"), "thua thien hue");
  EXPECT_EQ(Fold("Phường Văn Miếu - Quốc Tử Giám"), "phuong van mieu quoc tu giam");
  EXPECT_EQ(Fold("ỲỴỶỸ ỳỵỷỹ ƠƯ ơư"), "yyyy yyyy ou ou");
}

TEST(FoldTest, DecomposedInputFoldsLikePrecomposed) {
  // "Đồng" written as D-stroke + o + combining circumflex + combining grave + ng.
  EXPECT_EQ(Fold("\xC4\x90o\xCC\x82\xCC\x80ng"), "dong");
}

TEST(FoldTest, CollapsesSeparatorsAndKeepsDigits) {
  EXPECT_EQ(Fold("  Phường 1,  Quận 3  "), "phuong 1 quan 3");
  EXPECT_EQ(Fold("0150/KH-UBND"), "0150 kh ubnd");
  EXPECT_EQ(Fold(""), "");
  EXPECT_EQ(Fold("—"), "");
}

TEST(FoldTest, WordsSplitsFoldedText) {
  EXPECT_THAT(Words("tinh lam dong"), ::testing::ElementsAre("tinh", "lam", "dong"));
  EXPECT_TRUE(Words("").empty());
}

TEST(Utf8Test, RecognisesMalformedInput) {
  EXPECT_TRUE(IsValidUtf8("Lâm Đồng"));
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));       // U+FFFD itself is fine
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(CodePointCount("Đồng"), 4u);
}

TEST(Utf8Test, CombiningMarksMeanNotNfc) {
  EXPECT_TRUE(HasNoCombiningMarks("Tỉnh Lâm Đồng"));
  EXPECT_FALSE(HasNoCombiningMarks("Lo\xCC\x82m"));
}

TEST(FoldTest, LookAlikesAndCompatibilityFormsFoldLikeTheLettersTheyImitate) {
  EXPECT_EQ(Fold("\xC3\x90\xE1\xBA\xAFk L\xE1\xBA\xAFk"), "dak lak");  // "Ðắk Lắk", Latin eth
  EXPECT_EQ(Fold("\xD0\xB0n ninh"), "an ninh");                        // Cyrillic "а"
  EXPECT_EQ(Fold("\xEF\xBC\xAC\xC3\xA2\xEF\xBD\x8D"), "lam");          // full-width "Ｌâｍ"
  EXPECT_EQ(Fold("L\xC3\xA2m\xE2\x80\x8B \xC4\x90\xE1\xBB\x93ng"), "lam dong");  // ZWSP dropped
}

TEST(FoldTest, LettersThatImitateNothingStandForThemselves) {
  EXPECT_EQ(Fold("Ch\xE1\xBB\xAF N\xC3\xB4m \xF0\xA0\x80\xA7"), "chu nom \xF0\xA0\x80\xA7");  // 𠀧
  EXPECT_NE(Fold("\xF0\xA0\x80\xA7"), Fold("\xF0\xA1\xA8\xB8"));  // 𠀧, 𡨸
}

TEST(IdentityKeyTest, SameTextWhateverFormCaseOrTonePlacement) {
  EXPECT_EQ(IdentityKey("H\xC3\xB2"
                        "a B\xC3\xACnh"),
            IdentityKey("Ho\xC3\xA0 B\xC3\xACnh"));                           // Hòa/Hoà
  EXPECT_EQ(IdentityKey("Th\xE1\xBB\xA7y"), IdentityKey("Thu\xE1\xBB\xB7"));  // Thủy/Thuỷ
  EXPECT_EQ(IdentityKey("L\xC3\xA2m \xC4\x90\xE1\xBB\x93ng"),
            IdentityKey("la\xCC\x82m \xC4\x91o\xCC\x82\xCC\x80ng"));  // NFC and NFD, case
  EXPECT_EQ(IdentityKey("\xC3\x90\xE1\xBA\xAFk L\xE1\xBA\xAFk"),
            IdentityKey("\xC4\x90\xE1\xBA\xAFk L\xE1\xBA\xAFk"));  // Ð (eth) and Đ
  EXPECT_EQ(IdentityKey("An to\xC3\xA0n v\xE1\xBB\x81 an ninh, tr\xE1\xBA\xADt t\xE1\xBB\xB1"),
            IdentityKey("An to\xC3\xA0n v\xE1\xBB\x81 an ninh tr\xE1\xBA\xADt t\xE1\xBB\xB1"));
  EXPECT_EQ(IdentityKey("  QA-Case "), IdentityKey("qa case"));
  EXPECT_EQ(IdentityKey("X\xE2\x80\x8B\xC3\xA3"), IdentityKey("X\xC3\xA3"));  // zero-width space
}

TEST(IdentityKeyTest, AccentsLettersAndCharactersAboveTheBmpStaySignificant) {
  EXPECT_NE(IdentityKey("ma"), IdentityKey("m\xC3\xA1"));         // ma, má
  EXPECT_NE(IdentityKey("m\xC3\xA1"), IdentityKey("m\xC3\xA0"));  // má, mà
  EXPECT_NE(IdentityKey("Ho\xC3\xA0"), IdentityKey("Ho\xC3\xA1"));
  EXPECT_NE(IdentityKey("\xC4\x91"), IdentityKey("d"));                         // đ, d
  EXPECT_NE(IdentityKey("\xC6\xA1"), IdentityKey("o"));                         // ơ, o
  EXPECT_NE(IdentityKey("\xF0\xA0\x80\xA7"), IdentityKey("\xF0\xA1\xA8\xB8"));  // 𠀧, 𡨸
  EXPECT_NE(IdentityKey("Gi\xE1\xBA\xA3i \xF0\x9F\x8F\x86"),
            IdentityKey("Gi\xE1\xBA\xA3i \xF0\x9F\xA5\x87"));  // 🏆, 🥇
  EXPECT_EQ(IdentityDigest("H\xC3\xB2"
                           "a")
                .size(),
            32u);
  EXPECT_EQ(IdentityDigest("H\xC3\xB2"
                           "a"),
            IdentityDigest("HO\xC3\x80"));
}

std::optional<TextProblem> CleanAs(TextKind kind, size_t max, std::string& value) {
  return Clean(kind, max, value);
}

TEST(CleanTest, NamesAreComposedTrimmedAndCollapsed) {
  std::string name = " \tT\xE1\xBB\x89nh  Lo\xCC\x82m\n\xC4\x90o\xCC\x82\xCC\x80ng\xC2\xA0 ";
  EXPECT_FALSE(CleanAs(TextKind::kName, 100, name));
  EXPECT_EQ(name, "T\xE1\xBB\x89nh L\xC3\xB4m \xC4\x90\xE1\xBB\x93ng");  // "Tỉnh Lôm Đồng" in NFC
}

TEST(CleanTest, NamesNeedContent) {
  std::string spaces = "   ";
  EXPECT_FALSE(CleanAs(TextKind::kName, 100, spaces));
  EXPECT_EQ(spaces, "");  // empty: the handler's "is required" speaks
  std::string dashes = " -- ";
  EXPECT_TRUE(CleanAs(TextKind::kName, 100, dashes));
  std::string line = " -- ";
  EXPECT_FALSE(CleanAs(TextKind::kLine, 100, line));
}

TEST(CleanTest, InvisibleAndDirectionCharactersAreRefusedAndNamed) {
  for (const char* bad : {"L\xC3\xA2m\xE2\x80\x8B", "abc\xE2\x80\xAEgpj",
                          "a\xC2\xAD"
                          "b",
                          "\xEF\xBB\xBF"
                          "abc",
                          "a\xE2\x81\xA6"
                          "b"}) {
    std::string value = bad;
    auto problem = CleanAs(TextKind::kName, 100, value);
    ASSERT_TRUE(problem) << bad;
    EXPECT_THAT(problem->english, ::testing::HasSubstr("invisible")) << bad;
  }
  std::string zwsp = "a\xE2\x80\x8B";
  EXPECT_THAT(CleanAs(TextKind::kParagraphs, 100, zwsp)->english, ::testing::HasSubstr("U+200B"));
  std::string emoji = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xEF\xB8\x8F";
  EXPECT_FALSE(CleanAs(TextKind::kParagraphs, 100, emoji));  // ZWJ and VS-16 belong to emoji
  std::string control = "a\x01";
  EXPECT_THAT(CleanAs(TextKind::kLine, 100, control)->english, ::testing::HasSubstr("control"));
  std::string nul(3, '\0');
  EXPECT_TRUE(CleanAs(TextKind::kToken, 100, nul));
  std::string private_use = "\xEE\x80\x80";
  EXPECT_TRUE(CleanAs(TextKind::kLine, 100, private_use));
}

TEST(CleanTest, ParagraphsKeepLineBreaks) {
  std::string text = "\r\n D\xC3\xB2ng 1\r\nD\xC3\xB2ng 2\r\r\n\tc\xE1\xBA\xA5p 3  \n\n";
  EXPECT_FALSE(CleanAs(TextKind::kParagraphs, 100, text));
  EXPECT_EQ(text, "D\xC3\xB2ng 1\nD\xC3\xB2ng 2\n\n\tc\xE1\xBA\xA5p 3");
}

TEST(CleanTest, TokensAreNeverRewritten) {
  std::string token = "Lo\xCC\x82m QA-Case ";
  EXPECT_FALSE(CleanAs(TextKind::kToken, 100, token));
  EXPECT_EQ(token, "Lo\xCC\x82m QA-Case ");
  std::string newline = "a\nb";
  EXPECT_TRUE(CleanAs(TextKind::kToken, 100, newline));
}

TEST(CleanTest, LengthsCountCodePointsAfterCleaning) {
  std::string four_byte(100 * 4, '\0');
  for (size_t i = 0; i < 100; ++i) four_byte.replace(i * 4, 4, "\xF0\xA0\x80\xA7");
  std::string at_limit = four_byte;
  EXPECT_FALSE(CleanAs(TextKind::kName, 100, at_limit));
  std::string over = four_byte + "a";
  auto problem = CleanAs(TextKind::kName, 100, over);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->english, "at most 100 characters");
  EXPECT_EQ(problem->vietnamese,
            "t\xE1\xBB\x91i \xC4\x91"
            "a 100 k\xC3\xBD t\xE1\xBB\xB1");
  std::string decomposed;  // 100 letters typed decomposed (200 code points) fit once composed
  for (int i = 0; i < 100; ++i) decomposed += "o\xCC\x82";
  EXPECT_FALSE(CleanAs(TextKind::kName, 100, decomposed));
  std::string invalid = "\xC3";
  EXPECT_THAT(CleanAs(TextKind::kName, 100, invalid)->english, ::testing::HasSubstr("UTF-8"));
}

TEST(Utf8Test, TruncatesAtCodePoints) {
  EXPECT_EQ(TruncateToCodePoints("\xC4\x90\xE1\xBB\x93ng", 2), "\xC4\x90\xE1\xBB\x93");
  EXPECT_EQ(TruncateToCodePoints("ab", 5), "ab");
  EXPECT_EQ(ToNfc("Lo\xCC\x82m"), "L\xC3\xB4m");
}

}  // namespace
}  // namespace thidua::text
