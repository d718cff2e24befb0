// Tax validation tables: TINs, dates and age, ZIP codes, states, masks, whole W-9 and W-8BEN forms.
#include "flow/tax.h"
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>

using namespace fk::tax;

namespace {
const date today{2024, 6, 15};

w9 valid_w9() {
    w9 f;
    f.tax_classification = "individual";
    f.name = "Ada Lovelace";
    f.tin_type = "ssn";
    f.tin = "123456789";
    f.date_of_birth = "1990-04-25";
    f.address = {"1 Market St", "Apt 2", "San Francisco", "CA", "94107"};
    f.sig = {"Ada Lovelace", "2024-06-15", true, "", ""};
    return f;
}
w9 valid_business_w9() {
    w9 f = valid_w9();
    f.tax_classification = "c_corporation";
    f.business_name = "Analytical Engines Inc.";
    f.tin_type = "ein";
    f.tin = "12-3456789";
    f.date_of_birth = "";
    return f;
}
w8ben valid_w8ben() {
    w8ben f;
    f.name = "Jana Novak";
    f.citizenship_country = "DE";
    f.date_of_birth = "1985-02-01";
    f.residence = {"Hauptstr. 1", "", "Berlin", "", "10115", "DE"};
    f.foreign_tax_id = "12345678901";
    f.sig = {"Jana Novak", "2024-06-15", true, "jana@example.com", ""};
    return f;
}
w8ben with_treaty(w8ben f) {
    f.treaty_claim = true;
    f.treaty_country = "DE";
    f.treaty_citation = "Article 12";
    f.treaty_rate = "0";
    f.treaty_income_type = "copyright12";
    return f;
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
using strings = std::vector<std::string>;
}  // namespace

// ---- TINs ----

TEST(tax_ssn, accepts_valid_numbers_with_or_without_dashes_and_spaces) {
    for (const char* s : {"123456789", "123-45-6789", "123 45 6789", " 123-45-6789 ", "001-01-0001", "665-99-9999",
                          "667-12-3456", "899-99-9999"})
        EXPECT_EQ(check_ssn(s), "") << s;
}

TEST(tax_ssn, rejects_each_rule_with_its_own_message) {
    const std::pair<const char*, const char*> table[] = {
        {"", "Enter the 9 digits of your SSN."},
        {"12345678", "Enter the 9 digits of your SSN."},
        {"1234567890", "Enter the 9 digits of your SSN."},
        {"123-45-678a", "Enter the 9 digits of your SSN."},
        {"123.45.6789", "Enter the 9 digits of your SSN."},
        {"000-12-3456", "An SSN can't start with 000, 666 or 9."},
        {"666-12-3456", "An SSN can't start with 000, 666 or 9."},
        {"900-12-3456", "An SSN can't start with 000, 666 or 9."},
        {"999-12-3456", "An SSN can't start with 000, 666 or 9."},
        {"912-70-1234", "An SSN can't start with 000, 666 or 9."},
        {"123-00-4567", "The middle two digits of an SSN can't be 00."},
        {"123-45-0000", "The last four digits of an SSN can't be 0000."},
    };
    for (const auto& [in, msg] : table) EXPECT_EQ(check_ssn(in), msg) << in;
}

TEST(tax_ein, rejects_every_prefix_the_irs_does_not_use) {
    for (int p : {0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97}) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d-3456789", p);
        EXPECT_EQ(check_ein(buf), std::string("No EIN starts with ") + std::string(buf, 2) + "; check the first two digits.");
    }
}

TEST(tax_ein, accepts_every_campus_prefix) {
    const strings excluded = {"00", "07", "08", "09", "17", "18", "19", "28", "29", "49",
                              "69", "70", "78", "79", "89", "96", "97"};
    int accepted = 0;
    for (int p = 0; p <= 99; ++p) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d3456789", p);
        bool is_excluded = std::find(excluded.begin(), excluded.end(), std::string(buf, 2)) != excluded.end();
        EXPECT_EQ(check_ein(buf).empty(), !is_excluded) << buf;
        accepted += check_ein(buf).empty();
    }
    EXPECT_EQ(accepted, 83);
    for (const char* s : {"01-2345678", "12 3456789", "99-9999999", "46-0000000"}) EXPECT_EQ(check_ein(s), "") << s;
}

