// The widget kit every step view draws with. Each widget is drawn by Dear ImGui and also
// recorded as an item (role, accessible name, rect, value) for the frame. On the web the items
// become real DOM elements over the canvas (web/dom_mirror.js) that own focus, typing and
// clicks; natively the same items let the driver (driver.h) find things by label. Either way
// input arrives through kit::input, between frames, and is applied by the next frame.
// Depends on ImGui only; no platform code.
#pragma once
#include "imgui.h"
#include <cstdint>
#include <string>
#include <vector>

namespace fk::ui {

// secret_digits: a TIN or account number, drawn as bullets but for the last 4 digits.
// amount: money as typed (digits, one dot, commas), decimal keypad on phones.
enum class field_kind : uint8_t { text = 0, name, email, tel, one_time_code, numeric, secret_digits, amount };
enum class role : char { button = 'b', text_field = 't', checkbox = 'c', select = 'l', heading = 'h',
                         paragraph = 'p', status = 's', alert = 'a' };
enum item_flags : uint8_t { f_enabled = 1, f_checked = 2, f_primary = 4, f_invalid = 8, f_autofocus = 16 };

struct item {
    ImGuiID id = 0;
    ui::role role = role::paragraph;
    field_kind kind = field_kind::text;
    uint8_t flags = f_enabled;
    std::string label;          // accessible name = visible text (ImGui's "###id" suffix removed)
    std::string value;          // text field value; select: index of the chosen option
    std::string hint;           // placeholder
    std::vector<std::string> options;  // select
    int max_len = 0;
    ImVec2 min, max;            // screen rect (CSS px)
    bool enabled() const { return flags & f_enabled; }
};

// Text field with its label above and, when `error` is non-empty, the error below it (role alert).
// Returns true on the frame the value changed; `value` then holds the new text.
bool text_field(const char* label, std::string& value, field_kind kind, const char* hint = nullptr,
                int max_len = 0, const std::string& error = {}, bool autofocus = false);
// Returns true on the frame the button was activated. `label` may carry "###id" for a stable id.
bool button(const char* label, bool primary = false, bool enabled = true);
bool checkbox(const char* label, bool* v);  // returns true when toggled
// Drop-down list. Returns true when the person chose another option (`*index` updated).
bool select(const char* label, int* index, const std::vector<std::string>& options);
void heading(const char* text);
// Wrapped text. role::status and role::alert are announced by screen readers when they change;
// `stable_id` keeps one DOM element while the text changes.
void text(const std::string& text, ui::role r = role::paragraph, const char* stable_id = nullptr);
void spacing(float px = 8.0f);

// Frame bracketing, called by the platform (web/, native/) around the views.
void begin_frame();
void end_frame();
const std::vector<item>& items();     // the last finished frame's items, in submission (tab) order
float content_height();               // height the last frame's content needs (CSS px)
void set_content_height(float h);    // the root view reports it once per frame

// When true (native desktop window), widgets take ImGui's own mouse/keyboard input instead of
// kit::input. Default false: input comes from the DOM or from a driver.
extern bool use_imgui_input;
// Called whenever input arrives and a frame should be drawn (render on demand).
void set_frame_requester(void (*fn)());

namespace input {  // from the DOM (web/) or a driver (tests, harness); applied by the next frame
void set_value(ImGuiID id, std::string value, int sel_start = -1, int sel_end = -1);
void set_selection(ImGuiID id, int sel_start, int sel_end);
void set_focus(ImGuiID id, bool focused, bool focus_visible);
void click(ImGuiID id);
void set_checked(ImGuiID id, bool checked);
void choose(ImGuiID id, int index);
}  // namespace input

// Encodes items() for dom_mirror.js: records joined by \x1e, fields by \x1f, options by \x1d.
std::string encode_items();

}  // namespace fk::ui
