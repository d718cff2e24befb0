// The money side of the app API under /api/v2 (Dots v2: TransfersService, PayoutsService,
// PayoutLinksService, PayoutRequestsService, TransactionsService) and the sandbox-only money
// routes (/sandbox/fund, /sandbox/wallet, /sandbox/ledger, /sandbox/emails). Every handler is one
// transaction; messages leave after the commit. Idempotent creates store their response.
#include <functional>

#include "amounts.h"
#include "api_common.h"
#include "idempotency.h"
#include "ledger.h"
#include "payout_links.h"
#include "payout_requests.h"
#include "phone.h"
#include "rail.h"
#include "records.h"
#include "sandbox.h"
#include "transfers.h"

namespace flowkit::sandbox {

namespace {

using route_fn = void (*)(sandbox&, const httplib::Request&, httplib::Response&);

// The request as its idempotency key covers it: the body without the key itself.
std::string hash_without_key(json body) {
  body.erase("idempotency_key");
  return request_hash(body);
}

// Runs work() once per (scope, key): a repeat with the same request answers the stored response.
// Stored responses leave out "link" (a flow link holds its secret, which the database never keeps);
// replays put it back from "flow_id".
json run_idempotent(sandbox& sb, database& db, const std::string& app_id, const std::string& scope,
                    const std::optional<std::string>& key, const std::string& hash, const std::function<json()>& work) {
  if (key)
    if (auto stored = replay(db, app_id, scope, *key, hash)) {
      if (stored->contains("flow_id") && (*stored)["flow_id"].is_string())
        (*stored)["link"] = sb.link_for((*stored)["flow_id"].get<std::string>());
      return *stored;
    }
  json out = work();
  if (key) {
    json kept = out;
    if (kept.contains("link")) kept.erase("link");
    remember(db, app_id, scope, *key, hash, kept, now_ms());
  }
  return out;
}

void deliver(sandbox& sb, const std::string& app_id, const payout_link_record& link, const outgoing_message& m) {
  if (m.channel.empty()) return;
  const std::string text = link_message_text(link, m.text, sb.link_for(link.flow_id));
  if (m.channel == "sms") sb.outbox.send({app_id, m.to, text, "", now_ms()});
  if (m.channel == "email") sb.emails.send({app_id, m.to, text, "", now_ms()});
}

user_record body_user(database& db, const std::string& app_id, const std::string& user_id) {
  auto user = find_user(db, app_id, user_id);
  if (!user) fail(422, "user_not_found", "user_id does not name a user of this app.", "user_id");
  return *user;
}

// ---- transfers ----

void create_transfer_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  const std::int64_t amount = read_amount(body, "amount", amount_rule::nonzero);
  const std::string user_id = need_string(body, "user_id");
  const bool tax_exempt = opt_bool(body, "tax_exempt").value_or(false);
  auto metadata = read_metadata(body);
  auto key = read_idempotency_key(body, req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    return run_idempotent(sb, db, app_id, "transfers", key, hash_without_key(body), [&] {
      body_user(db, app_id, user_id);
      auto t = create_balance_transfer(db, app_id, user_id, amount, tax_exempt, metadata, now_ms());
      return transfer_json(db, t);
    });
  });
  send_json(res, 200, out);
}

void get_transfer_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    auto t = find_transfer(db, id);
    if (!t || t->app_id != app_id) fail(404, "transfer_not_found", "No transfer with this id.");
    return transfer_json(db, *t);
  });
  send_json(res, 200, out);
}

void list_transfers_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    auto page = list_transfers(db, app_id, page_req);
    json data = json::array();
    for (const auto& t : page.data) data.push_back(transfer_json(db, t));
    return page_json(page.has_more, std::move(data));
  });
  send_json(res, 200, out);
}

// ---- payouts ----

