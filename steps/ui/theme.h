// The widget's look: spacing, rounding and colours on the ImGui style, from the light or dark
// base plus the host's variables (flow/styles.h). The DOM mirror's CSS uses the same horizontal
// field padding (k_field_pad_x), so a tap lands on the character drawn there.
#pragma once
#include "flow/styles.h"
#include "imgui.h"

namespace fk::ui {
inline constexpr float k_field_pad_x = 12.0f;
inline ImVec4 primary_button_text(1, 1, 1, 1);  // kit::button(primary) text; the fill is ImGuiCol_CheckMark
void apply_theme(ImGuiStyle& s, const styles::theme& t);
inline void apply_light_theme(ImGuiStyle& s) { apply_theme(s, styles::theme{}); }
}  // namespace fk::ui