TEST(tax_ein, wants_nine_digits) {
    for (const char* s : {"", "12-345678", "12-34567890", "12-34567a9"}) EXPECT_EQ(check_ein(s), "Enter the 9 digits of your EIN.") << s;
}

TEST(tax_itin, middle_digits_follow_the_irs_ranges) {
    const std::pair<const char*, bool> table[] = {
        {"900-49-1234", false}, {"900-50-1234", true},  {"900-65-1234", true},  {"900-66-1234", false},
        {"900-69-1234", false}, {"900-70-1234", true},  {"900-88-1234", true},  {"900-89-1234", false},
        {"900-90-1234", true},  {"900-92-1234", true},  {"900-93-1234", false}, {"900-94-1234", true},
        {"999-99-9999", true},  {"900-00-1234", false}, {"9xx-70-1234", false},
    };
    for (const auto& [in, ok] : table) EXPECT_EQ(check_itin(in).empty(), ok) << in;
    EXPECT_EQ(check_itin("900-93-1234"),
              "The 4th and 5th digits of an ITIN are 50-65, 70-88, 90-92 or 94-99; check what you typed.");
}

TEST(tax_itin, starts_with_nine_and_has_nine_digits) {
    EXPECT_EQ(check_itin("812-70-1234"), "An ITIN starts with 9.");
    EXPECT_EQ(check_itin("912-70-123"), "Enter the 9 digits of your ITIN.");
    EXPECT_EQ(check_itin("912 70 1234"), "");
}

TEST(tax_tin, dispatches_on_the_type_and_rejects_unknown_types) {
    EXPECT_EQ(check_tin("ssn", "123-45-6789"), "");
    EXPECT_EQ(check_tin("ssn", "912-70-1234"), "An SSN can't start with 000, 666 or 9.");
    EXPECT_EQ(check_tin("itin", "912-70-1234"), "");
    EXPECT_EQ(check_tin("ein", "12-3456789"), "");
    EXPECT_EQ(check_tin("ein", "07-3456789"), "No EIN starts with 07; check the first two digits.");
    EXPECT_EQ(check_tin("vat", "123456789"), "Choose SSN, EIN or ITIN.");
    EXPECT_EQ(check_tin("", "123456789"), "Choose SSN, EIN or ITIN.");
    EXPECT_EQ(check_tin("SSN", "123456789"), "Choose SSN, EIN or ITIN.");
}

TEST(tax_tin, digits_keeps_only_digits) {
    EXPECT_EQ(digits("123-45 6789"), "123456789");
    EXPECT_EQ(digits("abc"), "");
}

TEST(tax_mask, keeps_only_the_last_four_digits) {
    EXPECT_EQ(mask_tin("ssn", "123-45-6789"), "***-**-6789");
    EXPECT_EQ(mask_tin("itin", "912701234"), "***-**-1234");
    EXPECT_EQ(mask_tin("ein", "12-3456789"), "**-***6789");
    EXPECT_EQ(mask_tin("ssn", "123"), "****");
    EXPECT_EQ(mask_tin("ein", ""), "****");
    EXPECT_EQ(mask_tin("ssn", "6789"), "***-**-6789");
}

// ---- dates ----

TEST(tax_date, parses_strict_real_calendar_days) {
    EXPECT_EQ(parse_date("2024-02-29"), (date{2024, 2, 29}));
    EXPECT_EQ(parse_date("2000-02-29"), (date{2000, 2, 29}));
    EXPECT_EQ(parse_date("1999-12-31"), (date{1999, 12, 31}));
    for (const char* s : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-32",
                          "2024-01-00", "2024-1-1", "2024/01/01", "20240101", "2024-01-01T00:00", " 2024-01-01",
                          "abcd-ef-gh", "0000-01-01", ""})
        EXPECT_FALSE(parse_date(s).has_value()) << s;
}

TEST(tax_date, formats_with_zero_padding) {
    EXPECT_EQ(format_date({2024, 1, 5}), "2024-01-05");
    EXPECT_EQ(format_date({987, 12, 31}), "0987-12-31");
}

TEST(tax_age, the_eighteenth_birthday_itself_counts_as_eighteen) {
    EXPECT_EQ(age_on({2006, 6, 15}, {2024, 6, 14}), 17);
    EXPECT_EQ(age_on({2006, 6, 15}, {2024, 6, 15}), 18);
    EXPECT_EQ(check_birth_date("2006-06-16", today), "You must be 18 or older.");
    EXPECT_EQ(check_birth_date("2006-06-15", today), "");
    EXPECT_EQ(check_birth_date("2006-06-14", today), "");
}

