// Payout method tables: routing and account numbers, emails, Venmo, Cash App, IBAN, SWIFT/BIC,
// whole methods, what a person sees (describe/mask) and the API's JSON, hostile bodies included.
#include "flow/payout_methods.h"
#include "flow/payout_methods_json.h"
#include <algorithm>
#include <gtest/gtest.h>

using namespace fk::payout;
using json = nlohmann::json;

namespace {
const std::string k_routing_bad = "This routing number isn't valid. Check it on a check or in your bank app.";
const std::string k_routing_shape = "Enter the 9-digit routing number.";
const std::string k_check_digits = "The check digits don't match: check for a typo.";

method ach() {
    method m;
    m.platform = "ach";
    m.routing_number = "021000021";
    m.account_number = "000123456789";
    m.account_type = "checking";
    m.account_holder_name = "Ada Lovelace";
    return m;
}
method paypal() {
    method m;
    m.platform = "paypal";
    m.email = "jane@example.com";
    return m;
}
method venmo_phone() {
    method m;
    m.platform = "venmo";
    m.phone_number = "+14155550123";
    return m;
}
method venmo_handle() {
    method m;
    m.platform = "venmo";
    m.handle = "@jane-doe";
    return m;
}
method cash_app() {
    method m;
    m.platform = "cash_app";
    m.cash_tag = "$jane";
    return m;
}
method intl() {
    method m;
    m.platform = "intl_transfer";
    m.country = "DE";
    m.iban = "DE89370400440532013000";
    m.swift = "DEUTDEFF";
    m.currency = "EUR";
    m.account_holder_name = "Jana Novak";
    return m;
}
std::vector<std::string> fields(const errors& errs) {
    std::vector<std::string> out;
    for (const auto& e : errs) out.push_back(e.field);
    return out;
}
std::string message_for(const errors& errs, const std::string& field) {
    for (const auto& e : errs)
        if (e.field == field) return e.message;
    return {};
}
saved ids(const std::string& id, bool is_default = false) {
    saved s;
    s.id = id;
    s.is_default = is_default;
    return s;
}
using strings = std::vector<std::string>;
}  // namespace

// ---- routing numbers ----

TEST(payout_routing, accepts_real_routing_numbers) {
    for (const char* s : {"011000015", "021000021", "026009593", "121000358", "322271627", "111000025", "063100277",
                          "256074974", "021-000-021", " 0210 0002 1 ", "800000006"})
        EXPECT_EQ(check_routing_number(s), "") << s;
}

TEST(payout_routing, rejects_single_digit_typos_and_transpositions) {
    for (const char* s : {"011000016", "021000031", "026009583", "121000359", "322271637", "121000385", "021000012",
                          "122000358", "026009693"})
        EXPECT_EQ(check_routing_number(s), k_routing_bad) << s;
}

TEST(payout_routing, rejects_unassigned_prefixes_even_with_a_valid_checksum) {
    // Each of these passes 3-7-1 but starts outside 00-12, 21-32, 61-72, 80.
    for (const char* s : {"130000006", "330000000", "500000005", "730000008", "990000000"})
        EXPECT_EQ(check_routing_number(s), k_routing_bad) << s;
}

TEST(payout_routing, asks_for_nine_digits_when_the_shape_is_wrong) {
    for (const char* s : {"", "   ", "02100002", "0210000211", "02100002a", "021.000.021", "O21000021"})
        EXPECT_EQ(check_routing_number(s), k_routing_shape) << s;
}

// ---- account numbers ----

TEST(payout_account, takes_4_to_17_digits) {
    const std::pair<const char*, const char*> table[] = {
        {"1234", ""},
        {"12345678901234567", ""},
        {"1234-5678", ""},
        {" 0001 2345 ", ""},
        {"", "Enter the account number."},
        {"123", "An account number has 4 to 17 digits."},
        {"123456789012345678", "An account number has 4 to 17 digits."},
        {"12a45", "An account number has 4 to 17 digits."},
        {"12.345", "An account number has 4 to 17 digits."},
    };
    for (const auto& [in, want] : table) EXPECT_EQ(check_account_number(in), want) << in;
}

// ---- email ----