void create_payout_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  const std::string user_id = need_string(body, "user_id");
  const std::int64_t amount = read_amount(body, "amount", amount_rule::positive);
  auto platform = opt_string(body, "platform");
  auto account_id = opt_string(body, "account_id");
  const bool fund = opt_bool(body, "fund").value_or(false);
  const bool tax_exempt = opt_bool(body, "tax_exempt").value_or(false);
  const std::string fee_party = read_fee_party(body, "payout_fee_party", "user");
  auto metadata = read_metadata(body);
  auto key = read_idempotency_key(body, req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    const std::int64_t now = now_ms();
    advance_rail(db, app_id, now);
    return run_idempotent(sb, db, app_id, "payouts", key, hash_without_key(body), [&] {
      body_user(db, app_id, user_id);
      payout_order o;
      o.app_id = app_id;
      o.user_id = user_id;
      o.amount = amount;
      o.method = resolve_payout_method(db, user_id, platform, account_id);
      o.fee_party = fee_party;
      o.fund = fund;
      o.tax_exempt = tax_exempt;
      o.metadata = metadata;
      return transfer_json(db, create_payout(db, o, now, sb.cfg.rail_delay_ms));
    });
  });
  send_json(res, 200, out);
}

// Dots sendPayout: a user with a default payout method (by user_id or payee phone) is paid at once
// from the app wallet (fund); anyone else gets a payout link by SMS. Answers the transfer or the link,
// with flowkit's "object": "transfer" | "payout_link".
void send_payout_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  const std::int64_t amount = read_amount(body, "amount", amount_rule::positive);
  auto user_id = opt_string(body, "user_id");
  std::optional<phone> payee_phone;
  json payee = nullptr;
  if (auto it = body.find("payee"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) fail(400, "invalid_type", "payee must be an object.", "payee");
    auto cc = opt_string(*it, "country_code");
    auto number = opt_string(*it, "phone_number");
    if (!number) fail(422, "missing_field", "payee.phone_number is required.", "payee.phone_number");
    payee_phone = normalize_phone(cc.value_or("1"), *number);
    if (!payee_phone)
      fail(422, "invalid_phone_number", "payee.phone_number is not a valid phone number.", "payee.phone_number");
    payee = {{"country_code", payee_phone->country_code}, {"phone_number", payee_phone->national}};
  }
  if (!user_id && !payee_phone) fail(422, "missing_field", "user_id or payee is required.", "user_id");
  std::optional<std::string> message;
  if (auto it = body.find("delivery"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) fail(400, "invalid_type", "delivery must be an object.", "delivery");
    message = opt_string(*it, "message");
  }
  auto memo = opt_string(body, "memo");
  if ((message && message->size() > 500) || (memo && memo->size() > 500))
    fail(422, "invalid_value", "memo and delivery.message must be at most 500 characters.", message ? "delivery.message" : "memo");
  const bool force_compliance = opt_bool(body, "force_collect_compliance_information").value_or(false);
  const std::string fee_party = read_fee_party(body, "payout_fee_party", "user");
  auto metadata = read_metadata(body);
  auto key = read_idempotency_key(body, req);

  std::optional<created_link> sent;
  std::string app_id;
  json out = sb.db->transaction([&](database& db) {
    app_id = require_app(db, creds);
    const std::int64_t now = now_ms();
    advance_rail(db, app_id, now);
    return run_idempotent(sb, db, app_id, "send-payout", key, hash_without_key(body), [&]() -> json {
      std::optional<user_record> user;
      if (user_id) user = body_user(db, app_id, *user_id);
      else user = find_user_by_phone(db, app_id, payee_phone->e164);
      const bool compliance_missing = force_compliance && (!user || user->compliance.form.empty());
      if (user && user->payouts.default_id && !compliance_missing) {
        payout_order o;
        o.app_id = app_id;
        o.user_id = user->id;
        o.amount = amount;
        o.method = resolve_payout_method(db, user->id, std::string("default"), std::nullopt);
        o.fee_party = fee_party;
        o.fund = true;
        o.metadata = metadata;
        json t = transfer_json(db, create_payout(db, o, now, sb.cfg.rail_delay_ms));
        t["object"] = "transfer";
        return t;
      }
      link_order o;
      o.app_id = app_id;
      o.amount = amount;
      if (user) o.user_id = user->id;
      o.payee = payee;
      o.delivery_method = "sms";
      o.delivery_message = message;
      o.memo = memo;
      o.metadata = metadata;
      o.force_compliance = force_compliance;
      o.fee_party = fee_party;
      sent = create_payout_link(db, o, now);
      json l = payout_link_json(sent->link, sb.link_for(sent->link.flow_id));
      l["object"] = "payout_link";
      return l;
    });
  });
  if (sent) deliver(sb, app_id, sent->link, sent->message);
  send_json(res, 200, out);
}

