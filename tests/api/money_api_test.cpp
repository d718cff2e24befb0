// The app API's money calls against the real sandbox: the starting $100.00 and sandbox funding,
// transfers both ways, payouts (fees by platform and fee party, fund, platform/account_id), the
// rail (created -> pending -> completed) and the 13-cent failure reversed exactly once,
// idempotency (same key: one transfer; other body: 409), transactions, and bad input (4xx, never 500).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "money_helpers.h"

using namespace flowkit::test;

namespace {

sandbox_options rail_ms(int ms) {
  sandbox_options o;
  o.args = {"--rail-delay-ms", std::to_string(ms)};
  return o;
}

json payout(const json& user, std::int64_t amount, json extra = json::object()) {
  json body = {{"user_id", user["id"]}, {"amount", amount}, {"platform", "default"}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  return body;
}

}  // namespace

TEST(money_api, new_app_starts_with_100_dollars_and_can_be_funded) {
  sandbox_process sb;
  EXPECT_EQ(app_balance(sb), 10000);
  reply funded = sb.app("POST", "/api/v2/sandbox/fund", json{{"amount", 2550}});
  ASSERT_EQ(funded.status, 200) << funded.raw;
  EXPECT_EQ(funded.body["wallet"]["amount"], 12550);
  EXPECT_EQ(funded.body["transaction"]["source_name"], "sandbox_funding");
  EXPECT_EQ(funded.body["transaction"]["destination_name"], "app_wallet");
  expect_client_error(sb.app("POST", "/api/v2/sandbox/fund", json{{"amount", -5}}), 422, "invalid_amount", "negative");
  expect_client_error(sb.app("POST", "/api/v2/sandbox/fund", json{{"amount", 20'000'000}}), 422, "amount_too_large",
                      "huge");
  expect_ledger_balanced(sb);
}

TEST(money_api, funding_survives_a_restart_and_is_not_given_twice) {
  std::string dir = (std::filesystem::temp_directory_path() / "flowkit-money-restart-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  sandbox_options o;
  o.db_path = dir + "/db.sqlite";
  {
    sandbox_process sb(o);
    sb.app("POST", "/api/v2/sandbox/fund", json{{"amount", 500}});
    EXPECT_EQ(app_balance(sb), 10500);
  }
  {
    sandbox_process sb(o);
    EXPECT_EQ(app_balance(sb), 10500);
  }
  std::filesystem::remove_all(dir);
}

TEST(money_api, transfers_move_money_both_ways_and_list_with_cursors) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  reply to_user = sb.app("POST", "/api/v2/transfers", json{{"amount", -3000}, {"user_id", user["id"]}});
  ASSERT_EQ(to_user.status, 200) << to_user.raw;
  EXPECT_EQ(to_user.body["status"], "completed");
  EXPECT_EQ(to_user.body["type"], "balance");
  EXPECT_EQ(to_user.body["amount"], -3000);
  EXPECT_EQ(to_user.body["user_id"], user["id"]);
  ASSERT_EQ(to_user.body["transactions"].size(), 1u);
  EXPECT_EQ(to_user.body["transactions"][0]["amount"], 3000);
  EXPECT_EQ(to_user.body["transactions"][0]["source_name"], "app_wallet");
  EXPECT_EQ(to_user.body["transactions"][0]["destination_name"], "user_wallet");
  EXPECT_EQ(user_balance(sb, user), 3000);
  EXPECT_EQ(app_balance(sb), 7000);

  reply back = sb.app("POST", "/api/v2/transfers", json{{"amount", 1000}, {"user_id", user["id"]}});
  ASSERT_EQ(back.status, 200) << back.raw;
  EXPECT_EQ(user_balance(sb, user), 2000);
  EXPECT_EQ(app_balance(sb), 8000);

  reply too_much = sb.app("POST", "/api/v2/transfers", json{{"amount", 2001}, {"user_id", user["id"]}});
  expect_client_error(too_much, 422, "insufficient_funds", "user short");
  EXPECT_EQ(too_much.body["error"]["available"], 2000);
  EXPECT_EQ(too_much.body["error"]["shortfall"], 1);
  reply app_short = sb.app("POST", "/api/v2/transfers", json{{"amount", -8001}, {"user_id", user["id"]}});
  expect_client_error(app_short, 422, "insufficient_funds", "app short");
  EXPECT_EQ(app_short.body["error"]["available"], 8000);
  EXPECT_NE(app_short.body["error"]["message"].get<std::string>().find("app wallet"), std::string::npos);

  reply got = sb.app("GET", "/api/v2/transfers/" + id_of(to_user.body));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body["id"], to_user.body["id"]);
  for (int i = 0; i < 3; ++i) sb.app("POST", "/api/v2/transfers", json{{"amount", -(i + 1)}, {"user_id", user["id"]}});
  reply page1 = sb.app("GET", "/api/v2/transfers?limit=2");
  ASSERT_EQ(page1.status, 200);
  EXPECT_EQ(page1.body["has_more"], true);
  ASSERT_EQ(page1.body["data"].size(), 2u);
  EXPECT_EQ(page1.body["data"][0]["amount"], -3);  // newest first
  reply page2 = sb.app("GET", "/api/v2/transfers?limit=10&starting_after=" + id_of(page1.body["data"][1]));
  ASSERT_EQ(page2.status, 200);
  EXPECT_EQ(page2.body["data"].size(), 3u);
  EXPECT_EQ(page2.body["has_more"], false);
  reply before = sb.app("GET", "/api/v2/transfers?limit=10&ending_before=" + id_of(page2.body["data"][0]));
  EXPECT_EQ(before.body["data"].size(), 2u);
  expect_client_error(sb.app("GET", "/api/v2/transfers/nope"), 404, "transfer_not_found", "unknown id");
  expect_ledger_balanced(sb);
}

