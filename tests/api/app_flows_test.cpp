// App API flows (/api/v2/flows) against the real sandbox: creation with and without a user,
// step validation, retrieval, and cursor pagination (newest first).
#include <gtest/gtest.h>

#include "sandbox_process.h"

using namespace flowkit::test;

namespace {

std::vector<std::string> ids_of(const json& page) {
  std::vector<std::string> ids;
  for (const auto& f : page["data"]) ids.push_back(f["id"].get<std::string>());
  return ids;
}

}  // namespace

TEST(app_flows, creates_flow_without_user_with_secret_link) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance", "payout"}}, {"metadata", {{"order", "A-1"}}}});
  EXPECT_EQ(flow["steps"], json({"onboarding", "compliance", "payout"}));  // no user: onboarding first
  EXPECT_EQ(flow["completed_steps"], json::array());
  EXPECT_TRUE(flow["user_id"].is_null());
  EXPECT_TRUE(flow["payout_link_id"].is_null());
  EXPECT_EQ(flow["metadata"], json({{"order", "A-1"}}));
  EXPECT_TRUE(flow["created"].is_string());
  const std::string id = flow["id"];
  const std::string link = flow["link"];
  EXPECT_EQ(link.rfind(sb.base_url() + "/flow/" + id + "#s=", 0), 0u) << link;
  EXPECT_EQ(link_secret_of(flow).size(), 32u);  // 128-bit hex
}

TEST(app_flows, creates_flow_for_existing_user) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  json flow = sb.create_flow({{"steps", {"manage-payouts"}}, {"user_id", user["id"]}});
  EXPECT_EQ(flow["user_id"], user["id"]);
  EXPECT_EQ(flow["steps"], json({"manage-payouts"}));
}

TEST(app_flows, rejects_unknown_user_id) {
  sandbox_process sb;
  reply r = sb.app("POST", "/api/v2/flows", json{{"steps", {"payout"}}, {"user_id", "no-such-user"}});
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "user_not_found");
  EXPECT_EQ(r.body["error"]["field"], "user_id");
}

TEST(app_flows, rejects_unknown_step_naming_the_field) {
  sandbox_process sb;
  reply r = sb.app("POST", "/api/v2/flows", json{{"steps", {"compliance", "teleport"}}});
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "invalid_step");
  EXPECT_EQ(r.body["error"]["field"], "steps[1]");
}

TEST(app_flows, rejects_duplicate_steps_and_bad_options) {
  sandbox_process sb;
  reply dup = sb.app("POST", "/api/v2/flows", json{{"steps", {"payout", "payout"}}});
  EXPECT_EQ(dup.status, 422) << dup.raw;
  EXPECT_EQ(dup.body["error"]["code"], "duplicate_step");
  reply party = sb.app("POST", "/api/v2/flows",
                       json{{"steps", {{{"name", "payout"}, {"payout_fee_party", "nobody"}}}}});
  EXPECT_EQ(party.status, 422) << party.raw;
  EXPECT_EQ(party.body["error"]["field"], "steps[0].payout_fee_party");
  reply hide = sb.app("POST", "/api/v2/flows",
                      json{{"steps", {{{"name", "compliance"}, {"hide_continue_button", "yes"}}}}});
  EXPECT_EQ(hide.status, 400) << hide.raw;
  reply redirect = sb.app("POST", "/api/v2/flows", json{{"steps", {{{"name", "redirect"}}}}});
  EXPECT_EQ(redirect.status, 422) << redirect.raw;
  EXPECT_EQ(redirect.body["error"]["field"], "steps[0].redirect_url");
}

TEST(app_flows, keeps_step_options_for_the_widget_and_shows_names_to_the_app) {
  sandbox_process sb;
  json flow = sb.create_flow(
      {{"steps",
        {{{"name", "manage-payouts"}, {"require_default_payout_method", true}},
         {{"name", "redirect"}, {"redirect_url", "https://app.example/done"}}}}});
  EXPECT_EQ(flow["steps"], json({"onboarding", "manage-payouts", "redirect"}));
  reply s = sb.widget("POST", "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session", "",
                      json{{"link_secret", link_secret_of(flow)}});
  ASSERT_EQ(s.status, 200) << s.raw;
  const json& steps = s.body["flow"]["steps"];
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["name"], "onboarding");
  EXPECT_EQ(steps[1]["options"], json({{"require_default_payout_method", true}}));
  EXPECT_EQ(steps[2]["options"], json({{"redirect_url", "https://app.example/done"}}));
}

TEST(app_flows, get_returns_the_created_flow) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  reply r = sb.app("GET", "/api/v2/flows/" + flow["id"].get<std::string>());
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body, flow);
}

TEST(app_flows, unknown_flow_is_404) {
  sandbox_process sb;
  reply r = sb.app("GET", "/api/v2/flows/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(r.status, 404) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "flow_not_found");
}

TEST(app_flows, lists_newest_first_with_cursor_pagination) {
  sandbox_process sb;
  std::vector<std::string> ids;  // f1 .. f5, oldest first
  for (int i = 0; i < 5; ++i) ids.push_back(sb.create_flow({{"steps", {"payout"}}})["id"]);
  const auto& f1 = ids[0];
  const auto& f2 = ids[1];
  const auto& f3 = ids[2];
  const auto& f4 = ids[3];
  const auto& f5 = ids[4];

  reply all = sb.app("GET", "/api/v2/flows");
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(ids_of(all.body), (std::vector<std::string>{f5, f4, f3, f2, f1}));
  EXPECT_EQ(all.body["has_more"], false);

  reply p1 = sb.app("GET", "/api/v2/flows?limit=2");
  EXPECT_EQ(ids_of(p1.body), (std::vector<std::string>{f5, f4}));
  EXPECT_EQ(p1.body["has_more"], true);

  reply p2 = sb.app("GET", "/api/v2/flows?limit=2&starting_after=" + f4);
  EXPECT_EQ(ids_of(p2.body), (std::vector<std::string>{f3, f2}));
  EXPECT_EQ(p2.body["has_more"], true);

  reply p3 = sb.app("GET", "/api/v2/flows?limit=2&starting_after=" + f2);
  EXPECT_EQ(ids_of(p3.body), (std::vector<std::string>{f1}));
  EXPECT_EQ(p3.body["has_more"], false);

  reply back = sb.app("GET", "/api/v2/flows?limit=2&ending_before=" + f1);
  EXPECT_EQ(ids_of(back.body), (std::vector<std::string>{f3, f2}));
  EXPECT_EQ(back.body["has_more"], true);

  reply first = sb.app("GET", "/api/v2/flows?limit=2&ending_before=" + f3);
  EXPECT_EQ(ids_of(first.body), (std::vector<std::string>{f5, f4}));
  EXPECT_EQ(first.body["has_more"], false);
}

TEST(app_flows, rejects_bad_limits_and_cursors_with_400) {
  sandbox_process sb;
  for (const char* q : {"limit=0", "limit=101", "limit=abc", "limit=-1", "limit=", "limit=1.5"}) {
    reply r = sb.app("GET", std::string("/api/v2/flows?") + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["field"], "limit") << q;
  }
  reply unknown = sb.app("GET", "/api/v2/flows?starting_after=nope");
  EXPECT_EQ(unknown.status, 400) << unknown.raw;
  EXPECT_EQ(unknown.body["error"]["field"], "starting_after");
  json f = sb.create_flow({{"steps", {"payout"}}});
  const std::string id = f["id"];
  reply both = sb.app("GET", "/api/v2/flows?starting_after=" + id + "&ending_before=" + id);
  EXPECT_EQ(both.status, 400) << both.raw;
}
