// Compliance screens (see compliance_view.h). Every field shows its error right below it.
#include "compliance_view.h"
#include "flow/phone.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"
#include <vector>

namespace fk::compliance {
namespace {

using dispatch_fn = std::function<void(action)>;
using options = std::vector<std::pair<std::string, std::string>>;  // {value, label}

// Option lists whose labels are words (not names): translated for the current locale.
options words(options opts) {
    for (auto& o : opts) o.second = ui::tr(o.second);
    return opts;
}

// A drop-down bound to the text at `field`; the first option is "Select…" when `placeholder`.
// Option labels are shown as given: pass words(...) for lists that are words, not names.
void choice(const model& m, const dispatch_fn& dispatch, const char* label, const std::string& field,
            const std::string& value, const options& opts, bool placeholder = true) {
    std::vector<std::string> labels;
    int index = -1;
    if (placeholder) labels.push_back(ui::tr("Select\xE2\x80\xA6"));
    for (size_t i = 0; i < opts.size(); ++i) {
        labels.push_back(opts[i].second);
        if (opts[i].first == value) index = (int)(i + (placeholder ? 1 : 0));
    }
    if (index < 0 && placeholder) index = 0;
    if (ui::select(ui::tr(label).c_str(), &index, labels, ui::tr(error_for(m, field)))) {
        const int i = index - (placeholder ? 1 : 0);
        dispatch(edited{field, i >= 0 ? opts[(size_t)i].first : std::string()});
    }
}

void field(const model& m, const dispatch_fn& dispatch, const char* label, const std::string& path,
           const std::string& value, ui::field_kind kind = ui::field_kind::text, const char* hint = nullptr, int max_len = 0) {
    std::string typed = value;
    const std::string shown_hint = hint ? ui::tr(hint) : std::string();
    if (ui::text_field(ui::tr(label).c_str(), typed, kind, hint ? shown_hint.c_str() : nullptr, max_len, ui::tr(error_for(m, path))))
        dispatch(edited{path, typed});
}

void check(const dispatch_fn& dispatch, const char* label, const std::string& path, bool value, const model& m) {
    bool v = value;
    if (ui::checkbox(ui::tr(label).c_str(), &v)) dispatch(toggled{path, v});
    const std::string err = error_for(m, path);
    if (!err.empty()) ui::text(ui::tr(err), ui::role::alert, path.c_str());
}

// Country and state names are names: they stay English in every locale.
const options& countries() {
    static const options list = [] {  // computed once from constant data
        options out;
        for (const auto& r : phone::regions()) out.emplace_back(r.code, r.name);
        return out;
    }();
    return list;
}
const options& foreign_countries() {
    static const options list = [] {
        options out;
        for (const auto& c : countries())
            if (c.first != "US") out.push_back(c);
        return out;
    }();
    return list;
}
const options& us_states() {
    static const options list = [] {
        options out;
        for (const auto& [code, name] : tax::us_states()) out.emplace_back(code, name);
        return out;
    }();
    return list;
}

void submit_row(const model& m, const dispatch_fn& dispatch) {
    ui::focus_first_invalid_on(m.rejected);  // a refused submit: focus (and scroll to) the first problem
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::spacing();
    if (ui::button(ui::tr(m.busy ? "Submitting\xE2\x80\xA6###submit" : "Submit###submit").c_str(), true, !m.busy))
        dispatch(submit_pressed{});
    if (ui::button(ui::tr("Back").c_str(), false, !m.busy)) dispatch(back_pressed{});
}

void signature(const model& m, const dispatch_fn& dispatch, const std::string& form, const tax::signature& sig,
               const char* certification) {
    ui::spacing();
    ui::heading(ui::tr("Sign").c_str(), 2);
    ui::text(ui::tr(certification));
    check(dispatch, "I certify that all of the above is true", form + ".signature.consent", sig.consent, m);
    field(m, dispatch, "Type your full legal name to sign", form + ".signature.name", sig.name, ui::field_kind::name);
    ui::text(ui::tr("Date: " + tax::format_date(m.today)), ui::role::paragraph, "##sigdate");
}

void w9_form(const model& m, const dispatch_fn& dispatch) {
    const tax::w9& f = m.w9;
    ui::heading(ui::tr("W-9: US tax information").c_str());
    ui::text(ui::tr("The IRS requires this before you can be paid. It's encrypted and only the last 4 digits of your tax ID are ever shown."));
    ui::spacing();
    const options classes = words({tax::tax_classifications().begin(), tax::tax_classifications().end()});
    choice(m, dispatch, "Federal tax classification", "w9.tax_classification", f.tax_classification, classes, false);
    if (f.tax_classification == "llc")
        choice(m, dispatch, "LLC tax classification", "w9.llc_tax_classification", f.llc_tax_classification,
               words({{"C", "C corporation"}, {"S", "S corporation"}, {"P", "Partnership"}}));
    field(m, dispatch, "Name (as shown on your income tax return)", "w9.name", f.name, ui::field_kind::name);
    if (tax::needs_business_name(f.tax_classification))
        field(m, dispatch, "Business name", "w9.business_name", f.business_name);
    choice(m, dispatch, "Taxpayer ID type", "w9.tin_type", f.tin_type,
           words({{"ssn", "Social Security number (SSN)"}, {"ein", "Employer ID number (EIN)"},
                  {"itin", "Individual taxpayer ID (ITIN)"}}),
           false);
    const char* tin_label = f.tin_type == "ein" ? "EIN" : f.tin_type == "itin" ? "ITIN" : "SSN";
    field(m, dispatch, tin_label, "w9.tin", f.tin, ui::field_kind::secret_digits, "9 digits", 9);
    field(m, dispatch, "Date of birth", "w9.date_of_birth", m.dob_typed, ui::field_kind::birth_date, "MM/DD/YYYY", 10);
    ui::spacing();
    ui::heading(ui::tr("US address").c_str(), 2);
    field(m, dispatch, "Street address", "w9.address.line_1", f.address.line_1, ui::field_kind::street_address);
    field(m, dispatch, "Apartment, suite (optional)", "w9.address.line_2", f.address.line_2);
    field(m, dispatch, "City", "w9.address.city", f.address.city, ui::field_kind::city);
    choice(m, dispatch, "State", "w9.address.state", f.address.state, us_states());
    field(m, dispatch, "ZIP code", "w9.address.postcode", f.address.postcode, ui::field_kind::us_zip, "12345", 10);
    signature(m, dispatch, "w9", f.sig,
              "Under penalties of perjury, I certify that the number shown is my correct taxpayer identification number, "
              "that I am not subject to backup withholding, that I am a US citizen or other US person, and that any "
              "FATCA code entered is correct.");
    submit_row(m, dispatch);
}

void address_fields(const model& m, const dispatch_fn& dispatch, const std::string& path, const tax::address& a,
                    const char* country_label) {
    choice(m, dispatch, country_label, path + ".country", a.country, foreign_countries());
    field(m, dispatch, "Street address", path + ".line_1", a.line_1, ui::field_kind::street_address);
    field(m, dispatch, "Apartment, suite (optional)", path + ".line_2", a.line_2);
    field(m, dispatch, "City or town", path + ".city", a.city, ui::field_kind::city);
    field(m, dispatch, "State or province (optional)", path + ".state", a.state);
    field(m, dispatch, "Postal code", path + ".postcode", a.postcode, ui::field_kind::postal_code);
}

void w8ben_form(const model& m, const dispatch_fn& dispatch) {
    const tax::w8ben& f = m.w8;
    ui::heading(ui::tr("W-8BEN: tax information").c_str());
    ui::text(ui::tr("For people who are not US persons. It's encrypted and only the last 4 digits of a tax ID are ever shown."));
    ui::spacing();
    field(m, dispatch, "Full name", "w8ben.name", f.name, ui::field_kind::name);
    choice(m, dispatch, "Country of citizenship", "w8ben.citizenship_country", f.citizenship_country, countries());
    field(m, dispatch, "Date of birth", "w8ben.date_of_birth", m.dob_typed, ui::field_kind::birth_date, "MM/DD/YYYY", 10);
    ui::spacing();
    ui::heading(ui::tr("Permanent residence").c_str(), 2);
    address_fields(m, dispatch, "w8ben.address", f.residence, "Country of residence");
    check(dispatch, "My mailing address is different", "w8ben.mailing_address", f.mailing.has_value(), m);
    if (f.mailing) address_fields(m, dispatch, "w8ben.mailing_address", *f.mailing, "Mailing country");
    ui::spacing();
    ui::heading(ui::tr("Tax IDs").c_str(), 2);
    field(m, dispatch, "Foreign tax ID", "w8ben.foreign_tax_id", f.foreign_tax_id);
    if (f.foreign_tax_id.empty())
        choice(m, dispatch, "If you have no foreign tax ID", "w8ben.foreign_tax_id_reason", f.foreign_tax_id_reason,
               words({{"not_issued", "My country does not issue tax IDs to me"},
                      {"not_required", "My country does not require one here"}}));
    field(m, dispatch, "US SSN or ITIN (optional)", "w8ben.tin", f.us_tin, ui::field_kind::secret_digits, "9 digits", 9);
    ui::spacing();
    check(dispatch, "I claim tax treaty benefits", "w8ben.treaty_claim", f.treaty_claim, m);
    if (f.treaty_claim) {
        choice(m, dispatch, "Treaty country", "w8ben.tax_treaty_country", f.treaty_country, foreign_countries());
        field(m, dispatch, "Treaty article", "w8ben.tax_treaty_citation", f.treaty_citation, ui::field_kind::text, "Article 12");
        field(m, dispatch, "Withholding rate (%)", "w8ben.tax_treaty_rate", f.treaty_rate, ui::field_kind::text, "15", 6);
        const options types = words({tax::treaty_income_types().begin(), tax::treaty_income_types().end()});
        choice(m, dispatch, "Type of income", "w8ben.tax_treaty_income_type", f.treaty_income_type, types);
    }
    signature(m, dispatch, "w8ben", f.sig,
              "Under penalties of perjury, I certify that I am the beneficial owner of the income this form relates to, "
              "that I am not a US person, and that the information on this form is true, correct and complete.");
    field(m, dispatch, "Capacity, if signing for someone else (optional)", "w8ben.signature.capacity", f.sig.capacity);
    submit_row(m, dispatch);
}

}  // namespace

void draw(const model& m, const std::function<void(action)>& dispatch) {
    switch (m.scr) {
        case screen::loading: ui::text(ui::tr("Loading\xE2\x80\xA6"), ui::role::status, "##loading"); break;
        case screen::on_file:
            ui::heading(ui::tr("Your tax information is on file").c_str());
            ui::text(ui::tr(std::string(m.on_file.form == "w8ben" ? "W-8BEN" : "W-9") +
                            (m.on_file.tin_masked.empty() ? std::string() : ", tax ID " + m.on_file.tin_masked) + "."),
                     ui::role::paragraph, "##onfile");
            ui::spacing();
            if (ui::button(ui::tr("Continue").c_str(), true)) dispatch(keep_pressed{});
            if (ui::button(ui::tr("Replace it").c_str())) dispatch(replace_pressed{});
            break;
        case screen::choose: {
            ui::heading(ui::tr("Tax information").c_str());
            ui::text(ui::tr("Before you can be paid we need your tax details."), ui::role::paragraph, nullptr, ui::text_style::secondary);
            // A decision, drawn as two radio cards: each says in full what it means (no clipped dropdown).
            ui::heading(ui::tr("Which describes you?").c_str(), 2);
            if (ui::radio_card(ui::tr("US person (W-9)").c_str(), ui::tr("A US citizen or resident, or a US company."), m.form == "w9"))
                dispatch(form_chosen{"w9"});
            if (ui::radio_card(ui::tr("Not a US person (W-8BEN)").c_str(), ui::tr("You live and pay taxes outside the US."),
                               m.form != "w9"))
                dispatch(form_chosen{"w8ben"});
            ui::spacing();
            if (ui::button(ui::tr("Continue").c_str(), true)) dispatch(choose_continue_pressed{});
            break;
        }
        case screen::w9: w9_form(m, dispatch); break;
        case screen::w8ben: w8ben_form(m, dispatch); break;
    }
}

}  // namespace fk::compliance