TEST(payout_email, accepts_ordinary_addresses) {
    for (const char* s : {"jane@example.com", "j.doe+pay@mail.example.co.uk", "  jane@example.com ", "JANE@EXAMPLE.COM",
                          "o'brien@example.ie", "\xC3\xBC@ex\xC3\xA4mple.de", "a@b.co"})
        EXPECT_EQ(check_email(s), "") << s;
}

TEST(payout_email, rejects_broken_addresses) {
    const std::string shape = "Enter an email address like name@example.com.";
    const std::pair<std::string, std::string> table[] = {
        {"", "Enter the email address of your PayPal account."},
        {"jane", shape},
        {"jane@", shape},
        {"@example.com", shape},
        {"jane@example", shape},
        {"jane@@example.com", shape},
        {"a@b@example.com", shape},
        {"ja ne@example.com", shape},
        {"jane@exa mple.com", shape},
        {"jane@example..com", shape},
        {"jane@.example.com", shape},
        {"jane@example.com.", shape},
        {"jane\t@example.com", shape},
        {std::string(243, 'a') + "@example.com", "An email address has at most 254 characters."},
    };
    for (const auto& [in, want] : table) EXPECT_EQ(check_email(in), want) << in;
    EXPECT_EQ(check_email(std::string(242, 'a') + "@example.com"), "");  // exactly 254
}

// ---- Venmo ----

TEST(payout_venmo, accepts_phone_numbers_us_by_default) {
    for (const char* s : {"(415) 555-0123", "415-555-0123", "4155550123", "+1 415 555 0123", "+44 20 7946 0958",
                          "+447911123456", "+44 7911 123456"})
        EXPECT_EQ(check_venmo(s), "") << s;
}

TEST(payout_venmo, rejects_bad_phone_numbers) {
    EXPECT_EQ(check_venmo("415"), "Enter the whole phone number, with + and the country code outside the US.");
    EXPECT_EQ(check_venmo("+1 415 555 012"), "Enter the whole phone number, with + and the country code outside the US.");
    EXPECT_EQ(check_venmo("0005550123"),
              "That isn't a valid phone number. Check it, and start with + and the country code outside the US.");
    EXPECT_EQ(check_venmo("415555012345678"), "That's too many digits for a phone number.");
    EXPECT_EQ(check_venmo(""), "Enter the phone number or @username of your Venmo account.");
    EXPECT_EQ(check_venmo("415*555*0123"), "Enter a phone number like (415) 555-0123.");
}

TEST(payout_venmo, accepts_handles_of_5_to_30_characters) {
    for (const std::string& s : strings{"@jane-doe", "@Jane_Doe_2024", "@abcde", "@" + std::string(30, 'x'), "jane-doe", "@12345"})
        EXPECT_EQ(check_venmo(s), "") << s;
}

TEST(payout_venmo, rejects_bad_handles) {
    const std::string rule = "A Venmo username has 5 to 30 letters, digits, dashes or underscores.";
    for (const std::string& s : strings{"@abcd", "@" + std::string(31, 'x'), "@jane doe", "@jane.doe", "@jane!", "jane"})
        EXPECT_EQ(check_venmo(s), rule) << s;
    EXPECT_EQ(check_venmo("@"), "Enter your Venmo username after the @.");
}

// ---- Cash App ----

TEST(payout_cash_tag, checks_length_characters_and_a_letter) {
    const std::string rule = "A $Cashtag has 1 to 20 letters, digits or underscores.";
    const std::pair<std::string, std::string> table[] = {
        {"$a", ""},
        {"a", ""},
        {"$Jane_Doe", ""},
        {"jane", ""},
        {" $jane ", ""},
        {"$a1", ""},
        {"$" + std::string(19, '1') + "a", ""},
        {"$" + std::string(20, 'a'), ""},
        {"$" + std::string(21, 'a'), rule},
        {std::string(21, 'a'), rule},
        {"$1", "A $Cashtag needs at least one letter."},
        {"$12345", "A $Cashtag needs at least one letter."},
        {"$___", "A $Cashtag needs at least one letter."},
        {"$", "Enter your $Cashtag."},
        {"", "Enter your $Cashtag."},
        {"$jane-doe", rule},
        {"$jane doe", rule},
        {"$$jane", rule},
    };
    for (const auto& [in, want] : table) EXPECT_EQ(check_cash_tag(in), want) << in;
}

