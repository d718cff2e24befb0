// In-process tests of the sandbox's money modules on a temporary SQLite file: 2000 seeded random
// operations (transfers, payouts of both fee parties, 13-cent failures, rail steps, links created,
// canceled, claimed), then entries sum to zero, balances equal their entries, none is negative and
// each one-time movement happened once (FLOWKIT_LEDGER_SEED=n replays); fees, amounts, redirect URLs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "amounts.h"
#include "crypto.h"
#include "db.h"
#include "flow_steps.h"
#include "ledger.h"
#include "payout_links.h"
#include "payout_store.h"
#include "rail.h"
#include "records.h"
#include "transfers.h"

using namespace flowkit::sandbox;
namespace fs = std::filesystem;

namespace {

struct temp_db {
  std::string dir;
  std::unique_ptr<database> db;
  temp_db() {
    crypto_init();
    std::string pattern = (fs::temp_directory_path() / "flowkit-ledger-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    db = std::make_unique<database>(dir + "/ledger.db");
  }
  ~temp_db() {
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string add_app(database& db, std::int64_t now) {
  return db.transaction([&](database& d) {
    std::string id = new_uuid();
    d.query("INSERT INTO apps (id, client_id, api_key, created_ms) VALUES (?1, ?2, ?3, ?4)", id, new_uuid(), "k", now)
        .run();
    ledger::ensure_app_funded(d, id, now);
    return id;
  });
}

std::string add_user(database& db, const std::string& app_id, const std::string& national, std::int64_t now) {
  return db.transaction([&](database& d) {
    user_record u;
    u.id = new_uuid();
    u.app_id = app_id;
    u.phone_number = phone{"1", national, "+1" + national};
    u.created_ms = now;
    insert_user(d, u);
    return u.id;
  });
}

payout_method_ref add_method(database& db, const std::string& key, const std::string& user_id, const json& body,
                             std::int64_t now) {
  return db.transaction([&](database& d) {
    json saved = add_payout_method(d, key, user_id, check_payout_method(body), now).method;
    return *find_payout_method_ref(d, user_id, saved["id"].get<std::string>());
  });
}

std::int64_t scalar(database& db, const std::string& sql) {
  return db.transaction([&](database& d) {
    auto st = d.query(sql);
    return st.step() ? st.integer(0) : std::int64_t{0};
  });
}

// The invariants, checked with SQL of their own (not only ledger::check_integrity).
void expect_ledger_sound(database& db, const std::string& where) {
  EXPECT_EQ(scalar(db, "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries"), 0) << where;
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM ledger_balances b WHERE b.balance != "
                   "COALESCE((SELECT SUM(e.amount) FROM ledger_entries e WHERE e.account = b.account), 0)"),
            0)
      << where << ": a cached balance differs from the sum of its entries";
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM ledger_balances WHERE balance < 0 AND account NOT LIKE 'funding:%'"), 0)
      << where << ": a balance is below zero";
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM (SELECT posting_id FROM ledger_entries GROUP BY posting_id "
                   "HAVING SUM(amount) != 0)"),
            0)
      << where << ": a posting does not sum to zero";
  auto report = db.transaction([](database& d) { return ledger::check_integrity(d); });
  EXPECT_TRUE(report.problems.empty()) << where << ": " << (report.problems.empty() ? "" : report.problems.front());
}

}  // namespace

