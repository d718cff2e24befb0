// Light theme (see theme.h). Primary colour = ImGuiCol_CheckMark, which kit::button uses.
#include "theme.h"

namespace fk::ui {

void apply_light_theme(ImGuiStyle& s) {
    ImGui::StyleColorsLight(&s);
    s.WindowPadding = ImVec2(20, 20);
    s.FramePadding = ImVec2(k_field_pad_x, 10);
    s.ItemSpacing = ImVec2(10, 10);
    s.FrameRounding = 8;
    s.FrameBorderSize = 1;
    s.WindowBorderSize = 0;
    s.ScrollbarSize = 10;
    ImVec4* c = s.Colors;
    const ImVec4 primary(0.145f, 0.388f, 0.922f, 1.0f);  // #2563eb
    c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Text] = ImVec4(0.067f, 0.094f, 0.153f, 1);          // #111827
    c[ImGuiCol_TextDisabled] = ImVec4(0.42f, 0.45f, 0.50f, 1);      // #6b7280
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.97f, 0.98f, 0.99f, 1);
    c[ImGuiCol_Border] = ImVec4(0.82f, 0.84f, 0.86f, 1);            // #d1d5db
    c[ImGuiCol_Button] = ImVec4(0.95f, 0.96f, 0.97f, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.90f, 0.91f, 0.93f, 1);
    c[ImGuiCol_ButtonActive] = ImVec4(0.85f, 0.87f, 0.90f, 1);
    c[ImGuiCol_CheckMark] = primary;
    c[ImGuiCol_NavHighlight] = primary;
    c[ImGuiCol_TextSelectedBg] = ImVec4(primary.x, primary.y, primary.z, 0.25f);
}

}  // namespace fk::ui
