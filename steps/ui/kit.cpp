// Widget kit (see kit.h): ImGui drawing + the per-frame item list + queued input.
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

void request_frame() {
    if (g_request_frame) g_request_frame();
}

std::string visible(const char* label) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    return std::string(label, end);
}

void record(item it) {
    it.min = ImGui::GetItemRectMin();
    it.max = ImGui::GetItemRectMax();
    g_building.push_back(std::move(it));
}

void focus_ring(const ImRect& r) {
    ImGui::GetWindowDrawList()->AddRect(r.Min - ImVec2(3, 3), r.Max + ImVec2(3, 3), ImGui::GetColorU32(ImGuiCol_NavHighlight),
                                        ImGui::GetStyle().FrameRounding + 3, 0, 2.0f);
}

void filter(std::string& v, field_kind kind, int max_len) {
    if (kind == field_kind::one_time_code || kind == field_kind::numeric || kind == field_kind::tel ||
        kind == field_kind::secret_digits || kind == field_kind::amount) {
        std::string out;
        for (char c : v) {
            const bool digit = c >= '0' && c <= '9';
            const bool tel_extra = kind == field_kind::tel && (c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.');
            const bool date_extra = kind == field_kind::numeric && c == '/';
            const bool amount_extra = kind == field_kind::amount && (c == '.' || c == ',');
            if (digit || tel_extra || date_extra || amount_extra) out += c;
        }
        v.swap(out);
    }
    if (max_len > 0 && (int)v.size() > max_len) v.resize(max_len);  // only ASCII kinds set max_len
}

const ImVec4 k_error_color(0.75f, 0.11f, 0.11f, 1.0f);
}  // namespace

void set_frame_requester(void (*fn)()) { g_request_frame = fn; }
void begin_frame() { g_building.clear(); }
void end_frame() { g_items.swap(g_building); }
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
    const ImGuiID id = win->GetID(label);
    pending& st = g_pending[id];
    const bool invalid = !error.empty();
    bool changed = false;

    TextUnformatted(label, FindRenderedTextEnd(label));
    const float w = CalcItemWidth();
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
            RenderFrame(bb.Min, bb.Max, GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), true, style.FrameRounding);
            ImDrawList* dl = win->DrawList;
            if (invalid) dl->AddRect(bb.Min, bb.Max, GetColorU32(k_error_color), style.FrameRounding, 0, 1.5f);
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
            ImFont* font = GetFont();
            const float fs = GetFontSize();
            auto x_at = [&](int byte) {
                const int b = hidden > 0 ? shown_offset(byte) : byte;
                return font->CalcTextSizeA(fs, FLT_MAX, 0, s, s + b).x;
            };
            const float inner_w = w - style.FramePadding.x * 2;
            const float caret_x = x_at(st.sel_end);
            if (caret_x - st.scroll_x > inner_w) st.scroll_x = caret_x - inner_w;
            if (caret_x - st.scroll_x < 0) st.scroll_x = caret_x;
            if (!st.focused) st.scroll_x = 0;
            const ImVec2 tp = bb.Min + style.FramePadding - ImVec2(st.scroll_x, 0);
            dl->PushClipRect(bb.Min + ImVec2(1, 1), bb.Max - ImVec2(1, 1), true);
            if (value.empty() && hint) dl->AddText(font, fs, bb.Min + style.FramePadding, GetColorU32(ImGuiCol_TextDisabled), hint);
            if (st.focused && st.sel_start != st.sel_end) {
                const int a = ImMin(st.sel_start, st.sel_end), b = ImMax(st.sel_start, st.sel_end);
                dl->AddRectFilled(ImVec2(tp.x + x_at(a), tp.y), ImVec2(tp.x + x_at(b), tp.y + fs), GetColorU32(ImGuiCol_TextSelectedBg));
            }
            dl->AddText(font, fs, tp, GetColorU32(ImGuiCol_Text), s, s + shown.size());
            if (st.focused && st.sel_start == st.sel_end) {  // steady caret: no blinking, so no idle frames
                const float cx = IM_FLOOR(tp.x + caret_x) + 0.5f;
                dl->AddLine(ImVec2(cx, tp.y - 0.5f), ImVec2(cx, tp.y + fs + 0.5f), GetColorU32(ImGuiCol_Text), 1.0f);
            }
            dl->PopClipRect();
            if (st.focused) focus_ring(bb);
        }
    }
    item it;
    it.id = id;
    it.role = role::text_field;
    it.kind = kind;
    it.flags = f_enabled | (invalid ? f_invalid : 0) | (autofocus ? f_autofocus : 0);
    it.label = visible(label);
    it.value = value;
    it.hint = hint ? hint : "";
    it.max_len = max_len;
    record(std::move(it));
    if (invalid) {
        PushStyleColor(ImGuiCol_Text, k_error_color);
        text(error, role::alert, label);
        PopStyleColor();
    }
    return changed;
}