// ---- payout links ----

void create_payout_link_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  link_order order = read_link_order(body);
  auto key = read_idempotency_key(body, req);
  std::optional<created_link> created;
  json out = sb.db->transaction([&](database& db) {
    order.app_id = require_app(db, creds);
    return run_idempotent(sb, db, order.app_id, "payout-links", key, hash_without_key(body), [&] {
      created = create_payout_link(db, order, now_ms());
      return payout_link_json(created->link, sb.link_for(created->link.flow_id));
    });
  });
  if (created) deliver(sb, order.app_id, created->link, created->message);
  send_json(res, 200, out);
}

void get_payout_link_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  auto link = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    auto l = find_payout_link(db, id);
    if (!l || l->app_id != app_id) fail(404, "payout_link_not_found", "No payout link with this id.");
    return *l;
  });
  send_json(res, 200, payout_link_json(link, sb.link_for(link.flow_id)));
}

void list_payout_links_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  auto page = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    return list_payout_links(db, app_id, page_req);
  });
  json data = json::array();
  for (const auto& l : page.data) data.push_back(payout_link_json(l, sb.link_for(l.flow_id)));
  send_json(res, 200, page_json(page.has_more, std::move(data)));
}

void cancel_payout_link_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  auto link = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    return cancel_payout_link(db, app_id, id, now_ms());
  });
  send_json(res, 200, payout_link_json(link, sb.link_for(link.flow_id)));
}

// ---- payout requests ----

json request_json(sandbox& sb, database& db, const payout_request_record& r) {
  return payout_request_json(db, r, [&sb](const std::string& flow_id) { return sb.link_for(flow_id); });
}

void create_payout_request_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    return request_json(sb, db, create_payout_request(db, app_id, body, now_ms()));
  });
  send_json(res, 200, out);
}

void get_payout_request_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    auto r = find_payout_request(db, id);
    if (!r || r->app_id != app_id) fail(404, "payout_request_not_found", "No payout request with this id.");
    return request_json(sb, db, *r);
  });
  send_json(res, 200, out);
}

void list_payout_requests_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    auto page = list_payout_requests(db, app_id, page_req);
    json data = json::array();
    for (const auto& r : page.data) data.push_back(request_json(sb, db, r));
    return page_json(page.has_more, std::move(data));
  });
  send_json(res, 200, out);
}

void approve_payout_request_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  std::string app_id;
  std::optional<created_link> created;
  json out = sb.db->transaction([&](database& db) {
    app_id = require_app(db, creds);
    auto approved = approve_payout_request(db, app_id, id, now_ms());
    created = approved.link;
    return request_json(sb, db, approved.request);
  });
  if (created) deliver(sb, app_id, created->link, created->message);
  send_json(res, 200, out);
}

void reject_payout_request_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    return request_json(sb, db, reject_payout_request(db, app_id, id, now_ms()));
  });
  send_json(res, 200, out);
}

// ---- transactions ----

void list_transactions_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    auto page = ledger::list_transactions(db, app_id, page_req);
    return page_json(page.has_more, json(page.data));
  });
  send_json(res, 200, out);
}

