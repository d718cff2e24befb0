// Script interpreter and autopilot (see script.h).
#include "script.h"
#include "flow/phone.h"
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>
#include <thread>

namespace fk::harness {
namespace {

bool flow_done(const runner& r) { return r.model().flow.ph == flow::phase::done; }

const onboarding::model* onboarding_of(const runner& r) { return std::get_if<onboarding::model>(&r.model().step); }

std::string phone_in_use(const runner& r) {
    const auto* m = onboarding_of(r);
    return m ? phone::check(m->region, m->phone).e164 : std::string();
}

bool type_code(runner& r, const options& opt, const std::string& label, std::string e164) {
    if (e164.empty()) e164 = phone_in_use(r);
    if (e164.empty()) e164 = phone_on_file(opt.api, opt.client_id, opt.api_key, r.model().flow.flow_id).value_or("");
    std::optional<std::string> code;
    r.wait_for([&] { return (code = latest_code(opt.api, opt.client_id, opt.api_key, e164)).has_value(); }, opt.expect_timeout_ms);
    if (!code) {
        std::fprintf(stderr, "harness: no one-time code for %s in the sandbox outbox (check --client-id/--api-key)\n", e164.c_str());
        return false;
    }
    return r.driver().type(label, *code);
}

int fail(runner& r, int line_no, const std::string& line, const std::string& why) {
    std::fprintf(stderr, "harness: line %d: %s\n  %s\nscreen:\n%s", line_no, line.c_str(), why.c_str(), r.driver().screen().c_str());
    return 1;
}

// W-9 with sandbox test data (an SSN that the sandbox's test rule matches).
bool pilot_compliance(runner& r, const options& opt) {
    auto& d = r.driver();
    const auto* m = std::get_if<compliance::model>(&r.model().step);
    if (!m) return false;
    switch (m->scr) {
        case compliance::screen::loading:
            return r.wait_for([&] { const auto* c = std::get_if<compliance::model>(&r.model().step); return !c || c->scr != compliance::screen::loading; },
                              opt.expect_timeout_ms);
        case compliance::screen::on_file: return d.click("Continue");
        case compliance::screen::choose: return d.choose("Which describes you?", "US person") && d.click("Continue");
        case compliance::screen::w8ben: return d.click("Back");
        case compliance::screen::w9: break;
    }
    const bool filled = d.choose("Federal tax classification", "Individual") &&
                        d.type("Name (as shown on your income tax return)", "Sandbox Tester") &&
                        d.choose("Taxpayer ID type", "Social Security number") && d.type("SSN", "123456789") &&
                        d.type("Date of birth", "01151990") && d.type("Street address", "1 Sandbox Way") &&
                        d.type("City", "San Francisco") && d.choose("State", "California") && d.type("ZIP code", "94107") &&
                        d.check("I certify that all of the above is true", true) &&
                        d.type("Type your full legal name to sign", "Sandbox Tester") && d.click("Submit");
    if (!filled) return false;
    r.wait_for([&] { const auto* c = std::get_if<compliance::model>(&r.model().step); return !c || !c->busy; }, opt.expect_timeout_ms);
    const auto* after = std::get_if<compliance::model>(&r.model().step);
    if (after && !after->errors.empty()) {
        std::fprintf(stderr, "harness: the W-9 was refused: %s: %s\n", after->errors.begin()->first.c_str(),
                     after->errors.begin()->second.c_str());
        return false;
    }
    return true;
}

// The add-a-method form (manage-payouts, or inside the payout step) with a sandbox bank account.
bool fill_sandbox_bank(ui::driver& d) {
    return d.choose("Payout method type", "Bank account (US)") && d.type("Routing number", "011000015") &&
           d.type("Account number", "000123456789") && d.type("Confirm account number", "000123456789") &&
           d.choose("Account type", "Checking") && d.type("Account holder name", "Sandbox Tester") && d.click("Save");
}

// Withdraws the whole balance to the default method (adding a bank account first if there is
// none) through the review, and waits for the receipt; with nothing to withdraw, finishes.
bool pilot_payout(runner& r, const options& opt) {
    auto& d = r.driver();
    auto current = [&] { return std::get_if<payout_step::model>(&r.model().step); };
    const auto* m = current();
    if (!m) return false;
    auto settled = [&] {
        return r.wait_for([&] { const auto* p = current(); return !p || (!p->sending && p->scr != payout_step::screen::loading &&
                                                                          (p->scr != payout_step::screen::enter || p->quote || !p->amount_error.empty())); },
                          opt.expect_timeout_ms);
    };
    switch (m->scr) {
        case payout_step::screen::loading: return settled();
        case payout_step::screen::no_method: return d.click("Add a payout method") && settled();
        case payout_step::screen::adding: return fill_sandbox_bank(d) && settled();
        case payout_step::screen::empty: return d.click("Continue");
        case payout_step::screen::review: return d.click("Withdraw") && settled();
        case payout_step::screen::receipt:
            if (payout_step::failed(*m)) {
                std::fprintf(stderr, "harness: the payout method refused the withdrawal (the money is back in the balance)\n");
                return false;
            }
            return d.click("Done");
        case payout_step::screen::enter: break;
    }
    if (!m->amount_error.empty()) {
        std::fprintf(stderr, "harness: cannot withdraw: %s\n", m->amount_error.c_str());
        return false;
    }
    return d.click("Review withdrawal") && settled();
}

// Adds a sandbox bank account (it becomes the default), turns automatic payouts on when the
// step requires it, and continues.
bool pilot_manage_payouts(runner& r, const options& opt) {
    auto& d = r.driver();
    const auto* m = std::get_if<manage_payouts::model>(&r.model().step);
    if (!m) return false;
    auto idle = [&] {
        return r.wait_for([&] { const auto* p = std::get_if<manage_payouts::model>(&r.model().step); return !p || (!p->busy && p->scr != manage_payouts::screen::loading); },
                          opt.expect_timeout_ms);
    };
    switch (m->scr) {
        case manage_payouts::screen::loading: return idle();
        case manage_payouts::screen::confirm_remove: return d.click("Keep it");
        case manage_payouts::screen::add:
            return fill_sandbox_bank(d) && idle();
        case manage_payouts::screen::list: break;
    }
    if (m->default_id.empty()) return d.click("Add a payout method");
    if (m->opts.require_auto_payout_method && !m->auto_payout) return d.check("Automatic payouts to my default method", true) && idle();
    if (m->opts.hide_continue_button) return r.wait_for([&] { return !std::holds_alternative<manage_payouts::model>(r.model().step); }, opt.expect_timeout_ms);
    return d.click("Continue");
}

}  // namespace

bool split_words(const std::string& line, std::vector<std::string>& words) {
    words.clear();
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        std::string w;
        if (line[i] == '"') {
            size_t end = line.find('"', i + 1);
            if (end == std::string::npos) return false;
            w = line.substr(i + 1, end - i - 1);
            i = end + 1;
        } else {
            size_t end = line.find_first_of(" \t", i);
            w = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? line.size() : end;
        }
        words.push_back(w);
    }
    return true;
}

