// Onboarding screens drawn by real ImGui frames (no window, no GL) and driven by label, the way
// a person uses them: what is shown, what is disabled, what typing and clicking do.
#include "../unit/test_util.h"
#include "steps/onboarding/onboarding_view.h"
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::onboarding;

namespace {
struct screen_fixture {
    ui::headless ctx;
    model m = init(flow::init("flow_1", "sec"));
    int64_t now = 1'000'000;
    std::vector<api_call> calls;
    ui::driver drive{[this] { frame(); }};

    void frame() {
        std::vector<action> queued;
        ctx.frame([&] { draw(m, [&](action a) { queued.push_back(std::move(a)); }); });
        for (auto& a : queued) apply(a);
    }
    void apply(const action& a) {
        auto r = update(m, a, "tok", now);
        m = r.m;
        for (auto& c : only<api_call>(r.fx)) calls.push_back(c);
    }
    void answer(const std::string& tag, http_response resp) {
        apply(api_result{tag, std::move(resp)});
        drive.settle();
    }
};
}  // namespace

TEST(onboarding_view, phone_screen_has_country_phone_and_a_disabled_continue) {
    screen_fixture s;
    s.drive.settle();
    EXPECT_TRUE(s.drive.has("Enter your phone number", ui::role::heading)) << s.drive.screen();
    const ui::item* country = s.drive.find("Country", ui::role::select);
    ASSERT_TRUE(country);
    EXPECT_EQ(country->options.at(std::stoi(country->value)), "United States (+1)");
    EXPECT_EQ(s.drive.find("Phone number")->kind, ui::field_kind::tel);
    EXPECT_FALSE(s.drive.enabled("Continue"));
}

TEST(onboarding_view, typing_formats_the_number_and_enables_continue) {
    screen_fixture s;
    s.drive.settle();
    ASSERT_TRUE(s.drive.type("Phone number", "4155550123"));
    EXPECT_EQ(s.drive.value("Phone number"), "(415) 555-0123");
    EXPECT_TRUE(s.drive.enabled("Continue"));
    ASSERT_TRUE(s.drive.click("Continue"));
    ASSERT_EQ(s.calls.size(), 1u);
    EXPECT_FALSE(s.drive.enabled("Continue")) << "disabled while sending";
}

TEST(onboarding_view, an_impossible_number_shows_the_error_next_to_the_field) {
    screen_fixture s;
    s.drive.settle();
    s.drive.type("Phone number", "1235550123");
    EXPECT_TRUE(s.drive.shows("isn't a valid United States phone number")) << s.drive.screen();
    EXPECT_TRUE(s.drive.find("Phone number", ui::role::text_field)->flags & ui::f_invalid);
    EXPECT_FALSE(s.drive.enabled("Continue"));
}

TEST(onboarding_view, choosing_another_country_reformats) {
    screen_fixture s;
    s.drive.settle();
    ASSERT_TRUE(s.drive.choose("Country", "United Kingdom"));
    s.drive.type("Phone number", "02079460958");
    EXPECT_EQ(s.drive.value("Phone number"), "020 7946 0958");
    EXPECT_TRUE(s.drive.enabled("Continue"));
}

TEST(onboarding_view, code_screen_counts_down_resend_and_shows_attempts_left) {
    screen_fixture s;
    s.drive.settle();
    s.drive.type("Phone number", "4155550123");
    s.drive.click("Continue");
    s.answer("onboarding.send_code", respond(200, {{"sent_to", "+1 ***-***-0123"}, {"resend_in", 30}}));
    EXPECT_TRUE(s.drive.shows("We sent a 6-digit code to +1 ***-***-0123")) << s.drive.screen();
    const ui::item* code = s.drive.find("Verification code");
    ASSERT_TRUE(code);
    EXPECT_EQ(code->kind, ui::field_kind::one_time_code);
    EXPECT_TRUE(code->flags & ui::f_autofocus);
    const ui::item* resend = s.drive.find("Resend code", ui::role::button);
    ASSERT_TRUE(resend);
    EXPECT_EQ(resend->label, "Resend code in 30s");
    EXPECT_FALSE(resend->enabled());

    s.now += 31'000;
    s.apply(timer_fired{"onboarding.tick"});
    s.drive.settle();
    EXPECT_EQ(s.drive.find("Resend code", ui::role::button)->label, "Resend code");
    EXPECT_TRUE(s.drive.enabled("Resend code"));

    s.drive.type("Verification code", "111111");
    ASSERT_EQ(s.calls.back().tag, "onboarding.verify");
    s.answer("onboarding.verify", error_response(422, "invalid_code", {{"attempts_left", 4}}));
    EXPECT_TRUE(s.drive.shows("You have 4 attempts left")) << s.drive.screen();
    EXPECT_TRUE(s.drive.has("Use a different number"));
}

TEST(onboarding_view, lockout_says_what_to_do_next) {
    screen_fixture s;
    s.m.scr = screen::code;
    s.m.code = "111111";
    s.answer("onboarding.verify", error_response(429, "too_many_attempts"));
    EXPECT_TRUE(s.drive.has("Too many attempts", ui::role::heading)) << s.drive.screen();
    EXPECT_TRUE(s.drive.shows("Send a new code to try again"));
    EXPECT_TRUE(s.drive.enabled("Send a new code"));
    EXPECT_FALSE(s.drive.has("Verification code"));
}