// ---- IBAN ----

TEST(payout_iban, accepts_well_known_examples_from_many_countries) {
    for (const char* s :
         {"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819", "FR1420041010050500013M02606",
          "NL91ABNA0417164300", "CH9300762011623852957", "NO9386011117947", "BE68539007547034", "ES9121000418450200051332",
          "IT60X0542811101000000123456", "PL61109010140000071219812874", "AT611904300234573201",
          "SE4550000000058398257466", "DK5000400440116243", "FI2112345600000785", "IE29AIBK93115212345678",
          "PT50000201231234567890154", "LU280019400644750000", "CZ6508000000192000145399",
          "HU42117730161111101800000000", "GR1601101250000000012300695", "MT84MALT011000012345MTLCAST001S",
          "AE070331234567890123456", "BR1800360305000010009795493C1", "IL620108000000099999999",
          "SA0380000000608010167519", "TR330006100519786457841326", "PK36SCBL0000001123456702",
          "QA58DOHB00001234567890ABCDEFG", "KW81CBKU0000000000001234560101", "JO94CBJO0010000000000131000302",
          "DE98370400440532013032", "DE02370400440532013014", "DE97370400440532013050"})
        EXPECT_EQ(check_iban(s), "") << s;
}

TEST(payout_iban, accepts_print_format_and_lower_case) {
    EXPECT_EQ(check_iban("DE89 3704 0044 0532 0130 00"), "");
    EXPECT_EQ(check_iban("de89 3704 0044 0532 0130 00"), "");
    EXPECT_EQ(check_iban(" gb82 west 1234 5698 7654 32 "), "");
    EXPECT_EQ(normalize_iban(" gb82 west 1234\t5698 7654 32 "), "GB82WEST12345698765432");
    EXPECT_EQ(format_iban("DE89370400440532013000"), "DE89 3704 0044 0532 0130 00");
    EXPECT_EQ(format_iban("no9386011117947"), "NO93 8601 1117 947");
    EXPECT_EQ(format_iban(""), "");
}

TEST(payout_iban, says_which_rule_failed) {
    const std::pair<const char*, std::string> table[] = {
        {"DE89370400440532013001", k_check_digits},  // last digit
        {"DE88370400440532013000", k_check_digits},  // check digit
        {"GB82WEST12345698765423", k_check_digits},  // transposed
        {"FR1420041010050500013M02607", k_check_digits},
        {"NL91ABNA0417164301", k_check_digits},
        // 01 / 99 / 00 stand in for 98 / 02 / 97 under mod 97 but are never issued.
        {"DE01370400440532013032", k_check_digits},
        {"DE99370400440532013014", k_check_digits},
        {"DE00370400440532013050", k_check_digits},
        {"DE8937040044053201300", "IBANs starting with DE have 22 characters; this one has 21."},
        {"DE893704004405320130000", "IBANs starting with DE have 22 characters; this one has 23."},
        {"NO938601111794", "IBANs starting with NO have 15 characters; this one has 14."},
        {"US64SVBKUS6S3300958879", "No country's IBANs start with US: check the first two letters."},
        {"XX89370400440532013000", "No country's IBANs start with XX: check the first two letters."},
        {"89370400440532013000", "An IBAN starts with the 2-letter country code, e.g. DE."},
        {"D", "An IBAN starts with the 2-letter country code, e.g. DE."},
        {"DEAB370400440532013000", "The country code is followed by 2 check digits: check for a typo."},
        {"DE89-3704-0044-0532-0130-00", "An IBAN has only letters and digits."},
        {"", "Enter the IBAN."},
        {"   ", "Enter the IBAN."},
    };
    for (const auto& [in, want] : table) EXPECT_EQ(check_iban(in), want) << in;
}

