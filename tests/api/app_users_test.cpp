// App API users (/api/v2/users) against the real sandbox: idempotent creation by phone
// number, retrieval, listing, deletion, and verification by SMS token.
#include <gtest/gtest.h>

#include "sandbox_process.h"

using namespace flowkit::test;

TEST(app_users, creates_user_in_dots_shape) {
  sandbox_process sb;
  json u = sb.create_user("4155550123");
  EXPECT_EQ(u["first_name"], "Ada");
  EXPECT_EQ(u["last_name"], "Lovelace");
  EXPECT_EQ(u["email"], "ada@example.com");
  EXPECT_EQ(u["phone_number"], json({{"country_code", "1"}, {"phone_number", "4155550123"}}));
  EXPECT_EQ(u["status"], "unverified");
  EXPECT_EQ(u["wallet"], json({{"amount", 0}, {"withdrawable_amount", 0}, {"credit_balance", 0}}));
  EXPECT_EQ(u["compliance"]["tax_id_collected"], false);
  EXPECT_EQ(u["compliance"]["1099_collected"], false);
  EXPECT_TRUE(u["default_payout_method"].is_null());
}

TEST(app_users, create_is_idempotent_by_phone_number) {
  sandbox_process sb;
  json first = sb.create_user("4155550123");
  reply again = sb.app("POST", "/api/v2/users",
                       json{{"first_name", "Other"},
                            {"last_name", "Name"},
                            {"email", "other@example.com"},
                            {"country_code", "+1"},
                            {"phone_number", "(415) 555-0123"}});
  EXPECT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], first["id"]);
  EXPECT_EQ(again.body["first_name"], "Ada");  // the existing user, unchanged
  reply list = sb.app("GET", "/api/v2/users");
  EXPECT_EQ(list.body["data"].size(), 1u);
}

TEST(app_users, rejects_invalid_phone_and_missing_fields) {
  sandbox_process sb;
  reply bad_phone = sb.app("POST", "/api/v2/users",
                           json{{"first_name", "A"}, {"last_name", "B"}, {"email", "a@b.co"},
                                {"country_code", "1"}, {"phone_number", "123"}});
  EXPECT_EQ(bad_phone.status, 422) << bad_phone.raw;
  EXPECT_EQ(bad_phone.body["error"]["code"], "invalid_phone_number");
  EXPECT_EQ(bad_phone.body["error"]["field"], "phone_number");
  reply missing = sb.app("POST", "/api/v2/users", json{{"first_name", "A"}});
  EXPECT_EQ(missing.status, 422) << missing.raw;
  EXPECT_EQ(missing.body["error"]["code"], "missing_field");
  reply bad_email = sb.app("POST", "/api/v2/users",
                           json{{"first_name", "A"}, {"last_name", "B"}, {"email", "not-an-email"},
                                {"country_code", "1"}, {"phone_number", "4155550123"}});
  EXPECT_EQ(bad_email.status, 422) << bad_email.raw;
  EXPECT_EQ(bad_email.body["error"]["field"], "email");
}

TEST(app_users, get_list_and_delete) {
  sandbox_process sb;
  json a = sb.create_user("4155550123");
  json b = sb.create_user("4155550124");
  const std::string a_id = a["id"], b_id = b["id"];
  reply got = sb.app("GET", "/api/v2/users/" + a_id);
  EXPECT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["id"], a_id);

  reply list = sb.app("GET", "/api/v2/users?limit=1");
  ASSERT_EQ(list.body["data"].size(), 1u);
  EXPECT_EQ(list.body["data"][0]["id"], b_id);  // newest first
  EXPECT_EQ(list.body["has_more"], true);

  reply del = sb.app("DELETE", "/api/v2/users/" + a_id);
  EXPECT_EQ(del.status, 200) << del.raw;
  EXPECT_EQ(del.body["id"], a_id);
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + a_id).status, 404);
  EXPECT_EQ(sb.app("DELETE", "/api/v2/users/" + a_id).status, 404);
  reply after = sb.app("GET", "/api/v2/users");
  ASSERT_EQ(after.body["data"].size(), 1u);
  EXPECT_EQ(after.body["data"][0]["id"], b_id);
}

TEST(app_users, verifies_user_with_sms_token) {
  sandbox_process sb;
  json u = sb.create_user("4155550123");
  const std::string id = u["id"];
  reply none = sb.app("POST", "/api/v2/users/" + id + "/verify", json{{"token", "000000"}});
  EXPECT_EQ(none.status, 409) << none.raw;
  EXPECT_EQ(none.body["error"]["code"], "no_code_sent");

  reply sent = sb.app("POST", "/api/v2/users/" + id + "/send-verification-token");
  EXPECT_EQ(sent.status, 202) << sent.raw;
  EXPECT_EQ(sent.body["sent_to"], "+1 ***-***-0123");
  const std::string code = sb.last_code_for("+14155550123");
  ASSERT_EQ(code.size(), 6u);

  std::string wrong = code == "000000" ? "111111" : "000000";
  reply bad = sb.app("POST", "/api/v2/users/" + id + "/verify", json{{"token", wrong}});
  EXPECT_EQ(bad.status, 400) << bad.raw;
  EXPECT_EQ(bad.body["error"]["code"], "invalid_token");
  EXPECT_EQ(bad.body["error"]["attempts_left"], 4);

  reply ok = sb.app("POST", "/api/v2/users/" + id + "/verify", json{{"token", code}});
  EXPECT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["status"], "verified");
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + id).body["status"], "verified");
}

TEST(app_users, sms_outbox_lists_newest_first_per_phone) {
  sandbox_process sb({{"--resend-cooldown", "0"}});
  json a = sb.create_user("4155550123");
  json b = sb.create_user("4155550124");
  sb.app("POST", "/api/v2/users/" + a["id"].get<std::string>() + "/send-verification-token");
  sb.app("POST", "/api/v2/users/" + b["id"].get<std::string>() + "/send-verification-token");
  sb.app("POST", "/api/v2/users/" + a["id"].get<std::string>() + "/send-verification-token");
  reply r = sb.app("GET", "/api/v2/sandbox/sms?phone_number=%2B14155550123");
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["data"].size(), 2u);
  for (const auto& m : r.body["data"]) {
    EXPECT_EQ(m["to"], "+14155550123");
    EXPECT_NE(m["body"].get<std::string>().find(m["code"].get<std::string>()), std::string::npos);
    EXPECT_TRUE(m["created"].is_string());
  }
  EXPECT_NE(sb.log().find("SMS to +14155550123: Your flowkit code is "), std::string::npos);
  reply unencoded_plus = sb.app("GET", "/api/v2/sandbox/sms?phone_number=+14155550124");
  ASSERT_EQ(unencoded_plus.status, 200) << unencoded_plus.raw;
  EXPECT_EQ(unencoded_plus.body["data"].size(), 1u);
  reply bad = sb.app("GET", "/api/v2/sandbox/sms?phone_number=12");
  EXPECT_EQ(bad.status, 400) << bad.raw;
}
