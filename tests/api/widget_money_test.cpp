// The widget's money calls (docs/widget-api.md "Money") against the real sandbox: the wallet, quotes
// by the fee table and the flow's fee party, payouts (idempotent per key, 409 for another body),
// reading a transfer, and who may call them (payout step, authorized session, the user's own method).
#include <gtest/gtest.h>

#include "money_helpers.h"

using namespace flowkit::test;

namespace {

struct payout_flow {
  json user;
  std::string token, method;
};

// A user with `balance` cents and a PayPal method, and a pre-authorized session on a payout flow.
payout_flow start(const sandbox_process& sb, std::int64_t balance, const json& payout_step = "payout") {
  payout_flow p;
  p.user = funded_user(sb, "4155550123", balance);
  p.method = add_method(sb, p.user, paypal_method());
  p.token = sb.session_for(sb.create_flow({{"steps", {payout_step}}, {"user_id", p.user["id"]}}));
  return p;
}

reply quote(const sandbox_process& sb, const payout_flow& p, std::int64_t amount, const std::string& method = "") {
  return sb.widget("POST", "/api/widget/v1/payouts/quote", p.token,
                   json{{"amount", amount}, {"payout_method_id", method.empty() ? p.method : method}});
}

sandbox_options rail_ms(int ms) {
  sandbox_options o;
  o.args = {"--rail-delay-ms", std::to_string(ms)};
  return o;
}

}  // namespace

TEST(widget_money, wallet_shows_the_balance_and_limits) {
  sandbox_process sb;
  payout_flow p = start(sb, 4321);
  reply r = sb.widget("GET", "/api/widget/v1/wallet", p.token);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body, json({{"amount", 4321}, {"withdrawable_amount", 4321}, {"currency", "USD"},
                          {"limits", {{"min_payout", 100}, {"max_payout", 10000000}}}}));
}

TEST(widget_money, quote_prices_each_platform_by_the_fee_table) {
  sandbox_process sb;
  payout_flow p = start(sb, 9000);
  struct priced {
    json method;
    std::int64_t amount, fee;
  };
  const std::vector<priced> table = {
      {{{"platform", "ach"}, {"routing_number", "021000021"}, {"account_number", "123456789"},
        {"account_type", "checking"}, {"account_holder_name", "Ada Lovelace"}}, 5000, 25},
      {paypal_method(), 5000, 100},
      {paypal_method(), 500, 25},
      {{{"platform", "venmo"}, {"handle", "@ada-lovelace"}}, 5000, 88},
      {{{"platform", "cash_app"}, {"cash_tag", "$adalovelace"}}, 5000, 75},
      {{{"platform", "intl_transfer"}, {"country", "DE"}, {"iban", "DE89370400440532013000"}, {"swift", "COBADEFFXXX"},
        {"currency", "EUR"}, {"account_holder_name", "Ada Lovelace"}}, 5000, 350},
  };
  for (const auto& t : table) {
    std::string method = add_method(sb, p.user, t.method);
    reply q = quote(sb, p, t.amount, method);
    ASSERT_EQ(q.status, 200) << q.raw;
    EXPECT_EQ(q.body["fee"], t.fee) << t.method;
    EXPECT_EQ(q.body["net"], t.amount - t.fee) << t.method;
    EXPECT_EQ(q.body["amount"], t.amount);
    EXPECT_EQ(q.body["fee_party"], "user");
    EXPECT_EQ(q.body["payout_method_id"], method);
  }
}

TEST(widget_money, quote_errors_name_the_amount) {
  sandbox_process sb;
  payout_flow p = start(sb, 3000);
  reply small = quote(sb, p, 99);
  expect_client_error(small, 422, "amount_too_small", "below 1.00");
  EXPECT_EQ(small.body["error"]["field"], "amount");
  expect_client_error(quote(sb, p, 20'000'000), 422, "amount_too_large", "above the maximum");
  reply broke = quote(sb, p, 3001);
  expect_client_error(broke, 422, "insufficient_funds", "above the wallet");
  EXPECT_EQ(broke.body["error"]["available"], 3000);
  EXPECT_EQ(broke.body["error"]["field"], "amount");
  expect_client_error(quote(sb, p, 1000, "no-such-method"), 404, "payout_method_not_found", "unknown method");
  json other = sb.create_user("4155550124");
  expect_client_error(quote(sb, p, 1000, add_method(sb, other, paypal_method("other@example.com"))), 404,
                      "payout_method_not_found", "another user's method");
  expect_client_error(sb.widget("POST", "/api/widget/v1/payouts/quote", p.token, json{{"amount", "10"}, {"payout_method_id", p.method}}),
                      400, "invalid_type", "string amount");
  expect_client_error(sb.widget("POST", "/api/widget/v1/payouts/quote", p.token, json{{"amount", 10.5}, {"payout_method_id", p.method}}),
                      422, "invalid_amount", "fraction");
}

TEST(widget_money, platform_fee_party_from_the_step_option) {
  sandbox_process sb(rail_ms(100000));
  payout_flow p = start(sb, 5000, json{{"name", "payout"}, {"payout_fee_party", "platform"}});
  reply q = quote(sb, p, 5000);
  ASSERT_EQ(q.status, 200) << q.raw;
  EXPECT_EQ(q.body["fee_party"], "platform");
  EXPECT_EQ(q.body["fee"], 100);
  EXPECT_EQ(q.body["net"], 5000);
  reply paid = sb.widget("POST", "/api/widget/v1/payouts", p.token,
                         json{{"amount", 5000}, {"payout_method_id", p.method}, {"idempotency_key", "k"}});
  ASSERT_EQ(paid.status, 200) << paid.raw;
  EXPECT_EQ(paid.body["net"], 5000);
  EXPECT_EQ(user_balance(sb, p.user), 0);
  EXPECT_EQ(app_balance(sb), 10000 - 5000 - 100);
}

