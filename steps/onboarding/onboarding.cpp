// Onboarding update (see onboarding.h). All words a person reads are decided here or in the view.
#include "onboarding.h"

namespace fk::onboarding {
namespace {

const char* k_send = "onboarding.send_code";
const char* k_verify = "onboarding.verify";
const char* k_tick = "onboarding.tick";

std::string region_name(const std::string& code) {
    int i = phone::region_index(code);
    return i >= 0 ? phone::regions()[i].name : code;
}

void recheck_phone(model& m) {
    const phone::check_result c = phone::check(m.region, m.phone);
    m.verdict = c.v;
    m.phone_error = phone::problem(c, region_name(m.region));
}

void send(model& m, effects& fx, const std::string& token) {
    if (m.reverify) {
        fx.push_back(api_call{k_send, api::send_code_to_phone_on_file(token)});
    } else {
        const phone::check_result c = phone::check(m.region, m.phone);
        fx.push_back(api_call{k_send, api::send_code(token, c.country_code, c.national_number)});
    }
    m.busy = true;
    m.notice.clear();
}

void verify(model& m, effects& fx, const std::string& token) {
    m.busy = true;
    m.code_error.clear();
    m.notice.clear();
    fx.push_back(api_call{k_verify, api::verify_code(token, m.code)});
}

void start_cooldown(model& m, effects& fx, int seconds) {
    m.resend_at_ms = m.now_ms + int64_t(seconds) * 1000;
    if (seconds > 0) fx.push_back(start_timer{k_tick, 1000});
}

std::string attempts_text(int left) {
    if (left == 1) return "That code isn't right. You have 1 attempt left.";
    return "That code isn't right. You have " + std::to_string(left) + " attempts left.";
}

void on_sent(model& m, effects& fx, const http_response& r) {
    m.busy = false;
    if (auto s = api::parse_code_sent(r)) {
        const bool resent = m.scr != screen::phone;
        m.info = resent ? "We sent a new code to " + s->sent_to + "." : std::string();
        ++m.codes_sent;
        m.scr = screen::code;
        m.sent_to = s->sent_to;
        m.code.clear();
        m.code_error.clear();
        m.attempts_left = 5;
        start_cooldown(m, fx, s->resend_in);
        return;
    }
    const api::api_error e = api::parse_error(r);
    if (e.code == "resend_throttled") {
        start_cooldown(m, fx, e.retry_after > 0 ? e.retry_after : 30);
        m.notice = "A code was sent moments ago. You can ask for another one when the timer runs out.";
    } else if (e.field == "phone_number" || e.code == "invalid_phone_number") {
        m.scr = screen::phone;
        m.phone_error = e.message.empty() ? "We can't send a code to this number. Check it and try again." : e.message;
    } else {
        m.notice = flow::describe(e);
    }
}

void on_verified(model& m, result& res, const http_response& r) {
    m.busy = false;
    if (auto v = api::parse_verified(r)) {
        res.finished = flow::step_finished{"onboarding", "completed", v->flow};
        return;
    }
    const api::api_error e = api::parse_error(r);
    if (e.code == "invalid_code") {
        m.attempts_left = e.attempts_left >= 0 ? e.attempts_left : m.attempts_left - 1;
        m.code_error = attempts_text(m.attempts_left);
        m.code.clear();  // a wrong code is cleared: the next six digits are a fresh try
        m.info.clear();
        if (m.attempts_left <= 0) m.scr = screen::locked;
    } else if (e.code == "too_many_attempts") {
        m.attempts_left = 0;
        m.scr = screen::locked;
    } else if (e.code == "code_expired" || e.code == "no_code_sent") {
        m.code_error = "This code has expired. Send a new code and enter it here.";
        m.resend_at_ms = 0;
    } else {
        m.notice = flow::describe(e);
    }
}

}  // namespace

model init(const flow::model& f) {
    model m;
    m.reverify = f.reverify;
    if (f.info.hint) m.hint = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2" + f.info.hint->last4;  // "•••0123"
    if (f.info.payout_link) {  // a payout link: say who pays and how much before asking for anything
        m.scr = screen::landing;
        m.payer = f.info.app_name;
        m.link_amount = f.info.payout_link->amount;
        m.memo = f.info.payout_link->memo;
    }
    return m;
}

bool can_send(const model& m) { return !m.busy && (m.reverify || m.verdict == phone::verdict::ok); }

int resend_wait_seconds(const model& m) {
    if (m.now_ms >= m.resend_at_ms) return 0;
    return int((m.resend_at_ms - m.now_ms + 999) / 1000);
}

result update(model m, const action& a, const std::string& token, int64_t now_ms) {
    result res;
    m.now_ms = now_ms;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, region_chosen>) {
                if (phone::region_index(act.region) >= 0) {
                    m.region = act.region;
                    m.phone = phone::format_as_you_type(m.region, m.phone);
                    recheck_phone(m);
                }
            } else if constexpr (std::is_same_v<T, phone_edited>) {
                m.phone = phone::format_as_you_type(m.region, act.text);
                recheck_phone(m);
            } else if constexpr (std::is_same_v<T, send_pressed>) {
                if (m.scr == screen::phone && can_send(m)) send(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, code_edited>) {
                const std::string before = m.code;
                m.code = phone::digits_only(act.text).substr(0, k_code_length);
                if (m.code != before) m.code_error.clear();
                if (!m.code.empty()) m.info.clear();
                // Six digits typed or pasted: verify right away (the Verify button stays for clarity).
                if (m.scr == screen::code && !m.busy && m.code.size() == k_code_length && before != m.code)
                    verify(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, verify_pressed>) {
                if (m.scr == screen::code && !m.busy && m.code.size() == k_code_length) verify(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, resend_pressed>) {
                if (m.scr != screen::phone && !m.busy && resend_wait_seconds(m) == 0) send(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, landing_continue_pressed>) {
                if (m.scr == screen::landing) m.scr = screen::phone;
            } else if constexpr (std::is_same_v<T, different_number_pressed>) {
                if (!m.reverify && !m.busy) {
                    m.scr = screen::phone;
                    m.code.clear();
                    m.code_error.clear();
                    m.notice.clear();
                }
            } else if constexpr (std::is_same_v<T, timer_fired>) {
                if (act.tag == k_tick && resend_wait_seconds(m) > 0) res.fx.push_back(start_timer{k_tick, 1000});
            } else if constexpr (std::is_same_v<T, api_result>) {
                if (act.response.status == 401) {
                    m.busy = false;
                    res.session_lapsed = true;
                } else if (act.tag == k_send) {
                    on_sent(m, res.fx, act.response);
                } else if (act.tag == k_verify) {
                    on_verified(m, res, act.response);
                }
            }
        },
        a);
    res.m = std::move(m);
    return res;
}

}  // namespace fk::onboarding
