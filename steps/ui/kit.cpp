// Widget kit (see kit.h): ImGui drawing in the theme's palette + the per-frame item list +
// queued input.
#define IMGUI_DEFINE_MATH_OPERATORS
#include "kit.h"
#include "imgui_internal.h"
#include "theme.h"
#include <cstdio>
#include <unordered_map>

namespace fk::ui {

bool use_imgui_input = false;

namespace {
// Input that arrived between frames, per item; applied by the widget in the next frame.
struct pending {
    bool focused = false, focus_visible = false;
    int sel_start = 0, sel_end = 0;  // UTF-8 byte offsets
    bool has_value = false;
    std::string value;
    int clicks = 0;
    int checked = -1;   // -1 none, else 0/1
    int chosen = -1;    // select: option index
    float scroll_x = 0;
};
std::unordered_map<ImGuiID, pending> g_pending;
std::vector<item> g_building, g_items;
float g_content_height = 0;
void (*g_request_frame)() = nullptr;
struct card_state {
    ImVec2 start;
    float indent = 0;
};
std::vector<card_state> g_cards;
int g_next_field_token = 0, g_next_field_seen = 0;       // focus_next_field_on
bool g_focus_next_field = false;
int g_invalid_token = 0, g_invalid_seen = 0;             // focus_first_invalid_on
bool g_focus_first_invalid = false;
constexpr float k_card_pad = 16.0f;

void request_frame() {
    if (g_request_frame) g_request_frame();
}

std::string visible(const char* label) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    return std::string(label, end);
}

ImU32 u32(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

item& record(item it) {
    it.min = ImGui::GetItemRectMin();
    it.max = ImGui::GetItemRectMax();
    g_building.push_back(std::move(it));
    return g_building.back();
}

void focus_ring(const ImRect& r) {
    ImGui::GetWindowDrawList()->AddRect(r.Min - ImVec2(3, 3), r.Max + ImVec2(3, 3), u32(colors().primary),
                                        ImGui::GetStyle().FrameRounding + 3, 0, 2.0f);
}

float avail_width() { return ImGui::GetContentRegionAvail().x; }

// Draws `s` wrapped to `width` at `pos`; each line centred in `width` when `centre`. Returns the
// height used.
float draw_wrapped(ImDrawList* dl, ImFont* f, float size, ImVec2 pos, float width, const char* s, const char* e, ImU32 col,
                   bool centre) {
    float y = pos.y;
    const float scale = size / f->FontSize;
    while (s < e) {
        const char* line_end = f->CalcWordWrapPositionA(scale, s, e, width);
        if (line_end == s) line_end = s + 1;  // one glyph wider than the line: draw it anyway
        const char* nl = (const char*)memchr(s, '\n', (size_t)(line_end - s));
        if (nl) line_end = nl;
        const float w = f->CalcTextSizeA(size, FLT_MAX, 0, s, line_end).x;
        dl->AddText(f, size, ImVec2(centre ? pos.x + (width - w) * 0.5f : pos.x, y), col, s, line_end);
        y += size;
        s = line_end;
        while (s < e && (*s == ' ' || *s == '\n')) ++s;
    }
    return y - pos.y;
}
float wrapped_height(ImFont* f, float size, float width, const char* s, const char* e) {
    return f->CalcTextSizeA(size, FLT_MAX, width, s, e).y;
}

// Text in a font and colour, wrapped at the content width; a dummy item so the rect is known.
void wrapped_text(const char* s, const char* e, font_role fr, const ImVec4& col) {
    using namespace ImGui;
    ImFont* f = font(fr);
    const float size = f->FontSize * GetIO().FontGlobalScale;
    const float w = ImMax(1.0f, avail_width());
    const ImVec2 pos = GetCursorScreenPos();
    const float h = wrapped_height(f, size, w, s, e);
    draw_wrapped(GetWindowDrawList(), f, size, pos, w, s, e, u32(col), false);
    ItemSize(ImVec2(w, h));
    ItemAdd(ImRect(pos, pos + ImVec2(w, h)), 0);
}

// A field's label above it: strong, wrapped. Returns its rect.
ImRect field_label(const char* label) {
    ImGui::Dummy(ImVec2(0, 2));  // a little more room above a label than between a label and its field
    const ImVec2 a = ImGui::GetCursorScreenPos();
    wrapped_text(label, ImGui::FindRenderedTextEnd(label), font_role::strong, colors().text);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + 6);  // label sits close to its field
    return ImRect(a, ImGui::GetItemRectMax());
}

void filter(std::string& v, field_kind kind, int max_len) {
    if (kind == field_kind::one_time_code || kind == field_kind::numeric || kind == field_kind::tel ||
        kind == field_kind::secret_digits || kind == field_kind::amount || kind == field_kind::birth_date ||
        kind == field_kind::us_zip) {
        std::string out;
        for (char c : v) {
            const bool digit = c >= '0' && c <= '9';
            const bool tel_extra = kind == field_kind::tel && (c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.');
            const bool date_extra = (kind == field_kind::numeric || kind == field_kind::birth_date) && c == '/';
            const bool zip_extra = kind == field_kind::us_zip && c == '-';
            const bool amount_extra = kind == field_kind::amount && (c == '.' || c == ',');
            if (digit || tel_extra || date_extra || amount_extra || zip_extra) out += c;
        }
        v.swap(out);
    }
    if (max_len > 0 && (int)v.size() > max_len) v.resize(max_len);  // only ASCII kinds set max_len
}

// The error line under a field: error colour, small, one DOM element tied to the field.
ImGuiID field_error(const std::string& error, const char* stable_id) {
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - 4);
    wrapped_text(error.c_str(), error.c_str() + error.size(), font_role::small, colors().error);
    (void)a;
    item it;
    ImGui::PushID("##text");
    it.id = ImGui::GetCurrentWindow()->GetID(stable_id);
    ImGui::PopID();
    it.role = role::alert;
    it.label = error;
    return record(std::move(it)).id;
}
}  // namespace

