// Tax JSON: request bodies, round trips, Dots-only bodies and hostile input (errors, never a crash).
#include "flow/tax_json.h"
#include <gtest/gtest.h>

using namespace fk::tax;
using json = nlohmann::json;

namespace {
w9 individual_w9() {
    w9 f;
    f.tax_classification = "individual";
    f.name = "Ada Lovelace";
    f.tin_type = "ssn";
    f.tin = "123456789";
    f.date_of_birth = "1990-04-25";
    f.address = {"1 Market St", "Apt 2", "San Francisco", "CA", "94107-1234"};
    f.sig = {"Ada Lovelace", "2024-06-15", true, "", ""};
    return f;
}
w9 llc_w9() {
    w9 f = individual_w9();
    f.tax_classification = "llc";
    f.llc_tax_classification = "S";
    f.business_name = "Engines LLC";
    f.tin_type = "ein";
    f.tin = "123456789";
    f.date_of_birth = "";
    f.address.line_2 = "";
    return f;
}
w8ben treaty_w8ben() {
    w8ben f;
    f.name = "Jana Novak";
    f.citizenship_country = "CZ";
    f.date_of_birth = "1985-02-01";
    f.residence = {"Hauptstr. 1", "", "Berlin", "", "10115", "DE"};
    f.mailing = address{"Postfach 9", "c/o Novak", "Hamburg", "HH", "20095", "DE"};
    f.foreign_tax_id_reason = "not_required";
    f.us_tin = "912701234";
    f.treaty_claim = true;
    f.treaty_country = "DE";
    f.treaty_citation = "Article 12";
    f.treaty_rate = "12.5";
    f.treaty_income_type = "copyright12";
    f.treaty_explanation = "Royalties for a book";
    f.sig = {"Petr Novak", "2024-06-15", true, "petr@example.com", "Attorney in fact"};
    return f;
}
w9 parse_w9(const json& body, errors& errs) {
    auto p = parse_request(body, errs);
    EXPECT_FALSE(p.w8ben_form.has_value());
    return p.w9_form.value_or(w9{});
}
std::vector<std::string> fields(const errors& errs) {
    std::vector<std::string> out;
    for (const auto& e : errs) out.push_back(e.field);
    return out;
}
using strings = std::vector<std::string>;
}  // namespace

TEST(tax_json, a_w9_body_has_the_documented_shape) {
    json expected = json::parse(R"({"w9": {
        "entity_type": "individual", "tax_classification": "individual", "name": "Ada Lovelace",
        "tin_type": "ssn", "tin": "123-45-6789", "date_of_birth": "1990-04-25",
        "address": {"line_1": "1 Market St", "line_2": "Apt 2", "city": "San Francisco", "state": "CA",
                    "country": "US", "postcode": "94107-1234"},
        "signature": {"name": "Ada Lovelace", "date": "2024-06-15", "consent": true}}})");
    EXPECT_EQ(request_json(individual_w9()), expected);
}

TEST(tax_json, a_business_w9_says_business_and_sends_the_ein_with_its_dash) {
    json j = request_json(llc_w9())["w9"];
    EXPECT_EQ(j["entity_type"], "business");
    EXPECT_EQ(j["tax_classification"], "llc");
    EXPECT_EQ(j["llc_tax_classification"], "S");
    EXPECT_EQ(j["business_name"], "Engines LLC");
    EXPECT_EQ(j["tin"], "12-3456789");
    EXPECT_FALSE(j.contains("date_of_birth"));
    EXPECT_FALSE(j["address"].contains("line_2"));
    w9 corp = llc_w9();
    corp.tax_classification = "c_corporation";  // a leftover LLC class is not sent
    EXPECT_FALSE(request_json(corp)["w9"].contains("llc_tax_classification"));
}