TEST(money_api, payout_fees_follow_the_table_and_the_fee_party) {
  sandbox_process sb(rail_ms(100000));
  json user = funded_user(sb, "4155550123", 9000);
  add_method(sb, user, paypal_method());
  reply by_user = sb.app("POST", "/api/v2/payouts", payout(user, 5000));
  ASSERT_EQ(by_user.status, 200) << by_user.raw;
  EXPECT_EQ(by_user.body["type"], "payout");
  EXPECT_EQ(by_user.body["status"], "created");
  EXPECT_EQ(by_user.body["fee"], 100);  // paypal 2%
  EXPECT_EQ(by_user.body["net"], 4900);
  EXPECT_EQ(by_user.body["external_data"]["platform"], "paypal");
  EXPECT_TRUE(by_user.body["external_data"]["external_id"].is_string());
  EXPECT_EQ(count_kind(by_user.body, "payout"), 1);
  EXPECT_EQ(count_kind(by_user.body, "fee"), 1);
  EXPECT_EQ(user_balance(sb, user), 4000);
  EXPECT_EQ(app_balance(sb), 1000);

  reply by_platform = sb.app("POST", "/api/v2/payouts", payout(user, 2000, {{"payout_fee_party", "platform"}}));
  ASSERT_EQ(by_platform.status, 200) << by_platform.raw;
  EXPECT_EQ(by_platform.body["fee"], 40);
  EXPECT_EQ(by_platform.body["net"], 2000);
  EXPECT_EQ(user_balance(sb, user), 2000);
  EXPECT_EQ(app_balance(sb), 960);

  json balances = expect_ledger_balanced(sb)["balances"];
  EXPECT_EQ(balances["fees"], 140);
  EXPECT_EQ(balances["payout_rail"], 6900);
}