ImFont* font(font_role r) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const int i = (int)r;
    return i < atlas->Fonts.Size ? atlas->Fonts[i] : atlas->Fonts[0];
}

void set_frame_requester(void (*fn)()) { g_request_frame = fn; }
void begin_frame() {
    g_building.clear();
    g_cards.clear();
    g_focus_first_invalid = false;
}
void end_frame() {
    if (g_focus_first_invalid)
        for (item& it : g_building)
            if (it.flags & f_invalid) {
                it.flags |= f_focus;
                break;
            }
    g_items.swap(g_building);
}

void focus_next_field_on(int token) {
    g_next_field_token = token;
    g_focus_next_field = token != g_next_field_seen;
    g_next_field_seen = token;
}
void focus_first_invalid_on(int token) {
    g_invalid_token = token;
    if (token != g_invalid_seen) g_focus_first_invalid = true;
    g_invalid_seen = token;
}
const std::vector<item>& items() { return g_items; }
float content_height() { return g_content_height; }
void set_content_height(float h) { g_content_height = h; }

namespace input {
void set_value(ImGuiID id, std::string value, int sel_start, int sel_end) {
    pending& p = g_pending[id];
    const int n = (int)value.size();
    p.value = std::move(value);
    p.has_value = true;
    p.sel_start = sel_start < 0 ? n : sel_start;
    p.sel_end = sel_end < 0 ? n : sel_end;
    request_frame();
}
void set_selection(ImGuiID id, int sel_start, int sel_end) {
    pending& p = g_pending[id];
    p.sel_start = sel_start;
    p.sel_end = sel_end;
    request_frame();
}
void set_focus(ImGuiID id, bool focused, bool focus_visible) {
    pending& p = g_pending[id];
    p.focused = focused;
    p.focus_visible = focus_visible;
    request_frame();
}
void click(ImGuiID id) { g_pending[id].clicks++; request_frame(); }
void set_checked(ImGuiID id, bool checked) { g_pending[id].checked = checked ? 1 : 0; request_frame(); }
void choose(ImGuiID id, int index) { g_pending[id].chosen = index; request_frame(); }
}  // namespace input

