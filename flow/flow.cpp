// Flow machine (see flow.h).
#include "flow.h"
#include "host_events.h"
#include <algorithm>

namespace fk::flow {
namespace {

bool completed(const api::widget_flow& f, const std::string& step) {
    return std::find(f.completed_steps.begin(), f.completed_steps.end(), step) != f.completed_steps.end();
}

// Picks what to show next from the server's view of the flow, announcing it to the host.
void choose_next(model& m, effects& fx) {
    const api::widget_flow& f = m.info;
    std::string next;
    m.reverify = false;
    if (!f.user_id.empty() && !f.authorized) {
        next = "onboarding";  // the pre-authorization lapsed: "Verify it's you"
        m.reverify = true;
    } else {
        for (const auto& s : f.steps)
            if (!completed(f, s.name)) { next = s.name; break; }
    }
    if (next.empty()) {
        m.ph = phase::done;
        m.current_step.clear();
        fx.push_back(post_to_host{host::flow_completed(m.flow_id, f.user_id)});
        return;
    }
    const bool changed = next != m.current_step || m.ph != phase::in_step;
    m.ph = phase::in_step;
    m.current_step = next;
    // Re-verification is not one of the flow's steps: the host hears nothing of it.
    if (changed && !m.reverify) fx.push_back(post_to_host{host::step_started(m.flow_id, next)});
}

void fail(model& m, effects& fx, const api::api_error& e) {
    if (e.status == 401) {
        m.ph = phase::expired;
        m.token.clear();
        fx.push_back(keep_session{m.flow_id, ""});
        fx.push_back(post_to_host{host::session_expired(m.flow_id)});
        return;
    }
    m.ph = phase::failed;
    m.error = e;
    m.error_text = describe(e);
    fx.push_back(post_to_host{host::error(m.flow_id, e.code, m.error_text, e.retryable())});
}

void open_session(model& m, effects& fx) {
    m.ph = phase::loading;
    fx.push_back(api_call{"flow.session", api::create_session(m.flow_id, m.link_secret)});
}

void on_api(model& m, effects& fx, const api_result& r) {
    if (r.tag == "flow.resume") {  // the tab's kept session: where the payee was, no new code
        if (auto f = api::parse_widget_flow(r.response)) {
            m.info = *f;
            fx.push_back(post_to_host{host::ready(m.flow_id)});
            choose_next(m, fx);
        } else {  // lapsed or refused: a fresh session, as if there had been none
            m.token.clear();
            fx.push_back(keep_session{m.flow_id, ""});
            open_session(m, fx);
        }
    } else if (r.tag == "flow.session") {
        if (auto s = api::parse_session(r.response)) {
            const bool first = m.token.empty() && m.info.id.empty();
            m.token = s->token;
            m.info = s->flow;
            fx.push_back(keep_session{m.flow_id, m.token});
            if (first) fx.push_back(post_to_host{host::ready(m.flow_id)});
            choose_next(m, fx);
        } else {
            api::api_error e = api::parse_error(r.response);
            if (e.status == 401) e.status = 403;  // a bad link is not an expired session
            fail(m, fx, e);
        }
    } else if (r.tag == "flow.complete") {
        if (auto f = api::parse_widget_flow(r.response)) {
            m.info = *f;
            choose_next(m, fx);
            if (!m.redirect_to.empty()) {  // recorded: now the host hears of it and the page leaves
                fx.push_back(post_to_host{host::redirect(m.flow_id, m.redirect_to)});
                fx.push_back(navigate{m.redirect_to});
                m.redirect_to.clear();
            }
        } else {
            fail(m, fx, api::parse_error(r.response));
        }
    }
}

void on_step_finished(model& m, effects& fx, const step_finished& s) {
    if (s.step == "onboarding") {
        if (s.updated) m.info = *s.updated;
        if (!m.reverify) {
            fx.push_back(post_to_host{host::dots_step(s.step, s.status)});
            fx.push_back(post_to_host{host::step_completed(m.flow_id, s.step, s.status)});
        }
        choose_next(m, fx);
        return;
    }
    m.ph = phase::loading;
    m.current_step = s.step;
    if (s.step == "redirect")
        for (const auto& step : m.info.steps)
            if (step.name == "redirect") m.redirect_to = step.options.redirect_url;
    fx.push_back(api_call{"flow.complete", api::complete_step(m.token, s.step, s.status)});
    fx.push_back(post_to_host{host::dots_step(s.step, s.status)});
    fx.push_back(post_to_host{host::step_completed(m.flow_id, s.step, s.status)});
}

}  // namespace

model init(std::string flow_id, std::string link_secret) {
    model m;
    m.flow_id = std::move(flow_id);
    m.link_secret = std::move(link_secret);
    return m;
}

result update(model m, const action& a) {
    effects fx;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, start>) {
                if (m.ph != phase::starting) return;
                if (act.kept_token.empty()) return open_session(m, fx);
                m.ph = phase::loading;
                m.token = act.kept_token;
                fx.push_back(api_call{"flow.resume", api::get_flow(m.token)});
            } else if constexpr (std::is_same_v<T, retry>) {
                if (m.ph == phase::failed && m.error.retryable()) open_session(m, fx);
                if (m.ph == phase::expired) open_session(m, fx);
            } else if constexpr (std::is_same_v<T, step_finished>) {
                if (m.ph == phase::in_step && act.step == m.current_step) on_step_finished(m, fx, act);
            } else if constexpr (std::is_same_v<T, session_lapsed>) {
                fail(m, fx, api::api_error{401, "session_expired", {}, {}, -1, -1});
            } else if constexpr (std::is_same_v<T, api_result>) {
                on_api(m, fx, act);
            }
        },
        a);
    return {std::move(m), std::move(fx)};
}

bool parse_link(const std::string& url, std::string& flow_id, std::string& link_secret) {
    const std::string marker = "/flow/";
    const size_t at = url.find(marker);
    if (at == std::string::npos) return false;
    size_t start = at + marker.size();
    size_t end = url.find_first_of("/?#", start);
    flow_id = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    link_secret.clear();
    const size_t hash = url.find('#');
    if (hash != std::string::npos) {
        std::string frag = url.substr(hash + 1);
        size_t pos = 0;
        while (pos <= frag.size()) {
            size_t amp = frag.find('&', pos);
            std::string kv = frag.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
            if (kv.rfind("s=", 0) == 0) link_secret = kv.substr(2);
            if (amp == std::string::npos) break;
            pos = amp + 1;
        }
    }
    return !flow_id.empty();
}

std::string describe(const api::api_error& e) {
    if (e.status == 0) return "We couldn't reach the server. Check your connection and try again.";
    if (e.code == "flow_not_found" || e.status == 404) return "This link doesn't lead to an active flow. Ask the sender for a new link.";
    if (e.code == "invalid_link" || e.status == 403) return "This link isn't valid. Ask the sender for a new link.";
    if (e.status == 429) return e.message.empty() ? "Too many tries. Wait a moment and try again." : e.message;
    if (e.status >= 500) return "Something went wrong on our side. Try again in a moment.";
    if (!e.message.empty()) return e.message;
    return "Something went wrong. Try again.";
}

}  // namespace fk::flow