TEST(money_api, payout_with_fund_takes_the_amount_from_the_app_wallet) {
  sandbox_process sb(rail_ms(100000));
  json user = sb.create_user("4155550123");
  std::string ach = add_method(sb, user,
                               {{"platform", "ach"}, {"routing_number", "021000021"}, {"account_number", "123456789"},
                                {"account_type", "checking"}, {"account_holder_name", "Ada Lovelace"}});
  reply r = sb.app("POST", "/api/v2/payouts",
                   json{{"user_id", user["id"]}, {"amount", 2500}, {"account_id", ach}, {"fund", true}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["fee"], 25);
  EXPECT_EQ(r.body["external_data"]["account_id"], ach);
  EXPECT_EQ(count_kind(r.body, "payout_funding"), 1);
  EXPECT_EQ(user_balance(sb, user), 0);
  EXPECT_EQ(app_balance(sb), 7500);
  reply unfunded = sb.app("POST", "/api/v2/payouts", json{{"user_id", user["id"]}, {"amount", 2500}, {"platform", "ach"}});
  expect_client_error(unfunded, 422, "insufficient_funds", "user wallet empty");
  EXPECT_EQ(unfunded.body["error"]["available"], 0);
  reply too_big = sb.app("POST", "/api/v2/payouts",
                         json{{"user_id", user["id"]}, {"amount", 9000}, {"platform", "ach"}, {"fund", true}});
  expect_client_error(too_big, 422, "insufficient_funds", "app wallet short");
  EXPECT_EQ(app_balance(sb), 7500);
  expect_ledger_balanced(sb);
}

TEST(money_api, payout_method_choice_by_platform_and_account) {
  sandbox_process sb(rail_ms(100000));
  json user = funded_user(sb, "4155550123", 9000);
  json other = sb.create_user("4155550124");
  std::string other_method = add_method(sb, other, paypal_method("other@example.com"));
  expect_client_error(sb.app("POST", "/api/v2/payouts", payout(user, 1000)), 422, "no_payout_method", "no methods");
  std::string pp = add_method(sb, user, paypal_method());
  std::string cash = add_method(sb, user, {{"platform", "cash_app"}, {"cash_tag", "$adalovelace"}});
  reply by_platform = sb.app("POST", "/api/v2/payouts",
                             json{{"user_id", user["id"]}, {"amount", 1000}, {"platform", "cash_app"}});
  ASSERT_EQ(by_platform.status, 200) << by_platform.raw;
  EXPECT_EQ(by_platform.body["payout_method_id"], cash);
  EXPECT_EQ(by_platform.body["fee"], 15);
  reply by_default = sb.app("POST", "/api/v2/payouts", payout(user, 1000));
  EXPECT_EQ(by_default.body["payout_method_id"], pp);
  expect_client_error(sb.app("POST", "/api/v2/payouts",
                             json{{"user_id", user["id"]}, {"amount", 1000}, {"account_id", other_method}}),
                      404, "payout_method_not_found", "another user's method");
  expect_client_error(sb.app("POST", "/api/v2/payouts", json{{"user_id", user["id"]}, {"amount", 1000}, {"platform", "venmo"}}),
                      422, "no_payout_method", "no venmo");
  expect_client_error(sb.app("POST", "/api/v2/payouts", json{{"user_id", user["id"]}, {"amount", 1000}, {"platform", "gold"}}),
                      422, "invalid_platform", "unknown platform");
  expect_client_error(sb.app("POST", "/api/v2/payouts", json{{"user_id", user["id"]}, {"amount", 1000}}), 422,
                      "missing_field", "neither platform nor account");
}

TEST(money_api, rail_moves_a_payout_from_created_to_pending_to_completed) {
  sandbox_process sb(rail_ms(1200));
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  reply r = sb.app("POST", "/api/v2/payouts", payout(user, 2000));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "created");
  json seen = wait_transfer(sb, id_of(r.body), {"pending", "completed"});
  EXPECT_EQ(seen["status"], "pending") << "the rail skipped pending";
  json done = wait_transfer(sb, id_of(r.body), {"completed", "failed"});
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(count_kind(done, "settlement"), 1);
  EXPECT_EQ(count_kind(done, "reversal"), 0);
  EXPECT_EQ(user_balance(sb, user), 3000);
  json balances = expect_ledger_balanced(sb)["balances"];
  EXPECT_EQ(balances["payout_rail"], 0);
  EXPECT_EQ(balances["payees"], 1960);
}