TEST(widget_money, payout_is_idempotent_and_readable) {
  sandbox_process sb(rail_ms(300));
  payout_flow p = start(sb, 5000);
  httplib::Headers headers = {{"Authorization", "Bearer " + p.token}, {"Idempotency-Key", "pay-1"}};
  const std::string body = json{{"amount", 2000}, {"payout_method_id", p.method}}.dump();
  reply first = sb.send("POST", "/api/widget/v1/payouts", headers, body);
  ASSERT_EQ(first.status, 200) << first.raw;
  const json& t = first.body;
  EXPECT_EQ(t["status"], "created");
  EXPECT_EQ(t["type"], "payout");
  EXPECT_EQ(t["amount"], 2000);
  EXPECT_EQ(t["fee"], 40);
  EXPECT_EQ(t["net"], 1960);
  EXPECT_EQ(t["payout_method_id"], p.method);
  EXPECT_EQ(t["description"], "PayPal a***@example.com");
  EXPECT_TRUE(t["created"].is_string());
  EXPECT_TRUE(t["external_data"].is_object());
  reply second = sb.send("POST", "/api/widget/v1/payouts", headers, body);
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["id"], t["id"]);
  EXPECT_EQ(user_balance(sb, p.user), 3000) << "a repeated key paid twice";
  reply in_body = sb.widget("POST", "/api/widget/v1/payouts", p.token,
                            json{{"amount", 2000}, {"payout_method_id", p.method}, {"idempotency_key", "pay-1"}});
  EXPECT_EQ(in_body.body["id"], t["id"]);
  reply conflict = sb.widget("POST", "/api/widget/v1/payouts", p.token,
                             json{{"amount", 2500}, {"payout_method_id", p.method}, {"idempotency_key", "pay-1"}});
  expect_client_error(conflict, 409, "idempotency_conflict", "same key, other amount");
  expect_client_error(sb.widget("POST", "/api/widget/v1/payouts", p.token, json{{"amount", 100}, {"payout_method_id", p.method}}),
                      422, "missing_field", "no key");

  reply got = sb.widget("GET", "/api/widget/v1/transfers/" + id_of(t), p.token);
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["id"], t["id"]);
  json done = wait_transfer(sb, id_of(t), {"completed"});
  reply later = sb.widget("GET", "/api/widget/v1/transfers/" + id_of(t), p.token);
  EXPECT_EQ(later.body["status"], "completed");
  expect_client_error(sb.widget("GET", "/api/widget/v1/transfers/nope", p.token), 404, "transfer_not_found", "unknown");

  // Another user's transfer is not shown.
  json other = funded_user(sb, "4155550124", 1000);
  add_method(sb, other, paypal_method("other@example.com"));
  reply theirs = sb.app("POST", "/api/v2/payouts", json{{"user_id", other["id"]}, {"amount", 500}, {"platform", "default"}});
  ASSERT_EQ(theirs.status, 200) << theirs.raw;
  expect_client_error(sb.widget("GET", "/api/widget/v1/transfers/" + id_of(theirs.body), p.token), 404,
                      "transfer_not_found", "another user's transfer");
  expect_ledger_balanced(sb);
}

TEST(widget_money, needs_a_payout_step_and_an_authorized_session) {
  sandbox_process sb;
  json user = funded_user(sb, "4155550123", 1000);
  std::string no_step = sb.session_for(sb.create_flow({{"steps", {"manage-payouts"}}, {"user_id", user["id"]}}));
  expect_client_error(sb.widget("GET", "/api/widget/v1/wallet", no_step), 404, "step_not_found", "no payout step");
  std::string no_user = sb.session_for(sb.create_flow({{"steps", {"payout"}}}));
  expect_client_error(sb.widget("GET", "/api/widget/v1/wallet", no_user), 403, "not_authorized", "no user yet");
  expect_client_error(sb.widget("GET", "/api/widget/v1/wallet", ""), 401, "session_expired", "no token");
  expect_client_error(sb.widget("POST", "/api/widget/v1/payouts", "bogus", json{{"amount", 100}, {"payout_method_id", "x"}, {"idempotency_key", "k"}}),
                      401, "session_expired", "bad token");
}

TEST(widget_money, redirect_url_must_be_https_or_local_http) {
  sandbox_process sb;
  auto flow_with = [&](const std::string& url) {
    return sb.app("POST", "/api/v2/flows", json{{"steps", {{{"name", "redirect"}, {"redirect_url", url}}}}});
  };
  EXPECT_EQ(flow_with("https://app.example/done").status, 200);
  EXPECT_EQ(flow_with("http://localhost:5173/done").status, 200);
  EXPECT_EQ(flow_with("http://127.0.0.1/done").status, 200);
  for (const char* bad : {"http://app.example/done", "javascript:alert(1)", "http://localhost@evil.example/", "ftp://x/"}) {
    reply r = flow_with(bad);
    expect_client_error(r, 422, "invalid_option", bad);
    EXPECT_EQ(r.body["error"]["field"], "steps[0].redirect_url");
  }
}
