#include "core/fstab_text.h"

#include "core/fs_trust.h"  // octal_mode, the writer of what parse_octal_mode reads

#include <gtest/gtest.h>

#include <string>

namespace cordon {
namespace {

using namespace std::string_literals;

TEST(InQuotes, EscapesWhatCouldBreakTheMessage) {
    EXPECT_EQ(in_quotes("abc"), "\"abc\"");
    EXPECT_EQ(in_quotes("a\nb\"c\\d\x7f"), R"("a\012b\042c\134d\177")");
    EXPECT_EQ(in_quotes(std::string(250, 'x')), "\"" + std::string(200, 'x') + "...\"");
}

TEST(DecodeOctalEscapes, OnlyBackslashAndThreeOctalDigits) {
    EXPECT_EQ(decode_octal_escapes(R"(a\040b\011c\134)"), "a b\tc\\");
    EXPECT_EQ(decode_octal_escapes(R"(\18 \08x \12 \0018)"), R"(\18 \08x \12 )"s + "\001"s + "8");
    EXPECT_EQ(decode_octal_escapes(R"(a\000b)"), "a"s + '\0' + "b");
    EXPECT_EQ(decode_octal_escapes("\\"), "\\");
    EXPECT_EQ(decode_octal_escapes(R"(\134054)"), R"(\054)");  // one level per call
}

TEST(MangleField, EscapesBlanksControlsBackslashAndALeadingHash) {
    EXPECT_EQ(mangle_field("a b\tc\nd\\e\x7f", false), R"(a\040b\011c\012d\134e\177)");
    EXPECT_EQ(mangle_field("#x#", true), R"(\043x#)");
    EXPECT_EQ(mangle_field("#x", false), "#x");
}

TEST(MangleField, DecodesBackToEveryByte) {
    std::string all;
    for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
    EXPECT_EQ(decode_octal_escapes(mangle_field(all, true)), all);
    EXPECT_EQ(mangle_field(all, true).find_first_of(" \t\n"), std::string::npos);
}

TEST(EscapeOptionValue, CommaQuoteAndBackslash) {
    EXPECT_EQ(escape_option_value(R"(a,b"c\d e)"), R"(a\054b\042c\134d e)");
    EXPECT_EQ(decode_octal_escapes(decode_octal_escapes(mangle_field(escape_option_value("a,b \\"), false))),
              "a,b \\");
}

TEST(ParseDecimal, DigitsOnlyUpToMax) {
    EXPECT_EQ(parse_decimal("0", 10), 0u);
    EXPECT_EQ(parse_decimal("10", 10), 10u);
    EXPECT_EQ(parse_decimal("18446744073709551615", UINT64_MAX), UINT64_MAX);
    for (const char* bad : {"", "11", "-1", "+1", " 1", "1 ", "0x1", "1k", "18446744073709551616"})
        EXPECT_FALSE(parse_decimal(bad, 10)) << bad;
    EXPECT_FALSE(parse_decimal("4294967295", kMaxId));
    EXPECT_EQ(parse_decimal("4294967294", kMaxId), 4294967294u);
}

TEST(ParseOctalMode, AtMost07777) {
    EXPECT_EQ(parse_octal_mode("0755"), 0755u);
    EXPECT_EQ(parse_octal_mode("7777"), 07777u);
    EXPECT_EQ(parse_octal_mode("00000755"), 0755u);
    for (const char* bad : {"", "8", "10000", "0x1ff", "-1", "rwx", "000000755"})
        EXPECT_FALSE(parse_octal_mode(bad)) << bad;
}

TEST(OctalModeString, FourDigitsReadBack) {
    for (mode_t m : {0u, 01u, 0644u, 04755u, 07777u}) EXPECT_EQ(parse_octal_mode(octal_mode(m)), m);
}

}  // namespace
}  // namespace cordon
