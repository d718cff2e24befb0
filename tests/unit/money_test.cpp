// Cents in, cents out: what a person types becomes an exact integer amount.
#include "flow/money.h"
#include <gtest/gtest.h>

using fk::money::format;
using fk::money::format_plain;
using fk::money::parse;

TEST(money, parses_what_people_type_into_exact_cents) {
    EXPECT_EQ(parse("12"), 1200);
    EXPECT_EQ(parse("12.3"), 1230);
    EXPECT_EQ(parse("12.34"), 1234);
    EXPECT_EQ(parse("$1,234.56"), 123456);
    EXPECT_EQ(parse(" 0.07 "), 7);
    EXPECT_EQ(parse(".5"), 50);
    EXPECT_EQ(parse("0"), 0);
    EXPECT_EQ(parse("10000000"), 1'000'000'000);
}

TEST(money, refuses_what_is_not_an_amount) {
    for (const char* bad : {"", "$", ".", "1.234", "1.2.3", "-5", "+5", "12a", "1e3", "10000000.01", "99999999999"})
        EXPECT_FALSE(parse(bad)) << bad;
}

TEST(money, formats_with_grouping_and_two_decimals) {
    EXPECT_EQ(format(0), "$0.00");
    EXPECT_EQ(format(5), "$0.05");
    EXPECT_EQ(format(123456), "$1,234.56");
    EXPECT_EQ(format(100000000), "$1,000,000.00");
    EXPECT_EQ(format(-5), "-$0.05");
    EXPECT_EQ(format_plain(123456), "1234.56");
    EXPECT_EQ(format_plain(1200), "12.00");
}
