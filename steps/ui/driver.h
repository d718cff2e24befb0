// Drives step views the way a person would, by visible label: type into a field, click a button,
// pick an option, read what is shown. Used by the headless UI tests and by flowkit-harness.
// Input goes through kit::input, the same path the browser's DOM mirror uses.
#pragma once
#include "kit.h"
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace fk::ui {

class driver {
public:
    // `frame` draws one whole frame (ui::begin_frame ... ui::end_frame) and applies what it dispatched.
    explicit driver(std::function<void()> frame) : frame_(std::move(frame)) {}

    void settle(int frames = 3);
    // The item whose label is exactly `label` (then: starts with it), optionally of one role.
    const item* find(std::string_view label, std::optional<role> r = std::nullopt) const;
    bool has(std::string_view label, std::optional<role> r = std::nullopt) const { return find(label, r) != nullptr; }
    bool enabled(std::string_view label) const;
    std::string value(std::string_view label) const;
    // Actions return false (and change nothing) when the item is missing or disabled.
    bool type(std::string_view label, const std::string& text);    // replaces the field's text
    bool click(std::string_view label);
    // Picks an option (its text, or its start) of the select `label`, or, for a choice drawn as
    // radio cards under the text `label`, the card whose label starts with `option`.
    bool choose(std::string_view label, std::string_view option);
    bool check(std::string_view label, bool on);
    // True when any heading/paragraph/status/alert/label on screen contains `text`.
    bool shows(std::string_view text) const;
    std::string screen() const;  // one line per item, for failure messages

private:
    std::function<void()> frame_;
};

}  // namespace fk::ui