TEST(tax_age, a_leap_day_birthday_turns_a_year_older_on_march_1_in_common_years) {
    date born{2004, 2, 29};
    EXPECT_EQ(age_on(born, {2022, 2, 28}), 17);
    EXPECT_EQ(age_on(born, {2022, 3, 1}), 18);
    EXPECT_EQ(check_birth_date("2004-02-29", {2022, 2, 28}), "You must be 18 or older.");
    EXPECT_EQ(check_birth_date("2004-02-29", {2022, 3, 1}), "");
    date born_2008{2008, 2, 29};  // 18th birthday in 2026, a common year
    EXPECT_EQ(age_on(born_2008, {2026, 2, 28}), 17);
    EXPECT_EQ(age_on(born_2008, {2026, 3, 1}), 18);
    EXPECT_EQ(age_on({2000, 2, 29}, {2024, 2, 29}), 24);  // leap year: the day itself
}

TEST(tax_birth_date, says_what_is_wrong) {
    const std::pair<const char*, const char*> table[] = {
        {"", "Enter your date of birth."},
        {"1990-4-25", "Enter the date as YYYY-MM-DD, e.g. 1990-04-25."},
        {"25/04/1990", "Enter the date as YYYY-MM-DD, e.g. 1990-04-25."},
        {"2023-02-29", "That day doesn't exist; check the month and day."},
        {"2001-13-01", "That day doesn't exist; check the month and day."},
        {"1899-12-31", "Enter a birth date from 1900 on."},
        {"2024-06-16", "A birth date can't be in the future."},
        {"2030-01-01", "A birth date can't be in the future."},
        {"2024-06-15", "You must be 18 or older."},
        {"1900-01-01", ""},
        {"1990-04-25", ""},
    };
    for (const auto& [in, msg] : table) EXPECT_EQ(check_birth_date(in, today), msg) << in;
}

// ---- addresses ----

TEST(tax_zip, accepts_five_digits_or_zip_plus_four_only) {
    for (const char* s : {"94107", "00501", "94107-1234", "99950-0000"}) EXPECT_EQ(check_us_zip(s), "") << s;
    for (const char* s : {"", "9410", "941071", "941071234", "94107-123", "94107-12345", "94107 1234", "9410a",
                          "94107-", "ABCDE", " 94107", "94107-123a"})
        EXPECT_EQ(check_us_zip(s), "Enter a 5-digit ZIP code, or ZIP+4 like 94107-1234.") << s;
}

TEST(tax_states, lists_states_dc_territories_and_military_sorted_by_name) {
    const auto& s = us_states();
    EXPECT_EQ(s.size(), 50u + 1 + 6 + 3);
    EXPECT_TRUE(std::is_sorted(s.begin(), s.end(), [](auto& a, auto& b) { return a.second < b.second; }));
    for (const char* code : {"CA", "DC", "NY", "PR", "GU", "VI", "AS", "MP", "UM", "AA", "AE", "AP", "WY", "AK"})
        EXPECT_TRUE(is_us_state(code)) << code;
    for (const char* code : {"XX", "ca", "", "C", "CAL", "ON", "US"}) EXPECT_FALSE(is_us_state(code)) << code;
    EXPECT_EQ(std::count_if(s.begin(), s.end(), [](auto& p) { return p.first == "CA" && p.second == "California"; }), 1);
}

TEST(tax_lists, classifications_and_treaty_income_types_have_labels) {
    strings keys;
    for (auto& [k, label] : tax_classifications()) {
        keys.push_back(k);
        EXPECT_FALSE(label.empty());
    }
    EXPECT_EQ(keys, (strings{"individual", "c_corporation", "s_corporation", "partnership", "trust_estate", "llc"}));
    EXPECT_EQ(tax_classifications()[0].second, "Individual or sole proprietor");
    keys.clear();
    for (auto& [k, label] : treaty_income_types()) {
        keys.push_back(k);
        EXPECT_FALSE(label.empty());
    }
    EXPECT_EQ(keys, (strings{"interest1", "dividend6", "dividend7", "pension15", "socialSecurity", "equipment10",
                             "knowhow10", "patent10", "film11", "copyright12"}));
    EXPECT_FALSE(needs_business_name("individual"));
    for (const char* c : {"c_corporation", "s_corporation", "partnership", "trust_estate", "llc"}) EXPECT_TRUE(needs_business_name(c));
}

