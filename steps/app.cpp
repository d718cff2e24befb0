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

void run_onboarding(model& m, effects& fx, const onboarding::action& a) {
    auto* step = std::get_if<onboarding::model>(&m.step);
    if (!step) return;  // a late result for a step that is gone
    take(m, fx, *step, onboarding::update(*step, a, m.flow.token, m.now_ms));
}

void run_compliance(model& m, effects& fx, const compliance::action& a) {
    auto* step = std::get_if<compliance::model>(&m.step);
    if (!step) return;
    take(m, fx, *step, compliance::update(*step, a, m.flow.token));
}

bool has_prefix(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

model init(const std::string& flow_id, const std::string& link_secret, const tax::date& today) {
    model m;
    m.flow = flow::init(flow_id, link_secret);
    m.today = today;
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
            } else if constexpr (std::is_same_v<T, onboarding::action>) {
                run_onboarding(m, fx, act);
            } else if constexpr (std::is_same_v<T, compliance::action>) {
                run_compliance(m, fx, act);
            } else if constexpr (std::is_same_v<T, api_result> || std::is_same_v<T, timer_fired>) {
                if (has_prefix(act.tag, "flow.")) {
                    if constexpr (std::is_same_v<T, api_result>) run_flow(m, fx, act);
                } else if (has_prefix(act.tag, "onboarding.")) {
                    run_onboarding(m, fx, act);
                } else if (has_prefix(act.tag, "compliance.")) {
                    if constexpr (std::is_same_v<T, api_result>) run_compliance(m, fx, act);
                }
            }
        },
        a);
    return {std::move(m), std::move(fx)};
}

}  // namespace fk::app
