// Widget sessions (/api/widget/v1): exchanging a flow's link secret for a bearer token,
// expiry, pre-authorization of flows created with a user, step completion, and CORS.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sandbox_process.h"
#include "tax_forms.h"

using namespace flowkit::test;

namespace {

std::string session_path(const json& flow) { return "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session"; }

}  // namespace

TEST(widget_session, exchanges_link_secret_for_a_token) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  reply r = sb.widget("POST", session_path(flow), "", json{{"link_secret", link_secret_of(flow)}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_GE(r.body["token"].get<std::string>().size(), 32u);
  EXPECT_EQ(r.body["expires_in"], 1800);
  const json& wf = r.body["flow"];
  EXPECT_EQ(wf["id"], flow["id"]);
  EXPECT_EQ(wf["steps"], json::parse(R"([{"name":"onboarding","options":{}},{"name":"compliance","options":{}}])"));
  EXPECT_EQ(wf["completed_steps"], json::array());
  EXPECT_TRUE(wf["user_id"].is_null());
  EXPECT_EQ(wf["authorized"], false);
  EXPECT_TRUE(wf["phone_hint"].is_null());

  reply again = sb.widget("GET", "/api/widget/v1/flow", r.body["token"]);
  EXPECT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body, wf);
}

TEST(widget_session, rejects_wrong_link_secret) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  reply r = sb.widget("POST", session_path(flow), "", json{{"link_secret", "0123456789abcdef0123456789abcdef"}});
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "invalid_link");
}

TEST(widget_session, unknown_flow_is_404) {
  sandbox_process sb;
  reply r = sb.widget("POST", "/api/widget/v1/flows/nope/session", "", json{{"link_secret", "x"}});
  EXPECT_EQ(r.status, 404) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "flow_not_found");
}

TEST(widget_session, missing_or_unknown_token_is_session_expired) {
  sandbox_process sb;
  for (const std::string token : {"", "not-a-token"}) {
    reply r = sb.widget("GET", "/api/widget/v1/flow", token);
    EXPECT_EQ(r.status, 401) << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "session_expired");
  }
}

TEST(widget_session, token_expires_after_ttl) {
  sandbox_process sb({{"--widget-session-ttl", "1"}});
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  reply s = sb.widget("POST", session_path(flow), "", json{{"link_secret", link_secret_of(flow)}});
  ASSERT_EQ(s.status, 200) << s.raw;
  EXPECT_EQ(s.body["expires_in"], 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  reply r = sb.widget("GET", "/api/widget/v1/flow", s.body["token"]);
  EXPECT_EQ(r.status, 401) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "session_expired");
  reply code = sb.widget("POST", "/api/widget/v1/onboarding/send-code", s.body["token"],
                         json{{"country_code", "1"}, {"phone_number", "4155550123"}});
  EXPECT_EQ(code.status, 401) << code.raw;
}

TEST(widget_session, flow_created_with_user_is_preauthorized) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  json flow = sb.create_flow({{"steps", {"compliance", "payout"}}, {"user_id", user["id"]}});
  std::string token = sb.session_for(flow);
  reply r = sb.widget("GET", "/api/widget/v1/flow", token);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["authorized"], true);
  EXPECT_EQ(r.body["user_id"], user["id"]);
  EXPECT_EQ(r.body["steps"].size(), 2u);  // no onboarding
  EXPECT_EQ(r.body["phone_hint"], json({{"country_code", "1"}, {"last4", "0123"}}));

  // The compliance step completes only with a tax form on file (server-side step rules).
  ASSERT_EQ(sb.widget("PUT", "/api/widget/v1/compliance", token, w9_form()).status, 200);
  reply done = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "completed"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["completed_steps"], json({"compliance"}));
  reply app_view = sb.app("GET", "/api/v2/flows/" + flow["id"].get<std::string>());
  EXPECT_EQ(app_view.body["completed_steps"], json({"compliance"}));
}

TEST(widget_session, preauthorization_ends_and_sms_reverifies) {
  sandbox_process sb({{"--preauth-window", "1"}});
  json user = sb.create_user("4155550123");
  json flow = sb.create_flow({{"steps", {"payout"}}, {"user_id", user["id"]}});
  std::string token = sb.session_for(flow);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  reply r = sb.widget("GET", "/api/widget/v1/flow", token);
  EXPECT_EQ(r.body["authorized"], false) << r.raw;
  reply blocked = sb.widget("POST", "/api/widget/v1/flow/steps/payout/complete", token, json{{"status", "completed"}});
  EXPECT_EQ(blocked.status, 403) << blocked.raw;
  EXPECT_EQ(blocked.body["error"]["code"], "not_authorized");

  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, json::object());
  ASSERT_EQ(sent.status, 200) << sent.raw;
  EXPECT_EQ(sent.body["sent_to"], "+1 ***-***-0123");
  reply other = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token,
                          json{{"country_code", "1"}, {"phone_number", "4155550199"}});
  EXPECT_EQ(other.status, 422) << other.raw;  // not the phone on file (checked before the cooldown)
  reply ok = sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", sb.last_code_for("+14155550123")}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["user_id"], user["id"]);
  EXPECT_EQ(ok.body["flow"]["authorized"], true);
  EXPECT_EQ(ok.body["flow"]["completed_steps"], json::array());  // no onboarding step in this flow
}

TEST(widget_session, completing_steps_needs_authorization_and_a_known_step) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  reply early = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "completed"}});
  EXPECT_EQ(early.status, 403) << early.raw;
  reply unknown = sb.widget("POST", "/api/widget/v1/flow/steps/payout/complete", token, json{{"status", "completed"}});
  EXPECT_EQ(unknown.status, 404) << unknown.raw;
  reply onboarding = sb.widget("POST", "/api/widget/v1/flow/steps/onboarding/complete", token, json{{"status", "completed"}});
  EXPECT_EQ(onboarding.status, 422) << onboarding.raw;
  reply bad_status = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "done"}});
  EXPECT_EQ(bad_status.status, 422) << bad_status.raw;
}

TEST(widget_cors, answers_preflight_for_allowed_origins_only) {
  sandbox_process sb;
  httplib::Headers allowed = {{"Origin", "https://host.example"},
                              {"Access-Control-Request-Method", "POST"},
                              {"Access-Control-Request-Headers", "authorization, content-type"}};
  reply ok = sb.send("OPTIONS", "/api/widget/v1/onboarding/send-code", allowed, std::nullopt);
  EXPECT_EQ(ok.status, 204) << ok.raw;
  EXPECT_EQ(ok.header("Access-Control-Allow-Origin"), "https://host.example");
  EXPECT_NE(ok.header("Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
  EXPECT_NE(ok.header("Access-Control-Allow-Headers").find("Idempotency-Key"), std::string::npos);

  httplib::Headers evil = {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}};
  reply refused = sb.send("OPTIONS", "/api/widget/v1/onboarding/send-code", evil, std::nullopt);
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.header("Access-Control-Allow-Origin"), "");

  httplib::Headers own = {{"Origin", sb.base_url()}};
  reply same = sb.send("GET", "/api/widget/v1/flow", own, std::nullopt);
  EXPECT_EQ(same.status, 401);
  EXPECT_EQ(same.header("Access-Control-Allow-Origin"), sb.base_url());
}
