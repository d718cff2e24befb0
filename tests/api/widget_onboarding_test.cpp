// Widget onboarding (phone + SMS code): sending codes, reading them from the sandbox outbox,
// verifying, attempt limits, resend cooldown, expiry, and codes never stored in clear.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sandbox_process.h"
#include "tax_forms.h"

using namespace flowkit::test;

namespace {

const json k_phone = {{"country_code", "1"}, {"phone_number", "4155550123"}};

std::string other_code(const std::string& code) { return code == "000000" ? "999999" : "000000"; }

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct onboarding {  // a user-less flow with a session that has asked for a code
  json flow;
  std::string token;
  std::string code;
};

onboarding start(const sandbox_process& sb) {
  onboarding o;
  o.flow = sb.create_flow({{"steps", {"compliance"}}});
  o.token = sb.session_for(o.flow);
  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", o.token, k_phone);
  EXPECT_EQ(sent.status, 200) << sent.raw;
  o.code = sb.last_code_for("+14155550123");
  return o;
}

reply verify(const sandbox_process& sb, const std::string& token, const std::string& code) {
  return sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", code}});
}

}  // namespace

TEST(widget_onboarding, sends_code_readable_from_sandbox_outbox) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, k_phone);
  ASSERT_EQ(sent.status, 200) << sent.raw;
  EXPECT_EQ(sent.body["sent_to"], "+1 ***-***-0123");
  EXPECT_EQ(sent.body["resend_in"], 30);
  EXPECT_EQ(sent.body["expires_in"], 600);
  reply sms = sb.app("GET", "/api/v2/sandbox/sms?phone_number=%2B14155550123");
  ASSERT_EQ(sms.status, 200) << sms.raw;
  ASSERT_EQ(sms.body["data"].size(), 1u);
  const std::string code = sms.body["data"][0]["code"];
  EXPECT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(sms.body["data"][0]["body"], "Your flowkit code is " + code);
}

TEST(widget_onboarding, verifying_links_user_and_completes_onboarding) {
  sandbox_process sb;
  onboarding o = start(sb);
  reply ok = verify(sb, o.token, o.code);
  ASSERT_EQ(ok.status, 200) << ok.raw;
  const std::string user_id = ok.body["user_id"];
  EXPECT_EQ(ok.body["flow"]["user_id"], user_id);
  EXPECT_EQ(ok.body["flow"]["completed_steps"], json({"onboarding"}));
  EXPECT_EQ(ok.body["flow"]["authorized"], true);
  EXPECT_EQ(ok.body["flow"]["phone_hint"], json({{"country_code", "1"}, {"last4", "0123"}}));

  reply user = sb.app("GET", "/api/v2/users/" + user_id);
  ASSERT_EQ(user.status, 200) << user.raw;
  EXPECT_EQ(user.body["status"], "verified");
  EXPECT_EQ(user.body["phone_number"]["phone_number"], "4155550123");
  reply app_flow = sb.app("GET", "/api/v2/flows/" + o.flow["id"].get<std::string>());
  EXPECT_EQ(app_flow.body["user_id"], user_id);
  EXPECT_EQ(app_flow.body["completed_steps"], json({"onboarding"}));  // CONTRACT: onboarding is added first

  // The compliance step completes only with a tax form on file (server-side step rules).
  ASSERT_EQ(sb.widget("PUT", "/api/widget/v1/compliance", o.token, w9_form()).status, 200);
  reply step = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", o.token, json{{"status", "completed"}});
  ASSERT_EQ(step.status, 200) << step.raw;
  EXPECT_EQ(step.body["completed_steps"], json({"onboarding", "compliance"}));

  reply reused = verify(sb, o.token, o.code);  // a code works once
  EXPECT_EQ(reused.status, 409) << reused.raw;
}

TEST(widget_onboarding, onboarding_reuses_existing_user_with_that_phone) {
  sandbox_process sb;
  json existing = sb.create_user("4155550123");
  onboarding o = start(sb);
  reply ok = verify(sb, o.token, o.code);
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["user_id"], existing["id"]);
}

