// manage-payouts update (see manage_payouts.h).
#include "manage_payouts.h"
#include "flow/payout_methods_json.h"
#include "flow/phone.h"

namespace fk::manage_payouts {
namespace {

const char* k_list = "manage_payouts.list";
const char* k_change = "manage_payouts.change";

std::string* text_of(model& m, const std::string& f) {
    payout::method& d = m.draft;
    struct entry { const char* name; std::string* s; };
    const entry table[] = {
        {"routing_number", &d.routing_number}, {"account_number", &d.account_number}, {"account_type", &d.account_type},
        {"account_holder_name", &d.account_holder_name}, {"email", &d.email}, {"cash_tag", &d.cash_tag},
        {"country", &d.country}, {"iban", &d.iban}, {"swift", &d.swift}, {"currency", &d.currency},
        {"account_confirm", &m.account_confirm}, {"venmo", &m.venmo_typed},
    };
    for (const entry& e : table)
        if (f == e.name) return &*e.s;
    return nullptr;
}

// The draft as the API gets it: Venmo's one field becomes a phone number or a handle.
payout::method outgoing(const model& m) {
    payout::method d = m.draft;
    d.phone_number.clear();
    d.handle.clear();
    if (d.platform == "venmo") {
        if (!m.venmo_typed.empty() && m.venmo_typed[0] == '@') {
            d.handle = m.venmo_typed;
        } else {
            const auto c = phone::check("US", m.venmo_typed);
            d.phone_number = c.e164.empty() ? m.venmo_typed : c.e164;
        }
    }
    return d;
}

payout::errors check(const model& m) {
    payout::errors errs = payout::validate(outgoing(m));
    for (auto& e : errs)
        if (e.field == "phone_number" || e.field == "handle") e.field = "venmo";  // one field on screen
    if (m.draft.platform == "ach" && m.account_confirm != m.draft.account_number)
        errs.push_back({"account_confirm", "The account numbers don't match."});
    return errs;
}

void show(model& m, const payout::errors& errs) {
    m.errors.clear();
    for (const auto& e : errs) m.errors.emplace(e.field, e.message);
}

void apply_list(model& m, const api::payout_methods& p) {
    m.methods = p.methods;
    m.default_id = p.default_id;
    m.auto_payout = p.auto_payout;
}

void mutate(model& m, effects& fx, http_request req) {
    m.busy = true;
    m.notice.clear();
    fx.push_back(api_call{k_change, std::move(req)});
}

void finish_if_hidden(model& m, result& res) {
    // Without a Continue button the step is done as soon as a change leaves its requirements met.
    if (m.opts.hide_continue_button && m.changed && can_continue(m))
        res.finished = flow::step_finished{"manage-payouts", "completed", std::nullopt};
}

void on_api(model& m, result& res, const api_result& r) {
    if (r.response.status == 401) {
        m.busy = false;
        res.session_lapsed = true;
        return;
    }
    const bool listing = r.tag == k_list;
    if (!listing && r.tag != k_change) return;
    m.busy = false;
    m.auto_payout_pending.reset();  // the answer (or its failure) decides what the toggle shows
    if (auto p = api::parse_payout_methods(r.response)) {
        apply_list(m, *p);
        if (!listing) {
            m.changed = true;
            if (m.scr == screen::add) {  // saved: back to the list, the form is done
                m.draft = payout::method{};
                m.draft.platform = "ach";
                m.account_confirm.clear();
                m.venmo_typed.clear();
                m.errors.clear();
                m.tried = false;
            }
            m.scr = screen::list;
            m.removing.clear();
            finish_if_hidden(m, res);
        } else {
            m.scr = screen::list;
        }
        return;
    }
    const api::api_error e = api::parse_error(r.response);
    if (listing) {
        m.scr = screen::list;
        m.notice = flow::describe(e);
        return;
    }
    if (m.scr == screen::add && !e.field_errors.empty()) {
        payout::errors errs;
        for (const auto& [field, message] : e.field_errors)
            errs.push_back({field == "phone_number" || field == "handle" ? "venmo" : field, message});
        show(m, errs);
        ++m.rejected;
        m.notice = "The server found a problem. Check the highlighted fields; nothing you typed was lost.";
    } else {
        m.notice = flow::describe(e);
    }
}

}  // namespace

const payout::saved* find(const model& m, const std::string& id) {
    for (const auto& s : m.methods)
        if (s.id == id) return &s;
    return nullptr;
}

bool can_continue(const model& m) { return !m.busy && why_not(m).empty(); }

std::string why_not(const model& m) {
    if (m.opts.require_default_payout_method && m.default_id.empty())
        return "Add a payout method to continue: it becomes your default.";
    if (m.opts.require_auto_payout_method && !m.auto_payout) return "Turn on automatic payouts to continue.";
    return {};
}

result enter(const flow::model& f) {
    result r;
    for (const auto& s : f.info.steps)
        if (s.name == "manage-payouts") r.m.opts = s.options;
    r.m.draft.platform = "ach";
    r.fx.push_back(api_call{k_list, api::get_payout_methods(f.token)});
    return r;
}

result update(model m, const action& a, const std::string& token) {
    result res;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, add_pressed>) {
                if (m.scr == screen::list && !m.busy) m.scr = screen::add;
            } else if constexpr (std::is_same_v<T, platform_chosen>) {
                static const char* known[] = {"ach", "paypal", "venmo", "cash_app", "intl_transfer"};
                for (const char* k : known)
                    if (act.platform == k) m.draft.platform = act.platform;
                m.errors.clear();
                m.tried = false;
            } else if constexpr (std::is_same_v<T, edited>) {
                std::string* s = m.scr == screen::add && !m.busy ? text_of(m, act.field) : nullptr;
                if (!s) return;
                *s = act.value.substr(0, payout::k_max_text);
                if (m.tried) show(m, check(m));
            } else if constexpr (std::is_same_v<T, save_pressed>) {
                if (m.scr != screen::add || m.busy) return;
                m.tried = true;
                const payout::errors errs = check(m);
                show(m, errs);
                if (!errs.empty()) {
                    m.notice.clear();
                    ++m.rejected;
                    return;
                }
                mutate(m, res.fx, api::add_payout_method(token, payout::request_json(outgoing(m)).dump()));
            } else if constexpr (std::is_same_v<T, cancel_pressed>) {
                if (!m.busy && (m.scr == screen::add || m.scr == screen::confirm_remove)) {
                    m.scr = screen::list;  // the draft stays for next time
                    m.removing.clear();
                    m.notice.clear();
                }
            } else if constexpr (std::is_same_v<T, make_default_pressed>) {
                if (m.scr == screen::list && !m.busy && find(m, act.id) && act.id != m.default_id)
                    mutate(m, res.fx, api::set_default_payout_method(token, act.id));
            } else if constexpr (std::is_same_v<T, remove_pressed>) {
                if (m.scr == screen::list && !m.busy && find(m, act.id)) {
                    m.removing = act.id;
                    m.scr = screen::confirm_remove;
                }
            } else if constexpr (std::is_same_v<T, remove_confirmed>) {
                if (m.scr == screen::confirm_remove && !m.busy) mutate(m, res.fx, api::remove_payout_method(token, m.removing));
            } else if constexpr (std::is_same_v<T, auto_payout_toggled>) {
                if (m.scr == screen::list && !m.busy && act.on != m.auto_payout) {
                    if (act.on && m.default_id.empty()) {
                        m.notice = "Choose a default payout method first.";
                        return;
                    }
                    m.auto_payout_pending = act.on;  // the checkbox keeps the click while saving
                    mutate(m, res.fx, api::set_auto_payout(token, act.on));
                }
            } else if constexpr (std::is_same_v<T, continue_pressed>) {
                if (m.scr == screen::list && can_continue(m))
                    res.finished = flow::step_finished{"manage-payouts", m.changed ? "completed" : "completed-saved", std::nullopt};
            } else if constexpr (std::is_same_v<T, retry_pressed>) {
                if (!m.busy) {
                    m.notice.clear();
                    m.busy = true;
                    res.fx.push_back(api_call{k_list, api::get_payout_methods(token)});
                }
            } else if constexpr (std::is_same_v<T, api_result>) {
                on_api(m, res, act);
            }
        },
        a);
    res.m = std::move(m);
    return res;
}

}  // namespace fk::manage_payouts
