// Compliance update table: choosing the form, editing, client-side checks, server answers.
#include "steps/compliance/compliance.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::compliance;

namespace {
const tax::date today{2026, 11, 21};
const std::string tok = "tok";

flow::model flow_with_phone(const std::string& cc) {
    flow::model f = flow::init("flow_1", "sec");
    f.token = tok;
    f.info.hint = api::phone_hint{cc, "0123"};
    return f;
}
result step(model m, const action& a) { return update(std::move(m), a, tok); }
model loaded_nothing_on_file() {
    model m = enter(flow_with_phone("1"), today).m;
    return step(m, api_result{"compliance.get", respond(200, {{"collected", false}, {"summary", nullptr}})}).m;
}
model edit(model m, const std::vector<std::pair<std::string, std::string>>& fields) {
    for (const auto& [f, v] : fields) m = step(m, edited{f, v}).m;
    return m;
}
model valid_w9() {
    model m = step(loaded_nothing_on_file(), choose_continue_pressed{}).m;
    m = edit(m, {{"w9.name", "Ada Lovelace"}, {"w9.tin", "123-45-6789"}, {"w9.date_of_birth", "05171990"},
                 {"w9.address.line_1", "1 Main St"}, {"w9.address.city", "Springfield"}, {"w9.address.state", "IL"},
                 {"w9.address.postcode", "62701"}, {"w9.signature.name", "Ada Lovelace"}});
    return step(m, toggled{"w9.signature.consent", true}).m;
}
}  // namespace

TEST(compliance_update, entering_asks_what_is_on_file) {
    result r = enter(flow_with_phone("1"), today);
    EXPECT_EQ(r.m.scr, screen::loading);
    ASSERT_EQ(only<api_call>(r.fx).size(), 1u);
    EXPECT_EQ(only<api_call>(r.fx)[0].request.path, "/api/widget/v1/compliance");
}

TEST(compliance_update, the_form_defaults_from_the_phone_country_and_can_change) {
    EXPECT_EQ(enter(flow_with_phone("1"), today).m.form, "w9");
    model m = enter(flow_with_phone("49"), today).m;
    EXPECT_EQ(m.form, "w8ben");
    EXPECT_EQ(step(m, form_chosen{"w9"}).m.form, "w9");
    EXPECT_EQ(step(m, form_chosen{"1040"}).m.form, "w8ben");
}

TEST(compliance_update, information_on_file_can_be_kept_or_replaced) {
    model m = enter(flow_with_phone("1"), today).m;
    m = step(m, api_result{"compliance.get", respond(200, {{"collected", true}, {"tax_id_verification", "matched"},
                                                          {"summary", {{"form", "w9"}, {"tin", "***-**-6789"}}}})}).m;
    EXPECT_EQ(m.scr, screen::on_file);
    EXPECT_EQ(m.on_file.tin_masked, "***-**-6789");
    EXPECT_TRUE(step(m, keep_pressed{}).finished);
    EXPECT_EQ(step(m, replace_pressed{}).m.scr, screen::choose);
}

TEST(compliance_update, date_of_birth_is_typed_as_mm_dd_yyyy) {
    EXPECT_EQ(format_typed_date("0517"), "05/17");
    EXPECT_EQ(format_typed_date("05171990"), "05/17/1990");
    EXPECT_EQ(format_typed_date("05/17/19901"), "05/17/1990");
    EXPECT_EQ(iso_from_typed("05/17/1990"), "1990-05-17");
    EXPECT_EQ(iso_from_typed("05/17/19"), "");
    model m = edit(step(loaded_nothing_on_file(), choose_continue_pressed{}).m, {{"w9.date_of_birth", "05171990"}});
    EXPECT_EQ(m.dob_typed, "05/17/1990");
    EXPECT_EQ(m.w9.date_of_birth, "1990-05-17");
}

TEST(compliance_update, the_tin_keeps_only_digits) {
    model m = edit(step(loaded_nothing_on_file(), choose_continue_pressed{}).m, {{"w9.tin", "123-45-6789 0"}});
    EXPECT_EQ(m.w9.tin, "123456789");
}

TEST(compliance_update, a_business_classification_switches_the_tin_to_ein) {
    model m = edit(step(loaded_nothing_on_file(), choose_continue_pressed{}).m, {{"w9.tax_classification", "llc"}});
    EXPECT_EQ(m.w9.tin_type, "ein");
    m = edit(m, {{"w9.tax_classification", "individual"}});
    EXPECT_EQ(m.w9.tin_type, "ssn");
}

