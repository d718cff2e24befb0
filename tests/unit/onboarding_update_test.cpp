// Onboarding update table: phone entry, sending, code entry, attempts, lockout, cooldown.
#include "steps/onboarding/onboarding.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::onboarding;

namespace {
const std::string tok = "tok";
model fresh() { return init(flow::init("flow_1", "sec")); }
result step(model m, const action& a, int64_t now = 1'000'000) { return update(std::move(m), a, tok, now); }
model typed(const std::string& phone) { return step(fresh(), phone_edited{phone}).m; }
model on_code_screen(int64_t now = 1'000'000) {
    auto r = step(typed("4155550123"), send_pressed{}, now);
    return step(r.m, api_result{"onboarding.send_code", respond(200, {{"sent_to", "+1 ***-***-0123"}, {"resend_in", 30}, {"expires_in", 600}})}, now).m;
}
}  // namespace

TEST(onboarding_update, formats_a_us_number_as_it_is_typed) {
    EXPECT_EQ(typed("4155").phone, "415-5");
    EXPECT_EQ(typed("4155550123").phone, "(415) 555-0123");
    EXPECT_EQ(typed("4155550123").verdict, phone::verdict::ok);
}

TEST(onboarding_update, continue_stays_disabled_until_the_number_is_plausible) {
    EXPECT_FALSE(can_send(fresh()));
    EXPECT_FALSE(can_send(typed("415555")));
    EXPECT_TRUE(can_send(typed("4155550123")));
    EXPECT_TRUE(step(typed("415555"), send_pressed{}).fx.empty());
}

TEST(onboarding_update, an_impossible_number_gets_an_inline_error) {
    EXPECT_TRUE(typed("415555").phone_error.empty());  // still typing: no nagging
    model too_long = typed("41555501234567");
    EXPECT_EQ(too_long.verdict, phone::verdict::too_long);
    EXPECT_NE(too_long.phone_error.find("too many digits"), std::string::npos);
    model invalid = typed("1235550123");  // no US area code starts with 1
    EXPECT_EQ(invalid.verdict, phone::verdict::invalid);
    EXPECT_NE(invalid.phone_error.find("isn't a valid United States phone number"), std::string::npos);
    EXPECT_FALSE(can_send(invalid));
}

TEST(onboarding_update, changing_the_country_rechecks_the_number) {
    auto r = step(typed("020 7946 0958"), region_chosen{"GB"});
    EXPECT_EQ(r.m.region, "GB");
    EXPECT_EQ(r.m.verdict, phone::verdict::ok);
    EXPECT_EQ(r.m.phone, "020 7946 0958");
    EXPECT_EQ(step(r.m, region_chosen{"ZZ"}).m.region, "GB");  // unknown codes are ignored
}

TEST(onboarding_update, continue_sends_the_national_number_and_country_code) {
    auto r = step(typed("4155550123"), send_pressed{});
    EXPECT_TRUE(r.m.busy);
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].request.path, "/api/widget/v1/onboarding/send-code");
    EXPECT_EQ(json::parse(calls[0].request.body), (json{{"country_code", "1"}, {"phone_number", "4155550123"}}));
    EXPECT_EQ(step(r.m, send_pressed{}).fx.size(), 0u);  // a double click sends once
}

TEST(onboarding_update, a_sent_code_shows_the_code_screen_with_a_cooldown) {
    model m = on_code_screen(1'000'000);
    EXPECT_EQ(m.scr, screen::code);
    EXPECT_EQ(m.sent_to, "+1 ***-***-0123");
    EXPECT_EQ(resend_wait_seconds(m), 30);
    EXPECT_TRUE(step(m, resend_pressed{}, 1'010'000).fx.empty());
    auto later = step(m, timer_fired{"onboarding.tick"}, 1'020'500);
    EXPECT_EQ(resend_wait_seconds(later.m), 10);
    EXPECT_EQ(only<start_timer>(later.fx).size(), 1u);  // keeps ticking while counting down
    auto after = step(m, resend_pressed{}, 1'031'000);
    EXPECT_EQ(only<api_call>(after.fx).size(), 1u);
}

TEST(onboarding_update, a_rejected_number_keeps_what_was_typed_and_says_why) {
    auto r = step(typed("4155550123"), send_pressed{});
    auto e = step(r.m, api_result{"onboarding.send_code", error_response(422, "invalid_phone_number", {{"field", "phone_number"}})});
    EXPECT_EQ(e.m.scr, screen::phone);
    EXPECT_EQ(e.m.phone, "(415) 555-0123");
    EXPECT_EQ(e.m.phone_error, "server says invalid_phone_number");
    EXPECT_FALSE(e.m.busy);
}

TEST(onboarding_update, six_digits_verify_right_away) {
    model m = on_code_screen();
    auto r = step(m, code_edited{"12 34-56"});
    EXPECT_EQ(r.m.code, "123456");
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].request.path, "/api/widget/v1/onboarding/verify");
    EXPECT_EQ(json::parse(calls[0].request.body)["code"], "123456");
}

TEST(onboarding_update, a_wrong_code_shows_attempts_left) {
    model m = step(on_code_screen(), code_edited{"111111"}).m;
    auto r = step(m, api_result{"onboarding.verify", error_response(422, "invalid_code", {{"attempts_left", 4}})});
    EXPECT_EQ(r.m.attempts_left, 4);
    EXPECT_EQ(r.m.code_error, "That code isn't right. You have 4 attempts left.");
    EXPECT_EQ(r.m.scr, screen::code);
    EXPECT_EQ(r.m.code, "") << "a wrong code is cleared: the next six digits are a fresh try";
}

