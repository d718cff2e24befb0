// The widget's money calls (docs/widget-api.md "Money"): the user's wallet, a payout quote, the
// payout itself (idempotent per flow) and a transfer's status. Every call needs an authorized
// session on a flow with a payout step; the first one claims the flow's payout link, if any.
#include <algorithm>

#include "amounts.h"
#include "idempotency.h"
#include "ledger.h"
#include "payout_links.h"
#include "rail.h"
#include "records.h"
#include "sandbox.h"
#include "transfers.h"
#include "widget_auth.h"

namespace flowkit::sandbox {

namespace {

struct payout_context {
  flow_record flow;
  user_record user;
  std::string fee_party;  // the payout step's payout_fee_party option, default "user"
};

payout_context require_payout_context(database& db, const sandbox& sb, const httplib::Request& req, std::int64_t now) {
  auto session = require_session(db, req, now);
  payout_context c{require_flow(db, session.flow_id), {}, "user"};
  auto step = std::find_if(c.flow.steps.begin(), c.flow.steps.end(), [](const step_spec& s) { return s.name == "payout"; });
  if (step == c.flow.steps.end()) fail(404, "step_not_found", "This flow has no payout step.");
  if (!is_authorized(sb, c.flow, session, now))
    fail(403, "not_authorized", "Verify the phone number before moving money.");
  auto user = find_user(db, c.flow.app_id, *c.flow.user_id);
  if (!user) fail(409, "user_unavailable", "The flow's user no longer exists.");
  c.user = *user;
  if (auto it = step->options.find("payout_fee_party"); it != step->options.end() && it->is_string())
    c.fee_party = it->get<std::string>();
  advance_rail(db, c.flow.app_id, now);
  claim_payout_link(db, c.flow, c.user.id, now);  // once: later calls find the link claimed
  return c;
}

struct checked_payout {
  payout_method_ref method;
  payout_quote quote;
};

// The checks a quote and a payout share: the method is the user's, the amount fits the limits and
// the fee table, the user's wallet holds the amount, and (fee party "platform") the app holds the fee.
checked_payout check_payout(database& db, const payout_context& c, std::int64_t amount, const std::string& method_id) {
  auto method = find_payout_method_ref(db, c.user.id, method_id);
  if (!method) fail(404, "payout_method_not_found", "No payout method with this id.", "payout_method_id");
  checked_payout out{*method, quote_payout(method->platform, amount, c.fee_party)};
  const std::int64_t available = ledger::balance(db, ledger::user_wallet(c.user.id));
  if (available < amount)
    fail(422, "insufficient_funds", "You can withdraw up to " + dollars(available) + ".", "amount",
         {{"available", available}, {"required", amount}, {"shortfall", amount - available}});
  if (c.fee_party == "platform" && ledger::balance(db, ledger::app_wallet(c.flow.app_id)) < out.quote.fee)
    fail(422, "platform_insufficient_funds", "The platform cannot cover the fee right now; try again later.");
  return out;
}

json quote_json(const checked_payout& p) {
  return {{"amount", p.quote.amount},           {"fee", p.quote.fee},
          {"net", p.quote.net},                 {"fee_party", p.quote.fee_party},
          {"payout_method_id", p.method.id},    {"platform", p.method.platform},
          {"description", p.method.description}};
}

void get_wallet(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json out = sb.db->transaction([&](database& db) {
    auto c = require_payout_context(db, sb, req, now_ms());
    const std::int64_t amount = ledger::balance(db, ledger::user_wallet(c.user.id));
    return json{{"amount", amount},
                {"withdrawable_amount", amount},
                {"currency", "USD"},
                {"limits", {{"min_payout", k_min_payout}, {"max_payout", k_max_amount}}}};
  });
  send_json(res, 200, out);
}

void quote(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json body = parse_object_body(req);
  const std::int64_t amount = read_amount(body, "amount", amount_rule::positive);
  const std::string method_id = need_string(body, "payout_method_id");
  json out = sb.db->transaction([&](database& db) {
    auto c = require_payout_context(db, sb, req, now_ms());
    return quote_json(check_payout(db, c, amount, method_id));
  });
  send_json(res, 200, out);
}

void create_payout_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json body = parse_object_body(req);
  const std::int64_t amount = read_amount(body, "amount", amount_rule::positive);
  const std::string method_id = need_string(body, "payout_method_id");
  auto key = read_idempotency_key(body, req);
  if (!key) fail(422, "missing_field", "idempotency_key is required (a new random key per payout).", "idempotency_key");
  const std::string hash = request_hash({{"amount", amount}, {"payout_method_id", method_id}});
  json out = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto c = require_payout_context(db, sb, req, now);
    const std::string scope = "widget:" + c.flow.id;  // a widget's keys never meet the app's
    if (auto stored = replay(db, c.flow.app_id, scope, *key, hash)) return *stored;
    // A flow that collects tax information (force_collect_compliance_information puts the step in a
    // payout link's flow) pays out only once a form is on file, as the widget's steps require.
    const bool collects_tax_info = std::any_of(c.flow.steps.begin(), c.flow.steps.end(),
                                               [](const step_spec& s) { return s.name == "compliance"; });
    if (collects_tax_info && c.user.compliance.form.empty())
      fail(422, "step_incomplete",
           "Tax information is required before this payout: complete the compliance step (a W-9 or W-8BEN) first.",
           "compliance", {{"step", "compliance"}});
    checked_payout p = check_payout(db, c, amount, method_id);
    payout_order o;
    o.app_id = c.flow.app_id;
    o.user_id = c.user.id;
    o.amount = amount;
    o.method = p.method;
    o.fee_party = c.fee_party;
    o.payout_link_id = c.flow.payout_link_id;
    o.flow_id = c.flow.id;
    json t = widget_transfer_json(create_payout(db, o, now, sb.cfg.rail_delay_ms));
    remember(db, c.flow.app_id, scope, *key, hash, t, now);
    return t;
  });
  send_json(res, 200, out);
}

void get_transfer(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    auto c = require_payout_context(db, sb, req, now_ms());
    auto t = find_transfer(db, id);
    if (!t || t->app_id != c.flow.app_id || t->user_id != c.user.id)
      fail(404, "transfer_not_found", "No transfer with this id.");
    return widget_transfer_json(*t);
  });
  send_json(res, 200, out);
}

}  // namespace

void register_widget_money(httplib::Server& server, sandbox& sb) {
  auto route = [&sb](void (*fn)(sandbox&, const httplib::Request&, httplib::Response&)) {
    return guarded([&sb, fn](const httplib::Request& req, httplib::Response& res) {
      apply_cors(sb, req, res);
      fn(sb, req, res);
    });
  };
  server.Get("/api/widget/v1/wallet", route(get_wallet));
  server.Post("/api/widget/v1/payouts/quote", route(quote));
  server.Post("/api/widget/v1/payouts", route(create_payout_route));
  server.Get(R"(/api/widget/v1/transfers/([^/]+))", route(get_transfer));
}

}  // namespace flowkit::sandbox