bool text_field(const char* label, std::string& value, field_kind kind, const char* hint, int max_len,
                const std::string& error, bool autofocus) {
    using namespace ImGui;
    ImGuiWindow* win = GetCurrentWindow();
    const ImGuiStyle& style = GetStyle();
    const palette& pal = colors();
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    const bool invalid = !error.empty();
    bool changed = false;

    const ImRect label_rect = field_label(label);
    const float w = avail_width();
    if (use_imgui_input) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", value.c_str());
        SetNextItemWidth(w);
        PushID(label);
        if (InputTextWithHint("##v", hint ? hint : "", buf, sizeof buf)) {
            std::string v = buf;
            filter(v, kind, max_len);
            changed = v != value;
            value = v;
        }
        PopID();
    } else {
        if (st.has_value) {
            std::string v = st.value;
            filter(v, kind, max_len);
            if (v != st.value) st.sel_start = st.sel_end = (int)v.size();  // rewritten: caret to the end
            changed = v != value;
            value = v;
            st.has_value = false;
        }
        const int n = (int)value.size();
        st.sel_start = ImClamp(st.sel_start, 0, n);
        st.sel_end = ImClamp(st.sel_end, 0, n);

        const ImVec2 pos = win->DC.CursorPos;
        const ImRect bb(pos, pos + ImVec2(w, GetFontSize() + style.FramePadding.y * 2));
        ItemSize(bb, style.FramePadding.y);
        if (ItemAdd(bb, id)) {
            bool hovered, held;
            ButtonBehavior(bb, id, &hovered, &held);  // hover styling only: the DOM owns clicks and focus
            if (hovered) SetMouseCursor(ImGuiMouseCursor_TextInput);
            ImDrawList* dl = win->DrawList;
            dl->AddRectFilled(bb.Min, bb.Max, GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), style.FrameRounding);
            const bool strong_border = invalid || st.focused;
            dl->AddRect(bb.Min, bb.Max, u32(invalid ? pal.error : st.focused ? pal.primary : pal.border), style.FrameRounding, 0,
                        strong_border ? 2.0f : 1.0f);
            // A secret shows bullets for all but its last 4 digits (digits are 1 byte, a bullet 3).
            const int hidden = kind == field_kind::secret_digits ? ImMax(0, n - 4) : 0;
            std::string shown = value;
            if (hidden > 0) {
                shown.clear();
                for (int i = 0; i < hidden; ++i) shown += "\xE2\x80\xA2";
                shown += value.substr((size_t)hidden);
            }
            auto shown_offset = [&](int byte) { return byte <= hidden ? byte * 3 : hidden * 3 + (byte - hidden); };
            const char* s = shown.c_str();
            ImFont* fnt = GetFont();
            const float fs = GetFontSize();
            auto x_at = [&](int byte) {
                const int b = hidden > 0 ? shown_offset(byte) : byte;
                return fnt->CalcTextSizeA(fs, FLT_MAX, 0, s, s + b).x;
            };
            const float inner_w = w - style.FramePadding.x * 2;
            const float caret_x = x_at(st.sel_end);
            if (caret_x - st.scroll_x > inner_w) st.scroll_x = caret_x - inner_w;
            if (caret_x - st.scroll_x < 0) st.scroll_x = caret_x;
            if (!st.focused) st.scroll_x = 0;
            const ImVec2 tp = bb.Min + style.FramePadding - ImVec2(st.scroll_x, 0);
            dl->PushClipRect(bb.Min + ImVec2(1, 1), bb.Max - ImVec2(1, 1), true);
            if (value.empty() && hint) dl->AddText(fnt, fs, bb.Min + style.FramePadding, GetColorU32(ImGuiCol_TextDisabled), hint);
            if (st.focused && st.sel_start != st.sel_end) {
                const int a = ImMin(st.sel_start, st.sel_end), b = ImMax(st.sel_start, st.sel_end);
                dl->AddRectFilled(ImVec2(tp.x + x_at(a), tp.y), ImVec2(tp.x + x_at(b), tp.y + fs), GetColorU32(ImGuiCol_TextSelectedBg));
            }
            dl->AddText(fnt, fs, tp, u32(pal.field_text), s, s + shown.size());
            if (st.focused && st.sel_start == st.sel_end) {  // steady caret: no blinking, so no idle frames
                const float cx = IM_FLOOR(tp.x + caret_x) + 0.5f;
                dl->AddLine(ImVec2(cx, tp.y - 0.5f), ImVec2(cx, tp.y + fs + 0.5f), u32(pal.field_text), 1.0f);
            }
            dl->PopClipRect();
            if (st.focused && st.focus_visible) focus_ring(bb);
        }
    }
    item it;
    it.id = id;
    it.role = role::text_field;
    it.kind = kind;
    it.flags = f_enabled | (invalid ? f_invalid : 0) | (autofocus ? f_autofocus : 0) | (g_focus_next_field ? f_focus : 0);
    g_focus_next_field = false;
    it.label = visible(label);
    it.value = value;
    it.hint = hint ? hint : "";
    it.max_len = max_len;
    it.label_min = label_rect.Min;
    it.label_max = label_rect.Max;
    const size_t at = g_building.size();
    record(std::move(it));
    if (invalid) g_building[at].described_by = field_error(error, label);
    return changed;
}

