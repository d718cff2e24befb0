// redirect step: sends the person on to the platform's redirect_url. The person presses Continue
// (a user activation, which a sandboxed iframe needs for top-level navigation); the flow machine
// records the step, tells the host ({type: "redirect", url}) and then navigates.
#pragma once
#include "flow/flow.h"
#include <optional>
#include <string>
#include <variant>

namespace fk::redirect {

struct model {
    std::string url;
    std::string host;  // "app.example.com": what the button names
    bool operator==(const model&) const = default;
};
struct continue_pressed {};
using action = std::variant<continue_pressed>;

struct result {
    model m;
    std::optional<flow::step_finished> finished;
    bool session_lapsed = false;
    std::vector<effect> fx;
};

model init(const flow::model& f);
result update(model m, const action& a);
std::string host_of(const std::string& url);  // "https://a.example.com:8443/x" -> "a.example.com"

}  // namespace fk::redirect
