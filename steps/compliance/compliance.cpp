// Compliance update (see compliance.h).
#include "compliance.h"
#include "flow/tax_json.h"

namespace fk::compliance {
namespace {

const char* k_get = "compliance.get";
const char* k_put = "compliance.put";

// The text a field path edits, or nullptr for a path this step does not have.
std::string* text_of(model& m, const std::string& f) {
    tax::w9& a = m.w9;
    tax::w8ben& b = m.w8;
    struct entry { const char* path; std::string* s; };
    const entry table[] = {
        {"w9.tax_classification", &a.tax_classification}, {"w9.llc_tax_classification", &a.llc_tax_classification},
        {"w9.name", &a.name}, {"w9.business_name", &a.business_name}, {"w9.tin_type", &a.tin_type}, {"w9.tin", &a.tin},
        {"w9.address.line_1", &a.address.line_1}, {"w9.address.line_2", &a.address.line_2},
        {"w9.address.city", &a.address.city}, {"w9.address.state", &a.address.state},
        {"w9.address.postcode", &a.address.postcode}, {"w9.signature.name", &a.sig.name},
        {"w8ben.name", &b.name}, {"w8ben.citizenship_country", &b.citizenship_country},
        {"w8ben.address.line_1", &b.residence.line_1}, {"w8ben.address.line_2", &b.residence.line_2},
        {"w8ben.address.city", &b.residence.city}, {"w8ben.address.state", &b.residence.state},
        {"w8ben.address.postcode", &b.residence.postcode}, {"w8ben.address.country", &b.residence.country},
        {"w8ben.foreign_tax_id", &b.foreign_tax_id}, {"w8ben.foreign_tax_id_reason", &b.foreign_tax_id_reason},
        {"w8ben.tin", &b.us_tin}, {"w8ben.tax_treaty_country", &b.treaty_country},
        {"w8ben.tax_treaty_citation", &b.treaty_citation}, {"w8ben.tax_treaty_rate", &b.treaty_rate},
        {"w8ben.tax_treaty_income_type", &b.treaty_income_type}, {"w8ben.signature.name", &b.sig.name},
        {"w8ben.signature.capacity", &b.sig.capacity},
    };
    for (const entry& e : table)
        if (f == e.path) return e.s;
    if (b.mailing) {
        const entry mailing[] = {
            {"w8ben.mailing_address.line_1", &b.mailing->line_1}, {"w8ben.mailing_address.line_2", &b.mailing->line_2},
            {"w8ben.mailing_address.city", &b.mailing->city}, {"w8ben.mailing_address.state", &b.mailing->state},
            {"w8ben.mailing_address.postcode", &b.mailing->postcode}, {"w8ben.mailing_address.country", &b.mailing->country},
        };
        for (const entry& e : mailing)
            if (f == e.path) return e.s;
    }
    return nullptr;
}

bool is_secret(const std::string& f) { return f == "w9.tin" || f == "w8ben.tin"; }

void sign_today(model& m) {
    m.w9.sig.date = tax::format_date(m.today);
    m.w8.sig.date = tax::format_date(m.today);
}

tax::errors check(const model& m) {
    return m.scr == screen::w9 ? tax::validate(m.w9, m.today) : tax::validate(m.w8, m.today);
}

void show(model& m, const tax::errors& errs) {
    m.errors.clear();
    for (const auto& e : errs) m.errors.emplace(e.field, e.message);  // the first message per field wins
    // The form asks for MM/DD/YYYY, so say it that way while the date is incomplete.
    for (const char* f : {"w9.date_of_birth", "w8ben.date_of_birth"})
        if (m.errors.count(f) && iso_from_typed(m.dob_typed).empty())
            m.errors[f] = "Enter your date of birth as MM/DD/YYYY.";
}

// Shows the current problems next to their fields and counts them in the notice (kept in step
// with every edit after the first submit, so it never says more than is left to fix).
tax::errors recheck(model& m) {
    const tax::errors errs = check(m);
    show(m, errs);
    m.notice = errs.empty() ? std::string()
               : errs.size() == 1 ? "One thing needs fixing before you submit."
                                  : std::to_string(errs.size()) + " things need fixing before you submit.";
    return errs;
}

void submit(model& m, effects& fx, const std::string& token) {
    m.tried = true;
    sign_today(m);
    if (!recheck(m).empty()) {
        ++m.rejected;
        return;
    }
    m.notice.clear();
    m.busy = true;
    const auto body = m.scr == screen::w9 ? tax::request_json(m.w9) : tax::request_json(m.w8);
    fx.push_back(api_call{k_put, api::put_compliance(token, body.dump())});
}

void on_api(model& m, result& res, const api_result& r) {
    if (r.response.status == 401) {
        m.busy = false;
        res.session_lapsed = true;
        return;
    }
    if (r.tag == k_get) {
        auto c = api::parse_compliance(r.response);
        if (c && c->collected) {
            m.on_file = *c;
            m.scr = screen::on_file;
        } else {
            m.scr = screen::choose;  // nothing on file, or we could not tell: asking again is harmless
        }
        return;
    }
    if (r.tag != k_put) return;
    m.busy = false;
    if (api::parse_compliance(r.response) || api::ok(r.response)) {
        res.finished = flow::step_finished{"compliance", "completed", std::nullopt};
        return;
    }
    const api::api_error e = api::parse_error(r.response);
    if (!e.field_errors.empty()) {
        tax::errors errs;
        for (const auto& [field, message] : e.field_errors) errs.push_back({field, message});
        show(m, errs);
        ++m.rejected;
        m.notice = "The server found a problem. Check the highlighted fields; nothing you typed was lost.";
    } else {
        m.notice = flow::describe(e);
    }
}

}  // namespace

std::string format_typed_date(const std::string& typed) {
    const std::string d = tax::digits(typed).substr(0, 8);
    std::string out = d.substr(0, 2);
    if (d.size() > 2) out += "/" + d.substr(2, 2);
    if (d.size() > 4) out += "/" + d.substr(4);
    return out;
}

std::string iso_from_typed(const std::string& typed) {
    const std::string d = tax::digits(typed);
    if (d.size() != 8) return {};
    return d.substr(4, 4) + "-" + d.substr(0, 2) + "-" + d.substr(2, 2);
}

std::string error_for(const model& m, const std::string& field) {
    auto it = m.errors.find(field);
    return it == m.errors.end() ? std::string() : it->second;
}

result enter(const flow::model& f, const tax::date& today) {
    result r;
    r.m.today = today;
    // Default the question from the verified phone: +1 numbers are most likely US persons.
    r.m.form = f.info.hint && f.info.hint->country_code != "1" ? "w8ben" : "w9";
    sign_today(r.m);
    r.fx.push_back(api_call{k_get, api::get_compliance(f.token)});
    return r;
}

result update(model m, const action& a, const std::string& token) {
    result res;
    std::visit(
        [&](const auto& act) {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, form_chosen>) {
                if (act.form == "w9" || act.form == "w8ben") m.form = act.form;
            } else if constexpr (std::is_same_v<T, choose_continue_pressed>) {
                if (m.scr == screen::choose) {
                    m.scr = m.form == "w9" ? screen::w9 : screen::w8ben;
                    m.errors.clear();
                    m.notice.clear();
                    m.tried = false;
                }
            } else if constexpr (std::is_same_v<T, edited>) {
                if (m.busy) return;
                if (act.field == "w9.date_of_birth" || act.field == "w8ben.date_of_birth") {
                    m.dob_typed = format_typed_date(act.value);
                    const std::string iso = iso_from_typed(m.dob_typed);
                    m.w9.date_of_birth = m.w8.date_of_birth = iso.empty() ? m.dob_typed : iso;
                } else if (std::string* s = text_of(m, act.field)) {
                    *s = is_secret(act.field) ? tax::digits(act.value).substr(0, 9) : act.value.substr(0, tax::k_max_text);
                    if (act.field == "w9.tax_classification") {  // the usual TIN for the classification
                        const bool individual = m.w9.tax_classification == "individual";
                        if (!individual) m.w9.tin_type = "ein";
                        else if (m.w9.tin_type == "ein") m.w9.tin_type = "ssn";
                    }
                } else {
                    return;
                }
                if (m.tried) recheck(m);  // errors go away as they are fixed
            } else if constexpr (std::is_same_v<T, toggled>) {
                if (m.busy) return;
                if (act.field == "w9.signature.consent") m.w9.sig.consent = act.on;
                else if (act.field == "w8ben.signature.consent") m.w8.sig.consent = act.on;
                else if (act.field == "w8ben.treaty_claim") m.w8.treaty_claim = act.on;
                else if (act.field == "w8ben.mailing_address") {
                    if (act.on && !m.w8.mailing) m.w8.mailing = tax::address{};
                    if (!act.on) m.w8.mailing.reset();
                }
                if (m.tried) recheck(m);
            } else if constexpr (std::is_same_v<T, submit_pressed>) {
                if ((m.scr == screen::w9 || m.scr == screen::w8ben) && !m.busy) submit(m, res.fx, token);
            } else if constexpr (std::is_same_v<T, back_pressed>) {
                if ((m.scr == screen::w9 || m.scr == screen::w8ben) && !m.busy) m.scr = screen::choose;  // typed text stays
            } else if constexpr (std::is_same_v<T, replace_pressed>) {
                if (m.scr == screen::on_file) m.scr = screen::choose;
            } else if constexpr (std::is_same_v<T, keep_pressed>) {
                if (m.scr == screen::on_file) res.finished = flow::step_finished{"compliance", "completed", std::nullopt};
            } else if constexpr (std::is_same_v<T, api_result>) {
                on_api(m, res, act);
            }
        },
        a);
    res.m = std::move(m);
    return res;
}

}  // namespace fk::compliance
