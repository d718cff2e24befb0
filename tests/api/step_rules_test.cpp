// Server-side step rules: the sandbox refuses (422 step_incomplete, naming the step and the missing
// field) what the widget would not allow: completing the compliance step with no tax form, the
// manage-payouts step without the default method / automatic payouts it requires, and a payout
// in a flow that collects tax information (force_collect_compliance_information) before the form.
#include <gtest/gtest.h>

#include "money_helpers.h"
#include "tax_forms.h"

using namespace flowkit::test;

namespace {

reply complete(const sandbox_process& sb, const std::string& token, const std::string& step) {
  return sb.widget("POST", "/api/widget/v1/flow/steps/" + step + "/complete", token, json::object());
}

void expect_incomplete(const reply& r, const std::string& step, const std::string& field) {
  EXPECT_EQ(r.status, 422) << r.raw;
  if (!r.body.is_object() || !r.body["error"].is_object()) return;
  EXPECT_EQ(r.body["error"].value("code", ""), "step_incomplete") << r.raw;
  EXPECT_EQ(r.body["error"].value("step", ""), step) << r.raw;
  EXPECT_EQ(r.body["error"].value("field", ""), field) << r.raw;
  EXPECT_FALSE(r.body["error"].value("message", "").empty()) << r.raw;
}

}  // namespace

TEST(step_rules, compliance_step_completes_only_with_a_tax_form_on_file) {
  sandbox_process sb;
  json user = sb.create_user("4155550181");
  json flow = sb.create_flow({{"steps", {"compliance"}}, {"user_id", user["id"]}});
  std::string token = sb.session_for(flow);
  expect_incomplete(complete(sb, token, "compliance"), "compliance", "compliance");

  reply put = sb.widget("PUT", "/api/widget/v1/compliance", token, w9_form());
  ASSERT_EQ(put.status, 200) << put.raw;
  reply done = complete(sb, token, "compliance");
  EXPECT_EQ(done.status, 200) << done.raw;
}

TEST(step_rules, manage_payouts_requires_what_its_options_require) {
  sandbox_process sb;
  json user = sb.create_user("4155550182");
  json flow = sb.create_flow({{"steps",
                               {{{"name", "manage-payouts"},
                                 {"require_default_payout_method", true},
                                 {"require_auto_payout_method", true}}}},
                              {"user_id", user["id"]}});
  std::string token = sb.session_for(flow);
  expect_incomplete(complete(sb, token, "manage-payouts"), "manage-payouts", "default_payout_method");

  add_method(sb, user, paypal_method());  // the first method becomes the default
  expect_incomplete(complete(sb, token, "manage-payouts"), "manage-payouts", "auto_payout");

  reply on = sb.app("PUT", "/api/v2/users/" + id_of(user) + "/auto-payout", json{{"enabled", true}});
  ASSERT_EQ(on.status, 200) << on.raw;
  reply done = complete(sb, token, "manage-payouts");
  EXPECT_EQ(done.status, 200) << done.raw;

  // Without the options the step completes as before.
  json plain = sb.create_flow({{"steps", {"manage-payouts"}}, {"user_id", sb.create_user("4155550183")["id"]}});
  EXPECT_EQ(complete(sb, sb.session_for(plain), "manage-payouts").status, 200);
}

TEST(step_rules, forced_compliance_link_pays_out_only_after_the_tax_form) {
  sandbox_process sb;
  json user = sb.create_user("4155550184");
  reply link = sb.app("POST", "/api/v2/payout-links",
                      json{{"amount", 1500}, {"user_id", id_of(user)}, {"force_collect_compliance_information", true}});
  ASSERT_EQ(link.status, 200) << link.raw;
  reply flow = sb.app("GET", "/api/v2/flows/" + link.body["flow_id"].get<std::string>());
  ASSERT_EQ(flow.status, 200) << flow.raw;
  std::string token = verified_session(sb, flow.body, "+14155550184");
  std::string method = add_method(sb, user, paypal_method());

  json payout = {{"amount", 1000}, {"payout_method_id", method}, {"idempotency_key", "step-rules-1"}};
  reply refused = sb.widget("POST", "/api/widget/v1/payouts", token, payout);
  expect_incomplete(refused, "compliance", "compliance");

  reply put = sb.widget("PUT", "/api/widget/v1/compliance", token, w9_form());
  ASSERT_EQ(put.status, 200) << put.raw;
  reply paid = sb.widget("POST", "/api/widget/v1/payouts", token, payout);
  EXPECT_EQ(paid.status, 200) << paid.raw;
  expect_ledger_balanced(sb);
}