bool button(const char* label, button_style bs, bool enabled) {
    using namespace ImGui;
    ImGuiWindow* win = GetCurrentWindow();
    const ImGuiStyle& style = GetStyle();
    const palette& pal = colors();
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    const char* end = FindRenderedTextEnd(label);
    ImFont* f = font(font_role::strong);
    const float fs = f->FontSize * GetIO().FontGlobalScale;
    const float avail = avail_width();
    const float pad_x = bs == button_style::link ? 4.0f : 16.0f;
    const float text_w = f->CalcTextSizeA(fs, FLT_MAX, 0, label, end).x;
    const float w = bs == button_style::link ? ImMin(avail, text_w + pad_x * 2) : avail;
    const float inner = w - pad_x * 2;
    const float text_h = wrapped_height(f, fs, inner, label, end);
    const float pad_y = bs == button_style::link ? 6.0f : 12.0f;
    const ImVec2 pos = win->DC.CursorPos;
    const ImRect bb(pos, pos + ImVec2(w, text_h + pad_y * 2));
    ItemSize(bb);
    bool imgui_pressed = false;
    if (ItemAdd(bb, id)) {
        bool hovered = false, held = false;
        imgui_pressed = ButtonBehavior(bb, id, &hovered, &held) && use_imgui_input;
        ImVec4 fill(0, 0, 0, 0), text = pal.text, border(0, 0, 0, 0);
        switch (bs) {
            case button_style::primary: fill = pal.primary; text = pal.on_primary; break;
            case button_style::danger: fill = pal.danger; text = pal.on_danger; break;
            case button_style::secondary: fill = pal.bg; border = pal.border; break;
            case button_style::link: text = pal.link; break;
        }
        if (enabled && (hovered || held) && bs != button_style::link) {
            const float k = held ? 0.80f : 0.90f;
            fill = bs == button_style::secondary ? ImLerp(pal.bg, pal.text, held ? 0.10f : 0.05f) : ImVec4(fill.x * k, fill.y * k, fill.z * k, 1);
        }
        if (!enabled) {  // faded (disabled controls are exempt from contrast minimums, but stay legible)
            if (bs == button_style::primary || bs == button_style::danger) fill = ImLerp(pal.bg, fill, 0.45f);
            else text = pal.text_secondary;
        }
        ImDrawList* dl = win->DrawList;
        if (fill.w > 0) dl->AddRectFilled(bb.Min, bb.Max, u32(fill), style.FrameRounding);
        if (border.w > 0) dl->AddRect(bb.Min, bb.Max, u32(border), style.FrameRounding, 0, 1.0f);
        draw_wrapped(dl, f, fs, ImVec2(bb.Min.x + pad_x, bb.Min.y + pad_y), inner, label, end, u32(text), bs != button_style::link);
        if (bs == button_style::link) {  // underline, as links are
            const float y = bb.Max.y - pad_y + 1;
            dl->AddLine(ImVec2(bb.Min.x + pad_x, y), ImVec2(bb.Min.x + pad_x + ImMin(text_w, inner), y), u32(text), 1.0f);
        }
        if (st.focused && st.focus_visible) focus_ring(bb);
    }
    item it;
    it.id = id;
    it.role = role::button;
    it.flags = (enabled ? f_enabled : 0) | (bs == button_style::primary ? f_primary : 0);
    it.label = visible(label);
    record(std::move(it));
    const bool pressed = use_imgui_input ? imgui_pressed : st.clicks > 0;  // a mirrored click counts once
    st.clicks = 0;
    return pressed && enabled;
}

bool cancel_button(const char* label, bool enabled) {
    const bool pressed = button(label, button_style::secondary, enabled);
    g_building.back().flags |= f_cancel;
    return pressed;
}