TEST(money_api, payout_ending_in_13_cents_fails_and_is_reversed_exactly_once) {
  sandbox_process sb(rail_ms(600));
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  reply r = sb.app("POST", "/api/v2/payouts", payout(user, 1013));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(user_balance(sb, user), 3987);
  json failed = wait_transfer(sb, id_of(r.body), {"failed", "completed"});
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["failure_code"], "rail_rejected");
  EXPECT_EQ(user_balance(sb, user), 5000) << "the money, fee included, goes back to the user";
  // Reads (and the rail's own thread) after the failure never reverse it again.
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    sb.app("GET", "/api/v2/transfers/" + id_of(r.body));
    sb.app("GET", "/api/v2/transactions");
  }
  reply again = sb.app("GET", "/api/v2/transfers/" + id_of(r.body));
  EXPECT_EQ(count_kind(again.body, "reversal"), 1) << again.raw;
  EXPECT_EQ(count_kind(again.body, "fee_reversal"), 1) << again.raw;
  EXPECT_EQ(count_kind(again.body, "settlement"), 0);
  EXPECT_EQ(user_balance(sb, user), 5000);

  // Fee party platform: the fee goes back to the app wallet, the amount to the user.
  const std::int64_t app_before = app_balance(sb);
  reply p = sb.app("POST", "/api/v2/payouts", payout(user, 2013, {{"payout_fee_party", "platform"}}));
  ASSERT_EQ(p.status, 200) << p.raw;
  EXPECT_EQ(app_balance(sb), app_before - 40);
  wait_transfer(sb, id_of(p.body), {"failed"});
  EXPECT_EQ(app_balance(sb), app_before);
  EXPECT_EQ(user_balance(sb, user), 5000);
  json balances = expect_ledger_balanced(sb)["balances"];
  EXPECT_EQ(balances["fees"], 0);
  EXPECT_EQ(balances["payout_rail"], 0);
}

TEST(money_api, idempotency_key_returns_the_same_transfer_and_refuses_another_body) {
  sandbox_process sb(rail_ms(100000));
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  reply first = sb.app("POST", "/api/v2/payouts", payout(user, 1000, {{"idempotency_key", "order-42"}}));
  ASSERT_EQ(first.status, 200) << first.raw;
  reply second = sb.app("POST", "/api/v2/payouts", payout(user, 1000, {{"idempotency_key", "order-42"}}));
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["id"], first.body["id"]);
  EXPECT_EQ(user_balance(sb, user), 4000);
  reply conflict = sb.app("POST", "/api/v2/payouts", payout(user, 1001, {{"idempotency_key", "order-42"}}));
  expect_client_error(conflict, 409, "idempotency_conflict", "same key, other amount");
  EXPECT_EQ(user_balance(sb, user), 4000);
  // The header works as the key too, and keys of transfers are apart from keys of payouts.
  httplib::Headers headers = {httplib::make_basic_authentication_header(sb.client_id, sb.api_key),
                              {"Idempotency-Key", "order-42"}};
  reply t1 = sb.send("POST", "/api/v2/transfers", headers, json{{"amount", -5}, {"user_id", user["id"]}}.dump());
  reply t2 = sb.send("POST", "/api/v2/transfers", headers, json{{"amount", -5}, {"user_id", user["id"]}}.dump());
  ASSERT_EQ(t1.status, 200) << t1.raw;
  EXPECT_EQ(t2.body["id"], t1.body["id"]);
  EXPECT_EQ(user_balance(sb, user), 4005);
  expect_client_error(sb.app("POST", "/api/v2/payouts", payout(user, 1000, {{"idempotency_key", ""}})), 422,
                      "invalid_idempotency_key", "empty key");
  expect_ledger_balanced(sb);
}