TEST(payout_iban, knows_country_lengths) {
    const std::pair<const char*, int> table[] = {{"DE", 22}, {"GB", 22}, {"FR", 27}, {"NL", 18}, {"CH", 21}, {"NO", 15},
                                                 {"BE", 16}, {"ES", 24}, {"IT", 27}, {"PL", 28}, {"AE", 23}, {"BR", 29},
                                                 {"IL", 23}, {"SA", 24}, {"TR", 26}, {"PK", 24}, {"QA", 29}, {"KW", 30},
                                                 {"MT", 31}, {"LC", 32}, {"RU", 33}, {"US", 0},  {"CA", 0},  {"", 0},
                                                 {"de", 0},  {"DEU", 0}};
    for (const auto& [cc, n] : table) EXPECT_EQ(iban_length(cc), n) << cc;
    // Every SEPA country has an IBAN.
    for (const char* cc : {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IE", "IT",
                           "LV", "LI", "LT", "LU", "MT", "MC", "NL", "NO", "PL", "PT", "RO", "SM", "SK", "SI", "ES", "SE",
                           "CH", "GB", "AD", "VA", "AL", "MD", "ME", "MK", "RS"})
        EXPECT_GT(iban_length(cc), 0) << cc;
}

// ---- SWIFT/BIC ----

TEST(payout_swift, accepts_8_and_11_characters) {
    for (const char* s : {"DEUTDEFF", "DEUTDEFF500", "NWBKGB2L", "BNPAFRPPXXX", "UBSWCHZH80A", "deutdeff", "DEUT DE FF"})
        EXPECT_EQ(check_swift(s), "") << s;
}

TEST(payout_swift, rejects_bad_codes) {
    const std::pair<const char*, const char*> table[] = {
        {"", "Enter the bank's SWIFT/BIC code."},
        {"DEUTDEF", "A SWIFT/BIC code has 8 or 11 characters."},
        {"DEUTDEFF50", "A SWIFT/BIC code has 8 or 11 characters."},
        {"DEUTDEFF5000", "A SWIFT/BIC code has 8 or 11 characters."},
        {"1EUTDEFF", "A SWIFT/BIC code starts with 4 letters for the bank."},
        {"DEU1DEFF", "A SWIFT/BIC code starts with 4 letters for the bank."},
        {"DEUT1EFF", "Characters 5 and 6 of a SWIFT/BIC code are the bank's country, e.g. DE."},
        {"DEUTD3FF", "Characters 5 and 6 of a SWIFT/BIC code are the bank's country, e.g. DE."},
        {"DEUT-DEFF", "A SWIFT/BIC code has only letters and digits."},
    };
    for (const auto& [in, want] : table) EXPECT_EQ(check_swift(in), want) << in;
}

// ---- currencies ----

TEST(payout_currency, lists_the_payout_currencies_with_names) {
    const auto& list = currencies();
    for (const char* code : {"EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "MXN", "BRL", "INR", "JPY"}) {
        EXPECT_EQ(check_currency(code), "") << code;
        EXPECT_TRUE(std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == code && !p.second.empty(); }));
    }
    EXPECT_EQ(check_currency(""), "Choose the currency.");
    EXPECT_EQ(check_currency("eur"), "Choose one of the listed currencies.");
    EXPECT_EQ(check_currency("XYZ"), "Choose one of the listed currencies.");
}

// ---- whole methods ----

TEST(payout_validate, accepts_a_valid_method_of_each_platform) {
    for (const method& m : {ach(), paypal(), venmo_phone(), venmo_handle(), cash_app(), intl()})
        EXPECT_EQ(validate(m), errors{}) << m.platform;
    method savings = ach();
    savings.account_type = "savings";
    EXPECT_EQ(validate(savings), errors{});
}

TEST(payout_validate, reports_every_ach_problem_in_form_order) {
    method m;
    m.platform = "ach";
    m.account_type = "";
    EXPECT_EQ(fields(validate(m)), (strings{"routing_number", "account_number", "account_type", "account_holder_name"}));
    m = ach();
    m.account_type = "brokerage";
    m.routing_number = "021000031";
    EXPECT_EQ(fields(validate(m)), (strings{"routing_number", "account_type"}));
    EXPECT_EQ(message_for(validate(m), "account_type"), "Choose checking or savings.");
    EXPECT_EQ(message_for(validate(m), "routing_number"), k_routing_bad);
}

TEST(payout_validate, needs_a_known_platform) {
    method m = ach();
    for (const char* p : {"", "bitcoin", "ACH", "wire"}) {
        m.platform = p;
        EXPECT_EQ(fields(validate(m)), strings{"platform"}) << p;
    }
}