TEST(ledger_property, random_operations_keep_the_ledger_balanced) {
  std::uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("FLOWKIT_LEDGER_SEED")) seed = std::strtoull(s, nullptr, 10);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (replay with FLOWKIT_LEDGER_SEED=" + std::to_string(seed) + ")");
  std::mt19937_64 rng(seed);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };

  temp_db t;
  database& db = *t.db;
  std::int64_t now = 1'700'000'000'000;
  const std::int64_t delay = 500;
  const std::string app = add_app(db, now);
  db.transaction([&](database& d) { ledger::fund_app(d, app, 500'000, now); });
  const std::string key = std::string(32, '\x42');

  const std::vector<json> methods = {
      {{"platform", "ach"}, {"routing_number", "021000021"}, {"account_number", "123456789"},
       {"account_type", "checking"}, {"account_holder_name", "Ada Lovelace"}},
      {{"platform", "paypal"}, {"email", "ada@example.com"}},
      {{"platform", "venmo"}, {"handle", "@ada-lovelace"}},
      {{"platform", "cash_app"}, {"cash_tag", "$adalovelace"}},
      {{"platform", "intl_transfer"}, {"country", "DE"}, {"iban", "DE89370400440532013000"}, {"swift", "COBADEFFXXX"},
       {"currency", "EUR"}, {"account_holder_name", "Ada Lovelace"}}};
  std::vector<std::string> users;
  std::map<std::string, std::vector<payout_method_ref>> user_methods;
  for (int i = 0; i < 4; ++i) {
    users.push_back(add_user(db, app, "41555501" + std::to_string(10 + i), now));
    for (const json& m : methods) user_methods[users.back()].push_back(add_method(db, key, users.back(), m, now));
  }

  std::vector<std::string> links;
  std::map<std::string, int> outcomes;
  const std::set<std::string> expected_errors = {"insufficient_funds", "amount_too_small", "payout_link_claimed",
                                                 "payout_link_canceled"};
  for (int op = 0; op < 2000; ++op) {
    now += pick(0, 120);
    const std::string& user = users[static_cast<std::size_t>(pick(0, 3))];
    const int kind = static_cast<int>(pick(0, 9));
    try {
      db.transaction([&](database& d) {
        switch (kind) {
          case 0:  // app -> user
            create_balance_transfer(d, app, user, -pick(1, 20'000), false, std::nullopt, now);
            break;
          case 1:  // user -> app
            create_balance_transfer(d, app, user, pick(1, 8'000), false, std::nullopt, now);
            break;
          case 2:
          case 3: {  // a payout; a fifth of them end in 13 cents and fail on the rail
            payout_order o;
            o.app_id = app;
            o.user_id = user;
            o.amount = pick(0, 4) == 0 ? pick(1, 90) * 100 + 13 : pick(50, 9'000);
            const auto& ms = user_methods[user];
            o.method = ms[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(ms.size()) - 1))];
            o.fee_party = pick(0, 1) ? "user" : "platform";
            o.fund = pick(0, 3) == 0;
            create_payout(d, o, now, delay);
            break;
          }
          case 4:
          case 5:
            advance_rail(d, "", now);
            break;
          case 6: {  // a payout link, for a user or for whoever onboards
            link_order o;
            o.app_id = app;
            o.amount = pick(100, 15'000);
            if (pick(0, 1)) o.user_id = user;
            o.fee_party = pick(0, 1) ? "user" : "platform";
            links.push_back(create_payout_link(d, o, now).link.id);
            break;
          }
          case 7:
            if (!links.empty())
              cancel_payout_link(d, app, links[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(links.size()) - 1))], now);
            break;
          case 8: {  // the flow's user (or anyone, for an open link) claims it, maybe twice
            if (links.empty()) break;
            auto l = find_payout_link(d, links[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(links.size()) - 1))]);
            auto f = find_flow(d, l->flow_id);
            const std::string who = l->user_id.value_or(user);
            claim_payout_link(d, *f, who, now);
            if (pick(0, 1)) claim_payout_link(d, *f, who, now);
            break;
          }
          default:
            ledger::fund_app(d, app, pick(1, 5'000), now);
        }
      });
      ++outcomes["ok"];
    } catch (const api_error& e) {
      EXPECT_TRUE(expected_errors.count(e.code)) << "operation " << op << " kind " << kind << ": " << e.code << " "
                                                 << e.message;
      ++outcomes[e.code];
    }
    if (op % 250 == 0) expect_ledger_sound(db, "after operation " + std::to_string(op));
    if (::testing::Test::HasFailure()) break;
  }

  // Let the rail settle everything, twice: the second pass must change nothing.
  now += 10 * delay;
  db.transaction([&](database& d) { advance_rail(d, "", now); });
  EXPECT_EQ(db.transaction([&](database& d) { return advance_rail(d, "", now + delay); }), 0);
  expect_ledger_sound(db, "at the end");

  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM transfers WHERE type = 'payout' AND status NOT IN ('completed', 'failed')"), 0);
  EXPECT_EQ(db.transaction([&](database& d) { return ledger::balance(d, ledger::rail(app)); }), 0)
      << "money left on the rail after every payout settled";
  // Exactly once: a completed payout has one settlement and no reversal; a failed one one reversal
  // (and one fee reversal), no settlement; failed ones are exactly those ending in 13 cents.
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM transfers t WHERE t.type = 'payout' AND t.status = 'completed' AND ("
                   "(SELECT COUNT(*) FROM ledger_transactions x WHERE x.transfer_id = t.id AND x.kind = 'settlement') != 1 "
                   "OR (SELECT COUNT(*) FROM ledger_transactions x WHERE x.transfer_id = t.id AND x.kind = 'reversal') != 0)"),
            0);
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM transfers t WHERE t.type = 'payout' AND t.status = 'failed' AND ("
                   "(SELECT COUNT(*) FROM ledger_transactions x WHERE x.transfer_id = t.id AND x.kind = 'reversal') != 1 "
                   "OR (SELECT COUNT(*) FROM ledger_transactions x WHERE x.transfer_id = t.id AND x.kind = 'fee_reversal') > 1 "
                   "OR (SELECT COUNT(*) FROM ledger_transactions x WHERE x.transfer_id = t.id AND x.kind = 'settlement') != 0)"),
            0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM transfers WHERE type = 'payout' AND (status = 'failed') != (amount % 100 = 13)"), 0);
  // Links: the escrow holds the amount while open, nothing after; one claim or one release, never both.
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM payout_links l WHERE "
                   "COALESCE((SELECT balance FROM ledger_balances b WHERE b.account = 'escrow:' || l.id), 0) != "
                   "CASE WHEN l.status IN ('created', 'sent', 'delivery_failed') THEN l.amount ELSE 0 END"),
            0);
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM payout_links l WHERE "
                   "(SELECT COUNT(*) FROM ledger_transactions x WHERE x.payout_link_id = l.id AND "
                   "x.kind IN ('payout_link_claim', 'payout_link_release')) != "
                   "CASE WHEN l.status IN ('created', 'sent', 'delivery_failed') THEN 0 ELSE 1 END"),
            0);
  // The run exercised every path.
  EXPECT_GT(outcomes["ok"], 1000);
  EXPECT_GT(outcomes["insufficient_funds"], 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM transfers WHERE status = 'failed'"), 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM transfers WHERE status = 'completed' AND fee_party = 'platform'"), 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM payout_links WHERE status = 'claimed'"), 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM payout_links WHERE status = 'canceled'"), 0);
}