bool checkbox(const char* label, bool* v) {
    using namespace ImGui;
    ImGuiWindow* win = GetCurrentWindow();
    const palette& pal = colors();
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    bool changed = false;
    if (!use_imgui_input && st.checked >= 0) {
        changed = *v != (st.checked != 0);
        *v = st.checked != 0;
        st.checked = -1;
    }
    const char* end = FindRenderedTextEnd(label);
    ImFont* f = GetFont();
    const float fs = GetFontSize();
    const float box = 22.0f, gap = 12.0f;
    const float w = avail_width();
    const float text_h = wrapped_height(f, fs, w - box - gap, label, end);
    const ImVec2 pos = win->DC.CursorPos;
    const ImRect bb(pos, pos + ImVec2(w, ImMax(box, text_h)));
    ItemSize(bb);
    if (ItemAdd(bb, id)) {
        bool hovered, held;
        if (ButtonBehavior(bb, id, &hovered, &held) && use_imgui_input) {
            *v = !*v;
            changed = true;
        }
        ImDrawList* dl = win->DrawList;
        const ImRect b(pos, pos + ImVec2(box, box));
        const float r = ImMin(GetStyle().FrameRounding, 6.0f);
        if (*v) {
            dl->AddRectFilled(b.Min, b.Max, u32(pal.primary), r);
            const ImVec2 c = b.Min;  // a check mark in the box
            dl->PathLineTo(c + ImVec2(5.5f, 11.5f));
            dl->PathLineTo(c + ImVec2(9.5f, 15.5f));
            dl->PathLineTo(c + ImVec2(16.5f, 6.5f));
            dl->PathStroke(u32(pal.on_primary), 0, 2.5f);
        } else {
            dl->AddRectFilled(b.Min, b.Max, u32(pal.field_bg), r);
            dl->AddRect(b.Min, b.Max, u32(pal.border), r, 0, 1.5f);
        }
        draw_wrapped(dl, f, fs, ImVec2(pos.x + box + gap, pos.y + ImMax(0.0f, (box - fs) * 0.5f)), w - box - gap, label, end,
                     u32(pal.text), false);
        if (st.focused && st.focus_visible) focus_ring(b);
    }
    item it;
    it.id = id;
    it.role = role::checkbox;
    it.flags = f_enabled | (*v ? f_checked : 0);
    it.label = visible(label);
    record(std::move(it));
    return changed;
}

bool select(const char* label, int* index, const std::vector<std::string>& options, const std::string& error) {
    using namespace ImGui;
    ImGuiWindow* win = GetCurrentWindow();
    const ImGuiStyle& style = GetStyle();
    const palette& pal = colors();
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    bool changed = false;
    if (!use_imgui_input && st.chosen >= 0) {
        if (st.chosen < (int)options.size() && st.chosen != *index) {
            *index = st.chosen;
            changed = true;
        }
        st.chosen = -1;
    }
    const ImRect label_rect = field_label(label);
    const char* preview = *index >= 0 && *index < (int)options.size() ? options[*index].c_str() : "";
    const float w = avail_width();
    const ImVec2 pos = win->DC.CursorPos;
    const ImRect bb(pos, pos + ImVec2(w, GetFontSize() + style.FramePadding.y * 2));
    ItemSize(bb, style.FramePadding.y);
    if (ItemAdd(bb, id)) {
        bool hovered, held;
        if (ButtonBehavior(bb, id, &hovered, &held) && use_imgui_input) OpenPopup("##options");
        ImDrawList* dl = win->DrawList;
        const bool invalid = !error.empty();
        dl->AddRectFilled(bb.Min, bb.Max, GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), style.FrameRounding);
        dl->AddRect(bb.Min, bb.Max, u32(invalid ? pal.error : st.focused ? pal.primary : pal.border), style.FrameRounding, 0,
                    invalid || st.focused ? 2.0f : 1.0f);
        const float chevron_w = 28.0f;
        const ImVec2 tp = bb.Min + style.FramePadding;
        PushStyleColor(ImGuiCol_Text, pal.field_text);
        RenderTextEllipsis(dl, tp, ImVec2(bb.Max.x - chevron_w, bb.Max.y), bb.Max.x - chevron_w, bb.Max.x - chevron_w, preview,
                           nullptr, nullptr);
        PopStyleColor();
        const ImVec2 c(bb.Max.x - 18.0f, (bb.Min.y + bb.Max.y) * 0.5f);  // chevron: a small "v"
        dl->PathLineTo(c + ImVec2(-5, -2.5f));
        dl->PathLineTo(c + ImVec2(0, 2.5f));
        dl->PathLineTo(c + ImVec2(5, -2.5f));
        dl->PathStroke(u32(pal.text_secondary), 0, 2.0f);
        if (st.focused && st.focus_visible) focus_ring(bb);
    }
    if (use_imgui_input && BeginPopup("##options")) {
        for (int i = 0; i < (int)options.size(); ++i)
            if (Selectable(options[i].c_str(), i == *index) && i != *index) {
                *index = i;
                changed = true;
            }
        EndPopup();
    }
    item it;
    it.id = id;
    it.role = role::select;
    it.flags = f_enabled | (error.empty() ? 0 : f_invalid);
    it.label = visible(label);
    it.value = std::to_string(*index);
    it.options = options;
    it.label_min = label_rect.Min;
    it.label_max = label_rect.Max;
    const size_t at = g_building.size();
    record(std::move(it));
    if (!error.empty()) g_building[at].described_by = field_error(error, label);
    return changed;
}