// ---- W-9 ----

TEST(tax_w9, a_complete_individual_and_business_pass) {
    EXPECT_EQ(validate(valid_w9(), today), errors{});
    EXPECT_EQ(validate(valid_business_w9(), today), errors{});
    w9 itin = valid_w9();
    itin.tin_type = "itin";
    itin.tin = "912-70-1234";
    EXPECT_EQ(validate(itin, today), errors{});
    w9 llc = valid_business_w9();
    llc.tax_classification = "llc";
    llc.llc_tax_classification = "P";
    EXPECT_EQ(validate(llc, today), errors{});
}

TEST(tax_w9, an_empty_form_reports_every_required_field_in_form_order) {
    w9 f;
    f.sig.date = "";
    EXPECT_EQ(fields(validate(f, today)),
              (strings{"w9.name", "w9.tin", "w9.date_of_birth", "w9.address.line_1", "w9.address.city", "w9.address.state",
                       "w9.address.postcode", "w9.signature.consent", "w9.signature.name", "w9.signature.date"}));
}

TEST(tax_w9, an_unknown_classification_is_rejected) {
    w9 f = valid_w9();
    f.tax_classification = "nonprofit";
    EXPECT_EQ(message_for(validate(f, today), "w9.tax_classification"), "Choose a federal tax classification.");
}

TEST(tax_w9, an_llc_must_say_how_it_is_taxed) {
    w9 f = valid_business_w9();
    f.tax_classification = "llc";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.llc_tax_classification"});
    for (const char* c : {"C", "S", "P"}) {
        f.llc_tax_classification = c;
        EXPECT_EQ(validate(f, today), errors{}) << c;
    }
    f.llc_tax_classification = "X";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.llc_tax_classification"});
}

TEST(tax_w9, a_business_needs_a_business_name) {
    for (const char* c : {"c_corporation", "s_corporation", "partnership", "trust_estate"}) {
        w9 f = valid_business_w9();
        f.tax_classification = c;
        f.business_name = "  ";
        EXPECT_EQ(validate(f, today), (errors{{"w9.business_name", "Enter the business name."}})) << c;
    }
}

TEST(tax_w9, an_individual_cannot_give_an_ein_and_a_business_must) {
    w9 f = valid_w9();
    f.tin_type = "ein";
    f.tin = "12-3456789";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.tin_type"});
    w9 b = valid_business_w9();
    b.tin_type = "ssn";
    b.tin = "123-45-6789";
    EXPECT_EQ(fields(validate(b, today)), strings{"w9.tin_type"});
    b.tin_type = "itin";
    EXPECT_EQ(fields(validate(b, today)), (strings{"w9.tin_type", "w9.tin"}));  // and the number is no ITIN
    b.tin_type = "passport";
    EXPECT_EQ(validate(b, today), (errors{{"w9.tin_type", "Choose SSN, EIN or ITIN."}}));
}

TEST(tax_w9, the_tin_is_checked_with_its_type) {
    w9 f = valid_w9();
    f.tin = "666-12-3456";
    EXPECT_EQ(validate(f, today), (errors{{"w9.tin", "An SSN can't start with 000, 666 or 9."}}));
    w9 b = valid_business_w9();
    b.tin = "00-1234567";
    EXPECT_EQ(fields(validate(b, today)), strings{"w9.tin"});
}

TEST(tax_w9, birth_date_is_required_for_individuals_and_checked_when_a_business_gives_one) {
    w9 f = valid_w9();
    f.date_of_birth = "";
    EXPECT_EQ(validate(f, today), (errors{{"w9.date_of_birth", "Enter your date of birth."}}));
    f.date_of_birth = "2010-01-01";
    EXPECT_EQ(validate(f, today), (errors{{"w9.date_of_birth", "You must be 18 or older."}}));
    w9 b = valid_business_w9();
    EXPECT_EQ(validate(b, today), errors{});
    b.date_of_birth = "2023-02-29";
    EXPECT_EQ(fields(validate(b, today)), strings{"w9.date_of_birth"});
}

