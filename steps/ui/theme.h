// The widget's look: spacing, rounding and colours on the ImGui style. The DOM mirror's CSS uses
// the same horizontal field padding (k_field_pad_x), so a tap lands on the character drawn there.
#pragma once
#include "imgui.h"

namespace fk::ui {
inline constexpr float k_field_pad_x = 12.0f;
void apply_light_theme(ImGuiStyle& s);
}  // namespace fk::ui
