// Contrast of every text/background and border/background pair the widget draws, in the light
// and dark themes and in themes a host derives with ?styles= (axe cannot see a canvas's colours).
#include "steps/ui/theme.h"
#include <gtest/gtest.h>

using namespace fk;

namespace {
struct pair_check {
    const char* what;
    ImVec4 fg, bg;
    float min;
};

std::vector<pair_check> pairs(const ui::palette& p, const ImGuiStyle& s) {
    const ImVec4 placeholder = s.Colors[ImGuiCol_TextDisabled];
    return {
        {"text on the page", p.text, p.bg, 4.5f},
        {"secondary text on the page", p.text_secondary, p.bg, 4.5f},
        {"text on a card", p.text, p.card_bg, 4.5f},
        {"secondary text on a card", p.text_secondary, p.card_bg, 4.5f},
        {"error text on the page", p.error, p.bg, 4.5f},
        {"success text on the page", p.success, p.bg, 4.5f},
        {"link text on the page", p.link, p.bg, 4.5f},
        {"button text on the primary colour", p.on_primary, p.primary, 4.5f},
        {"button text on the danger colour", p.on_danger, p.danger, 4.5f},
        {"badge text on the badge", p.badge_text, p.badge_bg, 4.5f},
        {"typed text in a field", p.field_text, p.field_bg, 4.5f},
        {"placeholder in a field", placeholder, p.field_bg, 4.5f},
        {"field border against the page", p.border, p.bg, 3.0f},
        {"field border against the field", p.border, p.field_bg, 3.0f},
        {"error border against the page", p.error, p.bg, 3.0f},
    };
}

void expect_readable(const styles::theme& t, const char* name) {
    ImGuiStyle s;
    std::vector<std::string> warnings;
    ui::apply_theme(s, t, &warnings);
    for (const pair_check& c : pairs(ui::colors(), s))
        EXPECT_GE(ui::contrast_ratio(c.fg, c.bg), c.min) << name << ": " << c.what;
}

styles::theme from(const std::string& json) {
    std::vector<std::string> w;
    return styles::parse(json, w);
}
}  // namespace

TEST(theme, contrast_ratio_matches_wcag) {
    EXPECT_NEAR(ui::contrast_ratio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)), 21.0f, 0.01f);
    EXPECT_NEAR(ui::contrast_ratio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)), 1.0f, 0.01f);
    // #767676 on white is the classic 4.54:1.
    EXPECT_NEAR(ui::contrast_ratio(ImVec4(0x76 / 255.f, 0x76 / 255.f, 0x76 / 255.f, 1), ImVec4(1, 1, 1, 1)), 4.54f, 0.01f);
}

TEST(theme, the_light_and_dark_themes_are_readable) {
    expect_readable(styles::theme{}, "light");
    styles::theme dark;
    dark.dark = true;
    expect_readable(dark, "dark");
}

TEST(theme, host_colours_that_fail_are_adjusted_and_reported) {
    ImGuiStyle s;
    std::vector<std::string> warnings;
    const styles::theme t = from(R"({"variables": {"primaryTextColor": "#cccccc", "secondaryTextColor": "#eeeeee",
        "inputBorderColor": "#f0f0f0", "buttonBackgroundColor": "#ffee00", "buttonTextColor": "#ffffff"}})");
    ui::apply_theme(s, t, &warnings);
    for (const pair_check& c : pairs(ui::colors(), s)) EXPECT_GE(ui::contrast_ratio(c.fg, c.bg), c.min) << c.what;
    EXPECT_GE(warnings.size(), 4u) << "each adjusted colour is reported";
}

TEST(theme, host_themes_stay_readable) {
    for (const char* json : {R"({"theme": "dark", "variables": {"backgroundColor": "#000000"}})",
                             R"({"variables": {"backgroundColor": "#fef3c7", "primaryColor": "#16a34a"}})",
                             R"({"theme": "dark", "variables": {"backgroundColor": "#1e293b", "primaryColor": "#facc15"}})",
                             R"({"variables": {"inputBackgroundColor": "#111827"}})"}) {
        expect_readable(from(json), json);
    }
}

TEST(theme, good_host_colours_are_kept_as_given) {
    ImGuiStyle s;
    std::vector<std::string> warnings;
    ui::apply_theme(s, from(R"({"variables": {"primaryTextColor": "#000000", "primaryColor": "#1d4ed8"}})"), &warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_FLOAT_EQ(ui::colors().text.x, 0.0f);
    EXPECT_NEAR(ui::colors().primary.z, 0xd8 / 255.f, 1e-6);
}
