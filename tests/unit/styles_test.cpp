// Host themes: valid values apply, invalid ones are ignored with a warning.
#include "flow/styles.h"
#include <gtest/gtest.h>

using namespace fk::styles;

TEST(styles, parses_css_colors) {
    EXPECT_EQ(parse_color("#fff"), (rgba{1, 1, 1, 1}));
    EXPECT_EQ(parse_color("#336699"), (rgba{0x33 / 255.f, 0x66 / 255.f, 0x99 / 255.f, 1}));
    EXPECT_EQ(parse_color("#33669980")->a, 0x80 / 255.f);
    EXPECT_EQ(parse_color("rgb(255, 0, 0)"), (rgba{1, 0, 0, 1}));
    EXPECT_EQ(parse_color("rgba(0,0,255,0.5)"), (rgba{0, 0, 1, 0.5f}));
    for (const char* bad : {"", "red", "#12", "#12345", "#ggg", "rgb(256,0,0)", "rgb(1,2)", "rgba(1,2,3,2)", "rgb(1,2,3"})
        EXPECT_FALSE(parse_color(bad)) << bad;
}

TEST(styles, dots_variables_map_and_bad_values_are_ignored_with_warnings) {
    std::vector<std::string> w;
    theme t = parse(R"({"theme":"dark","variables":{"primaryColor":"#ff0000","borderRadius":"12px","inputBorderColor":"blue","nope":1}})", w);
    EXPECT_TRUE(t.dark);
    EXPECT_EQ(t.primary, (rgba{1, 0, 0, 1}));
    EXPECT_EQ(t.border_radius, 12.0f);
    EXPECT_FALSE(t.input_border);
    ASSERT_EQ(w.size(), 2u);
    EXPECT_NE(w[0].find("inputBorderColor"), std::string::npos);
    EXPECT_NE(w[1].find("nope"), std::string::npos);
    std::vector<std::string> w2;
    EXPECT_EQ(parse("{broken", w2), theme{});
    EXPECT_EQ(w2.size(), 1u);
}

TEST(styles, configure_changes_only_what_it_names) {
    std::vector<std::string> w;
    theme base = parse(R"({"variables":{"primaryColor":"#ff0000","backgroundColor":"#000000"}})", w);
    theme update = parse(R"({"variables":{"primaryColor":"#00ff00"}})", w);
    theme merged = merge(base, update, false);
    EXPECT_EQ(merged.primary, (rgba{0, 1, 0, 1}));
    EXPECT_EQ(merged.background, (rgba{0, 0, 0, 1}));
}
