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

}  // namespace
}  // namespace thidua::text
