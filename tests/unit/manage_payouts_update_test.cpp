// manage-payouts update table: list, add per platform, default, removal, auto-payout, options.
#include "steps/manage_payouts/manage_payouts.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::manage_payouts;

namespace {
const std::string tok = "tok";
flow::model flow_with(api::step_options opts) {
    flow::model f = flow::init("flow_1", "sec");
    f.token = tok;
    f.info.steps = {{"manage-payouts", opts}};
    return f;
}
json method_json(const std::string& id, const std::string& desc, bool is_default) {
    return {{"id", id}, {"platform", "ach"}, {"description", desc}, {"mask", "6789"}, {"account_type", "checking"}, {"default", is_default}};
}
http_response list(std::vector<json> methods, const std::string& default_id, bool autop = false) {
    return respond(200, {{"data", methods}, {"default_payout_method_id", default_id.empty() ? json(nullptr) : json(default_id)},
                         {"auto_payout", autop}});
}
result step(model m, const action& a) { return update(std::move(m), a, tok); }
model loaded(api::step_options opts, std::vector<json> methods = {}, const std::string& def = "") {
    model m = enter(flow_with(opts)).m;
    return step(m, api_result{"manage_payouts.list", list(methods, def)}).m;
}
model ach_form() {
    model m = step(loaded({}), add_pressed{}).m;
    for (auto [f, v] : std::vector<std::pair<std::string, std::string>>{{"routing_number", "011000015"}, {"account_number", "000123456789"},
                                                                         {"account_confirm", "000123456789"}, {"account_holder_name", "Ada Lovelace"}})
        m = step(m, edited{f, v}).m;
    return m;
}
}  // namespace

TEST(manage_payouts_update, entering_lists_the_methods_with_the_step_options) {
    api::step_options o;
    o.require_default_payout_method = true;
    result r = enter(flow_with(o));
    EXPECT_TRUE(r.m.opts.require_default_payout_method);
    EXPECT_EQ(only<api_call>(r.fx).at(0).request.path, "/api/widget/v1/payout-methods");
    model m = step(r.m, api_result{"manage_payouts.list", list({method_json("pm_1", "Checking ...6789", true)}, "pm_1")}).m;
    EXPECT_EQ(m.scr, screen::list);
    EXPECT_EQ(m.methods.size(), 1u);
    EXPECT_EQ(m.default_id, "pm_1");
}

TEST(manage_payouts_update, require_default_keeps_continue_disabled_with_a_reason) {
    api::step_options o;
    o.require_default_payout_method = true;
    model m = loaded(o);
    EXPECT_FALSE(can_continue(m));
    EXPECT_NE(why_not(m).find("Add a payout method"), std::string::npos);
    EXPECT_FALSE(step(m, continue_pressed{}).finished);
    EXPECT_TRUE(can_continue(loaded(o, {method_json("pm_1", "Checking ...6789", true)}, "pm_1")));
}

TEST(manage_payouts_update, require_auto_payout_needs_it_on) {
    api::step_options o;
    o.require_auto_payout_method = true;
    model m = loaded(o, {method_json("pm_1", "Checking ...6789", true)}, "pm_1");
    EXPECT_FALSE(can_continue(m));
    auto r = step(m, auto_payout_toggled{true});
    ASSERT_EQ(only<api_call>(r.fx).size(), 1u);
    EXPECT_EQ(r.m.auto_payout_pending, true);  // the checkbox shows the click while saving
    EXPECT_EQ(only<api_call>(r.fx)[0].request.path, "/api/widget/v1/auto-payout");
    model on = step(r.m, api_result{"manage_payouts.change", list({method_json("pm_1", "Checking ...6789", true)}, "pm_1", true)}).m;
    EXPECT_TRUE(can_continue(on));
    EXPECT_FALSE(on.auto_payout_pending);
    model failed = step(r.m, api_result{"manage_payouts.change", http_response{0, ""}}).m;
    EXPECT_FALSE(failed.auto_payout_pending);  // a failure shows the saved state again
    EXPECT_FALSE(failed.auto_payout);
}

TEST(manage_payouts_update, auto_payout_without_a_default_says_why_and_sends_nothing) {
    auto r = step(loaded({}), auto_payout_toggled{true});
    EXPECT_TRUE(only<api_call>(r.fx).empty());
    EXPECT_EQ(r.m.notice, "Choose a default payout method first.");
}