bool radio_card(const char* label, const std::string& description, bool selected) {
    using namespace ImGui;
    ImGuiWindow* win = GetCurrentWindow();
    const palette& pal = colors();
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    const char* end = FindRenderedTextEnd(label);
    ImFont* strong = font(font_role::strong);
    ImFont* small = font(font_role::small);
    const float scale = GetIO().FontGlobalScale;
    const float fs = strong->FontSize * scale, ss = small->FontSize * scale;
    const float w = avail_width(), pad = 14.0f, dot = 20.0f, gap = 12.0f;
    const float inner = w - pad * 2 - dot - gap;
    const float h1 = wrapped_height(strong, fs, inner, label, end);
    const float h2 = description.empty() ? 0 : 4 + wrapped_height(small, ss, inner, description.c_str(), description.c_str() + description.size());
    const ImVec2 pos = win->DC.CursorPos;
    const ImRect bb(pos, pos + ImVec2(w, h1 + h2 + pad * 2));
    ItemSize(bb);
    bool imgui_pressed = false;
    if (ItemAdd(bb, id)) {
        bool hovered, held;
        imgui_pressed = ButtonBehavior(bb, id, &hovered, &held) && use_imgui_input;
        ImDrawList* dl = win->DrawList;
        const float r = GetStyle().FrameRounding;
        dl->AddRectFilled(bb.Min, bb.Max, u32(selected ? ImLerp(pal.bg, pal.primary, 0.08f) : hovered ? pal.card_bg : pal.bg), r);
        dl->AddRect(bb.Min, bb.Max, u32(selected ? pal.primary : pal.border), r, 0, selected ? 2.0f : 1.0f);
        const ImVec2 c(bb.Min.x + pad + dot * 0.5f, bb.Min.y + pad + fs * 0.5f);
        dl->AddCircle(c, dot * 0.5f - 1, u32(selected ? pal.primary : pal.border), 24, 1.5f);
        if (selected) dl->AddCircleFilled(c, dot * 0.25f, u32(pal.primary), 24);
        const float x = bb.Min.x + pad + dot + gap;
        draw_wrapped(dl, strong, fs, ImVec2(x, bb.Min.y + pad), inner, label, end, u32(pal.text), false);
        if (!description.empty())
            draw_wrapped(dl, small, ss, ImVec2(x, bb.Min.y + pad + h1 + 4), inner, description.c_str(),
                         description.c_str() + description.size(), u32(pal.text_secondary), false);
        if (st.focused && st.focus_visible) focus_ring(bb);
    }
    item it;
    it.id = id;
    it.role = role::radio;
    it.flags = f_enabled | (selected ? f_checked : 0);
    it.label = visible(label) + (description.empty() ? "" : ". " + description);
    record(std::move(it));
    const bool pressed = use_imgui_input ? imgui_pressed : (st.clicks > 0 || st.checked == 1);
    st.clicks = 0;
    st.checked = -1;
    return pressed && !selected;
}

void heading(const char* text, int level) {
    using namespace ImGui;
    const char* end = text + strlen(text);
    wrapped_text(text, end, level == 1 ? font_role::heading : font_role::strong, colors().text);
    item it;
    it.id = GetCurrentWindow()->GetID(text);
    it.role = role::heading;
    it.kind = (field_kind)level;
    it.label = text;
    record(std::move(it));
    if (level == 1) spacing(2);
}

void text(const std::string& s, ui::role r, const char* stable_id, text_style ts) {
    using namespace ImGui;
    const palette& pal = colors();
    font_role fr = font_role::body;
    ImVec4 col = pal.text;
    switch (ts) {
        case text_style::body: break;
        case text_style::secondary: col = pal.text_secondary; break;
        case text_style::small: fr = font_role::small; col = pal.text_secondary; break;
        case text_style::strong: fr = font_role::strong; break;
        case text_style::error: col = pal.error; break;
        case text_style::success: col = pal.success; break;
    }
    if (r == role::alert && ts == text_style::body) col = pal.error;
    wrapped_text(s.c_str(), s.c_str() + s.size(), fr, col);
    item it;
    PushID("##text");
    it.id = GetCurrentWindow()->GetID(stable_id ? stable_id : s.c_str());
    PopID();
    it.role = r;
    it.label = s;
    record(std::move(it));
}

void spacing(float px) { ImGui::Dummy(ImVec2(0, px)); }

