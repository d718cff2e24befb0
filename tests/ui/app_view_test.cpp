// The whole widget (flow machine + steps) drawn headlessly: flow-level screens.
#include "../unit/test_util.h"
#include "steps/app.h"
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;

namespace {
struct app_fixture {
    ui::headless ctx;
    app::model m = app::init("flow_1", "sec", tax::date{2026, 11, 21}, "seed");
    effects fx;
    ui::driver drive{[this] { frame(); }};
    void frame() {
        std::vector<app::action> queued;
        ctx.frame([&] { app::draw(m, [&](app::action a) { queued.push_back(std::move(a)); }); });
        for (auto& a : queued) apply(a);
    }
    void apply(const app::action& a) {
        auto r = app::update(m, a, 1'000'000);
        m = r.m;
        for (auto& e : r.fx) fx.push_back(e);
    }
};
}  // namespace

TEST(app_view, shows_loading_then_the_first_step) {
    app_fixture s;
    s.apply(flow::start{});
    s.drive.settle();
    EXPECT_TRUE(s.drive.shows("Loading")) << s.drive.screen();
    s.apply(api_result{"flow.session", respond(200, {{"token", "t"}, {"flow", widget_flow_json({"onboarding"})}})});
    s.drive.settle();
    EXPECT_TRUE(s.drive.has("Enter your phone number", ui::role::heading)) << s.drive.screen();
}

TEST(app_view, a_network_failure_offers_try_again) {
    app_fixture s;
    s.apply(flow::start{});
    s.apply(api_result{"flow.session", http_response{0, ""}});
    s.drive.settle();
    EXPECT_TRUE(s.drive.shows("couldn't reach the server")) << s.drive.screen();
    s.fx.clear();
    ASSERT_TRUE(s.drive.click("Try again"));
    EXPECT_EQ(only<api_call>(s.fx).size(), 1u);
}

TEST(app_view, a_step_this_build_lacks_is_said_plainly) {
    app_fixture s;
    s.apply(flow::start{});
    s.apply(api_result{"flow.session", respond(200, {{"token", "t"}, {"flow", widget_flow_json({"background-check"}, {}, "u", true)}})});
    s.drive.settle();
    EXPECT_TRUE(s.drive.shows("isn't available yet")) << s.drive.screen();
}

TEST(app_view, expired_session_offers_start_again) {
    app_fixture s;
    s.apply(flow::start{});
    s.apply(api_result{"flow.session", respond(200, {{"token", "t"}, {"flow", widget_flow_json({"onboarding"})}})});
    s.apply(api_result{"onboarding.send_code", error_response(401, "session_expired")});
    s.drive.settle();
    EXPECT_TRUE(s.drive.has("Your session has ended", ui::role::heading)) << s.drive.screen();
    EXPECT_TRUE(s.drive.enabled("Start again"));
}