TEST(money_api, transactions_show_the_ledger_in_dots_shape) {
  sandbox_process sb(rail_ms(100000));
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  sb.app("POST", "/api/v2/payouts", payout(user, 1000));
  reply list = sb.app("GET", "/api/v2/transactions?limit=2");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["has_more"], true);
  ASSERT_EQ(list.body["data"].size(), 2u);
  const json& newest = list.body["data"][0];
  EXPECT_TRUE(newest["id"].is_number_integer());
  EXPECT_EQ(newest["type"], "fee");
  EXPECT_EQ(newest["amount"], 25);
  EXPECT_EQ(newest["source_name"], "user_wallet");
  EXPECT_EQ(newest["destination_name"], "fees");
  EXPECT_TRUE(newest["created"].is_string());
  EXPECT_TRUE(newest.contains("metadata"));
  reply next = sb.app("GET", "/api/v2/transactions?limit=100&starting_after=" + std::to_string(newest["id"].get<long long>()));
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(next.body["data"].size(), 3u);  // payout, transfer, funding
  EXPECT_EQ(next.body["data"][2]["type"], "funding");
  reply one = sb.app("GET", "/api/v2/transactions/" + std::to_string(newest["id"].get<long long>()));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body, newest);
  expect_client_error(sb.app("GET", "/api/v2/transactions/999999"), 404, "transaction_not_found", "unknown");
  expect_client_error(sb.app("GET", "/api/v2/transactions/abc"), 404, "transaction_not_found", "not a number");
  expect_client_error(sb.app("GET", "/api/v2/transactions?starting_after=abc"), 400, "invalid_parameter", "bad cursor");
}