TEST(tax_w9, the_address_needs_a_street_city_state_and_zip) {
    w9 f = valid_w9();
    f.address = {"", "", "", "XX", "9410"};
    errors e = validate(f, today);
    EXPECT_EQ(fields(e), (strings{"w9.address.line_1", "w9.address.city", "w9.address.state", "w9.address.postcode"}));
    EXPECT_EQ(message_for(e, "w9.address.postcode"), "Enter a 5-digit ZIP code, or ZIP+4 like 94107-1234.");
    f.address = {"1 Main St", "", "Washington", "DC", "20001-1234"};
    EXPECT_EQ(validate(f, today), errors{});
}

TEST(tax_w9, the_signature_needs_consent_the_same_name_and_todays_date) {
    w9 f = valid_w9();
    f.sig.consent = false;
    EXPECT_EQ(validate(f, today), (errors{{"w9.signature.consent", "Confirm the certification to sign."}}));

    f = valid_w9();
    f.sig.name = "Ada Byron";
    EXPECT_EQ(validate(f, today), (errors{{"w9.signature.name", "Type your full legal name exactly as above to sign."}}));
    f.sig.name = "  ada   LOVELACE ";  // case and extra spaces don't matter
    EXPECT_EQ(validate(f, today), errors{});
    f.sig.name = "";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.signature.name"});

    f = valid_w9();
    f.sig.date = "2024-06-14";
    EXPECT_EQ(validate(f, today), (errors{{"w9.signature.date", "Sign with today's date, 2024-06-15."}}));
    f.sig.date = "2024-06-16";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.signature.date"});
    f.sig.date = "15/06/2024";
    EXPECT_EQ(fields(validate(f, today)), strings{"w9.signature.date"});
}

// ---- W-8BEN ----

TEST(tax_w8ben, a_complete_form_passes_with_or_without_a_treaty_claim) {
    EXPECT_EQ(validate(valid_w8ben(), today), errors{});
    EXPECT_EQ(validate(with_treaty(valid_w8ben()), today), errors{});
    w8ben f = valid_w8ben();
    f.foreign_tax_id = "";
    f.foreign_tax_id_reason = "not_issued";
    f.us_tin = "912-70-1234";
    f.mailing = address{"PO Box 5", "", "New York", "NY", "10001", "US"};  // a US mailing address is fine
    EXPECT_EQ(validate(f, today), errors{});
    f.us_tin = "123-45-6789";
    EXPECT_EQ(validate(f, today), errors{});
}

TEST(tax_w8ben, an_empty_form_reports_every_required_field_in_form_order) {
    EXPECT_EQ(fields(validate(w8ben{}, today)),
              (strings{"w8ben.name", "w8ben.citizenship_country", "w8ben.date_of_birth", "w8ben.address.line_1",
                       "w8ben.address.city", "w8ben.address.country", "w8ben.foreign_tax_id", "w8ben.signature.consent",
                       "w8ben.signature.name", "w8ben.signature.date"}));
}

TEST(tax_w8ben, a_us_residence_is_rejected) {
    w8ben f = valid_w8ben();
    f.residence.country = "US";
    EXPECT_EQ(validate(f, today),
              (errors{{"w8ben.address.country", "A W-8BEN is for people outside the US; US persons use the W-9."}}));
}

TEST(tax_w8ben, countries_are_two_capital_letters) {
    for (const char* c : {"de", "DEU", "D", "1A", ""}) {
        w8ben f = valid_w8ben();
        f.citizenship_country = c;
        f.residence.country = c;
        EXPECT_EQ(fields(validate(f, today)), (strings{"w8ben.citizenship_country", "w8ben.address.country"})) << c;
    }
    w8ben f = valid_w8ben();
    f.citizenship_country = "QQ";  // any pair of letters: the UI offers the list
    EXPECT_EQ(validate(f, today), errors{});
}

TEST(tax_w8ben, an_adult_birth_date_is_required) {
    w8ben f = valid_w8ben();
    f.date_of_birth = "2007-01-01";
    EXPECT_EQ(validate(f, today), (errors{{"w8ben.date_of_birth", "You must be 18 or older."}}));
}

TEST(tax_w8ben, a_mailing_address_when_given_needs_street_city_and_country) {
    w8ben f = valid_w8ben();
    f.mailing = address{};
    EXPECT_EQ(fields(validate(f, today)),
              (strings{"w8ben.mailing_address.line_1", "w8ben.mailing_address.city", "w8ben.mailing_address.country"}));
}

