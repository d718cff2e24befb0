// Palettes and the ImGui style (see theme.h). Base colours are Tailwind-like greys and blues,
// chosen for contrast: light text #111827 on white 17.7:1, secondary #4b5563 7.6:1, field border
// #7c8593 3.7:1; dark text #f9fafb on #111827 16.9:1, secondary #9ca3af 7.0:1.
#include "theme.h"
#include <cmath>

namespace fk::ui {
namespace {
palette g_palette;
bool g_palette_set = false;

ImVec4 hex(unsigned rgb) { return ImVec4(((rgb >> 16) & 255) / 255.f, ((rgb >> 8) & 255) / 255.f, (rgb & 255) / 255.f, 1); }
ImVec4 v(const styles::rgba& c) { return ImVec4(c.r, c.g, c.b, 1); }
ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t);
}
float luminance(const ImVec4& c) {
    auto lin = [](float u) { return u <= 0.04045f ? u / 12.92f : std::pow((u + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * lin(c.x) + 0.7152f * lin(c.y) + 0.0722f * lin(c.z);
}

// Moves `fg` towards black or white (whichever contrasts more with `bg`) until it reaches `min`.
ImVec4 ensure(ImVec4 fg, const ImVec4& bg, float min, const char* what, std::vector<std::string>* warnings) {
    if (contrast_ratio(fg, bg) >= min) return fg;
    const ImVec4 target = luminance(bg) > 0.18f ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1);
    ImVec4 out = fg;
    for (int i = 1; i <= 20 && contrast_ratio(out, bg) < min; ++i) out = mix(fg, target, i / 20.f);
    if (warnings) warnings->push_back(std::string(what) + " has too little contrast with its background; adjusted to stay readable");
    return out;
}

palette base(bool dark) {
    palette p;
    p.dark = dark;
    if (dark) {
        p.bg = hex(0x111827); p.text = hex(0xf9fafb); p.text_secondary = hex(0x9ca3af);
        p.primary = hex(0x2563eb); p.on_primary = hex(0xffffff); p.link = hex(0x93c5fd);
        p.error = hex(0xfca5a5); p.success = hex(0x4ade80); p.border = hex(0x7c8593); p.field_bg = hex(0x1f2937);
        p.card_bg = hex(0x1f2937); p.card_border = hex(0x374151); p.danger = hex(0xdc2626); p.on_danger = hex(0xffffff);
        p.badge_bg = hex(0x1e3a8a); p.badge_text = hex(0xdbeafe);
    } else {
        p.bg = hex(0xffffff); p.text = hex(0x111827); p.text_secondary = hex(0x4b5563);
        p.primary = hex(0x2563eb); p.on_primary = hex(0xffffff); p.link = hex(0x1d4ed8);
        p.error = hex(0xb91c1c); p.success = hex(0x15803d); p.border = hex(0x7c8593); p.field_bg = hex(0xffffff);
        p.card_bg = hex(0xf9fafb); p.card_border = hex(0xe5e7eb); p.danger = hex(0xb91c1c); p.on_danger = hex(0xffffff);
        p.badge_bg = hex(0xdbeafe); p.badge_text = hex(0x1e40af);
    }
    return p;
}
}  // namespace

const palette& colors() {
    if (!g_palette_set) {
        g_palette = base(false);
        g_palette_set = true;
    }
    return g_palette;
}

float contrast_ratio(const ImVec4& a, const ImVec4& b) {
    const float la = luminance(a), lb = luminance(b);
    return (std::fmax(la, lb) + 0.05f) / (std::fmin(la, lb) + 0.05f);
}

void apply_theme(ImGuiStyle& s, const styles::theme& t, std::vector<std::string>* warnings) {
    if (t.dark) ImGui::StyleColorsDark(&s);
    else ImGui::StyleColorsLight(&s);
    s.WindowPadding = ImVec2(20, 20);
    s.FramePadding = ImVec2(k_field_pad_x, 11);
    s.ItemSpacing = ImVec2(8, 8);
    s.ItemInnerSpacing = ImVec2(8, 4);
    s.FrameRounding = t.border_radius.value_or(8.0f);
    s.GrabRounding = s.FrameRounding;
    s.FrameBorderSize = 1;
    s.WindowBorderSize = 0;
    s.ScrollbarSize = 10;

    palette p = base(t.dark);
    if (t.background) p.bg = v(*t.background);
    if (t.input_background) p.field_bg = v(*t.input_background);
    // Cards follow a host background: a shade of it, in the direction of the text.
    if (t.background) {
        p.card_bg = mix(p.bg, p.text, 0.03f);
        p.card_border = mix(p.bg, p.text, 0.12f);
    }
    if (t.primary_text) p.text = ensure(v(*t.primary_text), p.bg, 4.5f, "primaryTextColor", warnings);
    else p.text = ensure(p.text, p.bg, 4.5f, "the text colour", nullptr);
    if (t.secondary_text) p.text_secondary = ensure(v(*t.secondary_text), p.bg, 4.5f, "secondaryTextColor", warnings);
    else p.text_secondary = ensure(p.text_secondary, p.bg, 4.5f, "the secondary text colour", nullptr);
    if (t.primary) p.primary = v(*t.primary);
    if (t.button_background) p.primary = v(*t.button_background);
    p.on_primary = t.button_text ? ensure(v(*t.button_text), p.primary, 4.5f, "buttonTextColor", warnings)
                                 : (contrast_ratio(ImVec4(1, 1, 1, 1), p.primary) >= 4.5f ? ImVec4(1, 1, 1, 1)
                                                                                         : ensure(hex(0x111827), p.primary, 4.5f, "", nullptr));
    if (t.primary || t.button_background) p.link = ensure(p.primary, p.bg, 4.5f, "primaryColor (as link text)", warnings);
    if (t.input_border) p.border = ensure(v(*t.input_border), p.field_bg, 3.0f, "inputBorderColor", warnings);
    p.border = ensure(p.border, p.bg, 3.0f, "inputBorderColor", nullptr);
    p.field_text = ensure(p.text, p.field_bg, 4.5f, "the text colour (in fields)", warnings);
    p.error = ensure(p.error, p.bg, 4.5f, "", nullptr);
    p.success = ensure(p.success, p.bg, 4.5f, "", nullptr);
    g_palette = p;
    g_palette_set = true;

    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = p.bg;
    c[ImGuiCol_ChildBg] = p.bg;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = t.input_placeholder ? ensure(v(*t.input_placeholder), p.field_bg, 4.5f, "inputPlaceholderColor", warnings)
                                                   : ensure(p.text_secondary, p.field_bg, 4.5f, "", nullptr);
    c[ImGuiCol_FrameBg] = p.field_bg;
    c[ImGuiCol_FrameBgHovered] = mix(p.field_bg, p.text, 0.04f);
    c[ImGuiCol_FrameBgActive] = mix(p.field_bg, p.text, 0.08f);
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_CheckMark] = p.primary;
    c[ImGuiCol_Button] = t.tab_background ? v(*t.tab_background) : p.bg;
    c[ImGuiCol_ButtonHovered] = mix(c[ImGuiCol_Button], p.text, 0.05f);
    c[ImGuiCol_ButtonActive] = mix(c[ImGuiCol_Button], p.text, 0.10f);
    c[ImGuiCol_PopupBg] = p.bg;
    c[ImGuiCol_Header] = mix(p.bg, p.primary, 0.15f);
    c[ImGuiCol_HeaderHovered] = mix(p.bg, p.primary, 0.25f);
    c[ImGuiCol_NavHighlight] = p.primary;
    c[ImGuiCol_TextSelectedBg] = ImVec4(p.primary.x, p.primary.y, p.primary.z, 0.25f);
    if (t.button_border_radius) s.FrameRounding = *t.button_border_radius;  // 1.86 has one rounding for frames
}

}  // namespace fk::ui
