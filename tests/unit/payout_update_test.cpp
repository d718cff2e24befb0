// payout update table: amount and fee, a review before Withdraw, one key per intended payout,
// retries, a refused payout that keeps the step open, and the empty state.
#include "steps/payout/payout.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::payout_step;

namespace {
const std::string tok = "tok";
result step(model m, const action& a) { return update(std::move(m), a, tok); }
http_response wallet(int64_t withdrawable) {
    return respond(200, {{"amount", withdrawable}, {"withdrawable_amount", withdrawable}, {"currency", "USD"},
                         {"limits", {{"min_payout", 100}, {"max_payout", 1000000}}}});
}
http_response methods() {
    return respond(200, {{"data", json::array({{{"id", "pm_1"}, {"platform", "ach"}, {"description", "Checking ...6789"}, {"default", true}},
                                                {{"id", "pm_2"}, {"platform", "paypal"}, {"description", "PayPal a***@example.com"}, {"default", false}}})},
                         {"default_payout_method_id", "pm_1"}, {"auto_payout", false}});
}
http_response quote(int64_t amount, const std::string& method, int64_t fee) {
    return respond(200, {{"amount", amount}, {"fee", fee}, {"net", amount - fee}, {"fee_party", "user"}, {"payout_method_id", method}});
}
http_response transfer(const std::string& status, int64_t amount = 10000) {
    return respond(200, {{"id", "tr_1"}, {"status", status}, {"type", "payout"}, {"amount", amount}, {"fee", 25}, {"net", amount - 25},
                         {"description", "Checking ...6789"}});
}
model ready(int64_t balance = 10000) {
    flow::model f = flow::init("flow_1", "sec");
    f.token = tok;
    model m = enter(f, "abc").m;
    m = step(m, api_result{"payout.wallet", wallet(balance)}).m;
    m = step(m, api_result{"payout.methods", methods()}).m;
    return step(m, api_result{"payout.quote", quote(balance, "pm_1", 25)}).m;
}
model reviewed(int64_t balance = 10000) { return step(ready(balance), review_pressed{}).m; }
std::string key_of(const effects& fx) {
    for (const auto& c : only<api_call>(fx))
        if (c.tag == "payout.create") return json::parse(c.request.body)["idempotency_key"];
    return {};
}
}  // namespace

TEST(payout_update, defaults_to_the_whole_balance_and_the_default_method) {
    flow::model f = flow::init("flow_1", "sec");
    model m = enter(f, "abc").m;
    m = step(m, api_result{"payout.wallet", wallet(12345)}).m;
    auto r = step(m, api_result{"payout.methods", methods()});
    EXPECT_EQ(r.m.scr, screen::enter);
    EXPECT_EQ(r.m.amount_typed, "123.45");
    EXPECT_EQ(r.m.method_id, "pm_1");
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(json::parse(calls[0].request.body), (json{{"amount", 12345}, {"payout_method_id", "pm_1"}}));
}

TEST(payout_update, review_waits_for_the_fee_of_exactly_what_is_shown) {
    model m = ready();
    EXPECT_TRUE(can_review(m));
    model edited = step(m, amount_edited{"50"}).m;
    EXPECT_FALSE(can_review(edited));  // the fee of $50 is not known yet
    EXPECT_EQ(step(edited, review_pressed{}).m.scr, screen::enter);
    model stale = step(edited, api_result{"payout.quote", quote(10000, "pm_1", 25)}).m;
    EXPECT_FALSE(can_review(stale));   // an answer for the old amount is dropped
    EXPECT_TRUE(can_review(step(edited, api_result{"payout.quote", quote(5000, "pm_1", 25)}).m));
}

TEST(payout_update, nothing_is_sent_before_the_review) {
    model m = ready();
    EXPECT_TRUE(step(m, confirm_pressed{}).fx.empty()) << "Withdraw is only on the review screen";
    model r = step(m, review_pressed{}).m;
    EXPECT_EQ(r.scr, screen::review);
    EXPECT_TRUE(can_confirm(r));
    model back = step(r, edit_pressed{}).m;
    EXPECT_EQ(back.scr, screen::enter);
    EXPECT_EQ(back.amount_typed, "100.00") << "Edit keeps what was typed";
}

