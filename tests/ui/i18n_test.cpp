// Localization: ui::tr itself (exact rows, templates, ids, fallbacks), the table's shape, and
// every screen of every step drawn headlessly in English and in Spanish, item by item: each
// visible text (label, placeholder, option) must be translated, or be data (a name, a number, a
// mask, a country), and no Spanish text may still hold an English-only word of the table.
#include "../unit/test_util.h"
#include "flow/payout_methods.h"
#include "flow/phone.h"
#include "flow/tax.h"
#include "steps/app.h"
#include "steps/compliance/compliance_view.h"
#include "steps/manage_payouts/manage_payouts_view.h"
#include "steps/onboarding/onboarding_view.h"
#include "steps/payout/payout_view.h"
#include "steps/redirect/redirect_view.h"
#include "steps/ui/headless.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <set>

using namespace fk;
using namespace fk::test;

namespace {

// Every test leaves the widget in English for the other UI tests of this binary.
struct i18n : ::testing::Test {
    void TearDown() override { ui::set_locale("en"); }
};

// ---- what counts as data ----

// Lowercased words; with `skip_codes`, words in capitals ("TRY", "DE", "SSN") are left out: codes, not words.
std::set<std::string> words_of(const std::string& s, bool skip_codes = false) {
    std::set<std::string> out;
    std::string w;
    bool lower = false;
    for (char c : s + " ") {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
        if (letter) {
            lower = lower || !(c >= 'A' && c <= 'Z');
            w += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        } else if (!w.empty()) {
            if (lower || !skip_codes) out.insert(w);
            w.clear();
            lower = false;
        }
    }
    return out;
}

// Words of the table's English column that its Spanish column never uses ("the", "your", "enter").
const std::set<std::string>& english_only_words() {
    static const std::set<std::string> words = [] {
        std::set<std::string> en, es, out;
        for (const auto& r : ui::table()) {
            for (auto& w : words_of(r.en)) en.insert(w);
            for (auto& w : words_of(r.es)) es.insert(w);
        }
        for (auto& w : en)
            if (!es.count(w)) out.insert(w);
        return out;
    }();
    return words;
}

bool has_letter(const std::string& s) {
    for (char c : s)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return false;
}

// Names that read the same in both languages: countries (with calling codes), US states, brands,
// form names, example values.
bool is_data(const std::string& s, const std::set<std::string>& extra) {
    static const std::set<std::string> names = [] {
        std::set<std::string> out{"PayPal", "Venmo", "Cash App", "IBAN", "SWIFT/BIC", "$Cashtag", "EUR \xE2\x80\x93 Euro",
                                  "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "W-9.", "W-8BEN."};
        for (const auto& r : phone::regions()) {
            out.insert(r.name);
            out.insert(phone::region_label(r));
        }
        for (const auto& [code, name] : tax::us_states()) out.insert(name);
        return out;
    }();
    return !has_letter(s) || names.count(s) || extra.count(s);
}

// One text as drawn in English and in Spanish.
void expect_translated(const std::string& where, const std::string& en, const std::string& es, const std::set<std::string>& data) {
    if (is_data(es, data)) return;
    EXPECT_NE(es, en) << where << ": left in English";
    for (const auto& w : words_of(es, true))
        EXPECT_FALSE(english_only_words().count(w)) << where << ": \"" << es << "\" still has the English word \"" << w << "\"";
}

// Draws `draw` (one screen, a const model) in English and in Spanish and compares item by item.
void expect_spanish(const std::string& screen, const std::function<void()>& draw, const std::set<std::string>& data = {}) {
    ui::headless ctx(420, 4000);
    auto render = [&](const char* locale) {
        ui::set_locale(locale);
        for (int i = 0; i < 2; ++i) ctx.frame(draw);
        return ui::items();
    };
    const std::vector<ui::item> en = render("en"), es = render("es");
    ui::set_locale("en");
    ASSERT_EQ(en.size(), es.size()) << screen;
    ASSERT_FALSE(en.empty()) << screen;
    const bool dump = std::getenv("FLOWKIT_I18N_DUMP") != nullptr;  // for a translator's review: every pair
    if (dump) std::printf("== %s\n", screen.c_str());
    for (size_t i = 0; i < en.size(); ++i) {
        if (dump) std::printf("  %c %s\n    %s\n", (char)es[i].role, en[i].label.c_str(), es[i].label.c_str());
        const std::string where = screen + " / \"" + en[i].label + "\"";
        ASSERT_EQ(en[i].role, es[i].role) << where;
        expect_translated(where, en[i].label, es[i].label, data);
        if (!en[i].hint.empty()) expect_translated(where + " placeholder", en[i].hint, es[i].hint, data);
        ASSERT_EQ(en[i].options.size(), es[i].options.size()) << where;
        for (size_t k = 0; k < en[i].options.size(); ++k)
            expect_translated(where + " option", en[i].options[k], es[i].options[k], data);
    }
}

template <class Model, class Action>
std::function<void()> view(void (*draw)(const Model&, const std::function<void(Action)>&), const Model& m) {
    return [draw, m] { draw(m, [](Action) {}); };
}

http_response error_with(int status, const std::string& code, const std::string& message, const std::string& field = "",
                         json extra = json::object()) {
    json e{{"code", code}, {"message", message}};
    if (!field.empty()) e["field"] = field;
    for (auto& [k, v] : extra.items()) e[k] = v;
    return {status, json{{"error", e}}.dump()};
}

}  // namespace

// ---- tr ----

TEST_F(i18n, english_is_returned_as_written) {
    EXPECT_EQ(ui::locale(), "en");
    EXPECT_EQ(ui::tr("Continue"), "Continue");
    EXPECT_EQ(ui::tr("Resend code in 12s###resend"), "Resend code in 12s###resend");
}

TEST_F(i18n, exact_rows_translate) {
    ui::set_locale("es");
    EXPECT_EQ(ui::tr("Continue"), "Continuar");
    EXPECT_EQ(ui::tr("Loading\xE2\x80\xA6"), "Cargando\xE2\x80\xA6");
    EXPECT_EQ(ui::tr(""), "");
}

TEST_F(i18n, templates_capture_and_substitute) {
    ui::set_locale("es");
    EXPECT_EQ(ui::tr("That code isn't right. You have 3 attempts left."), "Ese código no es correcto. Te quedan 3 intentos.");
    EXPECT_EQ(ui::tr("IBANs starting with DE have 22 characters; this one has 20."),
              "Los IBAN que empiezan con DE tienen 22 caracteres; este tiene 20.");
    EXPECT_EQ(ui::tr("This SWIFT/BIC code is for a bank in FR, but the IBAN is from DE."),
              "Este código SWIFT/BIC es de un banco de FR, pero el IBAN es de DE.");
    // The most specific template wins: "Fee: {0} (paid by the platform)" over "Fee: {0}".
    EXPECT_EQ(ui::tr("Fee: $0.25 (paid by the platform)"), "Comisión: $0.25 (la paga la plataforma)");
    EXPECT_EQ(ui::tr("Fee: $0.25"), "Comisión: $0.25");
    EXPECT_EQ(ui::tr("Remove Venmo @ana-p?"), "¿Eliminar Venmo @ana-p?");
}

TEST_F(i18n, captures_are_translated_too) {
    ui::set_locale("es");
    EXPECT_EQ(ui::tr("Status: pending"), "Estado: pendiente");
    EXPECT_EQ(ui::tr("Checking ...6789 (default)"), "Cuenta corriente ...6789 (principal)");
    EXPECT_EQ(ui::tr("We sent a 6-digit code to your phone."), "Enviamos un código de 6 dígitos a tu teléfono.");
    EXPECT_EQ(ui::tr("That's too many digits for a Mexico phone number."),
              "Son demasiados dígitos para un número de teléfono de Mexico.")
        << "country names are data";
}

TEST_F(i18n, the_imgui_id_suffix_is_kept) {
    ui::set_locale("es");
    EXPECT_EQ(ui::tr("Resend code in 12s###resend"), "Reenviar código en 12 s###resend");
    EXPECT_EQ(ui::tr("Make Savings ...4321 the default###defaultpm_2"), "Usar Cuenta de ahorros ...4321 como principal###defaultpm_2");
    EXPECT_EQ(ui::tr("Submit###submit"), "Enviar###submit");
    EXPECT_EQ(ui::tr("Back##2"), "Atrás##2");
    EXPECT_EQ(ui::tr("###only_an_id"), "###only_an_id");
}

TEST_F(i18n, unknown_text_comes_back_unchanged) {
    ui::set_locale("es");
    EXPECT_EQ(ui::tr("Sandbox Tester"), "Sandbox Tester");
    EXPECT_EQ(ui::tr("$1,234.56"), "$1,234.56");
    EXPECT_EQ(ui::tr("Withdrawal"), "Withdrawal") << "a template needs its literal text and a non-empty capture";
    EXPECT_EQ(ui::tr("Withdraw "), "Withdraw ");
}

TEST_F(i18n, locales_fall_back_by_language_then_to_english) {
    EXPECT_EQ(ui::set_locale("es-MX"), "es");
    EXPECT_EQ(ui::tr("Continue"), "Continuar");
    EXPECT_EQ(ui::set_locale("ES_419"), "es");
    EXPECT_EQ(ui::set_locale("en-GB"), "en");
    EXPECT_EQ(ui::set_locale("fr"), "en");
    EXPECT_EQ(ui::tr("Continue"), "Continue");
    EXPECT_EQ(ui::set_locale(""), "en");
    EXPECT_EQ(ui::set_locale("espanol"), "en");
    EXPECT_TRUE(ui::has_locale("es-AR"));
    EXPECT_FALSE(ui::has_locale("pt-BR"));
}

// ---- the table ----

TEST_F(i18n, table_rows_are_unique_and_keep_their_placeholders) {
    std::set<std::string> seen;
    for (const auto& r : ui::table()) {
        EXPECT_TRUE(seen.insert(r.en).second) << "twice: " << r.en;
        auto slots = [](const std::string& text) {
            std::multiset<std::string> out;
            for (size_t p = text.find('{'); p != std::string::npos; p = text.find('{', p + 1)) out.insert(text.substr(p, 3));
            return out;
        };
        EXPECT_EQ(slots(r.en), slots(r.es)) << r.en;
        EXPECT_EQ(std::string(r.en).find("##"), std::string::npos) << "ids are not part of a row: " << r.en;
    }
    EXPECT_GT(ui::table().size(), 300u);
}

// The web build bakes U+0020-U+00FF, U+2013, U+2026 and U+20AC (web/main.cpp build_fonts).
TEST_F(i18n, spanish_uses_only_glyphs_the_font_has) {
    for (const auto& r : ui::table()) {
        const std::string s = r.es;
        for (size_t i = 0; i < s.size();) {
            const unsigned char c = s[i];
            uint32_t cp = c;
            size_t n = 1;
            if (c >= 0xF0) cp = c & 0x07, n = 4;
            else if (c >= 0xE0) cp = c & 0x0F, n = 3;
            else if (c >= 0xC0) cp = c & 0x1F, n = 2;
            for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
            const bool in_font = (cp >= 0x20 && cp <= 0xFF) || cp == 0x2013 || cp == 0x2026 || cp == 0x20AC;
            const bool as_english = std::string(r.en).find(s.substr(i, n)) != std::string::npos;  // same glyph as the English
            EXPECT_TRUE(in_font || as_english) << r.es << ": U+" << std::hex << cp;
            i += n;
        }
    }
}

// Every message the shared validation (flow/) and the flow machine can put next to a field or on screen.
TEST_F(i18n, every_validation_and_flow_message_has_spanish) {
    std::set<std::string> messages;
    auto add = [&](const std::string& m) {
        if (!m.empty()) messages.insert(m);
    };
    const tax::date today{2026, 11, 21};
    for (auto s : {"", "000123456", "123004567", "123450000", "12345"}) add(tax::check_ssn(s));
    for (auto s : {"", "001234567"}) add(tax::check_ein(s));
    for (auto s : {"", "812345678", "912455678"}) add(tax::check_itin(s));
    add(tax::check_tin("x", "1"));
    add(tax::check_us_zip("1"));
    for (auto s : {"", "1990", "1990-02-30", "1899-12-31", "2030-01-01", "2015-01-01"}) add(tax::check_birth_date(s, today));
    tax::w9 w9;
    for (auto& e : tax::validate(w9, today)) add(e.message);
    w9.tax_classification = "llc";
    w9.tin_type = "ssn";
    w9.name = "Ana";
    w9.sig.name = "Someone Else";
    for (auto& e : tax::validate(w9, today)) add(e.message);
    w9.tax_classification = "individual";
    w9.tin_type = "ein";
    for (auto& e : tax::validate(w9, today)) add(e.message);
    w9.tax_classification = "nonsense";
    w9.tin_type = "nonsense";
    for (auto& e : tax::validate(w9, today)) add(e.message);
    tax::w8ben w8;
    w8.mailing = tax::address{};
    w8.foreign_tax_id_reason = "nonsense";
    w8.treaty_country = "DE";
    w8.sig.email = "nope";
    w8.sig.name = "Someone Else";
    for (auto& e : tax::validate(w8, today)) add(e.message);
    w8.residence.country = "US";
    w8.mailing->country = "usa";
    w8.treaty_claim = true;
    w8.foreign_tax_id_reason.clear();
    w8.us_tin = "123";
    for (auto& e : tax::validate(w8, today)) add(e.message);
    w8.residence.country = "FR";
    w8.us_tin = "912345678";
    for (auto& e : tax::validate(w8, today)) add(e.message);

    for (auto s : {"", "123456789"}) add(payout::check_routing_number(s));
    for (auto s : {"", "12"}) add(payout::check_account_number(s));
    for (auto s : {std::string(), std::string(260, 'a') + "@x.com", std::string("a@b")}) add(payout::check_email(s));
    for (auto s : {"", "@", "@abc", "(415) x", "41555501234567890", "1235550123", "415"}) add(payout::check_venmo(s));
    for (auto s : {"", "$a-b", "$123"}) add(payout::check_cash_tag(s));
    for (auto s : {"", "DE!!", "12", "QQ89370400440532013000", "DE8937040044", "DEAA370400440532013000", "DE00370400440532013000"})
        add(payout::check_iban(s));
    for (auto s : {"", "AB!", "ABC", "1234DEFF", "COBA12FF"}) add(payout::check_swift(s));
    for (auto s : {"", "XXX"}) add(payout::check_currency(s));
    for (auto p : {"ach", "paypal", "venmo", "cash_app", "intl_transfer", ""}) {
        payout::method m;
        m.platform = p;
        m.account_type = "x";
        for (auto& e : payout::validate(m)) add(e.message);
    }
    payout::method venmo{"venmo"};
    venmo.phone_number = "+14155550123";
    venmo.handle = "@ana-p";
    for (auto& e : payout::validate(venmo)) add(e.message);
    payout::method intl{"intl_transfer"};
    intl.country = "d";
    for (auto& e : payout::validate(intl)) add(e.message);
    intl.country = "FR";
    intl.iban = "DE89370400440532013000";
    intl.swift = "COBAFRFFXXX";
    for (auto& e : payout::validate(intl)) add(e.message);
    phone::check_result c;
    c.v = phone::verdict::too_long;
    add(phone::problem(c, "Mexico"));
    c.v = phone::verdict::invalid;
    add(phone::problem(c, "Mexico"));
    for (int status : {0, 404, 403, 429, 500, 400}) add(flow::describe(api::api_error{status, "x", {}, {}, -1, -1}));

    ASSERT_GT(messages.size(), 85u);
    ui::set_locale("es");
    for (const auto& m : messages) expect_translated("message", m, ui::tr(m), {});
}

// ---- every screen, in Spanish ----

TEST_F(i18n, onboarding_screens_are_spanish) {
    using namespace onboarding;
    const int64_t t0 = 1'000'000;
    auto run = [&](model m, std::vector<action> actions, int64_t now = 1'000'000) {
        for (auto& a : actions) m = update(m, a, "tok", now).m;
        return m;
    };
    const model phone = init(flow::init("flow_1", "sec"));
    expect_spanish("phone", view(draw, phone));
    flow::model link_flow = flow::init("flow_1", "sec");
    link_flow.info.app_name = "Acme Deliveries";
    link_flow.info.payout_link = api::link_summary{2500, "October deliveries"};
    const model landing = init(link_flow);
    ASSERT_EQ(landing.scr, screen::landing);
    expect_spanish("payout-link landing", view(draw, landing), {"October deliveries"});
    link_flow.info.app_name.clear();
    expect_spanish("payout-link landing, no name", view(draw, init(link_flow)), {"October deliveries"});
    model invalid = run(phone, {phone_edited{"1235550123"}});
    ASSERT_FALSE(invalid.phone_error.empty());
    expect_spanish("phone, invalid", view(draw, invalid));
    model too_long = run(phone, {phone_edited{"41555501234567890"}});
    ASSERT_FALSE(too_long.phone_error.empty());
    expect_spanish("phone, too long", view(draw, too_long));
    model uk = run(phone, {region_chosen{"GB"}});
    expect_spanish("phone, another country", view(draw, uk));

    // The server's answers, with the words the sandbox sends.
    auto sent = [&](const model& m, http_response r) { return run(m, {api_result{"onboarding.send_code", std::move(r)}}); };
    auto verified = [&](const model& m, http_response r, int64_t now = 1'000'000) {
        return run(m, {code_edited{"111111"}, api_result{"onboarding.verify", std::move(r)}}, now);
    };
    const http_response code_sent = respond(200, {{"sent_to", "+1 ***-***-0123"}, {"resend_in", 30}});
    const http_response throttled =
        error_with(429, "resend_throttled", "A code was sent moments ago; wait before asking for another.", "", {{"retry_after", 20}});
    const http_response bad_number =
        error_with(422, "invalid_phone_number", "This is not a valid phone number for the country code.", "phone_number");
    auto wrong_code = [](int left) {
        return error_with(422, "invalid_code", "This code is not correct.", "code", {{"attempts_left", left}});
    };

    const model typed = run(phone, {phone_edited{"4155550123"}, send_pressed{}});
    expect_spanish("phone, sending", view(draw, typed));
    expect_spanish("phone, offline", view(draw, sent(typed, http_response{0, ""})));
    expect_spanish("phone, throttled", view(draw, sent(typed, throttled)));
    expect_spanish("phone, refused by the server", view(draw, sent(typed, bad_number)));
    expect_spanish("phone, refused without a message", view(draw, sent(typed, error_with(422, "invalid_phone_number", "", "phone_number"))));

    const model code = sent(typed, code_sent);
    ASSERT_EQ(code.scr, screen::code);
    expect_spanish("code, counting down", view(draw, code));
    model nowhere = code;
    nowhere.sent_to.clear();
    expect_spanish("code, no masked number", view(draw, nowhere));
    const model wrong = verified(code, wrong_code(4), t0 + 40'000);
    ASSERT_FALSE(wrong.code_error.empty());
    expect_spanish("code, wrong, resend ready", view(draw, wrong));
    expect_spanish("code, one attempt left", view(draw, verified(code, wrong_code(1))));
    expect_spanish("code, expired",
                   view(draw, verified(code, error_with(422, "code_expired", "This code has expired; ask for a new one.", "code"))));
    expect_spanish("code, user gone", view(draw, verified(code, error_with(409, "user_unavailable", "The code was sent for another user."))));
    expect_spanish("code, server down", view(draw, verified(code, error_with(503, "unavailable", ""))));

    const model locked = verified(code, error_with(429, "too_many_attempts", "Too many wrong codes; ask for a new code."));
    ASSERT_EQ(locked.scr, screen::locked);
    expect_spanish("locked, counting down", view(draw, locked));
    expect_spanish("locked", view(draw, run(locked, {timer_fired{"onboarding.tick"}}, t0 + 40'000)));

    flow::model f = flow::init("flow_1", "sec");
    f.reverify = true;
    f.info.hint = api::phone_hint{"1", "0123"};
    const model again = init(f);
    expect_spanish("verify it's you", view(draw, again));
    const model again_code = sent(run(again, {send_pressed{}}), code_sent);
    expect_spanish("verify it's you, code", view(draw, again_code));
    expect_spanish("verify it's you, locked", view(draw, verified(again_code, error_with(429, "too_many_attempts", ""), t0 + 40'000)));
}

TEST_F(i18n, compliance_screens_are_spanish) {
    using namespace compliance;
    const tax::date today{2026, 11, 21};
    flow::model f = flow::init("flow_1", "sec");
    f.token = "tok";
    auto run = [&](model m, std::vector<action> actions) {
        for (auto& a : actions) m = update(m, a, "tok").m;
        return m;
    };
    const model loading = enter(f, today).m;
    expect_spanish("loading", view(draw, loading));
    model on_file = loading;
    on_file.scr = screen::on_file;
    on_file.on_file = api::compliance_status{true, "w9", "***-**-6789", "matched"};
    expect_spanish("on file", view(draw, on_file));
    on_file.on_file = api::compliance_status{true, "w8ben", "", "not_collected"};
    expect_spanish("on file, no TIN", view(draw, on_file));

    const model choose = run(loading, {api_result{"compliance.get", respond(200, {{"collected", false}})}});
    ASSERT_EQ(choose.scr, screen::choose);
    expect_spanish("choose", view(draw, choose));

    const model w9 = run(choose, {form_chosen{"w9"}, choose_continue_pressed{}});
    expect_spanish("W-9", view(draw, w9));
    const model w9_errors = run(w9, {edited{"w9.date_of_birth", "0115"}, submit_pressed{}});
    ASSERT_GT(w9_errors.errors.size(), 3u);
    expect_spanish("W-9, every field wrong", view(draw, w9_errors));
    const model llc = run(w9_errors, {edited{"w9.tax_classification", "llc"}});
    expect_spanish("W-9, LLC", view(draw, llc));
    expect_spanish("W-9, one thing left",
                   view(draw, run(w9, {edited{"w9.name", "Ana Pérez"}, edited{"w9.tin", "123456789"}, edited{"w9.date_of_birth", "01151990"},
                                       edited{"w9.address.line_1", "1 Main"}, edited{"w9.address.city", "Austin"},
                                       edited{"w9.address.state", "TX"}, edited{"w9.address.postcode", "78701"},
                                       edited{"w9.signature.name", "Ana Pérez"}, submit_pressed{}})));
    expect_spanish("W-9, ITIN", view(draw, run(w9, {edited{"w9.tin_type", "itin"}, edited{"w9.tin", "812345678"}, submit_pressed{}})));
    const model w9_ok = run(w9, {edited{"w9.name", "Ana Pérez"}, edited{"w9.tin", "123456789"}, edited{"w9.date_of_birth", "01151990"},
                                 edited{"w9.address.line_1", "1 Main"}, edited{"w9.address.city", "Austin"},
                                 edited{"w9.address.state", "TX"}, edited{"w9.address.postcode", "78701"},
                                 edited{"w9.signature.name", "Ana Pérez"}, toggled{"w9.signature.consent", true}, submit_pressed{}});
    ASSERT_TRUE(w9_ok.busy);
    expect_spanish("W-9, submitting", view(draw, w9_ok));
    const char* ssn_message = "An SSN can't start with 000, 666 or 9.";
    const json field_errors = json::array({{{"field", "w9.tin"}, {"message", ssn_message}}});
    const http_response refused = error_with(422, "invalid_compliance", ssn_message, "w9.tin", {{"errors", field_errors}});
    expect_spanish("W-9, refused by the server", view(draw, run(w9_ok, {api_result{"compliance.put", refused}})));
    expect_spanish("W-9, offline", view(draw, run(w9_ok, {api_result{"compliance.put", http_response{0, ""}}})));

    const model w8 = run(choose, {form_chosen{"w8ben"}, choose_continue_pressed{}});
    expect_spanish("W-8BEN", view(draw, w8));
    const model w8_all = run(w8, {toggled{"w8ben.mailing_address", true}, toggled{"w8ben.treaty_claim", true},
                                  edited{"w8ben.signature.name", "Someone Else"}, edited{"w8ben.tax_treaty_rate", "45"},
                                  edited{"w8ben.address.country", "FR"}, edited{"w8ben.tax_treaty_country", "DE"}, submit_pressed{}});
    ASSERT_GT(w8_all.errors.size(), 5u);
    expect_spanish("W-8BEN, mailing, treaty, every field wrong", view(draw, w8_all));
    expect_spanish("W-8BEN, treaty fields without a claim",
                   view(draw, run(w8, {toggled{"w8ben.treaty_claim", true}, edited{"w8ben.tax_treaty_citation", "Article 12"},
                                       toggled{"w8ben.treaty_claim", false}, edited{"w8ben.foreign_tax_id", "X1"},
                                       edited{"w8ben.tin", "123"}, submit_pressed{}})));
}

namespace {
json saved_method(const std::string& id, const std::string& platform, const std::string& desc, bool def) {
    return {{"id", id}, {"platform", platform}, {"description", desc}, {"mask", "6789"}, {"default", def}};
}
}  // namespace

TEST_F(i18n, manage_payouts_screens_are_spanish) {
    using namespace manage_payouts;
    auto run = [&](model m, std::vector<action> actions) {
        for (auto& a : actions) m = update(m, a, "tok").m;
        return m;
    };
    auto entered = [&](api::step_options o) {
        flow::model f = flow::init("flow_1", "sec");
        f.token = "tok";
        f.info.steps = {{"manage-payouts", o}};
        return enter(f).m;
    };
    const json methods = json::array({saved_method("pm_1", "ach", "Checking ...6789", true),
                                      saved_method("pm_2", "ach", "Savings ...4321", false),
                                      saved_method("pm_3", "paypal", "PayPal a***@correo.mx", false),
                                      saved_method("pm_4", "venmo", "Venmo @ana-p", false),
                                      saved_method("pm_5", "intl_transfer", "IBAN DE89 ...3000", false)});
    auto list = [&](json data, std::string def, bool auto_payout = false) {
        const json body{{"data", data}, {"default_payout_method_id", def.empty() ? json(nullptr) : json(def)}, {"auto_payout", auto_payout}};
        return api_result{"manage_payouts.list", respond(200, body)};
    };
    auto changed = [](http_response r) { return api_result{"manage_payouts.change", std::move(r)};
    };
    const std::set<std::string> data{"PayPal a***@correo.mx", "Venmo @ana-p", "IBAN DE89 ...3000"};
    api::step_options require_default;
    require_default.require_default_payout_method = true;
    api::step_options require_auto;
    require_auto.require_auto_payout_method = true;

    expect_spanish("loading", view(draw, entered({})));
    expect_spanish("empty, a default required", view(draw, run(entered(require_default), {list(json::array(), "")})));
    expect_spanish("empty, auto payout without a default", view(draw, run(entered({}), {list(json::array(), ""), auto_payout_toggled{true}})));
    const model full = run(entered(require_auto), {list(methods, "pm_1")});
    expect_spanish("five methods, auto payouts required", view(draw, full), data);
    expect_spanish("list could not load",
                   view(draw, run(entered({}), {list(methods, "pm_1"), retry_pressed{}, api_result{"manage_payouts.list", http_response{0, ""}}})),
                   data);

    for (const char* p : {"ach", "paypal", "venmo", "cash_app", "intl_transfer"}) {
        const model add = run(full, {add_pressed{}, platform_chosen{p}});
        expect_spanish(std::string("add ") + p, view(draw, add), data);
        const model wrong = run(add, {edited{"account_confirm", "1"}, edited{"venmo", "@a"}, edited{"iban", "DE89"}, save_pressed{}});
        ASSERT_FALSE(wrong.errors.empty()) << p;
        expect_spanish(std::string("add ") + p + ", every field wrong", view(draw, wrong), data);
    }
    model saving = run(full, {add_pressed{}, platform_chosen{"cash_app"}, edited{"cash_tag", "$ana"}, save_pressed{}});
    ASSERT_TRUE(saving.busy);
    expect_spanish("add, saving", view(draw, saving), data);
    const char* tag_message = "A $Cashtag needs at least one letter.";
    const json field_errors = json::array({{{"field", "cash_tag"}, {"message", tag_message}}});
    const http_response refused = error_with(422, "invalid_payout_method", tag_message, "cash_tag", {{"errors", field_errors}});
    expect_spanish("add, refused by the server", view(draw, run(saving, {changed(refused)})), data);
    const http_response too_many = error_with(409, "too_many_methods", "A user can keep at most 10 payout methods; remove one first.");
    expect_spanish("add, too many", view(draw, run(saving, {changed(too_many)})), data);

    expect_spanish("remove the default", view(draw, run(full, {remove_pressed{"pm_1"}})), data);
    expect_spanish("remove another", view(draw, run(full, {remove_pressed{"pm_4"}})), data);
    expect_spanish("remove, offline",
                   view(draw, run(full, {remove_pressed{"pm_2"}, remove_confirmed{}, changed(http_response{0, ""})})), data);
    model hidden = run(entered({}), {list(methods, "pm_1", true)});
    hidden.opts.hide_continue_button = true;
    expect_spanish("no Continue button", view(draw, hidden), data);
}

TEST_F(i18n, payout_screens_are_spanish) {
    using namespace payout_step;
    flow::model f = flow::init("flow_1", "sec");
    f.token = "tok";
    auto run = [&](model m, std::vector<action> actions) {
        for (auto& a : actions) m = update(m, a, "tok").m;
        return m;
    };
    const model loading = enter(f, "seed").m;
    expect_spanish("loading", view(draw, loading));
    expect_spanish("could not load", view(draw, run(loading, {api_result{"payout.wallet", http_response{0, ""}}})));

    const json wallet{{"amount", 12500}, {"withdrawable_amount", 12000}, {"limits", {{"min_payout", 500}, {"max_payout", 100000}}}};
    const json methods{{"data", json::array({saved_method("pm_1", "ach", "Checking ...6789", true),
                                             saved_method("pm_2", "venmo", "Venmo @ana-p", false)})},
                       {"default_payout_method_id", "pm_1"}};
    auto answer = [](const char* tag, http_response r) { return api_result{tag, std::move(r)}; };
    const model none = run(loading, {api_result{"payout.wallet", respond(200, wallet)},
                                     api_result{"payout.methods", respond(200, {{"data", json::array()}})}});
    ASSERT_EQ(none.scr, screen::no_method);
    expect_spanish("no method", view(draw, none));
    expect_spanish("adding a method", view(draw, run(none, {add_method_pressed{}})));
    expect_spanish("adding a method, every field wrong", view(draw, run(none, {add_method_pressed{}, adding{manage_payouts::save_pressed{}}})));

    const model ready = run(loading, {api_result{"payout.wallet", respond(200, wallet)}, api_result{"payout.methods", respond(200, methods)}});
    ASSERT_EQ(ready.scr, screen::enter);
    expect_spanish("working out the fee", view(draw, ready), {"Venmo @ana-p"});
    auto quoted = [&](const std::string& party) {
        const json q{{"amount", 12000}, {"fee", 25}, {"net", 11975}, {"fee_party", party}, {"payout_method_id", "pm_1"}};
        return run(ready, {answer("payout.quote", respond(200, q))});
    };
    const model user_pays = quoted("user");
    ASSERT_TRUE(user_pays.quote);
    expect_spanish("quoted", view(draw, user_pays), {"Venmo @ana-p"});
    expect_spanish("quoted, the platform pays", view(draw, quoted("platform")), {"Venmo @ana-p"});
    for (const char* typed : {"abc", "1", "2000", "130"})
        expect_spanish(std::string("amount ") + typed, view(draw, run(ready, {amount_edited{typed}})), {"Venmo @ana-p"});
    expect_spanish("quote refused",
                   view(draw, run(ready, {answer("payout.quote", error_with(422, "amount_too_small",
                                                                           "The smallest payout to this method is 500 cents.", "amount"))})),
                   {"Venmo @ana-p"});
    expect_spanish("review", view(draw, run(user_pays, {review_pressed{}})), {"Venmo @ana-p"});
    const model sending = run(user_pays, {review_pressed{}, confirm_pressed{}});
    ASSERT_TRUE(sending.sending);
    expect_spanish("sending", view(draw, sending), {"Venmo @ana-p"});
    expect_spanish("no clear answer", view(draw, run(sending, {api_result{"payout.create", http_response{0, ""}}})), {"Venmo @ana-p"});
    expect_spanish("too much", view(draw, run(sending, {answer("payout.create", error_with(422, "insufficient_funds", "", "amount"))})),
                   {"Venmo @ana-p"});
    expect_spanish("platform cannot pay",
                   view(draw, run(sending, {answer("payout.create", error_with(422, "platform_insufficient_funds",
                                                                               "The platform cannot cover the fee right now; try again later."))})),
                   {"Venmo @ana-p"});
    for (const char* status : {"created", "pending", "completed", "failed", "reversed"}) {
        const json t{{"id", "tr_1"}, {"status", status}, {"amount", 12000}, {"fee", 25}, {"net", 11975}, {"description", "Checking ...6789"}};
        const model receipt = run(sending, {answer("payout.create", respond(200, t))});
        ASSERT_EQ(receipt.scr, screen::receipt);
        expect_spanish(std::string("receipt, ") + status, view(draw, receipt));
    }
    for (int64_t cents : {0, 50}) {
        model empty = run(ready, {});
        empty.wallet->withdrawable = cents;
        empty.scr = screen::empty;
        expect_spanish("nothing to withdraw, " + std::to_string(cents), view(draw, empty));
    }
}

TEST_F(i18n, redirect_screens_are_spanish) {
    expect_spanish("nowhere to go", view(redirect::draw, redirect::model{}));
    expect_spanish("continue to the platform", view(redirect::draw, redirect::model{"https://shop.acme.test/back", "shop.acme.test"}));
}

TEST_F(i18n, flow_screens_are_spanish) {
    auto app_view = [](const app::model& m) { return std::function<void()>([m] { app::draw(m, [](app::action) {}); }); };
    auto run = [](app::model m, std::vector<app::action> actions) {
        for (auto& a : actions) m = app::update(m, a, 1'000'000).m;
        return m;
    };
    const app::model start = run(app::init("flow_1", "sec", tax::date{2026, 11, 21}, "seed"), {flow::start{}});
    auto session = [](json flow) { return api_result{"flow.session", respond(200, {{"token", "t"}, {"flow", std::move(flow)}})}; };
    expect_spanish("loading", app_view(start));
    expect_spanish("unsupported step",
                   app_view(run(start, {session(widget_flow_json({"background-screening"}, {}, "u", true))})));
    expect_spanish("done",
                   app_view(run(start, {session(widget_flow_json({"onboarding"}, {"onboarding"}, "u", true))})));
    for (int status : {0, 404, 403, 429, 500})
        expect_spanish("failed " + std::to_string(status), app_view(run(start, {api_result{"flow.session", error_with(status, "x", "")}})));
    expect_spanish("failed, the server's words",
                   app_view(run(start, {api_result{"flow.session", error_with(409, "user_unavailable", "The flow's user no longer exists.")}})));
    expect_spanish("expired",
                   app_view(run(start, {session(widget_flow_json({"onboarding"})),
                                        api_result{"onboarding.send_code", error_with(401, "session_expired", "")}})));
}
