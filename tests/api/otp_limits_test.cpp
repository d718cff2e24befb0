// One-time code limits per phone number across flows (sends and wrong codes per hour, then a
// lock with retry_after) and per client address, so codes cannot be guessed by opening many flows.
#include <gtest/gtest.h>

#include "sandbox_process.h"

using namespace flowkit::test;

namespace {

json phone_of(const std::string& national) { return {{"country_code", "1"}, {"phone_number", national}}; }

// A new user-less flow with a session; returns the session token.
std::string new_session(const sandbox_process& sb) {
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  return sb.session_for(flow);
}

reply send_code(const sandbox_process& sb, const std::string& token, const std::string& national) {
  return sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, phone_of(national));
}

void expect_429(const reply& r, const char* code) {
  if (r.status != 429 || !r.body.is_object() || !r.body["error"].is_object()) {
    ADD_FAILURE() << "expected 429 " << code << ", got " << r.status << ": " << r.raw;
    return;
  }
  EXPECT_EQ(r.body["error"]["code"], code) << r.raw;
  EXPECT_TRUE(r.body["error"]["retry_after"].is_number_integer()) << r.raw;
  EXPECT_GT(r.body["error"].value("retry_after", 0), 0) << r.raw;
  EXPECT_LE(r.body["error"].value("retry_after", 0), 3600) << r.raw;
  EXPECT_FALSE(r.body["error"].value("message", "").empty()) << r.raw;
}

}  // namespace

TEST(otp_limits, codes_to_one_phone_are_capped_per_hour_across_flows) {
  sandbox_process sb;
  for (int i = 0; i < 10; ++i) {
    reply sent = send_code(sb, new_session(sb), "4155550171");
    ASSERT_EQ(sent.status, 200) << "send " << i << ": " << sent.raw;
  }
  reply refused = send_code(sb, new_session(sb), "4155550171");
  expect_429(refused, "too_many_codes");
  // The app API counts against the same phone.
  json user = sb.create_user("4155550171");
  reply via_app = sb.app("POST", "/api/v2/users/" + user["id"].get<std::string>() + "/send-verification-token");
  expect_429(via_app, "too_many_codes");
  // Another phone is not affected.
  EXPECT_EQ(send_code(sb, new_session(sb), "4155550172").status, 200);
}

TEST(otp_limits, wrong_codes_across_flows_lock_the_phone) {
  sandbox_process sb;
  std::string right_code;
  std::string last_token;
  int wrong = 0;
  // Two wrong codes per flow in five flows: ten wrong codes for one phone, none refused per flow.
  for (int flow = 0; flow < 5; ++flow) {
    last_token = new_session(sb);
    ASSERT_EQ(send_code(sb, last_token, "4155550173").status, 200);
    right_code = sb.last_code_for("+14155550173");
    const std::string bad = right_code == "000000" ? "999999" : "000000";
    for (int i = 0; i < 2; ++i, ++wrong) {
      reply r = sb.widget("POST", "/api/widget/v1/onboarding/verify", last_token, json{{"code", bad}});
      EXPECT_EQ(r.status, 422) << "wrong code " << wrong << ": " << r.raw;
    }
  }
  // Locked now: even the right code is refused, and no new code is sent.
  reply locked = sb.widget("POST", "/api/widget/v1/onboarding/verify", last_token, json{{"code", right_code}});
  expect_429(locked, "phone_locked");
  expect_429(send_code(sb, new_session(sb), "4155550173"), "phone_locked");
}

TEST(otp_limits, code_requests_from_one_address_are_capped) {
  sandbox_process sb({{"--otp-address-sends-per-hour", "5"}});
  for (int i = 0; i < 5; ++i) {
    reply sent = send_code(sb, new_session(sb), "41555502" + std::to_string(10 + i));
    ASSERT_EQ(sent.status, 200) << sent.raw;
  }
  expect_429(send_code(sb, new_session(sb), "4155550299"), "too_many_requests");
}