TEST(ledger, refuses_an_overdraft_and_writes_nothing) {
  temp_db t;
  database& db = *t.db;
  const std::string app = add_app(db, 1000);
  const std::string user = add_user(db, app, "4155550123", 1000);
  try {
    db.transaction([&](database& d) { create_balance_transfer(d, app, user, -10001, false, std::nullopt, 2000); });
    FAIL() << "an overdraft went through";
  } catch (const api_error& e) {
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.code, "insufficient_funds");
    EXPECT_EQ(e.extra.value("available", -1), 10000);
    EXPECT_EQ(e.extra.value("shortfall", -1), 1);
  }
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM transfers"), 0);
  EXPECT_EQ(db.transaction([&](database& d) { return ledger::balance(d, ledger::app_wallet(app)); }), 10000);
  expect_ledger_sound(db, "after a refused overdraft");
}

TEST(ledger, new_app_is_funded_once) {
  temp_db t;
  database& db = *t.db;
  const std::string app = add_app(db, 1000);
  db.transaction([&](database& d) { ledger::ensure_app_funded(d, app, 2000); });
  EXPECT_EQ(db.transaction([&](database& d) { return ledger::balance(d, ledger::app_wallet(app)); }), 10000);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'funding'"), 1);
}

TEST(fee_table, prices_each_platform_as_documented) {
  EXPECT_EQ(payout_fee("ach", 100), 25);
  EXPECT_EQ(payout_fee("ach", 1'000'000), 25);
  EXPECT_EQ(payout_fee("paypal", 100), 25);        // 2% = 2, min 25
  EXPECT_EQ(payout_fee("paypal", 10'000), 200);
  EXPECT_EQ(payout_fee("paypal", 1'000'000), 2000);  // max 20.00
  EXPECT_EQ(payout_fee("venmo", 10'000), 175);
  EXPECT_EQ(payout_fee("venmo", 100), 2);          // 1.75 rounds half up
  EXPECT_EQ(payout_fee("cash_app", 10'000), 150);
  EXPECT_EQ(payout_fee("cash_app", 1'033), 15);    // 15.495 -> 15
  EXPECT_EQ(payout_fee("intl_transfer", 10'000), 400);
  payout_quote q = quote_payout("paypal", 10'000, "user");
  EXPECT_EQ(q.net, 9'800);
  q = quote_payout("paypal", 10'000, "platform");
  EXPECT_EQ(q.net, 10'000);
  EXPECT_EQ(q.fee, 200);
  try {
    quote_payout("intl_transfer", 300, "user");
    FAIL() << "a payout smaller than its fee was priced";
  } catch (const api_error& e) {
    EXPECT_EQ(e.code, "amount_too_small");
    EXPECT_EQ(e.extra.value("minimum", -1), 304);
  }
  EXPECT_NO_THROW(quote_payout("intl_transfer", 300, "platform"));
  EXPECT_THROW(quote_payout("ach", 99, "platform"), api_error);
}

TEST(amounts, accept_only_whole_cents_within_limits) {
  auto code_of = [](const json& body, amount_rule rule) -> std::string {
    try {
      read_amount(body, "amount", rule);
      return "ok";
    } catch (const api_error& e) {
      return std::to_string(e.status) + " " + e.code;
    }
  };
  EXPECT_EQ(code_of({{"amount", 1250}}, amount_rule::positive), "ok");
  EXPECT_EQ(code_of({{"amount", -1250}}, amount_rule::nonzero), "ok");
  EXPECT_EQ(code_of({{"amount", -1250}}, amount_rule::positive), "422 invalid_amount");
  EXPECT_EQ(code_of({{"amount", 0}}, amount_rule::nonzero), "422 invalid_amount");
  EXPECT_EQ(code_of({{"amount", 12.5}}, amount_rule::positive), "422 invalid_amount");
  EXPECT_EQ(code_of({{"amount", 1e300}}, amount_rule::positive), "422 amount_too_large");
  EXPECT_EQ(code_of({{"amount", "1250"}}, amount_rule::positive), "400 invalid_type");
  EXPECT_EQ(code_of({{"amount", true}}, amount_rule::positive), "400 invalid_type");
  EXPECT_EQ(code_of(json::object(), amount_rule::positive), "422 missing_field");
  EXPECT_EQ(code_of({{"amount", 10'000'001}}, amount_rule::positive), "422 amount_too_large");
  EXPECT_EQ(code_of({{"amount", -10'000'001}}, amount_rule::nonzero), "422 amount_too_large");
  EXPECT_EQ(code_of(json::parse("{\"amount\": 18446744073709551615}"), amount_rule::positive), "422 amount_too_large");
  EXPECT_EQ(code_of(json::parse("{\"amount\": -9223372036854775808}"), amount_rule::nonzero), "422 amount_too_large");
}

TEST(redirect_url, https_or_local_http_only) {
  EXPECT_TRUE(is_allowed_redirect_url("https://app.example/done?x=1"));
  EXPECT_TRUE(is_allowed_redirect_url("http://localhost:3000/done"));
  EXPECT_TRUE(is_allowed_redirect_url("http://127.0.0.1/done"));
  EXPECT_TRUE(is_allowed_redirect_url("http://LOCALHOST"));
  EXPECT_FALSE(is_allowed_redirect_url("http://app.example/done"));
  EXPECT_FALSE(is_allowed_redirect_url("http://localhost@evil.example/"));
  EXPECT_FALSE(is_allowed_redirect_url("http://localhost.evil.example/"));
  EXPECT_FALSE(is_allowed_redirect_url("javascript:alert(1)"));
  EXPECT_FALSE(is_allowed_redirect_url("https://"));
  EXPECT_FALSE(is_allowed_redirect_url("https://app.example/a b"));
  EXPECT_FALSE(is_allowed_redirect_url("ftp://app.example/"));
}
