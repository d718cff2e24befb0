// manage-payouts screens (see manage_payouts_view.h).
#include "manage_payouts_view.h"
#include "flow/phone.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"

namespace fk::manage_payouts {
namespace {

using dispatch_fn = std::function<void(action)>;
using options = std::vector<std::pair<std::string, std::string>>;

const options k_platforms = {{"ach", "Bank account (US)"}, {"paypal", "PayPal"}, {"venmo", "Venmo"},
                             {"cash_app", "Cash App"}, {"intl_transfer", "Bank account (outside the US)"}};

std::string err(const model& m, const std::string& f) {
    auto it = m.errors.find(f);
    return it == m.errors.end() ? std::string() : it->second;
}

void field(const model& m, const dispatch_fn& dispatch, const char* label, const std::string& name, const std::string& value,
           ui::field_kind kind = ui::field_kind::text, const char* hint = nullptr, int max_len = 0) {
    std::string typed = value;
    const std::string shown_hint = hint ? ui::tr(hint) : std::string();
    if (ui::text_field(ui::tr(label).c_str(), typed, kind, hint ? shown_hint.c_str() : nullptr, max_len, ui::tr(err(m, name))))
        dispatch(edited{name, typed});
}

// Option labels are shown as given (country names stay English); word lists are translated by the caller.
void choice(const model& m, const dispatch_fn& dispatch, const char* label, const std::string& name, const std::string& value,
            const options& opts) {
    std::vector<std::string> labels{ui::tr("Select\xE2\x80\xA6")};
    int index = 0;
    for (size_t i = 0; i < opts.size(); ++i) {
        labels.push_back(opts[i].second);
        if (opts[i].first == value) index = (int)i + 1;
    }
    if (ui::select(ui::tr(label).c_str(), &index, labels, ui::tr(err(m, name))))
        dispatch(edited{name, index > 0 ? opts[(size_t)index - 1].first : std::string()});
}

const options& iban_countries() {
    static const options list = [] {  // computed once from constant data
        options out;
        for (const auto& r : phone::regions())
            if (payout::iban_length(r.code) > 0) out.emplace_back(r.code, r.name);
        return out;
    }();
    return list;
}
options currency_options() {  // "EUR – Euro", the name in the current locale
    options out;
    for (const auto& [code, name] : payout::currencies()) out.emplace_back(code, code + " \xE2\x80\x93 " + ui::tr(name));
    return out;
}

struct mark {
    const char* text;
    unsigned rgb;
    const char* name;
};
mark mark_of(const std::string& platform) {  // each method's tile: a letter on its brand's colour
    if (platform == "paypal") return {"P", 0x003087, "PayPal"};
    if (platform == "venmo") return {"V", 0x0066b3, "Venmo"};
    if (platform == "cash_app") return {"$", 0x00732a, "Cash App"};
    if (platform == "intl_transfer") return {"B", 0x334155, "Bank account (outside the US)"};
    return {"B", 0x334155, "Bank account (US)"};
}

void list_screen(const model& m, const dispatch_fn& dispatch) {
    ui::heading(ui::tr("Payout methods").c_str());
    ui::text(ui::tr(m.methods.empty() ? "Add where you want to be paid." : "Choose where your money goes."));
    ui::spacing();
    for (const auto& s : m.methods) {  // a card per method: its mark, "Default" as a badge, actions that fit
        const bool is_default = s.id == m.default_id;
        const mark mk = mark_of(s.platform);
        ui::begin_card();
        ui::list_row(mk.text, mk.rgb, ui::tr(s.description), ui::tr(mk.name), is_default ? ui::tr("Default") : std::string(),
                     ("##m" + s.id).c_str());
        if (!is_default) {
            const std::string label = ui::tr("Make " + s.description + " the default###default" + s.id);
            if (ui::button(label.c_str(), ui::button_style::link, !m.busy)) dispatch(make_default_pressed{s.id});
        }
        const std::string remove = ui::tr("Remove " + s.description + "###remove" + s.id);
        if (ui::button(remove.c_str(), ui::button_style::link, !m.busy)) dispatch(remove_pressed{s.id});
        ui::end_card();
    }
    if (ui::button(ui::tr("Add a payout method").c_str(), false, !m.busy && m.methods.size() < 10)) dispatch(add_pressed{});
    ui::spacing();
    bool on = m.auto_payout_pending.value_or(m.auto_payout);
    if (ui::checkbox(ui::tr("Automatic payouts to my default method").c_str(), &on)) dispatch(auto_payout_toggled{on});
    ui::text(ui::tr("When this is on, money you receive is sent to your default method without asking."), ui::role::paragraph,
             "##autohelp", ui::text_style::small);
    if (!m.notice.empty()) {
        ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
        if (ui::button(ui::tr("Reload").c_str(), false, !m.busy)) dispatch(retry_pressed{});
    }
    if (m.opts.hide_continue_button) return;
    ui::spacing();
    const std::string why = why_not(m);
    if (!why.empty()) ui::text(ui::tr(why), ui::role::status, "##why");
    if (ui::button(ui::tr("Continue").c_str(), true, can_continue(m))) dispatch(continue_pressed{});
}

void add_screen(const model& m, const dispatch_fn& dispatch) {
    const payout::method& d = m.draft;
    ui::heading(ui::tr("Add a payout method").c_str());
    std::vector<std::string> labels;
    int index = 0;
    for (size_t i = 0; i < k_platforms.size(); ++i) {
        labels.push_back(ui::tr(k_platforms[i].second));  // PayPal, Venmo, Cash App are names: no rows, unchanged
        if (k_platforms[i].first == d.platform) index = (int)i;
    }
    if (ui::select(ui::tr("Payout method type").c_str(), &index, labels)) dispatch(platform_chosen{k_platforms[(size_t)index].first});
    if (d.platform == "ach") {
        field(m, dispatch, "Routing number", "routing_number", d.routing_number, ui::field_kind::numeric, "9 digits", 9);
        field(m, dispatch, "Account number", "account_number", d.account_number, ui::field_kind::secret_digits, "4 to 17 digits", 17);
        field(m, dispatch, "Confirm account number", "account_confirm", m.account_confirm, ui::field_kind::secret_digits, nullptr, 17);
        choice(m, dispatch, "Account type", "account_type", d.account_type,
               {{"checking", ui::tr("Checking")}, {"savings", ui::tr("Savings")}});
        field(m, dispatch, "Account holder name", "account_holder_name", d.account_holder_name, ui::field_kind::name);
    } else if (d.platform == "paypal") {
        field(m, dispatch, "PayPal email", "email", d.email, ui::field_kind::email, "you@example.com");
    } else if (d.platform == "venmo") {
        field(m, dispatch, "Venmo phone number or @username", "venmo", m.venmo_typed, ui::field_kind::text, "(555) 555-0123 or @name");
    } else if (d.platform == "cash_app") {
        field(m, dispatch, "$Cashtag", "cash_tag", d.cash_tag, ui::field_kind::text, "$yourname", 21);
    } else {
        choice(m, dispatch, "Bank country", "country", d.country, iban_countries());
        field(m, dispatch, "IBAN", "iban", d.iban, ui::field_kind::text, "DE89 3704 0044 0532 0130 00", 42);
        field(m, dispatch, "SWIFT/BIC", "swift", d.swift, ui::field_kind::text, "COBADEFFXXX", 11);
        choice(m, dispatch, "Currency", "currency", d.currency, currency_options());
        field(m, dispatch, "Account holder name", "account_holder_name", d.account_holder_name, ui::field_kind::name);
    }
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::focus_first_invalid_on(m.rejected);  // a refused save: focus (and scroll to) the first problem
    ui::spacing();
    if (ui::button(ui::tr(m.busy ? "Saving\xE2\x80\xA6###save" : "Save###save").c_str(), true, !m.busy)) dispatch(save_pressed{});
    if (ui::cancel_button(ui::tr("Cancel").c_str(), !m.busy)) dispatch(cancel_pressed{});
}

void confirm_screen(const model& m, const dispatch_fn& dispatch) {
    const payout::saved* s = find(m, m.removing);
    const std::string what = s ? s->description : std::string("this method");
    ui::heading(ui::tr("Remove " + what + "?").c_str());
    ui::text(ui::tr(m.removing == m.default_id && m.methods.size() > 1
                        ? "It is your default. Your most recently added method becomes the default."
                        : "You can add it again later."),
             ui::role::paragraph, "##removewhy");
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::spacing();
    if (ui::button(ui::tr("Remove###confirm").c_str(), ui::button_style::danger, !m.busy)) dispatch(remove_confirmed{});
    if (ui::cancel_button(ui::tr("Keep it").c_str(), !m.busy)) dispatch(cancel_pressed{});
}

}  // namespace

void draw(const model& m, const std::function<void(action)>& dispatch) {
    switch (m.scr) {
        case screen::loading: ui::text(ui::tr("Loading\xE2\x80\xA6"), ui::role::status, "##loading"); break;
        case screen::list: list_screen(m, dispatch); break;
        case screen::add: add_screen(m, dispatch); break;
        case screen::confirm_remove: confirm_screen(m, dispatch); break;
    }
}

}  // namespace fk::manage_payouts