TEST(money_api, user_json_shows_the_wallet_from_the_ledger) {
  sandbox_process sb;
  json user = funded_user(sb, "4155550123", 1234);
  reply r = sb.app("GET", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(r.body["wallet"], json({{"amount", 1234}, {"withdrawable_amount", 1234}, {"credit_balance", 0}}));
  reply list = sb.app("GET", "/api/v2/users");
  EXPECT_EQ(list.body["data"][0]["wallet"]["amount"], 1234);
}

TEST(money_api, bad_money_input_is_a_4xx_never_a_500) {
  sandbox_process sb;
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  const json uid = user["id"];
  struct bad_case {
    std::string path;
    json body;
    int status;
  };
  const std::vector<bad_case> cases = {
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", "1000"}, {"platform", "default"}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 10.5}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", -1000}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 0}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 50}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1e15}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 100'000'000'000LL}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", true}, {"platform", "default"}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", json::array({1})}, {"platform", "default"}}, 400},
      {"/api/v2/payouts", {{"user_id", "nobody"}, {"amount", 1000}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", 7}, {"amount", 1000}, {"platform", "default"}}, 400},
      {"/api/v2/payouts", {{"amount", 1000}, {"platform", "default"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", 3}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", "default"}, {"fund", "yes"}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", "default"}, {"payout_fee_party", "bob"}}, 422},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", "default"}, {"metadata", 5}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", "default"}, {"idempotency_key", 5}}, 400},
      {"/api/v2/payouts", {{"user_id", uid}, {"amount", 1000}, {"platform", "default"}, {"idempotency_key", std::string(300, 'k')}}, 422},
      {"/api/v2/transfers", {{"user_id", uid}, {"amount", 0}}, 422},
      {"/api/v2/transfers", {{"user_id", uid}, {"amount", "-100"}}, 400},
      {"/api/v2/transfers", {{"user_id", uid}, {"amount", -0.5}}, 422},
      {"/api/v2/transfers", {{"user_id", uid}, {"amount", -10'000'001}}, 422},
      {"/api/v2/transfers", {{"user_id", "nobody"}, {"amount", -100}}, 422},
      {"/api/v2/transfers", {{"amount", -100}}, 422},
      {"/api/v2/payout-links", {{"amount", "100"}}, 400},
      {"/api/v2/payout-links", {{"amount", -100}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"user_id", "nobody"}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"payee", "+14155550123"}}, 400},
      {"/api/v2/payout-links", {{"amount", 100}, {"delivery", {{"method", "pigeon"}}}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"delivery", {{"method", "sms"}}}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"additional_steps", {"payout"}}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"additional_steps", {"teleport"}}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"additional_steps", "compliance"}}, 400},
      {"/api/v2/payout-links", {{"amount", 100}, {"payee", {{"phone_number", "12"}}}}, 422},
      {"/api/v2/payout-links", {{"amount", 100}, {"payee", {{"phone_number", 4155550123LL}}}}, 400},
      {"/api/v2/payout-links", {{"amount", 100}, {"memo", std::string(600, 'm')}}, 422},
      {"/api/v2/payouts/send-payout", {{"amount", 100}}, 422},
      {"/api/v2/payouts/send-payout", {{"amount", 100}, {"payee", {{"phone_number", "12"}}}}, 422},
      {"/api/v2/payouts/send-payout", {{"amount", 1.5}, {"user_id", uid}}, 422},
      {"/api/v2/payout-requests", {{"amount", 100}}, 422},
      {"/api/v2/payout-requests", {{"amount", 100}, {"payee", {{"phone_number", "nope"}}}}, 422},
      {"/api/v2/payout-requests", {{"amount", "lots"}, {"user_id", uid}}, 400},
      {"/api/v2/sandbox/fund", {{"amount", "100"}}, 400},
  };
  for (const auto& c : cases) {
    reply r = sb.app("POST", c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body.dump() << " -> " << r.raw;
    EXPECT_TRUE(r.body.is_object() && r.body.contains("error")) << r.raw;
  }
  for (const char* raw : {"{\"amount\": 1e400, \"user_id\": \"x\"}", "{\"amount\": 1000", "[1000]",
                          "{\"amount\": 18446744073709551616, \"user_id\": \"x\", \"platform\": \"default\"}",
                          "{\"amount\": -9223372036854775809, \"user_id\": \"x\"}"}) {
    for (const char* path : {"/api/v2/payouts", "/api/v2/transfers", "/api/v2/payout-links"}) {
      reply r = sb.app_raw("POST", path, raw);
      EXPECT_GE(r.status, 400) << path << " " << raw << " -> " << r.raw;
      EXPECT_LT(r.status, 500) << path << " " << raw << " -> " << r.raw;
    }
  }
  expect_client_error(sb.app("GET", "/api/v2/transfers?limit=1000"), 400, "invalid_parameter", "limit");
  expect_client_error(sb.app("DELETE", "/api/v2/payout-links/nope"), 404, "payout_link_not_found", "unknown link");
  EXPECT_EQ(user_balance(sb, user), 5000);
  EXPECT_EQ(app_balance(sb), 5000);
  expect_ledger_balanced(sb);
}

TEST(money_api, money_routes_need_app_credentials) {
  sandbox_process sb;
  for (const char* path : {"/api/v2/transfers", "/api/v2/transactions", "/api/v2/payout-links", "/api/v2/payout-requests",
                           "/api/v2/sandbox/wallet", "/api/v2/sandbox/ledger"}) {
    reply r = sb.send("GET", path, {}, std::nullopt);
    EXPECT_EQ(r.status, 401) << path;
  }
  reply r = sb.send("POST", "/api/v2/payouts", {}, "{}");
  EXPECT_EQ(r.status, 401);
}
