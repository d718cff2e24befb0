// The ledger's SQL (see ledger.h): postings of two-entry transactions, cached balances with the
// no-overdraft check, app funding, the API's transaction JSON and the integrity check that the
// tests (and GET /api/v2/sandbox/ledger) run.
#include "ledger.h"

#include <map>
#include <stdexcept>

#include "amounts.h"
#include "crypto.h"

namespace flowkit::sandbox::ledger {

namespace {

constexpr const char* k_txn_columns =
    "id, amount, created_ms, source, destination, metadata, kind, transfer_id, payout_link_id, user_id";

std::string account_kind(std::string_view account) {
  auto colon = account.find(':');
  return std::string(account.substr(0, colon));
}

bool may_go_negative(std::string_view account) { return account_kind(account) == "funding"; }

// What source_name / destination_name show for an account.
std::string account_name(std::string_view account) {
  const std::string kind = account_kind(account);
  if (kind == "app") return "app_wallet";
  if (kind == "user") return "user_wallet";
  if (kind == "fees") return "fees";
  if (kind == "rail") return "payout_rail";
  if (kind == "payees") return "payees";
  if (kind == "escrow") return "payout_link_escrow";
  if (kind == "funding") return "sandbox_funding";
  return kind;
}

// Words for a wallet in an insufficient_funds message.
std::string wallet_words(std::string_view account) {
  const std::string kind = account_kind(account);
  if (kind == "app") return "The app wallet";
  if (kind == "user") return "The user's wallet";
  if (kind == "escrow") return "The payout link's escrow";
  if (kind == "fees") return "The fees account";
  if (kind == "rail") return "The payout rail";
  return "The account";
}


json read_transaction(const statement& st) {
  const std::string source = st.text(3), destination = st.text(4);
  auto opt = [&](int col) { return st.is_null(col) ? json(nullptr) : json(st.text(col)); };
  json metadata = nullptr;
  if (!st.is_null(5)) {
    metadata = json::parse(st.text(5), nullptr, false);
    if (metadata.is_discarded()) metadata = nullptr;
  }
  return {
      {"id", st.integer(0)},
      {"amount", st.integer(1)},
      {"created", iso_time(st.integer(2))},
      {"source_name", account_name(source)},
      {"destination_name", account_name(destination)},
      {"metadata", std::move(metadata)},
      {"type", st.text(6)},
      {"source", source},
      {"destination", destination},
      {"transfer_id", opt(7)},
      {"payout_link_id", opt(8)},
      {"user_id", opt(9)},
  };
}

}  // namespace

std::string app_wallet(std::string_view app_id) { return "app:" + std::string(app_id); }
std::string user_wallet(std::string_view user_id) { return "user:" + std::string(user_id); }
std::string fees(std::string_view app_id) { return "fees:" + std::string(app_id); }
std::string rail(std::string_view app_id) { return "rail:" + std::string(app_id); }
std::string payees(std::string_view app_id) { return "payees:" + std::string(app_id); }
std::string escrow(std::string_view link_id) { return "escrow:" + std::string(link_id); }
std::string funding(std::string_view app_id) { return "funding:" + std::string(app_id); }

std::int64_t balance(database& db, std::string_view account) {
  auto st = db.query("SELECT balance FROM ledger_balances WHERE account = ?1", account);
  return st.step() ? st.integer(0) : 0;
}

std::vector<std::int64_t> post(database& db, const posting& p, std::int64_t now) {
  // Net change per account, in the order the accounts first appear.
  std::vector<std::string> order;
  std::map<std::string, std::int64_t> delta;
  for (const leg& l : p.legs) {
    if (l.amount < 0) throw std::logic_error("a ledger leg with a negative amount");
    if (l.amount == 0) continue;
    if (l.source == l.destination) throw std::logic_error("a ledger leg from an account to itself");
    for (const std::string* a : {&l.source, &l.destination})
      if (!delta.count(*a)) {
        order.push_back(*a);
        delta[*a] = 0;
      }
    delta[l.source] -= l.amount;
    delta[l.destination] += l.amount;
  }
  for (const std::string& account : order) {
    const std::int64_t d = delta[account];
    if (d >= 0 || may_go_negative(account)) continue;
    const std::int64_t available = balance(db, account);
    if (available + d < 0) {
      const std::int64_t required = -d, shortfall = required - available;
      fail(422, "insufficient_funds",
           wallet_words(account) + " has " + dollars(available) + " available; this needs " + dollars(required) + " (" +
               dollars(shortfall) + " short).",
           "amount",
           {{"available", available}, {"required", required}, {"shortfall", shortfall},
            {"account", account_name(account)}});
    }
  }

  const std::string posting_id = new_uuid();
  std::vector<std::int64_t> ids;
  for (const leg& l : p.legs) {
    if (l.amount == 0) continue;
    db.query(
          "INSERT INTO ledger_transactions (app_id, posting_id, kind, source, destination, amount, transfer_id, "
          "payout_link_id, user_id, metadata, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
          p.app_id, posting_id, l.kind, l.source, l.destination, l.amount, p.transfer_id, p.payout_link_id, p.user_id,
          p.metadata, now)
        .run();
    std::int64_t id = 0;
    {
      auto st = db.query("SELECT last_insert_rowid()");
      if (st.step()) id = st.integer(0);
    }
    db.query("INSERT INTO ledger_entries (transaction_id, posting_id, account, amount) VALUES (?1, ?2, ?3, ?4)", id,
             posting_id, l.source, -l.amount)
        .run();
    db.query("INSERT INTO ledger_entries (transaction_id, posting_id, account, amount) VALUES (?1, ?2, ?3, ?4)", id,
             posting_id, l.destination, l.amount)
        .run();
    ids.push_back(id);
  }
  for (const std::string& account : order) {
    if (delta[account] == 0) {  // touched but unchanged (e.g. fund then pay out): still an account with entries
      db.query("INSERT OR IGNORE INTO ledger_balances (account, app_id, balance) VALUES (?1, ?2, 0)", account, p.app_id)
          .run();
      continue;
    }
    // UPDATE first: SQLite checks CHECK constraints on an upsert's proposed row before the conflict.
    db.query("UPDATE ledger_balances SET balance = balance + ?2 WHERE account = ?1", account, delta[account]).run();
    if (db.changes() == 0)
      db.query("INSERT INTO ledger_balances (account, app_id, balance) VALUES (?1, ?2, ?3)", account, p.app_id,
               delta[account])
          .run();
  }
  return ids;
}

std::int64_t fund_app(database& db, const std::string& app_id, std::int64_t amount, std::int64_t now) {
  return post(db, {app_id, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
            {{"funding", funding(app_id), app_wallet(app_id), amount}}},
       now)
      .at(0);
}

void ensure_app_funded(database& db, const std::string& app_id, std::int64_t now) {
  bool has_history = false;
  {
    auto st = db.query("SELECT 1 FROM ledger_transactions WHERE app_id = ?1 LIMIT 1", app_id);
    has_history = st.step();
  }
  if (!has_history) fund_app(db, app_id, k_new_app_funding, now);
}

json wallet_json(std::int64_t amount) {
  return {{"amount", amount}, {"withdrawable_amount", amount}, {"credit_balance", 0}};
}

json balances_by_kind(database& db, std::string_view app_id) {
  json out = json::object();
  for (const char* kind : {"app_wallet", "user_wallet", "fees", "payout_rail", "payees", "payout_link_escrow",
                           "sandbox_funding"})
    out[kind] = 0;
  auto st = db.query("SELECT account, balance FROM ledger_balances WHERE app_id = ?1", app_id);
  while (st.step()) {
    const std::string name = account_name(st.text(0));
    out[name] = out.value(name, std::int64_t{0}) + st.integer(1);
  }
  return out;
}

json transactions_of_transfer(database& db, const std::string& transfer_id) {
  json out = json::array();
  auto st = db.query(std::string("SELECT ") + k_txn_columns + " FROM ledger_transactions WHERE transfer_id = ?1 ORDER BY id",
                     transfer_id);
  while (st.step()) out.push_back(read_transaction(st));
  return out;
}

page<json> list_transactions(database& db, std::string_view app_id, const page_request& req) {
  return list_page<json>(db, "ledger_transactions", "ledger_transactions", k_txn_columns, "", app_id, req,
                         &read_transaction, "id");
}

std::optional<json> find_transaction(database& db, std::string_view app_id, std::string_view id) {
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  auto st = db.query(std::string("SELECT ") + k_txn_columns + " FROM ledger_transactions WHERE app_id = ?1 AND id = ?2",
                     app_id, static_cast<std::int64_t>(std::stoll(std::string(id))));
  if (!st.step()) return std::nullopt;
  return read_transaction(st);
}

integrity_report check_integrity(database& db, std::optional<std::string_view> app) {
  integrity_report r;
  const std::optional<std::string> app_id = app ? std::optional<std::string>(std::string(*app)) : std::nullopt;
  {
    auto st = db.query(
        "SELECT COALESCE(SUM(e.amount), 0), COUNT(*) FROM ledger_entries e JOIN ledger_transactions t "
        "ON t.id = e.transaction_id WHERE ?1 IS NULL OR t.app_id = ?1",
        app_id);
    if (st.step()) {
      r.entries_sum = st.integer(0);
      r.entries = st.integer(1);
    }
  }
  if (r.entries_sum != 0) r.problems.push_back("the entries sum to " + std::to_string(r.entries_sum));
  {
    auto st = db.query(
        "SELECT e.posting_id, SUM(e.amount) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id "
        "WHERE ?1 IS NULL OR t.app_id = ?1 GROUP BY e.posting_id HAVING SUM(e.amount) != 0",
        app_id);
    while (st.step())
      r.problems.push_back("posting " + st.text(0) + " sums to " + std::to_string(st.integer(1)));
  }
  {
    auto st = db.query(
        "SELECT t.id FROM ledger_transactions t WHERE (?1 IS NULL OR t.app_id = ?1) AND ("
        "(SELECT COUNT(*) FROM ledger_entries e WHERE e.transaction_id = t.id) != 2 OR "
        "NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id AND e.account = t.source "
        "AND e.amount = -t.amount) OR "
        "NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id AND e.account = t.destination "
        "AND e.amount = t.amount))",
        app_id);
    while (st.step()) r.problems.push_back("transaction " + std::to_string(st.integer(0)) + " has wrong entries");
  }
  {
    auto st = db.query(
        "SELECT b.account, b.balance, COALESCE((SELECT SUM(e.amount) FROM ledger_entries e WHERE e.account = b.account), 0) "
        "FROM ledger_balances b WHERE ?1 IS NULL OR b.app_id = ?1",
        app_id);
    while (st.step()) {
      ++r.accounts;
      const std::string account = st.text(0);
      const std::int64_t cached = st.integer(1), sum = st.integer(2);
      if (cached != sum)
        r.problems.push_back("account " + account + " shows " + std::to_string(cached) + " but its entries sum to " +
                             std::to_string(sum));
      if (cached < 0 && !may_go_negative(account))
        r.problems.push_back("account " + account + " is below zero: " + std::to_string(cached));
    }
  }
  {
    auto st = db.query(
        "SELECT DISTINCT e.account FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id "
        "LEFT JOIN ledger_balances b ON b.account = e.account WHERE (?1 IS NULL OR t.app_id = ?1) AND b.account IS NULL",
        app_id);
    while (st.step()) r.problems.push_back("account " + st.text(0) + " has entries but no balance");
  }
  return r;
}

}  // namespace flowkit::sandbox::ledger