TEST(widget_onboarding, wrong_code_decrements_attempts_left) {
  sandbox_process sb;
  onboarding o = start(sb);
  reply first = verify(sb, o.token, other_code(o.code));
  EXPECT_EQ(first.status, 422) << first.raw;
  EXPECT_EQ(first.body["error"]["code"], "invalid_code");
  EXPECT_EQ(first.body["error"]["attempts_left"], 4);
  reply second = verify(sb, o.token, "12ab");  // malformed codes count too
  EXPECT_EQ(second.body["error"]["attempts_left"], 3) << second.raw;
  EXPECT_EQ(verify(sb, o.token, o.code).status, 200);
}

TEST(widget_onboarding, locks_after_five_wrong_codes) {
  sandbox_process sb;
  onboarding o = start(sb);
  for (int left = 4; left >= 0; --left) {
    reply r = verify(sb, o.token, other_code(o.code));
    EXPECT_EQ(r.status, 422) << r.raw;
    EXPECT_EQ(r.body["error"]["attempts_left"], left);
  }
  reply sixth = verify(sb, o.token, other_code(o.code));
  EXPECT_EQ(sixth.status, 429) << sixth.raw;
  EXPECT_EQ(sixth.body["error"]["code"], "too_many_attempts");
  reply right = verify(sb, o.token, o.code);  // even the right code, once locked
  EXPECT_EQ(right.status, 429) << right.raw;
}

TEST(widget_onboarding, new_code_resets_attempts) {
  sandbox_process sb({{"--resend-cooldown", "0"}});
  onboarding o = start(sb);
  for (int i = 0; i < 6; ++i) verify(sb, o.token, other_code(o.code));
  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", o.token, k_phone);
  ASSERT_EQ(sent.status, 200) << sent.raw;
  std::string fresh = sb.last_code_for("+14155550123");
  EXPECT_EQ(verify(sb, o.token, o.code == fresh ? other_code(fresh) : o.code).body["error"]["attempts_left"], 4);
  EXPECT_EQ(verify(sb, o.token, fresh).status, 200);
}

TEST(widget_onboarding, resend_inside_cooldown_is_throttled) {
  sandbox_process sb;
  onboarding o = start(sb);
  reply again = sb.widget("POST", "/api/widget/v1/onboarding/send-code", o.token, k_phone);
  EXPECT_EQ(again.status, 429) << again.raw;
  EXPECT_EQ(again.body["error"]["code"], "resend_throttled");
  const int retry_after = again.body["error"].value("retry_after", -1);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 30);
}

TEST(widget_onboarding, expired_code_is_rejected) {
  sandbox_process sb({{"--code-ttl", "1"}});
  onboarding o = start(sb);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  reply r = verify(sb, o.token, o.code);
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "code_expired");
}

TEST(widget_onboarding, rejects_invalid_phone_numbers) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  for (const json& body : {json{{"country_code", "1"}, {"phone_number", "123"}},
                           json{{"country_code", "999"}, {"phone_number", "4155550123"}},
                           json{{"country_code", "1"}, {"phone_number", "+44 20 7946 0958"}},
                           json::object()}) {
    reply r = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, body);
    EXPECT_EQ(r.status, 422) << body << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_phone_number");
    EXPECT_EQ(r.body["error"]["field"], "phone_number");
  }
  reply typed = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token,
                          json{{"country_code", "1"}, {"phone_number", 4155550123}});
  EXPECT_EQ(typed.status, 400) << typed.raw;
  EXPECT_EQ(typed.body["error"]["code"], "invalid_phone_number");
}

TEST(widget_onboarding, verify_before_any_code_is_409) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  reply r = verify(sb, sb.session_for(flow), "123456");
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "no_code_sent");
}

TEST(widget_onboarding, database_never_holds_the_raw_code) {
  sandbox_process sb;
  onboarding o = start(sb);
  ASSERT_EQ(o.code.size(), 6u);
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    if (std::filesystem::exists(sb.db_path + suffix)) bytes += file_bytes(sb.db_path + suffix);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(o.code), std::string::npos);
  EXPECT_EQ(bytes.find("Your flowkit code"), std::string::npos);
}