TEST(payout_validate, venmo_takes_exactly_one_of_phone_or_handle) {
    method m;
    m.platform = "venmo";
    EXPECT_EQ(fields(validate(m)), strings{"phone_number"});
    m.phone_number = "+14155550123";
    m.handle = "@jane-doe";
    EXPECT_EQ(validate(m), (errors{{"handle", "Give the phone number or the username, not both."}}));
    m.handle = "";
    m.phone_number = "+44 20 7946 0958";
    EXPECT_EQ(validate(m), errors{});
    m.phone_number = "@jane-doe";  // a handle in the phone field
    EXPECT_EQ(fields(validate(m)), strings{"phone_number"});
    m.phone_number = "";
    m.handle = "@abc";
    EXPECT_EQ(fields(validate(m)), strings{"handle"});
}

TEST(payout_validate, other_platforms_fields_are_ignored) {
    method m = paypal();
    m.routing_number = "garbage";
    m.iban = "garbage";
    EXPECT_EQ(validate(m), errors{});
}

TEST(payout_validate, intl_transfer_needs_every_field) {
    method m;
    m.platform = "intl_transfer";
    EXPECT_EQ(fields(validate(m)), (strings{"country", "iban", "swift", "currency", "account_holder_name"}));
    m = intl();
    m.country = "Germany";
    EXPECT_EQ(validate(m), (errors{{"country", "Use the 2-letter country code, e.g. DE."}}));
}

TEST(payout_validate, intl_transfer_countries_must_match_the_iban) {
    method m = intl();
    m.country = "FR";
    EXPECT_EQ(validate(m), (errors{{"country", "The IBAN is from DE: choose that country, or check the IBAN."}}));
    m = intl();
    m.swift = "BNPAFRPP";
    EXPECT_EQ(validate(m), (errors{{"swift", "This SWIFT/BIC code is for a bank in FR, but the IBAN is from DE."}}));
    m.country = "FR";
    EXPECT_EQ(fields(validate(m)), (strings{"country", "swift"}));
    // The IBAN's country is known even when its check digits are off: every problem at once.
    m.iban = "DE88370400440532013000";
    EXPECT_EQ(fields(validate(m)), (strings{"country", "iban", "swift"}));
    EXPECT_EQ(message_for(validate(m), "iban"), k_check_digits);
}

TEST(payout_validate, intl_transfer_in_other_countries) {
    const std::tuple<const char*, const char*, const char*, const char*> table[] = {
        {"GB", "GB82WEST12345698765432", "NWBKGB2L", "GBP"},
        {"CH", "CH9300762011623852957", "UBSWCHZH80A", "CHF"},
        {"NO", "NO9386011117947", "DNBANOKKXXX", "NOK"},
        {"FR", "FR1420041010050500013M02606", "BNPAFRPP", "EUR"},
        {"PL", "PL61109010140000071219812874", "PKOPPLPW", "PLN"},
        {"BR", "BR1800360305000010009795493C1", "BRASBRRJ", "BRL"},
        {"JE", "GB82WEST12345698765432", "RBOSJESH", "GBP"},  // Jersey banks issue GB IBANs
        {"GB", "GB82WEST12345698765432", "BARCGGSX", "GBP"},  // a Guernsey BIC with a GB IBAN
    };
    for (const auto& [country, iban, swift, currency] : table) {
        method m = intl();
        m.country = country;
        m.iban = iban;
        m.swift = swift;
        m.currency = currency;
        EXPECT_EQ(validate(m), errors{}) << country << " " << iban;
    }
}

// ---- what a person sees ----

