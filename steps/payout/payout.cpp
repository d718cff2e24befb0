// payout update (see payout.h).
#include "payout.h"
#include "flow/host_events.h"
#include "flow/money.h"

namespace fk::payout_step {
namespace {

const char* k_wallet = "payout.wallet";
const char* k_methods = "payout.methods";
const char* k_quote = "payout.quote";
const char* k_create = "payout.create";
const char* k_status = "payout.status";
const char* k_poll = "payout.poll";

std::string check_amount(const model& m) {
    const auto cents = money::parse(m.amount_typed);
    if (!cents) return "Enter an amount like 25.00.";
    if (!m.wallet) return {};
    if (*cents < m.wallet->min_payout) return "The smallest withdrawal is " + money::format(m.wallet->min_payout) + ".";
    if (m.wallet->max_payout > 0 && *cents > m.wallet->max_payout)
        return "The largest withdrawal is " + money::format(m.wallet->max_payout) + ".";
    if (*cents > m.wallet->withdrawable) return "You can withdraw up to " + money::format(m.wallet->withdrawable) + ".";
    return {};
}

// Asks for the fee of exactly what is on screen (answers for anything else are dropped).
void requote(model& m, effects& fx, const std::string& token) {
    m.quote.reset();
    m.amount_error = check_amount(m);
    const auto cents = amount(m);
    if (cents && !m.method_id.empty()) fx.push_back(api_call{k_quote, api::quote_payout(token, *cents, m.method_id)});
}

void loaded(model& m, effects& fx, const std::string& token) {
    if (!m.wallet || !m.methods) return;
    if (m.wallet->withdrawable < m.wallet->min_payout) {  // nothing to withdraw: not an error
        m.scr = screen::empty;
        return;
    }
    if (m.methods->methods.empty()) {
        m.scr = screen::no_method;
        return;
    }
    m.scr = screen::enter;
    bool known = false;
    for (const auto& s : m.methods->methods) known = known || s.id == m.method_id;
    if (!known) m.method_id = m.methods->default_id.empty() ? m.methods->methods.front().id : m.methods->default_id;
    if (m.amount_typed.empty()) m.amount_typed = money::format_plain(m.wallet->withdrawable);  // the whole balance
    requote(m, fx, token);
}

void send(model& m, effects& fx, const std::string& token) {
    const int64_t cents = *amount(m);
    if (m.key.empty() || m.key_amount != cents || m.key_method != m.method_id) {  // a new intended payout
        m.key = m.key_seed + "-" + std::to_string(++m.intents);
        m.key_amount = cents;
        m.key_method = m.method_id;
    }
    m.sending = true;
    m.notice.clear();
    fx.push_back(api_call{k_create, api::create_payout(token, cents, m.method_id, m.key)});
}

bool final_status(const std::string& s) { return s == "completed" || s == "failed" || s == "reversed"; }

void on_api(model& m, result& res, const api_result& r, const std::string& token) {
    if (r.response.status == 401) {
        m.sending = false;
        res.session_lapsed = true;
        return;
    }
    if (r.tag == k_wallet || r.tag == k_methods) {
        if (r.tag == k_wallet) {
            if (auto w = api::parse_wallet(r.response)) m.wallet = w;
            else m.notice = flow::describe(api::parse_error(r.response));
        } else {
            if (auto p = api::parse_payout_methods(r.response)) m.methods = p;
            else m.notice = flow::describe(api::parse_error(r.response));
        }
        loaded(m, res.fx, token);
    } else if (r.tag == k_quote) {
        auto q = api::parse_quote(r.response);
        if (q && q->amount == amount(m).value_or(-1) && q->payout_method_id == m.method_id) {
            m.quote = q;
        } else if (!q) {
            const api::api_error e = api::parse_error(r.response);
            if (e.field == "amount") m.amount_error = e.message;
            else if (e.status != 0) m.notice = flow::describe(e);
        }
    } else if (r.tag == k_create) {
        m.sending = false;
        if (auto t = api::parse_transfer(r.response)) {
            m.transfer = t;
            m.uncertain = false;
            m.scr = screen::receipt;
            res.fx.push_back(post_to_host{host::payout_created(m.flow_id, t->id, t->amount)});
            if (!final_status(t->status)) res.fx.push_back(start_timer{k_poll, 1500});
            return;
        }
        const api::api_error e = api::parse_error(r.response);
        if (e.status == 0 || e.status >= 500 || e.status == 429) {
            // No clear answer: the payout may exist. Retrying sends the same key, so it never pays twice.
            m.uncertain = true;
            m.notice = "We couldn't confirm your withdrawal. Check your connection and try again: you won't be paid twice.";
        } else if (e.field == "amount" || e.code == "insufficient_funds") {
            m.amount_error = e.message.empty() ? "You can't withdraw that much." : e.message;
            m.key.clear();  // that payout was refused; another amount is another payout
            m.scr = screen::enter;
        } else {
            m.notice = flow::describe(e);
            m.key.clear();
        }
    } else if (r.tag == k_status) {
        if (auto t = api::parse_transfer(r.response)) m.transfer = t;
        if (m.transfer && !final_status(m.transfer->status)) res.fx.push_back(start_timer{k_poll, 1500});
    }
}

// The embedded add form: the list it gets back after saving becomes the payout's choice.
void on_adding(model& m, result& res, const manage_payouts::action& a, const std::string& token) {
    if (!m.adding) return;
    manage_payouts::result r = manage_payouts::update(*m.adding, a, token);
    for (auto& e : r.fx) {  // its calls come back tagged for it; forward them as ours
        if (auto* call = std::get_if<api_call>(&e)) call->tag = "payout.adding." + call->tag;
        res.fx.push_back(std::move(e));
    }
    res.session_lapsed = r.session_lapsed;
    if (r.m.scr == manage_payouts::screen::list) {  // saved or canceled
        if (!r.m.methods.empty()) {
            m.methods = api::payout_methods{r.m.methods, r.m.default_id, r.m.auto_payout};
            m.method_id.clear();
        }
        m.adding.reset();
        m.scr = screen::loading;
        loaded(m, res.fx, token);
        if (m.scr == screen::loading) m.scr = screen::no_method;
        return;
    }
    m.adding = std::move(r.m);
}

}  // namespace

std::optional<int64_t> amount(const model& m) {
    if (!check_amount(m).empty()) return std::nullopt;
    return money::parse(m.amount_typed);
}

namespace {
bool quoted(const model& m) {
    return !m.sending && m.quote && amount(m) && m.quote->amount == *amount(m) && m.quote->payout_method_id == m.method_id;
}
}  // namespace

bool can_review(const model& m) { return m.scr == screen::enter && quoted(m); }
bool can_confirm(const model& m) { return m.scr == screen::review && quoted(m); }
bool failed(const model& m) {
    return m.scr == screen::receipt && m.transfer && (m.transfer->status == "failed" || m.transfer->status == "reversed");
}

result enter(const flow::model& f, const std::string& entropy) {
    result r;
    r.m.flow_id = f.flow_id;
    r.m.key_seed = f.flow_id + "-" + entropy;
    r.fx.push_back(api_call{k_wallet, api::get_wallet(f.token)});
    r.fx.push_back(api_call{k_methods, api::get_payout_methods(f.token)});
    return r;
}

result update(model m, const action& a, const std::string& token) {
    result res;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, amount_edited>) {
                if (m.scr != screen::enter || m.sending) return;
                m.amount_typed = act.text.substr(0, 20);
                requote(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, method_chosen>) {
                if (m.scr != screen::enter || m.sending || !m.methods) return;
                for (const auto& s : m.methods->methods)
                    if (s.id == act.id) m.method_id = act.id;
                requote(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, review_pressed>) {
                if (can_review(m)) m.scr = screen::review;
            } else if constexpr (std::is_same_v<T, edit_pressed>) {
                if (m.scr == screen::review && !m.sending) m.scr = screen::enter;
            } else if constexpr (std::is_same_v<T, confirm_pressed>) {
                if (can_confirm(m)) send(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, try_again_pressed>) {
                if (!failed(m)) return;
                // The refused payout is over: the next one is another intended payout (a new key),
                // from a fresh balance (the money came back), same amount and method to start from.
                m.transfer.reset();
                m.key.clear();
                m.uncertain = false;
                m.notice.clear();
                m.wallet.reset();
                m.methods.reset();
                m.scr = screen::loading;
                res.fx.push_back(api_call{k_wallet, api::get_wallet(token)});
                res.fx.push_back(api_call{k_methods, api::get_payout_methods(token)});
            } else if constexpr (std::is_same_v<T, finish_pressed>) {
                if (m.scr == screen::empty) res.finished = flow::step_finished{"payout", "completed", std::nullopt};
            } else if constexpr (std::is_same_v<T, add_method_pressed>) {
                if (m.scr != screen::no_method && m.scr != screen::enter) return;
                manage_payouts::model add;
                add.scr = manage_payouts::screen::add;
                add.draft.platform = "ach";
                if (m.methods) {
                    add.methods = m.methods->methods;
                    add.default_id = m.methods->default_id;
                }
                m.adding = std::move(add);
                m.scr = screen::adding;
            } else if constexpr (std::is_same_v<T, adding>) {
                on_adding(m, res, act.a, token);
            } else if constexpr (std::is_same_v<T, done_pressed>) {
                if (m.scr == screen::receipt && !failed(m)) res.finished = flow::step_finished{"payout", "completed", std::nullopt};
            } else if constexpr (std::is_same_v<T, reload_pressed>) {
                m.notice.clear();
                m.wallet.reset();
                m.methods.reset();
                m.scr = screen::loading;
                res.fx.push_back(api_call{k_wallet, api::get_wallet(token)});
                res.fx.push_back(api_call{k_methods, api::get_payout_methods(token)});
            } else if constexpr (std::is_same_v<T, timer_fired>) {
                if (act.tag == k_poll && m.transfer) res.fx.push_back(api_call{k_status, api::get_transfer(token, m.transfer->id)});
            } else if constexpr (std::is_same_v<T, api_result>) {
                const std::string prefix = "payout.adding.";
                if (act.tag.rfind(prefix, 0) == 0) on_adding(m, res, api_result{act.tag.substr(prefix.size()), act.response}, token);
                else on_api(m, res, act, token);
            }
        },
        a);
    res.m = std::move(m);
    return res;
}

}  // namespace fk::payout_step
