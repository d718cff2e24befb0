// The widget kit every step view draws with: a small design system (type scale, secondary text,
// cards, badges, primary/secondary/destructive buttons, checkboxes, selects with a chevron,
// radio cards, a progress bar) on Dear ImGui. Each widget is drawn and also recorded as an item
// (role, accessible name, rect, value) for the frame. On the web the items become real DOM
// elements over the canvas (web/dom_mirror.js) that own focus, typing and clicks; natively the
// same items let the driver (driver.h) find things by label. Either way input arrives through
// kit::input, between frames, and is applied by the next frame.
// Layout rule: nothing is placed side by side unless it fits; text wraps; buttons take the full
// width and wrap their label, so a 320 px screen never scrolls sideways.
// Depends on ImGui only; no platform code.
#pragma once
#include "imgui.h"
#include <cstdint>
#include <string>
#include <vector>

namespace fk::ui {

// secret_digits: a TIN or account number, drawn as bullets but for the last 4 digits.
// amount: money as typed (digits, one dot, commas), decimal keypad on phones.
// street_address, city, postal_code, birth_date: autofill tokens for the browser.
enum class field_kind : uint8_t { text = 0, name, email, tel, one_time_code, numeric, secret_digits, amount,
                                  street_address, city, postal_code, birth_date, us_zip };
enum class role : char { button = 'b', text_field = 't', checkbox = 'c', select = 'l', heading = 'h',
                         paragraph = 'p', status = 's', alert = 'a', radio = 'r' };
enum item_flags : uint8_t { f_enabled = 1, f_checked = 2, f_primary = 4, f_invalid = 8, f_autofocus = 16,
                            f_cancel = 32, f_focus = 64 /* take the focus now (and scroll to it) */ };
enum class button_style : uint8_t { primary, secondary, danger, link };
enum class text_style : uint8_t { body, secondary, small, strong, error, success };

struct item {
    ImGuiID id = 0;
    ui::role role = role::paragraph;
    field_kind kind = field_kind::text;  // headings: the level (1, 2) in place of a kind
    uint8_t flags = f_enabled;
    std::string label;          // accessible name = visible text (ImGui's "###id" suffix removed)
    std::string value;          // text field value; select: index of the chosen option
    std::string hint;           // placeholder
    std::vector<std::string> options;  // select
    int max_len = 0;
    ImVec2 min, max;            // drawn rect (CSS px)
    ImVec2 label_min, label_max;  // fields and selects: the drawn label (tapping it focuses the field)
    ImGuiID described_by = 0;   // the item that explains it (a field's error)
    bool enabled() const { return flags & f_enabled; }
};

// Text field with its label above and, when `error` is non-empty, the error below it (role alert,
// tied to the field by aria-describedby). Returns true on the frame the value changed; `value`
// then holds the new text.
bool text_field(const char* label, std::string& value, field_kind kind, const char* hint = nullptr,
                int max_len = 0, const std::string& error = {}, bool autofocus = false);
// Full-width button (link style: as wide as its text) whose label wraps when it does not fit.
// Returns true on the frame it was activated. `label` may carry "###id" for a stable id.
bool button(const char* label, button_style style, bool enabled = true);
inline bool button(const char* label, bool primary = false, bool enabled = true) {
    return button(label, primary ? button_style::primary : button_style::secondary, enabled);
}
// A secondary button that Escape presses too (closes a form without saving).
bool cancel_button(const char* label, bool enabled = true);
bool checkbox(const char* label, bool* v);  // the label wraps beside the box; returns true when toggled
// Drop-down list with a chevron; the choice is shown with an ellipsis when it is too long.
// Returns true when the person chose another option (`*index` updated).
bool select(const char* label, int* index, const std::vector<std::string>& options, const std::string& error = {});
// A choice drawn as a card with a title and a line of explanation; returns true when chosen.
bool radio_card(const char* label, const std::string& description, bool selected);
void heading(const char* text, int level = 1);
// Wrapped text. role::status and role::alert are announced by screen readers when they change;
// `stable_id` keeps one DOM element while the text changes.
void text(const std::string& text, ui::role r = role::paragraph, const char* stable_id = nullptr,
          text_style style = text_style::body);
void spacing(float px = 8.0f);
void divider();

// Focus moves where the person's attention must go, when a model counter changes (a counter, so
// the same event twice moves it twice and a redraw never does):
void focus_next_field_on(int token);     // the next text field drawn ("a new code was sent")
void focus_first_invalid_on(int token);  // the first invalid field or select of this frame (a submit with errors)

// A card: a rounded panel around what is drawn between begin_card and end_card.
void begin_card();
void end_card();
// A saved thing (a payout method): a mark (a short text on a coloured tile, 0xRRGGBB), a title
// with an optional badge ("Default") beside it (below it when both do not fit), a line of detail.
void list_row(const char* mark, unsigned mark_rgb, const std::string& title, const std::string& detail,
              const std::string& badge, const char* stable_id);
// A big amount ("$25.00") under a small caption ("Available to withdraw").
void amount_hero(const std::string& caption, const std::string& amount, const char* stable_id);
// A round mark: a check (ok) or an exclamation mark; drawn only (the heading says it in words).
void status_mark(bool ok);
// "Step 2 of 4" and a bar of `total` segments, the first `current` filled.
void progress(int current, int total, const std::string& caption);

// Frame bracketing, called by the platform (web/, native/) around the views.
void begin_frame();
void end_frame();
const std::vector<item>& items();     // the last finished frame's items, in submission (tab) order
float content_height();               // height the last frame's content needs (CSS px)
void set_content_height(float h);    // the root view reports it once per frame

// Fonts the platform loaded, by index in io.Fonts: body 16, heading 22 semibold, strong 16
// semibold, small 14, hero 34 semibold. Missing ones fall back to Fonts[0].
enum class font_role : int { body = 0, heading = 1, strong = 2, small = 3, hero = 4 };
ImFont* font(font_role r);

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