TEST(payout_describe, shows_only_the_last_digits) {
    method savings = ach();
    savings.account_type = "savings";
    method spaced = intl();
    spaced.iban = "de89 3704 0044 0532 0130 00";
    method shouty = paypal();
    shouty.email = "Jane.Doe@Example.COM";
    const std::tuple<method, std::string, std::string> table[] = {
        {ach(), "Checking ...6789", "6789"},
        {savings, "Savings ...6789", "6789"},
        {paypal(), "PayPal j***@example.com", ""},
        {shouty, "PayPal J***@example.com", ""},
        {venmo_phone(), "Venmo ...0123", "0123"},
        {venmo_handle(), "Venmo @jane-doe", ""},
        {cash_app(), "Cash App $jane", ""},
        {intl(), "IBAN DE89 ...3000", "3000"},
        {spaced, "IBAN DE89 ...3000", "3000"},
    };
    for (const auto& [m, description, mask] : table) {
        EXPECT_EQ(describe(m), description);
        EXPECT_EQ(mask_of(m), mask) << description;
    }
    method bare_tag = cash_app();
    bare_tag.cash_tag = "jane";
    EXPECT_EQ(describe(bare_tag), "Cash App $jane");
    method bare_handle = venmo_handle();
    bare_handle.handle = "jane-doe";
    EXPECT_EQ(describe(bare_handle), "Venmo @jane-doe");
    method dashed = ach();
    dashed.account_number = "1234-5678-9";
    EXPECT_EQ(describe(dashed), "Checking ...6789");
    EXPECT_EQ(describe(method{}), "");
}

// ---- JSON ----

TEST(payout_json, round_trips_every_platform) {
    for (const method& m : {ach(), paypal(), venmo_phone(), venmo_handle(), cash_app(), intl()}) {
        errors errs;
        auto back = parse_request(request_json(m), errs);
        ASSERT_TRUE(back) << m.platform << " " << (errs.empty() ? "" : errs[0].field + ": " + errs[0].message);
        EXPECT_EQ(*back, m) << m.platform;
        EXPECT_TRUE(errs.empty());
    }
}

TEST(payout_json, request_body_has_the_api_shape) {
    EXPECT_EQ(request_json(ach()), (json{{"platform", "ach"},
                                         {"routing_number", "021000021"},
                                         {"account_number", "000123456789"},
                                         {"account_type", "checking"},
                                         {"account_holder_name", "Ada Lovelace"}}));
    EXPECT_EQ(request_json(venmo_handle()), (json{{"platform", "venmo"}, {"handle", "@jane-doe"}}));
    EXPECT_EQ(request_json(intl()), (json{{"platform", "intl_transfer"},
                                          {"country", "DE"},
                                          {"iban", "DE89370400440532013000"},
                                          {"swift", "DEUTDEFF"},
                                          {"currency", "EUR"},
                                          {"account_holder_name", "Jana Novak"}}));
    method typed = cash_app();
    typed.cash_tag = "jane";
    EXPECT_EQ(request_json(typed), (json{{"platform", "cash_app"}, {"cash_tag", "$jane"}}));
}

TEST(payout_json, parse_normalizes_what_people_type) {
    const std::pair<json, method> table[] = {
        {json{{"platform", "ach"},
              {"routing_number", "021-000-021"},
              {"account_number", "0001 2345 6789"},
              {"account_type", "checking"},
              {"account_holder_name", " Ada Lovelace "}},
         ach()},
        {json{{"platform", "paypal"}, {"email", " jane@EXAMPLE.com "}}, paypal()},
        {json{{"platform", "venmo"}, {"phone_number", "(415) 555-0123"}}, venmo_phone()},
        {json{{"platform", "venmo"}, {"handle", "jane-doe"}}, venmo_handle()},
        {json{{"platform", "cash_app"}, {"cash_tag", "jane"}}, cash_app()},
        {json{{"platform", "intl_transfer"},
              {"country", "DE"},
              {"iban", "de89 3704 0044 0532 0130 00"},
              {"swift", "deut deff"},
              {"currency", "EUR"},
              {"account_holder_name", "Jana Novak"}},
         intl()},
    };
    for (const auto& [body, want] : table) {
        errors errs;
        auto m = parse_request(body, errs);
        ASSERT_TRUE(m) << body.dump() << " " << (errs.empty() ? "" : errs[0].message);
        EXPECT_EQ(*m, want) << body.dump();
    }
    errors errs;
    auto local = parse_request(json{{"platform", "venmo"}, {"phone_number", "+44 20 7946 0958"}}, errs);
    ASSERT_TRUE(local);
    EXPECT_EQ(local->phone_number, "+442079460958");
    // The local part keeps its case; only the domain is lowered.
    auto mixed = parse_request(json{{"platform", "paypal"}, {"email", "Jane.Doe@Mail.Example.COM"}}, errs);
    ASSERT_TRUE(mixed);
    EXPECT_EQ(mixed->email, "Jane.Doe@mail.example.com");
}

