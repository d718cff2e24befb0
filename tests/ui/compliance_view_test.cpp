// Compliance screens drawn headlessly and driven by label.
#include "../unit/test_util.h"
#include "steps/compliance/compliance_view.h"
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::compliance;

namespace {
struct screen_fixture {
    ui::headless ctx{420, 2400};
    model m;
    std::vector<api_call> calls;
    std::optional<flow::step_finished> finished;
    ui::driver drive{[this] { frame(); }};
    screen_fixture() {
        flow::model f = flow::init("flow_1", "sec");
        f.token = "tok";
        m = enter(f, tax::date{2026, 11, 21}).m;
        apply(api_result{"compliance.get", respond(200, {{"collected", false}})});
        drive.settle();
    }
    void frame() {
        std::vector<action> queued;
        ctx.frame([&] { draw(m, [&](action a) { queued.push_back(std::move(a)); }); });
        for (auto& a : queued) apply(a);
    }
    void apply(const action& a) {
        auto r = update(m, a, "tok");
        m = r.m;
        for (auto& c : only<api_call>(r.fx)) calls.push_back(c);
        if (r.finished) finished = r.finished;
    }
};
}  // namespace

TEST(compliance_view, asks_which_form_then_shows_the_w9) {
    screen_fixture s;
    EXPECT_TRUE(s.drive.has("Which describes you?", ui::role::heading)) << s.drive.screen();
    const ui::item* w9 = s.drive.find("US person (W-9)", ui::role::radio);
    ASSERT_TRUE(w9) << s.drive.screen();
    EXPECT_TRUE(w9->flags & ui::f_checked) << "a +1 phone defaults to the W-9";
    EXPECT_FALSE(s.drive.find("Not a US person (W-8BEN)", ui::role::radio)->flags & ui::f_checked);
    ASSERT_TRUE(s.drive.click("Continue"));
    EXPECT_TRUE(s.drive.has("W-9: US tax information", ui::role::heading)) << s.drive.screen();
    EXPECT_EQ(s.drive.find("SSN", ui::role::text_field)->kind, ui::field_kind::secret_digits);
    EXPECT_FALSE(s.drive.has("Business name"));
    ASSERT_TRUE(s.drive.choose("Federal tax classification", "Limited liability company"));
    EXPECT_TRUE(s.drive.has("Business name"));
    EXPECT_TRUE(s.drive.has("LLC tax classification"));
    EXPECT_TRUE(s.drive.has("EIN", ui::role::text_field));
}

TEST(compliance_view, errors_appear_next_to_their_fields_and_nothing_is_sent) {
    screen_fixture s;
    s.drive.click("Continue");
    s.drive.type("Name (as shown on your income tax return)", "Ada Lovelace");
    s.drive.type("SSN", "000-12-3456");
    s.drive.type("ZIP code", "9410");
    ASSERT_TRUE(s.drive.click("Submit"));
    EXPECT_TRUE(s.calls.empty());
    EXPECT_TRUE(s.drive.find("SSN", ui::role::text_field)->flags & ui::f_invalid) << s.drive.screen();
    EXPECT_TRUE(s.drive.find("ZIP code", ui::role::text_field)->flags & ui::f_invalid);
    EXPECT_TRUE(s.drive.shows("things need fixing"));
    EXPECT_EQ(s.drive.value("Name (as shown on your income tax return)"), "Ada Lovelace");
}

TEST(compliance_view, a_complete_w9_submits) {
    screen_fixture s;
    s.drive.click("Continue");
    s.drive.type("Name (as shown on your income tax return)", "Ada Lovelace");
    s.drive.type("SSN", "123456789");
    s.drive.type("Date of birth", "05171990");
    EXPECT_EQ(s.drive.value("Date of birth"), "05/17/1990");
    s.drive.type("Street address", "1 Main St");
    s.drive.type("City", "Springfield");
    ASSERT_TRUE(s.drive.choose("State", "Illinois"));
    s.drive.type("ZIP code", "62701");
    ASSERT_TRUE(s.drive.check("I certify that all of the above is true", true));
    s.drive.type("Type your full legal name to sign", "Ada Lovelace");
    ASSERT_TRUE(s.drive.click("Submit"));
    ASSERT_EQ(s.calls.size(), 1u) << s.drive.screen();
    EXPECT_FALSE(s.drive.enabled("Submitting")) << "disabled while sending";
}

TEST(compliance_view, w8ben_shows_the_treaty_fields_only_when_claimed) {
    screen_fixture s;
    ASSERT_TRUE(s.drive.choose("Which describes you?", "Not a US person"));
    s.drive.click("Continue");
    EXPECT_TRUE(s.drive.has("W-8BEN: tax information", ui::role::heading)) << s.drive.screen();
    EXPECT_FALSE(s.drive.has("Treaty article"));
    ASSERT_TRUE(s.drive.check("I claim tax treaty benefits", true));
    EXPECT_TRUE(s.drive.has("Treaty article"));
    EXPECT_TRUE(s.drive.has("Withholding rate (%)"));
}