TEST(tax_w8ben, needs_a_foreign_tax_id_or_a_reason_for_none) {
    w8ben f = valid_w8ben();
    f.foreign_tax_id = "";
    EXPECT_EQ(validate(f, today),
              (errors{{"w8ben.foreign_tax_id", "Enter the tax ID from your country of residence, or say why you have none."}}));
    for (const char* r : {"not_issued", "not_required"}) {
        f.foreign_tax_id_reason = r;
        EXPECT_EQ(validate(f, today), errors{}) << r;
    }
    f.foreign_tax_id_reason = "lost_it";
    EXPECT_EQ(fields(validate(f, today)), strings{"w8ben.foreign_tax_id_reason"});
}

TEST(tax_w8ben, a_us_tin_when_given_is_a_valid_ssn_or_itin) {
    w8ben f = valid_w8ben();
    for (const char* bad : {"12-3456789x", "000-12-3456", "900-93-1234", "12345"}) {
        f.us_tin = bad;
        EXPECT_EQ(fields(validate(f, today)), strings{"w8ben.tin"}) << bad;
    }
}

TEST(tax_w8ben, the_treaty_must_be_with_the_country_of_residence) {
    w8ben f = with_treaty(valid_w8ben());
    f.treaty_country = "FR";
    EXPECT_EQ(validate(f, today),
              (errors{{"w8ben.tax_treaty_country", "The treaty must be with your country of residence (DE)."}}));
    f.treaty_country = "";
    EXPECT_EQ(fields(validate(f, today)), strings{"w8ben.tax_treaty_country"});
}

TEST(tax_w8ben, a_treaty_rate_is_a_percent_from_0_to_30_with_up_to_2_decimals) {
    const std::pair<const char*, bool> table[] = {
        {"0", true},     {"12.5", true}, {"15", true},   {"30", true},     {"30.00", true},  {"0.01", true},
        {"29.99", true}, {"31", false},  {"30.01", false}, {"12.345", false}, {"", false},  {"-5", false},
        {"abc", false},  {"15%", false}, {".5", false},  {"15.", false},   {"1e1", false},   {"1000", false},
    };
    for (const auto& [rate, ok] : table) {
        w8ben f = with_treaty(valid_w8ben());
        f.treaty_rate = rate;
        EXPECT_EQ(fields(validate(f, today)), ok ? strings{} : strings{"w8ben.tax_treaty_rate"}) << rate;
    }
}

TEST(tax_w8ben, a_treaty_claim_needs_a_citation_and_a_listed_income_type) {
    w8ben f = with_treaty(valid_w8ben());
    f.treaty_citation = "";
    f.treaty_income_type = "lottery";
    errors e = validate(f, today);
    EXPECT_EQ(fields(e), (strings{"w8ben.tax_treaty_citation", "w8ben.tax_treaty_income_type"}));
    EXPECT_EQ(message_for(e, "w8ben.tax_treaty_citation"), "Enter the treaty article, e.g. Article 12.");
}

TEST(tax_w8ben, treaty_fields_without_a_claim_are_rejected) {
    w8ben f = with_treaty(valid_w8ben());
    f.treaty_claim = false;
    f.treaty_explanation = "because";
    EXPECT_EQ(fields(validate(f, today)),
              (strings{"w8ben.tax_treaty_country", "w8ben.tax_treaty_citation", "w8ben.tax_treaty_rate",
                       "w8ben.tax_treaty_income_type", "w8ben.tax_treaty_explanation"}));
}

TEST(tax_w8ben, someone_signing_for_the_person_says_in_what_capacity) {
    w8ben f = valid_w8ben();
    f.sig.name = "Petra Novak";
    EXPECT_EQ(validate(f, today), (errors{{"w8ben.signature.capacity", "Say in what capacity you sign for this person."}}));
    f.sig.capacity = "Legal guardian";
    EXPECT_EQ(validate(f, today), errors{});
    f.sig.name = "JANA  novak";  // the person themself: no capacity needed
    f.sig.capacity = "";
    EXPECT_EQ(validate(f, today), errors{});
}

TEST(tax_w8ben, the_signature_needs_consent_a_name_and_todays_date) {
    w8ben f = valid_w8ben();
    f.sig = {"", "2024-06-14", false, "", ""};
    EXPECT_EQ(fields(validate(f, today)), (strings{"w8ben.signature.consent", "w8ben.signature.name", "w8ben.signature.date"}));
    f = valid_w8ben();
    f.sig.email = "not an email";
    EXPECT_EQ(fields(validate(f, today)), strings{"w8ben.signature.email"});
}
