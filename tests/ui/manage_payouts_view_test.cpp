// manage-payouts screens drawn headlessly and driven by label.
#include "../unit/test_util.h"
#include "steps/manage_payouts/manage_payouts_view.h"
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;
using namespace fk::manage_payouts;

namespace {
struct screen_fixture {
    ui::headless ctx{420, 1600};
    model m;
    std::vector<api_call> calls;
    ui::driver drive{[this] { frame(); }};
    explicit screen_fixture(api::step_options o = {}, json methods = json::array(), std::string def = "") {
        flow::model f = flow::init("flow_1", "sec");
        f.token = "tok";
        f.info.steps = {{"manage-payouts", o}};
        m = enter(f).m;
        apply(api_result{"manage_payouts.list", respond(200, {{"data", methods}, {"default_payout_method_id", def.empty() ? json(nullptr) : json(def)}, {"auto_payout", false}})});
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
    }
};
json ach(const std::string& id, const std::string& desc, bool def) {
    return {{"id", id}, {"platform", "ach"}, {"description", desc}, {"mask", desc.substr(desc.size() - 4)}, {"default", def}};
}
}  // namespace

TEST(manage_payouts_view, require_default_disables_continue_and_says_why) {
    api::step_options o;
    o.require_default_payout_method = true;
    screen_fixture s(o);
    EXPECT_FALSE(s.drive.enabled("Continue")) << s.drive.screen();
    EXPECT_TRUE(s.drive.shows("Add a payout method to continue"));
}

TEST(manage_payouts_view, lists_methods_by_mask_with_default_and_remove) {
    screen_fixture s({}, json::array({ach("pm_1", "Checking ...6789", true), ach("pm_2", "Savings ...4321", false)}), "pm_1");
    EXPECT_TRUE(s.drive.shows("Checking ...6789 (Default)")) << s.drive.screen();
    EXPECT_TRUE(s.drive.has("Make Savings ...4321 the default", ui::role::button));
    EXPECT_FALSE(s.drive.has("Make Checking ...6789 the default", ui::role::button));
    ASSERT_TRUE(s.drive.click("Make Savings ...4321 the default"));
    EXPECT_EQ(s.calls.back().request.path, "/api/widget/v1/payout-methods/pm_2/default");
    s.apply(api_result{"manage_payouts.change", respond(200, {{"data", json::array({ach("pm_1", "Checking ...6789", false), ach("pm_2", "Savings ...4321", true)})}, {"default_payout_method_id", "pm_2"}})});
    s.drive.settle();
    EXPECT_TRUE(s.drive.shows("Savings ...4321 (Default)")) << s.drive.screen();
    ASSERT_TRUE(s.drive.click("Remove Checking ...6789"));
    EXPECT_TRUE(s.drive.has("Remove Checking ...6789?", ui::role::heading)) << s.drive.screen();
    ASSERT_TRUE(s.drive.click("Keep it"));
    EXPECT_TRUE(s.drive.has("Payout methods", ui::role::heading));
}

TEST(manage_payouts_view, the_add_form_changes_with_the_type) {
    screen_fixture s;
    ASSERT_TRUE(s.drive.click("Add a payout method"));
    EXPECT_TRUE(s.drive.has("Routing number")) << s.drive.screen();
    EXPECT_EQ(s.drive.find("Account number", ui::role::text_field)->kind, ui::field_kind::secret_digits);
    ASSERT_TRUE(s.drive.choose("Payout method type", "Cash App"));
    EXPECT_TRUE(s.drive.has("$Cashtag"));
    EXPECT_FALSE(s.drive.has("Routing number"));
    ASSERT_TRUE(s.drive.choose("Payout method type", "Bank account (outside the US)"));
    EXPECT_TRUE(s.drive.has("IBAN"));
    EXPECT_TRUE(s.drive.has("SWIFT/BIC"));
}

TEST(manage_payouts_view, mismatched_account_numbers_are_flagged_and_nothing_sent) {
    screen_fixture s;
    s.drive.click("Add a payout method");
    s.drive.type("Routing number", "011000015");
    s.drive.type("Account number", "000123456789");
    s.drive.type("Confirm account number", "000123456780");
    s.drive.type("Account holder name", "Ada Lovelace");
    ASSERT_TRUE(s.drive.click("Save"));
    EXPECT_TRUE(s.calls.empty());
    EXPECT_TRUE(s.drive.shows("The account numbers don't match.")) << s.drive.screen();
}
