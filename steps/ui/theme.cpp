// Light/dark bases and the host's variables (see theme.h). Primary colour = ImGuiCol_CheckMark.
#include "theme.h"

namespace fk::ui {
namespace {
ImVec4 v(const styles::rgba& c) { return ImVec4(c.r, c.g, c.b, c.a); }
ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t);
}
}  // namespace

void apply_theme(ImGuiStyle& s, const styles::theme& t) {
    if (t.dark) ImGui::StyleColorsDark(&s);
    else ImGui::StyleColorsLight(&s);
    s.WindowPadding = ImVec2(20, 20);
    s.FramePadding = ImVec2(k_field_pad_x, 10);
    s.ItemSpacing = ImVec2(10, 10);
    s.FrameRounding = t.border_radius.value_or(8.0f);
    s.GrabRounding = s.FrameRounding;
    s.FrameBorderSize = 1;
    s.WindowBorderSize = 0;
    s.ScrollbarSize = 10;
    ImVec4* c = s.Colors;
    // Base palette (light: white on gray-900 text; dark: gray-900 on gray-50 text).
    const ImVec4 bg = t.dark ? ImVec4(0.067f, 0.094f, 0.153f, 1) : ImVec4(1, 1, 1, 1);
    const ImVec4 text = t.dark ? ImVec4(0.976f, 0.980f, 0.984f, 1) : ImVec4(0.067f, 0.094f, 0.153f, 1);
    const ImVec4 muted = t.dark ? ImVec4(0.61f, 0.64f, 0.69f, 1) : ImVec4(0.42f, 0.45f, 0.50f, 1);
    const ImVec4 input_bg = t.dark ? ImVec4(0.122f, 0.161f, 0.216f, 1) : ImVec4(1, 1, 1, 1);
    const ImVec4 border = t.dark ? ImVec4(0.216f, 0.255f, 0.318f, 1) : ImVec4(0.82f, 0.84f, 0.86f, 1);
    const ImVec4 primary = t.dark ? ImVec4(0.231f, 0.510f, 0.965f, 1) : ImVec4(0.145f, 0.388f, 0.922f, 1);

    c[ImGuiCol_WindowBg] = t.background ? v(*t.background) : bg;
    c[ImGuiCol_Text] = t.primary_text ? v(*t.primary_text) : text;
    c[ImGuiCol_TextDisabled] = t.input_placeholder ? v(*t.input_placeholder) : t.secondary_text ? v(*t.secondary_text) : muted;
    c[ImGuiCol_FrameBg] = t.input_background ? v(*t.input_background) : input_bg;
    c[ImGuiCol_FrameBgHovered] = mix(c[ImGuiCol_FrameBg], c[ImGuiCol_Text], 0.04f);
    c[ImGuiCol_FrameBgActive] = mix(c[ImGuiCol_FrameBg], c[ImGuiCol_Text], 0.08f);
    c[ImGuiCol_Border] = t.input_border ? v(*t.input_border) : border;
    c[ImGuiCol_CheckMark] = t.primary ? v(*t.primary) : primary;
    if (t.button_background) c[ImGuiCol_CheckMark] = v(*t.button_background);
    c[ImGuiCol_Button] = t.tab_background ? v(*t.tab_background) : mix(c[ImGuiCol_WindowBg], c[ImGuiCol_Text], 0.06f);
    c[ImGuiCol_ButtonHovered] = mix(c[ImGuiCol_Button], c[ImGuiCol_Text], 0.06f);
    c[ImGuiCol_ButtonActive] = mix(c[ImGuiCol_Button], c[ImGuiCol_Text], 0.12f);
    c[ImGuiCol_PopupBg] = c[ImGuiCol_WindowBg];
    c[ImGuiCol_Header] = mix(c[ImGuiCol_WindowBg], c[ImGuiCol_CheckMark], 0.15f);
    c[ImGuiCol_HeaderHovered] = mix(c[ImGuiCol_WindowBg], c[ImGuiCol_CheckMark], 0.25f);
    c[ImGuiCol_NavHighlight] = c[ImGuiCol_CheckMark];
    c[ImGuiCol_TextSelectedBg] = ImVec4(c[ImGuiCol_CheckMark].x, c[ImGuiCol_CheckMark].y, c[ImGuiCol_CheckMark].z, 0.25f);
    primary_button_text = t.button_text ? v(*t.button_text) : ImVec4(1, 1, 1, 1);
    if (t.button_border_radius) s.FrameRounding = *t.button_border_radius;  // 1.86 has one rounding for frames
}

}  // namespace fk::ui
