// ?styles= / configure {styles}: the host's theme, Dots' shape:
//   {"theme": "light"|"dark", "variables": {"backgroundColor", "primaryTextColor", "secondaryTextColor",
//    "tertiaryTextColor", "primaryColor", "inputBackgroundColor", "inputBorderColor",
//    "inputPlaceholderColor", "borderRadius", "buttonBackgroundColor", "buttonTextColor",
//    "buttonBorderRadius", "tabBackgroundColor", "tabTextColor"}}
// Colors: "#rgb", "#rrggbb", "#rrggbbaa", "rgb(r, g, b)", "rgba(r, g, b, a)". Radii: 8 or "8px".
// Anything invalid is ignored with a warning (never a broken page). Pure parsing, no ImGui.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace fk::styles {

struct rgba {
    float r = 0, g = 0, b = 0, a = 1;
    bool operator==(const rgba&) const = default;
};

struct theme {
    bool dark = false;
    std::optional<rgba> background, primary_text, secondary_text, tertiary_text, primary, input_background,
        input_border, input_placeholder, button_background, button_text, tab_background, tab_text;
    std::optional<float> border_radius, button_border_radius;  // CSS px, 0..32
    bool operator==(const theme&) const = default;
};

std::optional<rgba> parse_color(const std::string& s);
// Parses the JSON text of a styles object; `warnings` collects what was ignored and why.
theme parse(const std::string& json_text, std::vector<std::string>& warnings);
// Merges `update` over `base` (configure changes only what it names; a theme switch resets).
theme merge(const theme& base, const theme& update, bool update_names_theme);

}  // namespace fk::styles