void get_transaction_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    auto t = ledger::find_transaction(db, require_app(db, creds), id);
    if (!t) fail(404, "transaction_not_found", "No transaction with this id.");
    return *t;
  });
  send_json(res, 200, out);
}

// ---- sandbox only ----

void fund_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  const std::int64_t amount = read_amount(body, "amount", amount_rule::positive);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    const std::int64_t id = ledger::fund_app(db, app_id, amount, now_ms());
    return json{{"amount", amount},
                {"wallet", ledger::wallet_json(ledger::balance(db, ledger::app_wallet(app_id)))},
                {"transaction", *ledger::find_transaction(db, app_id, std::to_string(id))}};
  });
  send_json(res, 200, out);
}

void app_wallet_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    return ledger::wallet_json(ledger::balance(db, ledger::app_wallet(app_id)));
  });
  send_json(res, 200, out);
}

void ledger_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json out = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    auto report = ledger::check_integrity(db, app_id);
    return json{{"balanced", report.problems.empty()}, {"entries_sum", report.entries_sum},
                {"entries", report.entries},           {"accounts", report.accounts},
                {"problems", report.problems},         {"balances", ledger::balances_by_kind(db, app_id)}};
  });
  send_json(res, 200, out);
}

void list_emails_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  std::optional<std::string> to;
  if (req.has_param("email") && !req.get_param_value("email").empty()) to = req.get_param_value("email");
  int limit = 20;
  if (req.has_param("limit")) limit = read_page_request(req).limit;
  auto app_id = sb.db->transaction([&](database& db) { return require_app(db, creds); });
  json data = json::array();
  for (const auto& m : sb.emails.list(app_id, to, static_cast<std::size_t>(limit)))
    data.push_back({{"to", m.to}, {"body", m.body}, {"created", iso_time(m.created_ms)}});
  send_json(res, 200, {{"data", std::move(data)}});
}

}  // namespace

void register_money_api(httplib::Server& server, sandbox& sb) {
  auto route = [&sb](route_fn fn) {
    return guarded([&sb, fn](const httplib::Request& req, httplib::Response& res) { fn(sb, req, res); });
  };
  server.Post("/api/v2/transfers", route(create_transfer_route));
  server.Get("/api/v2/transfers", route(list_transfers_route));
  server.Get(R"(/api/v2/transfers/([^/]+))", route(get_transfer_route));
  server.Post("/api/v2/payouts", route(create_payout_route));
  server.Post("/api/v2/payouts/send-payout", route(send_payout_route));
  server.Post("/api/v2/payout-links", route(create_payout_link_route));
  server.Get("/api/v2/payout-links", route(list_payout_links_route));
  server.Get(R"(/api/v2/payout-links/([^/]+))", route(get_payout_link_route));
  server.Delete(R"(/api/v2/payout-links/([^/]+))", route(cancel_payout_link_route));
  server.Post("/api/v2/payout-requests", route(create_payout_request_route));
  server.Get("/api/v2/payout-requests", route(list_payout_requests_route));
  server.Get(R"(/api/v2/payout-requests/([^/]+))", route(get_payout_request_route));
  server.Post(R"(/api/v2/payout-requests/([^/]+)/approve)", route(approve_payout_request_route));
  server.Post(R"(/api/v2/payout-requests/([^/]+)/reject)", route(reject_payout_request_route));
  server.Get("/api/v2/transactions", route(list_transactions_route));
  server.Get(R"(/api/v2/transactions/([^/]+))", route(get_transaction_route));
  server.Post("/api/v2/sandbox/fund", route(fund_route));
  server.Get("/api/v2/sandbox/wallet", route(app_wallet_route));
  server.Get("/api/v2/sandbox/ledger", route(ledger_route));
  server.Get("/api/v2/sandbox/emails", route(list_emails_route));
}

}  // namespace flowkit::sandbox