TEST(payout_json, parse_runs_the_rules_with_json_field_names) {
    errors errs;
    EXPECT_FALSE(parse_request(json{{"platform", "ach"}, {"routing_number", "021000031"}, {"account_number", "123"}}, errs));
    EXPECT_EQ(fields(errs), (strings{"routing_number", "account_number", "account_type", "account_holder_name"}));
    errs.clear();
    // A stray letter is not dropped: "02100002l" must not become a shorter valid-looking number.
    EXPECT_FALSE(parse_request(json{{"platform", "ach"},
                                    {"routing_number", "0210000x21"},
                                    {"account_number", "1234"},
                                    {"account_type", "savings"},
                                    {"account_holder_name", "A"}},
                               errs));
    EXPECT_EQ(errs, (errors{{"routing_number", k_routing_shape}}));
    errs.clear();
    EXPECT_FALSE(parse_request(json{{"platform", "cash_app"}, {"cash_tag", "$1"}}, errs));
    EXPECT_EQ(errs, (errors{{"cash_tag", "A $Cashtag needs at least one letter."}}));
    errs.clear();
    EXPECT_FALSE(parse_request(json{{"platform", "venmo"}, {"phone_number", "+14155550123"}, {"handle", "@jane-doe"}}, errs));
    EXPECT_EQ(fields(errs), strings{"handle"});
    errs.clear();
    json bad_intl = request_json(intl());
    bad_intl["swift"] = "BNPAFRPP";
    bad_intl["iban"] = "DE89370400440532013001";
    EXPECT_FALSE(parse_request(bad_intl, errs));
    EXPECT_EQ(fields(errs), (strings{"iban", "swift"}));
}

TEST(payout_json, hostile_bodies_become_errors) {
    const std::string big(10 * 1024, '1');
    const std::pair<json, strings> table[] = {
        {json::array({1, 2, 3}), {"platform"}},
        {json(42), {"platform"}},
        {json("ach"), {"platform"}},
        {json(nullptr), {"platform"}},
        {json::object(), {"platform"}},
        {json{{"platform", 7}}, {"platform"}},
        {json{{"platform", json::array({"ach"})}}, {"platform"}},
        {json{{"platform", "bitcoin"}}, {"platform"}},
        {json{{"platform", big}}, {"platform"}},
        {json{{"platform", "paypal"}, {"email", 12345}}, {"email"}},
        {json{{"platform", "paypal"}, {"email", json{{"a", 1}}}}, {"email"}},
        {json{{"platform", "paypal"}, {"email", true}}, {"email"}},
        {json{{"platform", "paypal"}, {"email", big + "@example.com"}}, {"email"}},
        {json{{"platform", "ach"},
              {"routing_number", 21000021},
              {"account_number", big},
              {"account_type", false},
              {"account_holder_name", json::array()}},
         {"routing_number", "account_number", "account_type", "account_holder_name"}},
        {json{{"platform", "venmo"}, {"phone_number", 4155550123LL}}, {"phone_number"}},
        {json{{"platform", "venmo"}, {"handle", big}}, {"handle"}},
        {json{{"platform", "cash_app"}, {"cash_tag", 1.5}}, {"cash_tag"}},
        {json{{"platform", "intl_transfer"},
              {"country", 49},
              {"iban", big},
              {"swift", nullptr},
              {"currency", json::object()},
              {"account_holder_name", "Jana"}},
         {"country", "iban", "currency", "swift"}},
    };
    for (const auto& [body, want] : table) {
        errors errs;
        EXPECT_FALSE(parse_request(body, errs)) << body.dump().substr(0, 80);
        EXPECT_EQ(fields(errs), want) << body.dump().substr(0, 80);
    }
    errors errs;
    parse_request(json{{"platform", "paypal"}, {"email", 1}}, errs);
    EXPECT_EQ(errs, (errors{{"email", "Expected text."}}));
    errs.clear();
    parse_request(json{{"platform", "paypal"}, {"email", big}}, errs);
    EXPECT_EQ(errs, (errors{{"email", "Keep this under 200 characters."}}));
    errs.clear();
    parse_request(json{{"platform", "bitcoin"}}, errs);
    EXPECT_EQ(errs, (errors{{"platform", "Use ach, paypal, venmo, cash_app or intl_transfer."}}));
}

