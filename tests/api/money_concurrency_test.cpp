// Money under concurrent requests against the real sandbox, each request on its own connection:
// 50 identical payouts with one idempotency key make one transfer and one debit; 50 different
// payouts worth more than the wallet never overdraw it (the rest get 422 insufficient_funds).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "money_helpers.h"

using namespace flowkit::test;

namespace {

sandbox_options slow_rail() {
  sandbox_options o;
  o.args = {"--rail-delay-ms", "600000"};  // nothing settles during the test
  return o;
}

// POST /api/v2/payouts on a connection of its own.
reply post_payout(const sandbox_process& sb, const json& body) {
  httplib::Client c("127.0.0.1", sb.port);
  c.set_connection_timeout(10);
  c.set_read_timeout(30);
  c.set_basic_auth(sb.client_id, sb.api_key);
  auto res = c.Post("/api/v2/payouts", body.dump(), "application/json");
  reply r;
  if (!res) {
    r.raw = "transport error: " + httplib::to_string(res.error());
    return r;
  }
  r.status = res->status;
  r.raw = res->body;
  r.body = json::parse(res->body, nullptr, false);
  return r;
}

}  // namespace

TEST(money_concurrency, fifty_identical_payouts_with_one_key_make_one_transfer) {
  sandbox_process sb(slow_rail());
  json user = funded_user(sb, "4155550123", 5000);
  add_method(sb, user, paypal_method());
  const json body = {{"user_id", user["id"]}, {"amount", 1000}, {"platform", "paypal"}, {"idempotency_key", "same-key"}};
  std::vector<reply> replies(50);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (std::size_t i = 0; i < replies.size(); ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = post_payout(sb, body);
    });
  go = true;
  for (auto& t : threads) t.join();

  std::set<std::string> ids;
  for (const reply& r : replies) {
    EXPECT_EQ(r.status, 200) << r.raw;
    ids.insert(id_of(r.body));
  }
  EXPECT_EQ(ids.size(), 1u) << "one key made several transfers";
  reply list = sb.app("GET", "/api/v2/transfers?limit=100");
  int payouts = 0;
  for (const json& t : list.body["data"])
    if (t["type"] == "payout") ++payouts;
  EXPECT_EQ(payouts, 1);
  EXPECT_EQ(user_balance(sb, user), 4000) << "the wallet was debited more than once";
  reply one = sb.app("GET", "/api/v2/transfers/" + *ids.begin());
  EXPECT_EQ(count_kind(one.body, "payout"), 1);
  EXPECT_EQ(count_kind(one.body, "fee"), 1);
  expect_ledger_balanced(sb);
}

TEST(money_concurrency, fifty_different_payouts_never_overdraw_the_wallet) {
  sandbox_process sb(slow_rail());
  json user = funded_user(sb, "4155550123", 10000);
  add_method(sb, user, paypal_method());
  std::mt19937 rng(20240501);
  std::vector<std::int64_t> amounts(50);
  std::int64_t asked = 0;
  for (auto& a : amounts) {
    a = std::uniform_int_distribution<std::int64_t>(300, 900)(rng);
    if (a % 100 == 13) ++a;  // no rail failures here
    asked += a;
  }
  ASSERT_GT(asked, 10000);
  std::vector<reply> replies(amounts.size());
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (std::size_t i = 0; i < amounts.size(); ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = post_payout(sb, {{"user_id", user["id"]},
                                    {"amount", amounts[i]},
                                    {"platform", "paypal"},
                                    {"idempotency_key", "key-" + std::to_string(i)}});
    });
  go = true;
  for (auto& t : threads) t.join();

  std::int64_t paid = 0;
  int ok = 0, refused = 0;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const reply& r = replies[i];
    if (r.status == 200) {
      ++ok;
      paid += amounts[i];
      EXPECT_EQ(r.body["amount"], amounts[i]);
    } else {
      ++refused;
      expect_client_error(r, 422, "insufficient_funds", "payout " + std::to_string(i));
      EXPECT_TRUE(r.body["error"]["available"].is_number_integer()) << r.raw;
      EXPECT_LT(r.body["error"]["available"].get<std::int64_t>(), amounts[i]) << r.raw;
    }
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(refused, 0);
  EXPECT_LE(paid, 10000);
  EXPECT_EQ(user_balance(sb, user), 10000 - paid);
  json ledger = expect_ledger_balanced(sb);
  EXPECT_GE(ledger["balances"]["user_wallet"].get<std::int64_t>(), 0);
}
