// Transfers: balance moves between the app wallet and a user's wallet (POST /transfers, done at
// once) and payouts from a user's wallet to one of their payout methods over the simulated rail
// (created -> pending -> completed | failed, see rail.h). Each one is a ledger posting in the
// caller's transaction. JSON: Dots' models/transfer.ts for the app API, docs/widget-api.md for the widget.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "amounts.h"
#include "db.h"
#include "http_util.h"
#include "paging.h"

namespace flowkit::sandbox {

struct transfer_record {
  std::string id, app_id;
  std::optional<std::string> user_id;
  std::string type;    // "balance" (POST /transfers) | "payout"
  std::string status;  // created | pending | completed | failed
  std::int64_t amount = 0;        // balance: as asked (negative: app -> user); payout: > 0, debited from the user
  std::int64_t fee = 0, net = 0;  // payout: see payout_quote
  std::optional<std::string> fee_party, platform, payout_method_id, description, payout_link_id, flow_id, external_id,
      metadata, failure_code;
  bool funded = false, tax_exempt = false;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> due_ms, settles_ms, completed_ms, failed_ms;
};

// A payout method as payouts need it: its clear columns only (the sealed account stays sealed).
struct payout_method_ref {
  std::string id, platform, description;
};

std::optional<payout_method_ref> find_payout_method_ref(database& db, const std::string& user_id,
                                                        const std::string& method_id);  // the user's method only
// POST /payouts: `account_id` (a method id of the user; 404 payout_method_not_found) or `platform`:
// "default" (the default method), ach | paypal | venmo | cash_app | intl_transfer (the default when it
// is of that platform, else the newest of it), bank_transfer (ach or intl_transfer), intl_bank
// (intl_transfer). 422 no_payout_method / invalid_platform / missing_field.
payout_method_ref resolve_payout_method(database& db, const std::string& user_id,
                                        const std::optional<std::string>& platform,
                                        const std::optional<std::string>& account_id);

// App wallet <-> user wallet, completed at once. 422 insufficient_funds when the paying wallet is short.
transfer_record create_balance_transfer(database& db, const std::string& app_id, const std::string& user_id,
                                        std::int64_t amount, bool tax_exempt, const std::optional<std::string>& metadata,
                                        std::int64_t now);

struct payout_order {
  std::string app_id, user_id;
  std::int64_t amount = 0;
  payout_method_ref method;
  std::string fee_party = "user";  // "user" | "platform"
  bool fund = false;               // first move `amount` from the app wallet to the user (same posting)
  bool tax_exempt = false;
  std::optional<std::string> metadata, payout_link_id, flow_id;
};

// Prices the payout (quote_payout), writes the transfer (status "created"; the rail settles it
// rail_delay_ms later) and its posting: [fund: app -> user amount], user -> rail net, fee to fees
// (from the user or, fee party "platform", from the app wallet). 422 as quote_payout and insufficient_funds.
transfer_record create_payout(database& db, const payout_order& order, std::int64_t now, std::int64_t rail_delay_ms);

std::optional<transfer_record> find_transfer(database& db, const std::string& id);  // any app: callers check app_id
page<transfer_record> list_transfers(database& db, std::string_view app_id, const page_request& req);

// Dots transfer: {id, created, user_id, status, type, amount, external_data {account_id, external_id,
// platform}, transactions [...], metadata} + flowkit: fee, net, fee_party, payout_method_id,
// payout_link_id, description, failure_code, tax_exempt.
json transfer_json(database& db, const transfer_record& t);
// docs/widget-api.md <transfer>: {id, status, type, amount, fee, net, payout_method_id, description,
// created, external_data}.
json widget_transfer_json(const transfer_record& t);

}  // namespace flowkit::sandbox