TEST(payout_update, amounts_are_checked_against_limits_and_balance) {
    model m = ready(10000);
    EXPECT_EQ(step(m, amount_edited{"0.50"}).m.amount_error, "The smallest withdrawal is $1.00.");
    EXPECT_EQ(step(m, amount_edited{"100.01"}).m.amount_error, "You can withdraw up to $100.00.");
    EXPECT_EQ(step(m, amount_edited{"12.345"}).m.amount_error, "Enter an amount like 25.00.");
    EXPECT_TRUE(only<api_call>(step(m, amount_edited{"100.01"}).fx).empty());
}

TEST(payout_update, a_double_click_sends_one_payout) {
    auto r = step(reviewed(), confirm_pressed{});
    EXPECT_EQ(only<api_call>(r.fx).size(), 1u);
    EXPECT_TRUE(r.m.sending);
    EXPECT_TRUE(step(r.m, confirm_pressed{}).fx.empty());
}

TEST(payout_update, a_retry_after_no_answer_reuses_the_key) {
    auto first = step(reviewed(), confirm_pressed{});
    const std::string key = key_of(first.fx);
    EXPECT_FALSE(key.empty());
    for (http_response lost : {http_response{0, ""}, http_response{503, "busy"}, http_response{504, ""}}) {
        auto failed = step(first.m, api_result{"payout.create", lost});
        EXPECT_TRUE(failed.m.uncertain);
        EXPECT_NE(failed.m.notice.find("won't be paid twice"), std::string::npos);
        EXPECT_EQ(key_of(step(failed.m, confirm_pressed{}).fx), key);
    }
}

TEST(payout_update, another_amount_after_a_failure_is_another_payout_with_another_key) {
    auto first = step(reviewed(), confirm_pressed{});
    model lost = step(first.m, api_result{"payout.create", http_response{0, ""}}).m;
    model edit = step(lost, edit_pressed{}).m;
    model changed = step(step(edit, amount_edited{"50"}).m, api_result{"payout.quote", quote(5000, "pm_1", 25)}).m;
    const std::string second = key_of(step(step(changed, review_pressed{}).m, confirm_pressed{}).fx);
    EXPECT_NE(second, key_of(first.fx));
    EXPECT_FALSE(second.empty());
}

TEST(payout_update, keys_differ_between_page_loads) {
    flow::model f = flow::init("flow_1", "sec");
    EXPECT_NE(enter(f, "seed-a").m.key_seed, enter(f, "seed-b").m.key_seed);
}

TEST(payout_update, the_receipt_tells_the_host_and_follows_the_status) {
    auto sent = step(step(reviewed(), confirm_pressed{}).m, api_result{"payout.create", transfer("pending")});
    EXPECT_EQ(sent.m.scr, screen::receipt);
    auto msgs = only<post_to_host>(sent.fx);
    ASSERT_EQ(msgs.size(), 1u);
    json j = json::parse(msgs[0].message);
    EXPECT_EQ(j["type"], "payout_created");
    EXPECT_EQ(j["payload"], (json{{"transfer_id", "tr_1"}, {"amount", 10000}}));
    EXPECT_EQ(only<start_timer>(sent.fx).size(), 1u);
    auto poll = step(sent.m, timer_fired{"payout.poll"});
    EXPECT_EQ(only<api_call>(poll.fx).at(0).request.path, "/api/widget/v1/transfers/tr_1");
    auto done = step(poll.m, api_result{"payout.status", transfer("completed")});
    EXPECT_EQ(done.m.transfer->status, "completed");
    EXPECT_TRUE(only<start_timer>(done.fx).empty());
    EXPECT_TRUE(step(done.m, done_pressed{}).finished);
}

TEST(payout_update, insufficient_funds_is_shown_at_the_amount) {
    auto r = step(step(reviewed(), confirm_pressed{}).m,
                  api_result{"payout.create", error_response(422, "insufficient_funds", {{"field", "amount"}, {"available", 500}})});
    EXPECT_FALSE(r.m.sending);
    EXPECT_EQ(r.m.amount_error, "server says insufficient_funds");
    EXPECT_EQ(r.m.scr, screen::enter);
}