TEST(tax_json, a_w8ben_body_sends_the_treaty_rate_as_a_fraction) {
    json j = request_json(treaty_w8ben())["w8ben"];
    EXPECT_EQ(j["tax_treaty_rate"], 0.125);
    EXPECT_EQ(j["tax_treaty_country"], "DE");
    EXPECT_EQ(j["tin"], "912-70-1234");
    EXPECT_EQ(j["mailing_address"]["city"], "Hamburg");
    EXPECT_EQ(j["signature"], (json{{"consent", true}, {"name", "Petr Novak"}, {"date", "2024-06-15"},
                                    {"email", "petr@example.com"}, {"capacity", "Attorney in fact"}}));
    w8ben f = treaty_w8ben();
    f.treaty_rate = "15";
    EXPECT_EQ(request_json(f)["w8ben"]["tax_treaty_rate"].dump(), "0.15");
    f.treaty_rate = "0";
    EXPECT_EQ(request_json(f)["w8ben"]["tax_treaty_rate"], 0.0);
}

TEST(tax_json, treaty_fields_travel_only_with_a_claim) {
    w8ben f = treaty_w8ben();
    f.treaty_claim = false;
    json j = request_json(f)["w8ben"];
    for (const char* k : {"tax_treaty_country", "tax_treaty_citation", "tax_treaty_rate", "tax_treaty_income_type",
                          "tax_treaty_explanation"})
        EXPECT_FALSE(j.contains(k)) << k;
}

TEST(tax_json, forms_round_trip_through_the_request_body) {
    for (const w9& f : {individual_w9(), llc_w9()}) {
        errors errs;
        auto p = parse_request(request_json(f), errs);
        EXPECT_EQ(errs, errors{});
        ASSERT_TRUE(p.w9_form.has_value());
        EXPECT_EQ(*p.w9_form, f);
        EXPECT_FALSE(p.w8ben_form.has_value());
    }
    w8ben without = treaty_w8ben();
    without.treaty_claim = false;
    without.treaty_country = without.treaty_citation = without.treaty_rate = without.treaty_income_type =
        without.treaty_explanation = "";
    without.mailing.reset();
    without.foreign_tax_id = "DE123";
    without.foreign_tax_id_reason = "";
    for (const w8ben& f : {treaty_w8ben(), without}) {
        errors errs;
        auto p = parse_request(request_json(f), errs);
        EXPECT_EQ(errs, errors{});
        ASSERT_TRUE(p.w8ben_form.has_value());
        EXPECT_EQ(*p.w8ben_form, f);
    }
    for (const char* rate : {"0", "0.01", "15", "29.99", "30", "12.34", "7.5"}) {
        w8ben f = treaty_w8ben();
        f.treaty_rate = rate;
        errors errs;
        auto p = parse_request(request_json(f), errs);
        ASSERT_TRUE(p.w8ben_form.has_value()) << rate;
        EXPECT_EQ(p.w8ben_form->treaty_rate, rate);
    }
}

TEST(tax_json, a_dots_only_body_maps_entity_type_and_defaults_the_tin_type) {
    errors errs;
    w9 f = parse_w9(json::parse(R"({"w9": {"entity_type": "individual", "name": "Ada Lovelace", "tin": "123 45 6789",
        "address": {"line_1": "1 Market St", "city": "SF", "state": "CA", "country": "US", "postcode": "94107"}}})"),
                    errs);
    EXPECT_EQ(errs, errors{});
    EXPECT_EQ(f.tax_classification, "individual");
    EXPECT_EQ(f.tin_type, "ssn");
    EXPECT_EQ(f.tin, "123456789");
    EXPECT_FALSE(f.sig.consent);

    w9 b = parse_w9(json::parse(R"({"w9": {"entity_type": "business", "name": "A", "business_name": "B",
        "tin": "12-3456789"}})"), errs);
    EXPECT_EQ(errs, errors{});
    EXPECT_EQ(b.tax_classification, "c_corporation");
    EXPECT_EQ(b.tin_type, "ein");
    EXPECT_EQ(b.tin, "123456789");
}