TEST(compliance_update, submit_checks_everything_first_and_sends_nothing_when_wrong) {
    model m = edit(valid_w9(), {{"w9.tin", "666-12-3456"}, {"w9.address.postcode", "123"}});
    result r = step(m, submit_pressed{});
    EXPECT_TRUE(only<api_call>(r.fx).empty());
    EXPECT_FALSE(error_for(r.m, "w9.tin").empty());
    EXPECT_FALSE(error_for(r.m, "w9.address.postcode").empty());
    EXPECT_EQ(r.m.notice, "2 things need fixing before you submit.");
    EXPECT_EQ(r.m.w9.address.city, "Springfield");  // nothing typed is lost
    // Fixing a field clears its error right away.
    model fixed = step(r.m, edited{"w9.address.postcode", "62701"}).m;
    EXPECT_TRUE(error_for(fixed, "w9.address.postcode").empty());
    EXPECT_FALSE(error_for(fixed, "w9.tin").empty());
}

TEST(compliance_update, a_valid_w9_is_sent_signed_today) {
    result r = step(valid_w9(), submit_pressed{});
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u) << (r.m.errors.empty() ? "" : r.m.errors.begin()->first + ": " + r.m.errors.begin()->second);
    EXPECT_EQ(calls[0].request.method, "PUT");
    json body = json::parse(calls[0].request.body);
    EXPECT_EQ(tax::digits(body["w9"]["tin"].get<std::string>()), "123456789");
    EXPECT_EQ(body["w9"]["signature"]["date"], "2026-11-21");
    EXPECT_TRUE(r.m.busy);
    EXPECT_TRUE(only<api_call>(step(r.m, submit_pressed{}).fx).empty());  // a double click sends once
}

TEST(compliance_update, server_field_errors_show_next_to_fields_and_keep_the_form) {
    model m = step(valid_w9(), submit_pressed{}).m;
    json err{{"error", {{"code", "invalid_compliance"}, {"field", "w9.tin"}, {"message", "Server says no."},
                        {"errors", json::array({{{"field", "w9.tin"}, {"message", "Server says no."}}})}}}};
    result r = step(m, api_result{"compliance.put", respond(422, err)});
    EXPECT_FALSE(r.m.busy);
    EXPECT_EQ(error_for(r.m, "w9.tin"), "Server says no.");
    EXPECT_EQ(r.m.w9.tin, "123456789");
    EXPECT_FALSE(r.finished);
}

TEST(compliance_update, success_finishes_the_step) {
    model m = step(valid_w9(), submit_pressed{}).m;
    result r = step(m, api_result{"compliance.put", respond(200, {{"compliance", {{"tax_id_collected", true}}},
                                                                 {"summary", {{"form", "w9"}, {"tin", "***-**-6789"}}}})});
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.finished->step, "compliance");
}

TEST(compliance_update, back_keeps_what_was_typed) {
    model m = step(valid_w9(), back_pressed{}).m;
    EXPECT_EQ(m.scr, screen::choose);
    EXPECT_EQ(step(m, choose_continue_pressed{}).m.w9.name, "Ada Lovelace");
}

TEST(compliance_update, a_network_failure_keeps_the_form_and_says_so) {
    model m = step(valid_w9(), submit_pressed{}).m;
    result r = step(m, api_result{"compliance.put", http_response{0, ""}});
    EXPECT_FALSE(r.m.busy);
    EXPECT_NE(r.m.notice.find("couldn't reach"), std::string::npos);
    EXPECT_EQ(only<api_call>(step(r.m, submit_pressed{}).fx).size(), 1u);
}

TEST(compliance_update, w8ben_mailing_and_treaty_sections_toggle) {
    model m = step(step(loaded_nothing_on_file(), form_chosen{"w8ben"}).m, choose_continue_pressed{}).m;
    EXPECT_EQ(m.scr, screen::w8ben);
    m = step(m, toggled{"w8ben.mailing_address", true}).m;
    ASSERT_TRUE(m.w8.mailing);
    m = step(m, edited{"w8ben.mailing_address.city", "Lyon"}).m;
    EXPECT_EQ(m.w8.mailing->city, "Lyon");
    m = step(m, toggled{"w8ben.mailing_address", false}).m;
    EXPECT_FALSE(m.w8.mailing);
    m = step(m, toggled{"w8ben.treaty_claim", true}).m;
    EXPECT_TRUE(m.w8.treaty_claim);
}

TEST(compliance_update, the_notice_counts_down_as_fields_are_fixed_and_goes_away) {
    model m = step(edit(valid_w9(), {{"w9.address.postcode", "123"}, {"w9.address.city", ""}}), submit_pressed{}).m;
    EXPECT_EQ(m.notice, "2 things need fixing before you submit.");
    m = step(m, edited{"w9.address.postcode", "62701"}).m;
    EXPECT_EQ(m.notice, "One thing needs fixing before you submit.");
    m = step(m, edited{"w9.address.city", "Springfield"}).m;
    EXPECT_EQ(m.notice, "");
}
