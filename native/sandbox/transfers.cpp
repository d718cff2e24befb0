// Transfers in SQLite and their ledger postings (see transfers.h): balance transfers, payouts
// with their fee, the payout method a payout goes to, and the two JSON shapes.
#include "transfers.h"

#include <algorithm>
#include <vector>

#include "crypto.h"
#include "ledger.h"
#include "records.h"
#include "webhooks.h"

namespace flowkit::sandbox {

namespace {

constexpr const char* k_transfer_columns =
    "id, app_id, user_id, type, status, amount, fee, net, fee_party, funded, platform, payout_method_id, description, "
    "payout_link_id, flow_id, external_id, tax_exempt, metadata, failure_code, created_ms, due_ms, settles_ms, "
    "completed_ms, failed_ms";

std::optional<std::int64_t> opt_int(const statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.integer(col);
}

transfer_record read_transfer(const statement& st) {
  transfer_record t;
  t.id = st.text(0);
  t.app_id = st.text(1);
  t.user_id = st.opt_text(2);
  t.type = st.text(3);
  t.status = st.text(4);
  t.amount = st.integer(5);
  t.fee = st.integer(6);
  t.net = st.integer(7);
  t.fee_party = st.opt_text(8);
  t.funded = st.integer(9) != 0;
  t.platform = st.opt_text(10);
  t.payout_method_id = st.opt_text(11);
  t.description = st.opt_text(12);
  t.payout_link_id = st.opt_text(13);
  t.flow_id = st.opt_text(14);
  t.external_id = st.opt_text(15);
  t.tax_exempt = st.integer(16) != 0;
  t.metadata = st.opt_text(17);
  t.failure_code = st.opt_text(18);
  t.created_ms = st.integer(19);
  t.due_ms = opt_int(st, 20);
  t.settles_ms = opt_int(st, 21);
  t.completed_ms = opt_int(st, 22);
  t.failed_ms = opt_int(st, 23);
  return t;
}

void insert_transfer(database& db, const transfer_record& t) {
  db.query(
        "INSERT INTO transfers (id, app_id, user_id, type, status, amount, fee, net, fee_party, funded, platform, "
        "payout_method_id, description, payout_link_id, flow_id, external_id, tax_exempt, metadata, created_ms, due_ms, "
        "settles_ms, completed_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19, ?20, ?21, ?22)",
        t.id, t.app_id, t.user_id, t.type, t.status, t.amount, t.fee, t.net, t.fee_party, t.funded, t.platform,
        t.payout_method_id, t.description, t.payout_link_id, t.flow_id, t.external_id, t.tax_exempt, t.metadata,
        t.created_ms, t.due_ms, t.settles_ms, t.completed_ms)
      .run();
  webhooks::transfer_updated(db, t.app_id, t.id, t.created_ms);
}

json opt_json(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json external_data(const transfer_record& t) {
  if (t.type != "payout") return json::object();
  return {{"account_id", opt_json(t.payout_method_id)},
          {"external_id", opt_json(t.external_id)},
          {"platform", opt_json(t.platform)}};
}

std::optional<payout_method_ref> first_method(database& db, const std::string& sql, const std::string& user_id,
                                              const std::string& platform) {
  auto st = db.query(sql, user_id, platform);
  if (!st.step()) return std::nullopt;
  return payout_method_ref{st.text(0), st.text(1), st.text(2)};
}

}  // namespace

std::optional<payout_method_ref> find_payout_method_ref(database& db, const std::string& user_id,
                                                        const std::string& method_id) {
  auto st = db.query("SELECT id, platform, description FROM payout_methods WHERE id = ?1 AND user_id = ?2", method_id,
                     user_id);
  if (!st.step()) return std::nullopt;
  return payout_method_ref{st.text(0), st.text(1), st.text(2)};
}

payout_method_ref resolve_payout_method(database& db, const std::string& user_id,
                                        const std::optional<std::string>& platform,
                                        const std::optional<std::string>& account_id) {
  // Platforms a `platform` value accepts (Dots names included).
  auto accepted = [](const std::string& p) -> std::vector<std::string> {
    if (p == "bank_transfer") return {"ach", "intl_transfer"};
    if (p == "intl_bank") return {"intl_transfer"};
    if (p == "ach" || p == "paypal" || p == "venmo" || p == "cash_app" || p == "intl_transfer") return {p};
    return {};
  };
  if (platform && *platform != "default" && accepted(*platform).empty())
    fail(422, "invalid_platform",
         "platform must be default, ach, paypal, venmo, cash_app, intl_transfer, bank_transfer or intl_bank.",
         "platform");
  if (account_id) {
    auto m = find_payout_method_ref(db, user_id, *account_id);
    if (!m) fail(404, "payout_method_not_found", "account_id does not name a payout method of this user.", "account_id");
    if (platform && *platform != "default") {
      auto ok = accepted(*platform);
      if (std::find(ok.begin(), ok.end(), m->platform) == ok.end())
        fail(422, "invalid_platform", "account_id is a " + m->platform + " method, not " + *platform + ".", "platform");
    }
    return *m;
  }
  if (!platform) fail(422, "missing_field", "platform (or account_id) is required.", "platform");
  if (*platform == "default") {
    auto st = db.query("SELECT id, platform, description FROM payout_methods WHERE user_id = ?1 AND is_default = 1",
                       user_id);
    if (!st.step()) fail(422, "no_payout_method", "The user has no default payout method.", "platform");
    return payout_method_ref{st.text(0), st.text(1), st.text(2)};
  }
  for (const std::string& p : accepted(*platform)) {
    if (auto m = first_method(db,
                              "SELECT id, platform, description FROM payout_methods WHERE user_id = ?1 AND platform = ?2 "
                              "ORDER BY is_default DESC, seq DESC LIMIT 1",
                              user_id, p))
      return *m;
  }
  fail(422, "no_payout_method", "The user has no " + *platform + " payout method.", "platform");
}

transfer_record create_balance_transfer(database& db, const std::string& app_id, const std::string& user_id,
                                        std::int64_t amount, bool tax_exempt, const std::optional<std::string>& metadata,
                                        std::int64_t now) {
  transfer_record t;
  t.id = new_uuid();
  t.app_id = app_id;
  t.user_id = user_id;
  t.type = "balance";
  t.status = "completed";
  t.amount = amount;
  t.net = amount < 0 ? -amount : amount;
  t.tax_exempt = tax_exempt;
  t.metadata = metadata;
  t.created_ms = now;
  t.completed_ms = now;
  insert_transfer(db, t);
  ledger::leg leg = amount < 0 ? ledger::leg{"transfer", ledger::app_wallet(app_id), ledger::user_wallet(user_id), -amount}
                               : ledger::leg{"transfer", ledger::user_wallet(user_id), ledger::app_wallet(app_id), amount};
  ledger::post(db, {app_id, t.id, std::nullopt, user_id, metadata, {leg}}, now);
  return t;
}

transfer_record create_payout(database& db, const payout_order& o, std::int64_t now, std::int64_t rail_delay_ms) {
  const payout_quote q = quote_payout(o.method.platform, o.amount, o.fee_party);
  transfer_record t;
  t.id = new_uuid();
  t.app_id = o.app_id;
  t.user_id = o.user_id;
  t.type = "payout";
  t.status = "created";
  t.amount = q.amount;
  t.fee = q.fee;
  t.net = q.net;
  t.fee_party = q.fee_party;
  t.funded = o.fund;
  t.platform = o.method.platform;
  t.payout_method_id = o.method.id;
  t.description = o.method.description;
  t.payout_link_id = o.payout_link_id;
  t.flow_id = o.flow_id;
  t.external_id = "rail_" + random_hex(10);
  t.tax_exempt = o.tax_exempt;
  t.metadata = o.metadata;
  t.created_ms = now;
  t.due_ms = now + rail_delay_ms / 2;  // -> pending
  t.settles_ms = now + rail_delay_ms;  // -> completed | failed
  insert_transfer(db, t);

  const std::string user = ledger::user_wallet(o.user_id), app = ledger::app_wallet(o.app_id);
  std::vector<ledger::leg> legs;
  if (o.fund) legs.push_back({"payout_funding", app, user, q.amount});
  legs.push_back({"payout", user, ledger::rail(o.app_id), q.net});
  if (q.fee_party == "user")
    legs.push_back({"fee", user, ledger::fees(o.app_id), q.fee});
  else
    legs.push_back({"fee", app, ledger::fees(o.app_id), q.fee});
  ledger::post(db, {o.app_id, t.id, o.payout_link_id, o.user_id, o.metadata, std::move(legs)}, now);
  return t;
}

std::optional<transfer_record> find_transfer(database& db, const std::string& id) {
  auto st = db.query(std::string("SELECT ") + k_transfer_columns + " FROM transfers WHERE id = ?1", id);
  if (!st.step()) return std::nullopt;
  return read_transfer(st);
}

page<transfer_record> list_transfers(database& db, std::string_view app_id, const page_request& req) {
  return list_page<transfer_record>(db, "transfers", "transfers", k_transfer_columns, "", app_id, req, &read_transfer);
}

json transfer_json(database& db, const transfer_record& t) {
  return {
      {"id", t.id},
      {"created", iso_time(t.created_ms)},
      {"user_id", opt_json(t.user_id)},
      {"status", t.status},
      {"type", t.type},
      {"amount", t.amount},
      {"external_data", external_data(t)},
      {"transactions", ledger::transactions_of_transfer(db, t.id)},
      {"metadata", metadata_json(t.metadata)},
      {"fee", t.fee},
      {"net", t.net},
      {"fee_party", opt_json(t.fee_party)},
      {"funded", t.funded},
      {"payout_method_id", opt_json(t.payout_method_id)},
      {"payout_link_id", opt_json(t.payout_link_id)},
      {"description", opt_json(t.description)},
      {"failure_code", opt_json(t.failure_code)},
      {"tax_exempt", t.tax_exempt},
  };
}

json widget_transfer_json(const transfer_record& t) {
  return {
      {"id", t.id},
      {"status", t.status},
      {"type", t.type},
      {"amount", t.amount},
      {"fee", t.fee},
      {"net", t.net},
      {"payout_method_id", opt_json(t.payout_method_id)},
      {"description", t.description ? json(*t.description) : json("")},
      {"created", iso_time(t.created_ms)},
      {"external_data", external_data(t)},
      {"failure_code", opt_json(t.failure_code)},
  };
}

}  // namespace flowkit::sandbox
