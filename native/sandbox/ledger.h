// The money ledger: every movement of money is one posting, a set of transactions (source ->
// destination, amount > 0) written as two entries each (-amount, +amount) in the caller's SQLite
// transaction, so entries always sum to zero. Balances are cached per account and checked here;
// no account but sandbox funding may go below zero. Every function runs inside database::transaction().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "http_util.h"
#include "paging.h"

namespace flowkit::sandbox::ledger {

constexpr std::int64_t k_new_app_funding = 10000;  // a new sandbox app starts with $100.00

// Accounts, by kind (the text before ':'):
std::string app_wallet(std::string_view app_id);    // "app:<app>": the app's wallet
std::string user_wallet(std::string_view user_id);  // "user:<user>": a user's wallet
std::string fees(std::string_view app_id);          // "fees:<app>": fees revenue
std::string rail(std::string_view app_id);          // "rail:<app>": payout rail clearing (payouts in flight)
std::string payees(std::string_view app_id);        // "payees:<app>": money delivered off-platform by the rail
std::string escrow(std::string_view link_id);       // "escrow:<link>": a payout link's reserved amount
std::string funding(std::string_view app_id);       // "funding:<app>": sandbox funding, the only account below zero

struct leg {
  std::string kind;         // what the API shows as the transaction's type: "transfer", "payout", "fee", ...
  std::string source, destination;
  std::int64_t amount = 0;  // > 0; legs of 0 are skipped
};

struct posting {
  std::string app_id;
  std::optional<std::string> transfer_id, payout_link_id, user_id, metadata;
  std::vector<leg> legs;
};

// Writes the posting. Before writing anything, checks every account whose balance would drop:
// when one would go below zero -> 422 insufficient_funds (field "amount") with `available` (its
// balance), `required` and `shortfall`, naming the wallet. Returns the new transactions' ids.
std::vector<std::int64_t> post(database& db, const posting& p, std::int64_t now);

std::int64_t balance(database& db, std::string_view account);  // the cached balance; 0 for an account never used

// Credits the app wallet from sandbox funding (kind "funding"); returns the transaction's id.
std::int64_t fund_app(database& db, const std::string& app_id, std::int64_t amount, std::int64_t now);
// Gives an app with no ledger history its starting k_new_app_funding; does nothing otherwise.
void ensure_app_funded(database& db, const std::string& app_id, std::int64_t now);

json wallet_json(std::int64_t amount);

// The app's balances by account kind, as source_name shows them: {"app_wallet", "user_wallet" (all
// users), "fees", "payout_rail", "payees", "payout_link_escrow" (all links), "sandbox_funding"}.
json balances_by_kind(database& db, std::string_view app_id);  // Dots wallet: {amount, withdrawable_amount, credit_balance}

// Transactions as the API shows them (Dots models/transaction.ts): {id (number), amount, created,
// source_name, destination_name, metadata} + flowkit: type, source, destination, transfer_id,
// payout_link_id, user_id.
json transactions_of_transfer(database& db, const std::string& transfer_id);
page<json> list_transactions(database& db, std::string_view app_id, const page_request& req);
std::optional<json> find_transaction(database& db, std::string_view app_id, std::string_view id);

// Checks the whole ledger (or one app's part of it): entries sum to zero overall, per posting and
// per transaction (-a at the source, +a at the destination); every cached balance equals the sum of
// its account's entries; no account but funding is below zero. Returns the problems found (none: []).
struct integrity_report {
  std::int64_t entries_sum = 0;
  std::int64_t entries = 0, accounts = 0;
  std::vector<std::string> problems;
};
integrity_report check_integrity(database& db, std::optional<std::string_view> app_id = std::nullopt);

}  // namespace flowkit::sandbox::ledger