TEST(tax_json, a_w9_body_without_any_classification_is_left_for_validation) {
    errors errs;
    w9 f = parse_w9(json{{"w9", {{"name", "A"}}}}, errs);
    EXPECT_EQ(errs, errors{});
    EXPECT_EQ(f.tax_classification, "");
    EXPECT_EQ(fields(validate(f, {2024, 6, 15}))[0], "w9.tax_classification");
}

TEST(tax_json, a_foreign_country_on_a_w9_points_to_the_w8ben) {
    errors errs;
    auto p = parse_request(json{{"w9", {{"address", {{"country", "DE"}}}}}}, errs);
    EXPECT_FALSE(p.w9_form.has_value());
    EXPECT_EQ(errs, (errors{{"w9.address.country", "A W-9 needs a US address; people outside the US use the W-8BEN."}}));
}

TEST(tax_json, wrong_types_name_the_field) {
    errors errs;
    auto p = parse_request(json::parse(R"({"w9": {"name": 5, "tin": 123456789, "entity_type": "individual",
        "address": "1 Market St", "signature": {"consent": "yes", "name": ["x"], "date": null}}})"), errs);
    EXPECT_FALSE(p.w9_form.has_value());
    EXPECT_EQ(errs, (errors{{"w9.name", "Expected text."},
                            {"w9.tin", "Expected text."},
                            {"w9.address", "Expected an object."},
                            {"w9.signature.consent", "Expected true or false."},
                            {"w9.signature.name", "Expected text."}}));
    errs.clear();
    p = parse_request(json::parse(R"({"w8ben": {"tax_treaty_rate": "15%", "mailing_address": 1}})"), errs);
    EXPECT_FALSE(p.w8ben_form.has_value());
    EXPECT_EQ(errs, (errors{{"w8ben.mailing_address", "Expected an object."}, {"w8ben.tax_treaty_rate", "Expected a number."}}));
}

TEST(tax_json, unknown_choices_are_rejected) {
    const std::pair<json, std::string> table[] = {
        {json{{"w9", {{"entity_type", "person"}}}}, "w9.entity_type"},
        {json{{"w9", {{"tax_classification", "nonprofit"}}}}, "w9.tax_classification"},
        {json{{"w9", {{"tax_classification", "llc"}, {"llc_tax_classification", "X"}}}}, "w9.llc_tax_classification"},
        {json{{"w9", {{"tin_type", "vat"}}}}, "w9.tin_type"},
        {json{{"w9", {{"entity_type", "individual"}, {"tax_classification", "llc"}}}}, "w9.entity_type"},
        {json{{"w8ben", {{"foreign_tax_id_reason", "lost"}}}}, "w8ben.foreign_tax_id_reason"},
        {json{{"w8ben", {{"tax_treaty_income_type", "lottery"}}}}, "w8ben.tax_treaty_income_type"},
    };
    for (const auto& [body, field] : table) {
        errors errs;
        auto p = parse_request(body, errs);
        EXPECT_FALSE(p.w9_form || p.w8ben_form) << body;
        EXPECT_EQ(fields(errs), strings{field}) << body;
    }
}

TEST(tax_json, treaty_rates_are_fractions_from_0_to_0_30) {
    const std::pair<json, const char*> ok[] = {{0, "0"}, {0.15, "15"}, {0.3, "30"}, {0.125, "12.5"}, {0.0001, "0.01"},
                                               {0.2999, "29.99"}};
    for (const auto& [rate, percent] : ok) {
        errors errs;
        auto p = parse_request(json{{"w8ben", {{"tax_treaty_rate", rate}}}}, errs);
        ASSERT_TRUE(p.w8ben_form.has_value()) << rate;
        EXPECT_EQ(p.w8ben_form->treaty_rate, percent);
        EXPECT_TRUE(p.w8ben_form->treaty_claim);
    }
    for (const json& rate : {json(0.31), json(-0.01), json(1), json(15), json(1e300), json(0.12345)}) {
        errors errs;
        auto p = parse_request(json{{"w8ben", {{"tax_treaty_rate", rate}}}}, errs);
        EXPECT_FALSE(p.w8ben_form.has_value()) << rate;
        EXPECT_EQ(fields(errs), strings{"w8ben.tax_treaty_rate"}) << rate;
    }
}

