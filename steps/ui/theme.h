// The widget's look: a small palette (text, secondary text, primary, error, success, borders,
// cards) and the ImGui style, from the light or dark base plus the host's variables
// (flow/styles.h). Every text/background pair meets 4.5:1 and every field border 3:1 in the
// base themes; a host colour that would break that is adjusted (and reported as a warning).
// The DOM mirror's CSS uses the same horizontal field padding (k_field_pad_x), so a tap lands
// on the character drawn there. Depends on ImGui and flow/styles.h only.
#pragma once
#include "flow/styles.h"
#include "imgui.h"
#include <string>
#include <vector>

namespace fk::ui {
inline constexpr float k_field_pad_x = 12.0f;
inline constexpr float k_max_content_width = 480.0f;  // CSS px: wider screens centre a column

struct palette {
    bool dark = false;
    ImVec4 bg, text, text_secondary, primary, on_primary, link, error, success, border, field_bg, field_text, card_bg,
        card_border, danger, on_danger, badge_bg, badge_text;
};
const palette& colors();  // the palette apply_theme set last (light until then)

// Sets the palette and the ImGui style. Host colours that fail contrast against the background
// they sit on are darkened or lightened until they pass; each adjustment adds a warning.
void apply_theme(ImGuiStyle& s, const styles::theme& t, std::vector<std::string>* warnings = nullptr);
inline void apply_light_theme(ImGuiStyle& s) { apply_theme(s, styles::theme{}); }

float contrast_ratio(const ImVec4& a, const ImVec4& b);  // WCAG 2 contrast of two opaque colours, 1..21
}  // namespace fk::ui
