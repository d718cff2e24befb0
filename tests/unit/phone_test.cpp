// libphonenumber wrapper: the same answers natively as in the browser build.
#include "flow/phone.h"
#include <gtest/gtest.h>

using namespace fk::phone;

TEST(phone, knows_countries_by_name_with_calling_codes) {
    int us = region_index("US");
    ASSERT_GE(us, 0);
    EXPECT_EQ(region_label(regions()[us]), "United States (+1)");
    EXPECT_GT(regions().size(), 200u);
    EXPECT_EQ(region_index("ZZ"), -1);
}

TEST(phone, formats_as_you_type_for_other_countries) {
    EXPECT_EQ(format_as_you_type("GB", "02079460958"), "020 7946 0958");
    EXPECT_EQ(format_as_you_type("US", "+442079460958"), "+44 20 7946 0958");
    EXPECT_EQ(format_as_you_type("US", "abc"), "");
}

TEST(phone, check_gives_e164_for_a_valid_number) {
    auto r = check("US", "(415) 555-0123");
    EXPECT_EQ(r.v, verdict::ok);
    EXPECT_EQ(r.e164, "+14155550123");
    EXPECT_EQ(r.country_code, "1");
    EXPECT_EQ(r.national_number, "4155550123");
    auto intl = check("US", "+44 20 7946 0958");
    EXPECT_EQ(intl.v, verdict::ok);
    EXPECT_EQ(intl.region, "GB");
}

TEST(phone, check_tells_short_long_and_invalid_apart) {
    EXPECT_EQ(check("US", "").v, verdict::empty);
    EXPECT_EQ(check("US", "415").v, verdict::incomplete);
    EXPECT_EQ(check("US", "415555012345678").v, verdict::too_long);
    EXPECT_EQ(check("US", "0005550123").v, verdict::invalid);
}