TEST(tax_json, a_tin_keeps_its_digits_and_odd_characters_are_left_for_validation) {
    errors errs;
    w9 f = parse_w9(json{{"w9", {{"tax_classification", "individual"}, {"tin", "123-45-6789"}}}}, errs);
    EXPECT_EQ(f.tin, "123456789");
    f = parse_w9(json{{"w9", {{"tax_classification", "individual"}, {"tin", "12345678x"}}}}, errs);
    EXPECT_EQ(errs, errors{});
    EXPECT_EQ(f.tin, "12345678x");
    EXPECT_EQ(check_ssn(f.tin), "Enter the 9 digits of your SSN.");
}

TEST(tax_json, hostile_bodies_become_errors_without_a_crash) {
    const json bodies[] = {
        json::array({1, 2}),
        json("w9"),
        json(nullptr),
        json(42),
        json::object(),
        json{{"w9", "a string"}},
        json{{"w9", nullptr}},
        json{{"w8ben", json::array()}},
        json{{"w9", json::object()}, {"w8ben", json::object()}},
        json{{"other", json::object()}},
    };
    for (const json& body : bodies) {
        errors errs;
        auto p = parse_request(body, errs);
        EXPECT_FALSE(p.w9_form || p.w8ben_form) << body;
        ASSERT_EQ(errs.size(), 1u) << body;
        EXPECT_TRUE(errs[0].field == "w9" || errs[0].field == "w8ben") << body;
    }
    errors errs;
    parse_request(json{{"w9", json::object()}, {"w8ben", json::object()}}, errs);
    EXPECT_EQ(errs, (errors{{"w9", "Send exactly one form: w9 or w8ben."}}));
}

TEST(tax_json, oversize_text_is_rejected) {
    errors errs;
    auto p = parse_request(json{{"w9", {{"name", std::string(10 * 1024, 'A')}}}}, errs);
    EXPECT_FALSE(p.w9_form.has_value());
    EXPECT_EQ(errs, (errors{{"w9.name", "Keep this under 200 characters."}}));
    errs.clear();
    p = parse_request(json{{"w8ben", {{"address", {{"city", std::string(k_max_text + 1, 'x')}}}}}}, errs);
    EXPECT_EQ(fields(errs), strings{"w8ben.address.city"});
    errs.clear();
    p = parse_request(json{{"w8ben", {{"address", {{"city", std::string(k_max_text, 'x')}}}}}}, errs);
    EXPECT_EQ(errs, errors{});
}

TEST(tax_json, errors_are_appended_to_what_the_caller_already_has) {
    errors errs{{"earlier", "kept"}};
    auto p = parse_request(json{{"w9", {{"name", "Ada"}}}}, errs);
    EXPECT_TRUE(p.w9_form.has_value());
    EXPECT_EQ(errs.size(), 1u);
    p = parse_request(json{{"w9", {{"name", 1}}}}, errs);
    EXPECT_FALSE(p.w9_form.has_value());
    EXPECT_EQ(errs.size(), 2u);
}

TEST(tax_json, a_parsed_body_is_then_validated_in_full) {
    const date today{2024, 6, 15};
    errors errs;
    auto p = parse_request(request_json(individual_w9()), errs);
    ASSERT_TRUE(p.w9_form.has_value());
    EXPECT_EQ(validate(*p.w9_form, today), errors{});
    p = parse_request(request_json(treaty_w8ben()), errs);
    ASSERT_TRUE(p.w8ben_form.has_value());
    EXPECT_EQ(validate(*p.w8ben_form, today), errors{});
}