void divider() {
    using namespace ImGui;
    const ImVec2 p = GetCursorScreenPos();
    const float w = avail_width();
    GetWindowDrawList()->AddLine(ImVec2(p.x, p.y + 4), ImVec2(p.x + w, p.y + 4), u32(colors().card_border), 1.0f);
    Dummy(ImVec2(w, 8));
}

void begin_card() {
    using namespace ImGui;
    ImDrawList* dl = GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    card_state c;
    c.start = GetCursorScreenPos();
    g_cards.push_back(c);
    Dummy(ImVec2(0, k_card_pad - GetStyle().ItemSpacing.y));
    Indent(k_card_pad);
    // Content ends k_card_pad before the right edge.
    PushItemWidth(-k_card_pad);
    GetCurrentWindow()->WorkRect.Max.x -= k_card_pad;
    GetCurrentWindow()->ContentRegionRect.Max.x -= k_card_pad;
}

void end_card() {
    using namespace ImGui;
    if (g_cards.empty()) return;
    const card_state c = g_cards.back();
    g_cards.pop_back();
    ImGuiWindow* win = GetCurrentWindow();
    win->WorkRect.Max.x += k_card_pad;
    win->ContentRegionRect.Max.x += k_card_pad;
    PopItemWidth();
    Unindent(k_card_pad);
    Dummy(ImVec2(0, k_card_pad - GetStyle().ItemSpacing.y));
    const ImVec2 end = GetCursorScreenPos();
    ImDrawList* dl = win->DrawList;
    dl->ChannelsSetCurrent(0);
    const palette& pal = colors();
    const ImVec2 a(c.start.x, c.start.y), b(c.start.x + avail_width(), end.y - GetStyle().ItemSpacing.y);
    const float r = GetStyle().FrameRounding + 2;
    dl->AddRectFilled(a, b, u32(pal.card_bg), r);
    dl->AddRect(a, b, u32(pal.card_border), r, 0, 1.0f);
    dl->ChannelsMerge();
}

void list_row(const char* mark, unsigned mark_rgb, const std::string& title, const std::string& detail,
              const std::string& badge, const char* stable_id) {
    using namespace ImGui;
    const palette& pal = colors();
    ImFont* strong = font(font_role::strong);
    ImFont* small = font(font_role::small);
    const float scale = GetIO().FontGlobalScale;
    const float fs = strong->FontSize * scale, ss = small->FontSize * scale;
    const float tile = 36.0f, gap = 12.0f;
    const float w = avail_width(), tw = ImMax(40.0f, w - tile - gap);
    const ImVec2 pos = GetCursorScreenPos();
    ImDrawList* dl = GetWindowDrawList();
    // The mark: white text on the brand's colour.
    const ImVec4 mc(((mark_rgb >> 16) & 255) / 255.f, ((mark_rgb >> 8) & 255) / 255.f, (mark_rgb & 255) / 255.f, 1);
    dl->AddRectFilled(pos, pos + ImVec2(tile, tile), u32(mc), 8.0f);
    const ImVec2 ms = strong->CalcTextSizeA(fs, FLT_MAX, 0, mark);
    dl->AddText(strong, fs, pos + ImVec2((tile - ms.x) * 0.5f, (tile - ms.y) * 0.5f), IM_COL32_WHITE, mark);
    const float x = pos.x + tile + gap;
    const float title_w = strong->CalcTextSizeA(fs, FLT_MAX, 0, title.c_str()).x;
    const float badge_w = badge.empty() ? 0 : small->CalcTextSizeA(ss, FLT_MAX, 0, badge.c_str()).x + 16;
    const bool beside = !badge.empty() && title_w + 8 + badge_w <= tw;
    float y = pos.y + draw_wrapped(dl, strong, fs, ImVec2(x, pos.y), tw, title.c_str(), title.c_str() + title.size(), u32(pal.text), false);
    if (!badge.empty()) {
        const ImVec2 bp = beside ? ImVec2(x + title_w + 8, pos.y + (fs - ss - 6) * 0.5f) : ImVec2(x, y + 4);
        dl->AddRectFilled(bp, bp + ImVec2(badge_w, ss + 6), u32(pal.badge_bg), (ss + 6) * 0.5f);
        dl->AddText(small, ss, bp + ImVec2(8, 3), u32(pal.badge_text), badge.c_str());
        if (!beside) y += 4 + ss + 6;
    }
    if (!detail.empty())
        y += 2 + draw_wrapped(dl, small, ss, ImVec2(x, y + 2), tw, detail.c_str(), detail.c_str() + detail.size(), u32(pal.text_secondary), false);
    const float h = ImMax(tile, y - pos.y);
    ItemSize(ImVec2(w, h));
    ItemAdd(ImRect(pos, pos + ImVec2(w, h)), 0);
    PushID("##text");
    item it;
    it.id = GetCurrentWindow()->GetID(stable_id);
    it.role = role::paragraph;
    it.label = title + (badge.empty() ? "" : " (" + badge + ")");
    record(std::move(it));
    if (!detail.empty()) {
        item d;
        PushID(stable_id);
        d.id = GetCurrentWindow()->GetID("detail");
        PopID();
        d.role = role::paragraph;
        d.label = detail;
        record(std::move(d));
    }
    PopID();
}