bool button(const char* label, bool primary, bool enabled) {
    using namespace ImGui;
    const ImGuiID id = GetCurrentWindow()->GetID(label);
    pending& st = g_pending[id];
    if (primary) {
        const ImVec4 c = GetStyleColorVec4(ImGuiCol_CheckMark);  // the theme's primary colour
        PushStyleColor(ImGuiCol_Button, c);
        PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(c.x * 0.9f, c.y * 0.9f, c.z * 0.9f, 1));
        PushStyleColor(ImGuiCol_ButtonActive, ImVec4(c.x * 0.8f, c.y * 0.8f, c.z * 0.8f, 1));
        PushStyleColor(ImGuiCol_Text, primary_button_text);
    }
    BeginDisabled(!enabled);
    const ImVec2 size = primary ? ImVec2(-FLT_MIN, 0) : ImVec2(0, 0);
    const bool imgui_pressed = Button(label, size);
    EndDisabled();
    if (primary) PopStyleColor(4);
    if (st.focused && st.focus_visible) focus_ring(ImRect(GetItemRectMin(), GetItemRectMax()));
    item it;
    it.id = id;
    it.role = role::button;
    it.flags = (enabled ? f_enabled : 0) | (primary ? f_primary : 0);
    it.label = visible(label);
    record(std::move(it));
    bool pressed = use_imgui_input ? imgui_pressed : st.clicks > 0;  // a mirrored click counts once
    st.clicks = 0;
    return pressed && enabled;
}

bool checkbox(const char* label, bool* v) {
    using namespace ImGui;
    const ImGuiID id = GetCurrentWindow()->GetID(label);
    pending& st = g_pending[id];
    bool changed = false;
    if (!use_imgui_input && st.checked >= 0) {
        changed = *v != (st.checked != 0);
        *v = st.checked != 0;
        st.checked = -1;
    }
    bool shown = *v;
    if (Checkbox(label, &shown) && use_imgui_input) {
        *v = shown;
        changed = true;
    }
    if (st.focused && st.focus_visible) focus_ring(ImRect(GetItemRectMin(), GetItemRectMax()));
    item it;
    it.id = id;
    it.role = role::checkbox;
    it.flags = f_enabled | (*v ? f_checked : 0);
    it.label = visible(label);
    record(std::move(it));
    return changed;
}

bool select(const char* label, int* index, const std::vector<std::string>& options) {
    using namespace ImGui;
    const ImGuiID id = GetCurrentWindow()->GetID(label);
    pending& st = g_pending[id];
    bool changed = false;
    if (!use_imgui_input && st.chosen >= 0) {
        if (st.chosen < (int)options.size() && st.chosen != *index) {
            *index = st.chosen;
            changed = true;
        }
        st.chosen = -1;
    }
    TextUnformatted(label, FindRenderedTextEnd(label));
    const char* preview = *index >= 0 && *index < (int)options.size() ? options[*index].c_str() : "";
    PushID(label);
    if (BeginCombo("##select", preview)) {  // opens only with ImGui's own input (desktop window)
        for (int i = 0; i < (int)options.size(); ++i)
            if (Selectable(options[i].c_str(), i == *index) && i != *index) {
                *index = i;
                changed = true;
            }
        EndCombo();
    }
    PopID();
    if (st.focused && st.focus_visible) focus_ring(ImRect(GetItemRectMin(), GetItemRectMax()));
    item it;
    it.id = id;
    it.role = role::select;
    it.label = visible(label);
    it.value = std::to_string(*index);
    it.options = options;
    record(std::move(it));
    return changed;
}

void heading(const char* text) {
    using namespace ImGui;
    ImFont* big = GetIO().Fonts->Fonts.Size > 1 ? GetIO().Fonts->Fonts[1] : nullptr;
    if (big) PushFont(big);
    PushTextWrapPos(0.0f);
    TextUnformatted(text);
    PopTextWrapPos();
    if (big) PopFont();
    item it;
    it.id = GetCurrentWindow()->GetID(text);
    it.role = role::heading;
    it.label = text;
    record(std::move(it));
}

void text(const std::string& s, ui::role r, const char* stable_id) {
    using namespace ImGui;
    PushTextWrapPos(0.0f);
    TextUnformatted(s.c_str(), s.c_str() + s.size());
    PopTextWrapPos();
    item it;
    PushID("##text");
    it.id = GetCurrentWindow()->GetID(stable_id ? stable_id : s.c_str());
    PopID();
    it.role = r;
    it.label = s;
    record(std::move(it));
}

void spacing(float px) { ImGui::Dummy(ImVec2(0, px)); }

std::string encode_items() {
    std::string o;
    char buf[160];
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
    }
    return o;
}

}  // namespace fk::ui
