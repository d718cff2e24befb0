// Label-based driver over the kit's item list (see driver.h).
#include "driver.h"

namespace fk::ui {

void driver::settle(int frames) {
    for (int i = 0; i < frames; ++i) frame_();
}

const item* driver::find(std::string_view label, std::optional<role> r) const {
    const item* prefix = nullptr;
    for (const item& it : items()) {
        if (r && it.role != *r) continue;
        if (it.label == label) return &it;
        if (!prefix && std::string_view(it.label).substr(0, label.size()) == label) prefix = &it;
    }
    return prefix;
}

bool driver::enabled(std::string_view label) const {
    const item* it = find(label);
    return it && it->enabled();
}

std::string driver::value(std::string_view label) const {
    const item* it = find(label, role::text_field);
    return it ? it->value : std::string();
}

bool driver::type(std::string_view label, const std::string& text) {
    const item* it = find(label, role::text_field);
    if (!it || !it->enabled()) return false;
    const ImGuiID id = it->id;
    input::set_focus(id, true, false);
    input::set_value(id, text);
    settle();
    input::set_focus(id, false, false);
    settle(1);
    return true;
}

bool driver::click(std::string_view label) {
    const item* it = find(label, role::button);
    if (!it || !it->enabled()) return false;
    input::click(it->id);
    settle();
    return true;
}

bool driver::choose(std::string_view label, std::string_view option) {
    const item* it = find(label, role::select);
    if (!it) {  // a choice drawn as radio cards: the card whose label starts with `option`
        const item* card = find(option, role::radio);
        if (!card || !shows(label)) return false;
        input::click(card->id);
        settle();
        return true;
    }
    int match = -1;
    for (size_t i = 0; i < it->options.size() && match < 0; ++i)
        if (it->options[i] == option) match = (int)i;
    for (size_t i = 0; i < it->options.size() && match < 0; ++i)
        if (std::string_view(it->options[i]).substr(0, option.size()) == option) match = (int)i;
    if (match < 0) return false;
    input::choose(it->id, match);
    settle();
    return true;
}

bool driver::check(std::string_view label, bool on) {
    const item* it = find(label, role::checkbox);
    if (!it || !it->enabled()) return false;
    input::set_checked(it->id, on);
    settle();
    return true;
}

bool driver::shows(std::string_view text) const {
    for (const item& it : items())
        if (it.label.find(text) != std::string::npos) return true;
    return false;
}

std::string driver::screen() const {
    std::string out;
    for (const item& it : items()) {
        out += (char)it.role;
        out += it.enabled() ? "  " : "x ";
        out += it.label;
        if (!it.value.empty() && it.role == role::text_field) out += " = \"" + it.value + "\"";
        out += '\n';
    }
    return out;
}

}  // namespace fk::ui