TEST(payout_json, parse_request_appends_to_existing_errors) {
    errors errs{{"earlier", "kept"}};
    EXPECT_TRUE(parse_request(request_json(paypal()), errs));
    EXPECT_EQ(errs.size(), 1u);
    EXPECT_FALSE(parse_request(json{{"platform", "paypal"}}, errs));
    EXPECT_EQ(fields(errs), (strings{"earlier", "email"}));
}

TEST(payout_json, saved_responses_carry_masks_only) {
    const json a = saved_json(ids("pm_1", true), ach());
    EXPECT_EQ(a, (json{{"id", "pm_1"},
                       {"platform", "ach"},
                       {"description", "Checking ...6789"},
                       {"mask", "6789"},
                       {"account_type", "checking"},
                       {"default", true}}));
    const json p = saved_json(ids("pm_2"), paypal());
    EXPECT_EQ(p["email"], "j***@example.com");
    EXPECT_EQ(p["default"], false);
    const json v = saved_json(ids("pm_3"), venmo_phone());
    EXPECT_EQ(v["phone_number"], "...0123");
    EXPECT_EQ(v["description"], "Venmo ...0123");
    EXPECT_FALSE(saved_json(ids("pm_4"), venmo_handle()).contains("phone_number"));
    EXPECT_EQ(saved_json(ids("pm_5"), cash_app())["cash_tag"], "$jane");
    const json i = saved_json(ids("pm_6"), intl());
    EXPECT_EQ(i["country"], "DE");
    EXPECT_EQ(i["currency"], "EUR");
    EXPECT_EQ(i["mask"], "3000");
    for (const method& m : {ach(), paypal(), venmo_phone(), intl()}) {
        const std::string dump = saved_json(ids("pm_1"), m).dump();
        for (const std::string secret : {"021000021", "000123456789", "0532013000", "jane@", "4155550123", "DEUTDEFF"})
            EXPECT_EQ(dump.find(secret), std::string::npos) << secret << " in " << dump;
    }
}

TEST(payout_json, parse_saved_reads_the_response_shape) {
    for (const method& m : {ach(), paypal(), venmo_phone(), venmo_handle(), cash_app(), intl()}) {
        auto s = parse_saved(saved_json(ids("pm_1", true), m));
        ASSERT_TRUE(s) << m.platform;
        EXPECT_EQ(*s, (saved{"pm_1", m.platform, describe(m), mask_of(m), m.platform == "ach" ? m.account_type : "", true}));
    }
    auto minimal = parse_saved(json{{"id", "pm_9"}, {"platform", "paypal"}, {"description", "PayPal j***@example.com"},
                                    {"mask", nullptr}, {"created", 1718000000}, {"extra", json::array()}});
    ASSERT_TRUE(minimal);
    EXPECT_EQ(minimal->mask, "");
    EXPECT_FALSE(minimal->is_default);
}

TEST(payout_json, parse_saved_rejects_wrong_shapes) {
    const json good{{"id", "pm_1"}, {"platform", "ach"}, {"description", "Checking ...6789"}, {"mask", "6789"},
                    {"account_type", "checking"}, {"default", false}};
    ASSERT_TRUE(parse_saved(good));
    auto with = [&](const char* key, json value) {
        json j = good;
        j[key] = std::move(value);
        return j;
    };
    auto without = [&](const char* key) {
        json j = good;
        j.erase(key);
        return j;
    };
    const json table[] = {
        json::array(),         json(nullptr),           json("pm_1"),           json(3),
        without("id"),         without("platform"),     with("id", 1),          with("id", ""),
        with("platform", 2),   with("description", 3),  with("mask", 6789),     with("account_type", true),
        with("default", "yes"), with("default", 1),     with("id", std::string(10 * 1024, 'x')),
    };
    for (const json& j : table) EXPECT_FALSE(parse_saved(j)) << j.dump().substr(0, 80);
}