TEST(manage_payouts_update, continue_without_change_reports_completed_saved) {
    model m = loaded({}, {method_json("pm_1", "Checking ...6789", true)}, "pm_1");
    EXPECT_EQ(step(m, continue_pressed{}).finished->status, "completed-saved");
}

TEST(manage_payouts_update, a_change_reports_completed) {
    model m = step(ach_form(), save_pressed{}).m;
    m = step(m, api_result{"manage_payouts.change", list({method_json("pm_1", "Checking ...6789", true)}, "pm_1")}).m;
    EXPECT_EQ(m.scr, screen::list);
    EXPECT_EQ(step(m, continue_pressed{}).finished->status, "completed");
}

TEST(manage_payouts_update, ach_checks_the_form_before_sending) {
    model m = step(ach_form(), edited{"routing_number", "011000016"}).m;
    m = step(m, edited{"account_confirm", "000123456780"}).m;
    auto r = step(m, save_pressed{});
    EXPECT_TRUE(only<api_call>(r.fx).empty());
    EXPECT_EQ(r.m.errors.count("routing_number"), 1u);
    EXPECT_EQ(r.m.errors.at("account_confirm"), "The account numbers don't match.");
    EXPECT_EQ(r.m.draft.account_holder_name, "Ada Lovelace");
}

TEST(manage_payouts_update, a_valid_ach_account_is_sent_once) {
    auto r = step(ach_form(), save_pressed{});
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u) << (r.m.errors.empty() ? "" : r.m.errors.begin()->first + ": " + r.m.errors.begin()->second);
    json body = json::parse(calls[0].request.body);
    EXPECT_EQ(body["platform"], "ach");
    EXPECT_EQ(body["routing_number"], "011000015");
    EXPECT_TRUE(r.m.busy);
    EXPECT_TRUE(only<api_call>(step(r.m, save_pressed{}).fx).empty());  // double click
}

TEST(manage_payouts_update, venmo_takes_a_phone_or_a_handle) {
    model m = step(step(loaded({}), add_pressed{}).m, platform_chosen{"venmo"}).m;
    auto phone = step(step(m, edited{"venmo", "(415) 555-0123"}).m, save_pressed{});
    ASSERT_EQ(only<api_call>(phone.fx).size(), 1u);
    EXPECT_EQ(json::parse(only<api_call>(phone.fx)[0].request.body)["phone_number"], "+14155550123");
    auto handle = step(step(m, edited{"venmo", "@ada-lovelace"}).m, save_pressed{});
    ASSERT_EQ(only<api_call>(handle.fx).size(), 1u);
    EXPECT_EQ(json::parse(only<api_call>(handle.fx)[0].request.body)["handle"], "@ada-lovelace");
}

TEST(manage_payouts_update, a_server_rejection_keeps_the_form) {
    model m = step(ach_form(), save_pressed{}).m;
    json err{{"error", {{"code", "invalid_payout_method"}, {"field", "routing_number"}, {"message", "Server says no."},
                        {"errors", json::array({{{"field", "routing_number"}, {"message", "Server says no."}}})}}}};
    auto r = step(m, api_result{"manage_payouts.change", respond(422, err)});
    EXPECT_EQ(r.m.scr, screen::add);
    EXPECT_EQ(r.m.errors.at("routing_number"), "Server says no.");
    EXPECT_EQ(r.m.draft.account_number, "000123456789");
}

TEST(manage_payouts_update, removing_asks_first) {
    model m = loaded({}, {method_json("pm_1", "Checking ...6789", true)}, "pm_1");
    auto r = step(m, remove_pressed{"pm_1"});
    EXPECT_EQ(r.m.scr, screen::confirm_remove);
    EXPECT_TRUE(r.fx.empty());
    EXPECT_EQ(step(r.m, cancel_pressed{}).m.scr, screen::list);
    auto sure = step(r.m, remove_confirmed{});
    EXPECT_EQ(only<api_call>(sure.fx).at(0).request.method, "DELETE");
}

TEST(manage_payouts_update, hidden_continue_finishes_after_a_change_that_meets_the_options) {
    api::step_options o;
    o.hide_continue_button = true;
    o.require_default_payout_method = true;
    model m = step(ach_form(), save_pressed{}).m;
    m.opts = o;
    auto r = step(m, api_result{"manage_payouts.change", list({method_json("pm_1", "Checking ...6789", true)}, "pm_1")});
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.finished->status, "completed");
}