TEST(payout_update, without_methods_the_person_adds_one_in_place) {
    flow::model f = flow::init("flow_1", "sec");
    model m = enter(f, "abc").m;
    m = step(m, api_result{"payout.wallet", wallet(10000)}).m;
    m = step(m, api_result{"payout.methods", respond(200, {{"data", json::array()}, {"default_payout_method_id", nullptr}})}).m;
    EXPECT_EQ(m.scr, screen::no_method);
    m = step(m, add_method_pressed{}).m;
    EXPECT_EQ(m.scr, screen::adding);
    ASSERT_TRUE(m.adding);
    // The add form's answer (a list with the new method) brings the person back to the amount.
    auto r = step(m, api_result{"payout.adding.manage_payouts.change", methods()});
    EXPECT_EQ(r.m.scr, screen::enter);
    EXPECT_EQ(r.m.method_id, "pm_1");
}

TEST(payout_update, a_refused_payout_keeps_the_step_open_and_offers_a_retry_with_a_new_key) {
    auto first = step(reviewed(1013), confirm_pressed{});
    const std::string key = key_of(first.fx);
    model sent = step(first.m, api_result{"payout.create", transfer("pending", 1013)}).m;
    model refused = step(sent, api_result{"payout.status", transfer("failed", 1013)}).m;
    EXPECT_TRUE(failed(refused));
    EXPECT_FALSE(step(refused, done_pressed{}).finished) << "a failure never finishes the step";
    auto again = step(refused, try_again_pressed{});
    EXPECT_EQ(again.m.scr, screen::loading);
    EXPECT_FALSE(again.m.transfer);
    ASSERT_EQ(only<api_call>(again.fx).size(), 2u) << "a fresh balance and method list";
    model m = step(again.m, api_result{"payout.wallet", wallet(1013)}).m;
    m = step(m, api_result{"payout.methods", methods()}).m;
    EXPECT_EQ(m.scr, screen::enter);
    EXPECT_EQ(m.amount_typed, "10.13") << "the same amount to start from";
    m = step(m, method_chosen{"pm_2"}).m;  // another method this time
    m = step(m, api_result{"payout.quote", quote(1013, "pm_2", 25)}).m;
    auto retry = step(step(m, review_pressed{}).m, confirm_pressed{});
    const std::string second = key_of(retry.fx);
    EXPECT_FALSE(second.empty());
    EXPECT_NE(second, key) << "the refused payout's key would replay the refusal";
    model paid = step(retry.m, api_result{"payout.create", transfer("completed", 1013)}).m;
    EXPECT_TRUE(step(paid, done_pressed{}).finished);
}

TEST(payout_update, a_reversed_payout_is_a_failure_too) {
    model m = step(step(reviewed(), confirm_pressed{}).m, api_result{"payout.create", transfer("reversed")}).m;
    EXPECT_TRUE(failed(m));
    EXPECT_FALSE(step(m, done_pressed{}).finished);
}

TEST(payout_update, a_zero_balance_is_an_empty_state_the_payee_can_finish) {
    flow::model f = flow::init("flow_1", "sec");
    model m = enter(f, "abc").m;
    m = step(m, api_result{"payout.wallet", wallet(0)}).m;
    auto r = step(m, api_result{"payout.methods", methods()});
    EXPECT_EQ(r.m.scr, screen::empty);
    EXPECT_TRUE(r.m.amount_error.empty()) << "no red error for an empty wallet";
    EXPECT_TRUE(only<api_call>(r.fx).empty()) << "no fee to ask for";
    auto done = step(r.m, finish_pressed{});
    ASSERT_TRUE(done.finished);
    EXPECT_EQ(done.finished->status, "completed");
}

TEST(payout_update, a_balance_under_the_minimum_is_empty_even_without_methods) {
    flow::model f = flow::init("flow_1", "sec");
    model m = enter(f, "abc").m;
    m = step(m, api_result{"payout.wallet", wallet(50)}).m;
    m = step(m, api_result{"payout.methods", respond(200, {{"data", json::array()}, {"default_payout_method_id", nullptr}})}).m;
    EXPECT_EQ(m.scr, screen::empty) << "no need to add a method to withdraw nothing";
}