void amount_hero(const std::string& caption, const std::string& amount, const char* stable_id) {
    using namespace ImGui;
    const palette& pal = colors();
    const ImVec2 pos = GetCursorScreenPos();
    wrapped_text(caption.c_str(), caption.c_str() + caption.size(), font_role::small, pal.text_secondary);
    SetCursorPosY(GetCursorPosY() - 4);
    wrapped_text(amount.c_str(), amount.c_str() + amount.size(), font_role::hero, pal.text);
    item it;
    PushID("##text");
    it.id = GetCurrentWindow()->GetID(stable_id);
    PopID();
    it.role = role::paragraph;
    it.label = caption + ": " + amount;
    item& rec = record(std::move(it));
    rec.min = pos;
}

void status_mark(bool ok) {
    using namespace ImGui;
    const palette& pal = colors();
    const float d = 48.0f;
    const ImVec2 p = GetCursorScreenPos();
    const ImVec2 c = p + ImVec2(d * 0.5f, d * 0.5f);
    ImDrawList* dl = GetWindowDrawList();
    const ImVec4 col = ok ? pal.success : pal.error;
    dl->AddCircleFilled(c, d * 0.5f, u32(ImLerp(pal.bg, col, 0.15f)), 32);
    if (ok) {
        dl->PathLineTo(c + ImVec2(-9, 0));
        dl->PathLineTo(c + ImVec2(-3, 6));
        dl->PathLineTo(c + ImVec2(9, -7));
        dl->PathStroke(u32(col), 0, 3.0f);
    } else {
        dl->AddLine(c + ImVec2(0, -10), c + ImVec2(0, 3), u32(col), 3.0f);
        dl->AddCircleFilled(c + ImVec2(0, 9), 2.0f, u32(col), 12);
    }
    Dummy(ImVec2(d, d));
}

void progress(int current, int total, const std::string& caption) {
    using namespace ImGui;
    if (total <= 1) return;
    const palette& pal = colors();
    const float w = avail_width(), gap = 4.0f, h = 4.0f;
    const ImVec2 p = GetCursorScreenPos();
    ImDrawList* dl = GetWindowDrawList();
    const float seg = (w - gap * (total - 1)) / total;
    for (int i = 0; i < total; ++i) {
        const ImVec2 a(p.x + i * (seg + gap), p.y), b(a.x + seg, p.y + h);
        dl->AddRectFilled(a, b, u32(i < current ? pal.primary : pal.card_border), h * 0.5f);
    }
    Dummy(ImVec2(w, h));
    text(caption, role::paragraph, "##progress", text_style::small);
}

std::string encode_items() {
    std::string o;
    char buf[200];
    for (const item& it : g_items) {
        if (!o.empty()) o += '\x1e';
        snprintf(buf, sizeof buf, "%x\x1f%c\x1f%d\x1f%d\x1f%d\x1f%g,%g,%g,%g\x1f", it.id, (char)it.role, (int)it.kind,
                 (int)it.flags, it.max_len, it.min.x, it.min.y, it.max.x - it.min.x, it.max.y - it.min.y);
        o += buf;
        o += it.label;
        o += '\x1f';
        o += it.value;
        o += '\x1f';
        o += it.hint;
        o += '\x1f';
        for (size_t i = 0; i < it.options.size(); ++i) {
            if (i) o += '\x1d';
            o += it.options[i];
        }
        // Fields 10 and 11: the label's rect ("" when none) and the describing item's id ("" when none).
        o += '\x1f';
        if (it.label_max.x > it.label_min.x) {
            snprintf(buf, sizeof buf, "%g,%g,%g,%g", it.label_min.x, it.label_min.y, it.label_max.x - it.label_min.x,
                     it.label_max.y - it.label_min.y);
            o += buf;
        }
        o += '\x1f';
        if (it.described_by) {
            snprintf(buf, sizeof buf, "%x", it.described_by);
            o += buf;
        }
    }
    return o;
}

}  // namespace fk::ui
