// Widget update: routes actions to the flow machine or the current step and keeps the step
// model in line with the flow's current step (see app.h).
#include "app.h"

namespace fk::app {
namespace {

void append(effects& to, effects&& from) {
    for (auto& e : from) to.push_back(std::move(e));
}

std::string key_of(const flow::model& f) {
    if (f.ph != flow::phase::in_step) return {};
    return f.current_step + (f.reverify ? "/reverify" : "");
}

void run_flow(model& m, effects& fx, const flow::action& a);

// Makes the step model when the flow moves to another step (steps are registered here).
void sync_step(model& m, effects& fx) {
    const std::string key = key_of(m.flow);
    if (key == m.step_key) return;
    m.step_key = key;
    const std::string& name = m.flow.current_step;
    if (key.empty()) {
        m.step = std::monostate{};
    } else if (name == "onboarding") {
        m.step = onboarding::init(m.flow);
    } else if (name == "compliance") {
        compliance::result r = compliance::enter(m.flow, m.today);
        m.step = std::move(r.m);
        append(fx, std::move(r.fx));
    } else if (name == "manage-payouts") {
        manage_payouts::result r = manage_payouts::enter(m.flow);
        m.step = std::move(r.m);
        append(fx, std::move(r.fx));
    } else if (name == "payout") {
        payout_step::result r = payout_step::enter(m.flow, m.entropy);
        m.step = std::move(r.m);
        append(fx, std::move(r.fx));
    } else if (name == "redirect") {
        m.step = redirect::init(m.flow);
    } else {
        m.step = unsupported_step{name};
    }
}

void run_flow(model& m, effects& fx, const flow::action& a) {
    flow::result r = flow::update(std::move(m.flow), a);
    m.flow = std::move(r.m);
    append(fx, std::move(r.fx));
    sync_step(m, fx);
}

// A step's result: its new model, its effects, and whether it finished or lost the session.
template <class Result, class Model>
void take(model& m, effects& fx, Model& step, Result&& r) {
    step = std::move(r.m);
    append(fx, std::move(r.fx));
    if (r.session_lapsed) run_flow(m, fx, flow::session_lapsed{});
    else if (r.finished) run_flow(m, fx, *r.finished);
}

// Each step's update, as the app calls it. An action reaches the current step when one of these
// takes it: its own actions, and api_result / timer_fired (steps ignore tags that are not theirs).
onboarding::result step_update(const model& app, const onboarding::model& s, const onboarding::action& a) {
    return onboarding::update(s, a, app.flow.token, app.now_ms);
}
compliance::result step_update(const model& app, const compliance::model& s, const compliance::action& a) {
    return compliance::update(s, a, app.flow.token);
}
manage_payouts::result step_update(const model& app, const manage_payouts::model& s, const manage_payouts::action& a) {
    return manage_payouts::update(s, a, app.flow.token);
}
payout_step::result step_update(const model& app, const payout_step::model& s, const payout_step::action& a) {
    return payout_step::update(s, a, app.flow.token);
}
redirect::result step_update(const model&, const redirect::model& s, const redirect::action& a) { return redirect::update(s, a); }

template <class A>
void to_step(model& m, effects& fx, const A& a) {
    std::visit(
        [&](auto& step) {
            if constexpr (requires { step_update(m, step, a); }) take(m, fx, step, step_update(m, step, a));
        },
        m.step);
}

}  // namespace

model init(const std::string& flow_id, const std::string& link_secret, const tax::date& today, const std::string& entropy) {
    model m;
    m.flow = flow::init(flow_id, link_secret);
    m.today = today;
    m.entropy = entropy;
    return m;
}

result update(model m, const action& a, int64_t now_ms) {
    m.now_ms = now_ms;
    effects fx;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, flow::start> || std::is_same_v<T, flow::retry>) {
                run_flow(m, fx, act);
            } else if constexpr (std::is_same_v<T, api_result>) {
                if (act.tag.rfind("flow.", 0) == 0) run_flow(m, fx, act);
                else to_step(m, fx, act);
            } else {
                to_step(m, fx, act);
            }
        },
        a);
    return {std::move(m), std::move(fx)};
}

}  // namespace fk::app