int run_script(runner& r, const std::string& script_text, const options& opt) {
    std::istringstream in(script_text);
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
        ++no;
        std::vector<std::string> w;
        if (!split_words(line, w)) return fail(r, no, line, "unterminated quote");
        if (w.empty() || w[0][0] == '#') continue;
        r.pump();
        auto& d = r.driver();
        const std::string& cmd = w[0];
        auto need = [&](size_t n) { return w.size() >= n; };
        bool ok = false;
        std::string why = "not found or disabled";
        if (cmd == "type" && need(3)) {
            ok = r.wait_for([&] { return d.enabled(w[1]); }, opt.expect_timeout_ms) && d.type(w[1], w[2]);
        } else if (cmd == "click" && need(2)) {
            ok = r.wait_for([&] { return d.enabled(w[1]); }, opt.expect_timeout_ms) && d.click(w[1]);
        } else if (cmd == "choose" && need(3)) {
            ok = d.choose(w[1], w[2]);
        } else if (cmd == "check" && need(3)) {
            ok = d.check(w[1], w[2] == "on");
        } else if (cmd == "code" && need(2)) {
            ok = type_code(r, opt, w[1], need(3) ? w[2] : std::string());
        } else if (cmd == "wait" && need(2)) {
            const int ms = (int)(std::atof(w[1].c_str()) * 1000);
            r.wait_for([] { return false; }, ms);
            ok = true;
        } else if (cmd == "expect" && need(2)) {
            std::function<bool()> pred;
            if (w[1] == "done") pred = [&] { return flow_done(r); };
            else if (w[1] == "step" && need(3)) pred = [&] { return r.model().flow.ph == flow::phase::in_step && r.model().flow.current_step == w[2]; };
            else if (w[1] == "text" && need(3)) pred = [&] { return d.shows(w[2]); };
            else if (w[1] == "message" && need(3)) pred = [&] { return r.saw_host_message(w[2]); };
            else if (w[1] == "enabled" && need(3)) pred = [&] { return d.enabled(w[2]); };
            else if (w[1] == "disabled" && need(3)) pred = [&] { return d.has(w[2]) && !d.enabled(w[2]); };
            if (pred) {
                ok = r.wait_for(pred, opt.expect_timeout_ms);
                why = "still not true after " + std::to_string(opt.expect_timeout_ms / 1000) + " s";
            } else {
                why = "unknown expectation";
            }
        } else {
            why = "unknown command or missing argument";
        }
        if (!ok) return fail(r, no, line, why);
        std::printf("OK   %s\n", line.c_str());
    }
    r.pump();
    if (!flow_done(r)) {
        std::fprintf(stderr, "harness: the script ended but the flow did not complete\nscreen:\n%s", r.driver().screen().c_str());
        return 1;
    }
    return 0;
}