TEST(onboarding_update, locks_after_five_wrong_codes_until_a_new_code_is_sent) {
    model m = step(on_code_screen(), code_edited{"111111"}).m;
    m = step(m, api_result{"onboarding.verify", error_response(422, "invalid_code", {{"attempts_left", 0}})}).m;
    EXPECT_EQ(m.scr, screen::locked);
    m = step(m, api_result{"onboarding.verify", error_response(429, "too_many_attempts")}).m;
    EXPECT_EQ(m.scr, screen::locked);
    auto again = step(m, resend_pressed{}, 2'000'000);
    ASSERT_EQ(only<api_call>(again.fx).size(), 1u);
    auto sent = step(again.m, api_result{"onboarding.send_code", respond(200, {{"sent_to", "x"}, {"resend_in", 30}})}, 2'000'000);
    EXPECT_EQ(sent.m.scr, screen::code);
    EXPECT_EQ(sent.m.attempts_left, 5);
}

TEST(onboarding_update, a_throttled_resend_waits_as_long_as_the_server_says) {
    model m = on_code_screen(1'000'000);
    m.resend_at_ms = 0;  // the widget thinks it may resend (e.g. after a reload)
    auto r = step(m, resend_pressed{}, 1'001'000);
    auto t = step(r.m, api_result{"onboarding.send_code", error_response(429, "resend_throttled", {{"retry_after", 25}})}, 1'001'000);
    EXPECT_EQ(resend_wait_seconds(t.m), 25);
    EXPECT_FALSE(t.m.notice.empty());
}

TEST(onboarding_update, success_finishes_the_step_with_the_servers_flow) {
    model m = step(on_code_screen(), code_edited{"123456"}).m;
    auto r = step(m, api_result{"onboarding.verify", respond(200, {{"user_id", "user_7"}, {"flow", widget_flow_json({"onboarding"}, {"onboarding"}, "user_7", true)}})});
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.finished->step, "onboarding");
    EXPECT_EQ(r.finished->updated->user_id, "user_7");
}

TEST(onboarding_update, a_network_error_keeps_the_code_and_offers_a_retry) {
    model m = step(on_code_screen(), code_edited{"123456"}).m;
    auto r = step(m, api_result{"onboarding.verify", http_response{0, ""}});
    EXPECT_FALSE(r.m.busy);
    EXPECT_EQ(r.m.code, "123456");
    EXPECT_NE(r.m.notice.find("couldn't reach"), std::string::npos);
    EXPECT_EQ(only<api_call>(step(r.m, verify_pressed{}).fx).size(), 1u);
}

TEST(onboarding_update, a_401_reports_the_lapsed_session) {
    model m = step(on_code_screen(), code_edited{"123456"}).m;
    EXPECT_TRUE(step(m, api_result{"onboarding.verify", error_response(401, "session_expired")}).session_lapsed);
}

TEST(onboarding_update, use_a_different_number_goes_back_with_the_number_kept) {
    auto r = step(on_code_screen(), different_number_pressed{});
    EXPECT_EQ(r.m.scr, screen::phone);
    EXPECT_EQ(r.m.phone, "(415) 555-0123");
}

TEST(onboarding_update, reverify_sends_to_the_phone_on_file) {
    flow::model f = flow::init("flow_1", "sec");
    f.reverify = true;
    f.info.hint = api::phone_hint{"1", "0123"};
    model m = init(f);
    EXPECT_TRUE(can_send(m));
    auto r = step(m, send_pressed{});
    EXPECT_EQ(only<api_call>(r.fx).at(0).request.body, "{}");
}

TEST(onboarding_update, a_resent_code_is_confirmed_and_counted_for_the_focus) {
    model m = on_code_screen();
    EXPECT_TRUE(m.info.empty()) << "the first code needs no confirmation: the screen itself says it";
    const int sends = m.codes_sent;
    auto again = step(m, resend_pressed{}, 2'000'000);
    auto sent = step(again.m, api_result{"onboarding.send_code", respond(200, {{"sent_to", "+1 ***-***-0123"}, {"resend_in", 30}})},
                     2'000'000);
    EXPECT_EQ(sent.m.info, "We sent a new code to +1 ***-***-0123.");
    EXPECT_EQ(sent.m.codes_sent, sends + 1) << "the code field takes the focus again";
    EXPECT_TRUE(step(sent.m, code_edited{"1"}).m.info.empty()) << "typing the new code replaces the confirmation";
}

TEST(onboarding_update, a_payout_link_opens_on_a_landing_that_names_the_payer_and_the_amount) {
    flow::model f = flow::init("flow_1", "sec");
    f.info.app_name = "Acme Deliveries";
    f.info.payout_link = api::link_summary{2500, "October deliveries"};
    model m = init(f);
    EXPECT_EQ(m.scr, screen::landing);
    EXPECT_EQ(m.payer, "Acme Deliveries");
    EXPECT_EQ(m.link_amount, 2500);
    EXPECT_EQ(m.memo, "October deliveries");
    EXPECT_TRUE(step(m, send_pressed{}).fx.empty()) << "nothing is sent from the landing";
    EXPECT_EQ(step(m, landing_continue_pressed{}).m.scr, screen::phone);
    EXPECT_EQ(init(flow::init("flow_1", "sec")).scr, screen::phone) << "other flows start on the phone screen";
}
