// The whole widget as one model/update/draw: the flow machine (flow/) plus the model of the
// step on screen. A new step is a new folder under steps/ plus its lines in app.cpp
// (make_step, route, draw). web/ and native/ run this: they feed actions in and execute effects.
#pragma once
#include "flow/effects.h"
#include "flow/flow.h"
#include "flow/tax.h"
#include "steps/compliance/compliance.h"
#include "steps/manage_payouts/manage_payouts.h"
#include "steps/onboarding/onboarding.h"
#include "steps/payout/payout.h"
#include "steps/redirect/redirect.h"
#include <functional>
#include <string>
#include <variant>

namespace fk::app {

struct unsupported_step {  // a step this build does not have yet: said plainly, never faked
    std::string name;
    bool operator==(const unsupported_step&) const = default;
};
using step_model = std::variant<std::monostate, onboarding::model, compliance::model, manage_payouts::model, payout_step::model,
                                redirect::model, unsupported_step>;

struct model {
    flow::model flow;
    step_model step;
    std::string step_key;  // which step `step` was made for ("onboarding", "onboarding/reverify", ...)
    int64_t now_ms = 0;
    tax::date today;       // the person's calendar day (signatures, age checks)
    std::string entropy;   // random per page load, from the edge (idempotency keys)
};

using action = std::variant<flow::start, flow::retry, onboarding::action, compliance::action, manage_payouts::action,
                            payout_step::action, redirect::action, api_result, timer_fired>;

struct result {
    model m;
    effects fx;
};

model init(const std::string& flow_id, const std::string& link_secret, const tax::date& today, const std::string& entropy);
result update(model m, const action& a, int64_t now_ms);
// Draws the root window filling the display; reports the content height to the kit.
void draw(const model& m, const std::function<void(action)>& dispatch);

}  // namespace fk::app