int run_autopilot(runner& r, const options& opt) {
    std::string national = opt.phone;
    if (national.empty()) {  // a fresh fictional number per run: 555-01xx numbers are reserved for fiction
        std::mt19937 rng(std::random_device{}());
        national = "20155501" + std::to_string(10 + rng() % 90);
    }
    auto& d = r.driver();
    for (int round = 0; round < 50; ++round) {
        r.pump();
        const auto& f = r.model().flow;
        if (f.ph == flow::phase::done) return 0;
        if (f.ph == flow::phase::failed || f.ph == flow::phase::expired) {
            std::fprintf(stderr, "harness: the flow stopped: %s\nscreen:\n%s", f.error_text.c_str(), d.screen().c_str());
            return 1;
        }
        if (f.ph != flow::phase::in_step) {
            r.wait_for([&] { return r.model().flow.ph != flow::phase::loading; }, opt.expect_timeout_ms);
            continue;
        }
        if (const auto* m = onboarding_of(r)) {
            if (m->scr == onboarding::screen::landing) {
                d.click("Continue");
            } else if (m->scr == onboarding::screen::phone && !m->reverify) {
                d.type("Phone number", national);
                d.click("Continue");
            } else if (m->scr == onboarding::screen::phone) {
                d.click("Send code");
            } else if (m->scr == onboarding::screen::code) {
                std::string e164 = phone::check(m->region, m->phone).e164;
                if (m->reverify) e164 = phone_on_file(opt.api, opt.client_id, opt.api_key, f.flow_id).value_or("");
                if (e164.empty()) {
                    std::fprintf(stderr, "harness: cannot tell which phone the code went to (check --client-id/--api-key)\n");
                    return 1;
                }
                if (!type_code(r, opt, "Verification code", e164)) return 1;
            } else {
                std::fprintf(stderr, "harness: onboarding is locked\nscreen:\n%s", d.screen().c_str());
                return 1;
            }
            r.wait_for([&] { const auto* n = onboarding_of(r); return !n || !n->busy; }, opt.expect_timeout_ms);
            continue;
        }
        if (std::holds_alternative<compliance::model>(r.model().step)) {
            if (!pilot_compliance(r, opt)) {
                std::fprintf(stderr, "harness: autopilot could not complete compliance\nscreen:\n%s", d.screen().c_str());
                return 1;
            }
            continue;
        }
        if (std::holds_alternative<manage_payouts::model>(r.model().step)) {
            if (!pilot_manage_payouts(r, opt)) {
                std::fprintf(stderr, "harness: autopilot could not complete manage-payouts\nscreen:\n%s", d.screen().c_str());
                return 1;
            }
            continue;
        }
        if (std::holds_alternative<payout_step::model>(r.model().step)) {
            if (!pilot_payout(r, opt)) {
                std::fprintf(stderr, "harness: autopilot could not complete the payout\nscreen:\n%s", d.screen().c_str());
                return 1;
            }
            continue;
        }
        if (std::holds_alternative<redirect::model>(r.model().step)) {
            if (!d.click("Continue to")) {
                std::fprintf(stderr, "harness: the redirect step has nowhere to go\nscreen:\n%s", d.screen().c_str());
                return 1;
            }
            continue;
        }
        std::fprintf(stderr, "harness: autopilot does not know the step \"%s\" yet\nscreen:\n%s", f.current_step.c_str(), d.screen().c_str());
        return 1;
    }
    std::fprintf(stderr, "harness: autopilot made no progress\nscreen:\n%s", d.screen().c_str());
    return 1;
}

}  // namespace fk::harness
