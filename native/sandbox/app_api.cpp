// The app-level API under /api/v2 (Dots v2 compatible): flows, users, phone verification,
// tax information, payout methods and the sandbox SMS outbox. HTTP Basic auth with the app's client id and api key.
// Every handler runs its database work in one transaction; SMS leave after the commit.
#include <algorithm>

#include "api_common.h"
#include "compliance.h"
#include "crypto.h"
#include "flow_steps.h"
#include "http_util.h"
#include "ledger.h"
#include "payout_store.h"
#include "rail.h"
#include "records.h"
#include "sandbox.h"

namespace flowkit::sandbox {

std::pair<std::string, std::string> require_credentials(const httplib::Request& req) {
  auto creds = basic_credentials(req);
  if (!creds) fail(401, "unauthorized", "Use HTTP Basic auth with your client id and api key.");
  return *creds;
}

std::string require_app(database& db, const std::pair<std::string, std::string>& creds) {
  auto app = authenticate_app(db, creds.first, creds.second);
  if (!app) fail(401, "unauthorized", "The client id or api key is not valid.");
  return *app;
}

std::optional<std::string> read_metadata(const json& body) {
  auto it = body.find("metadata");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_object() && !it->is_string())
    fail(400, "invalid_type", "metadata must be an object or a string.", "metadata");
  return it->dump();
}

bool looks_like_email(const std::string& s) {
  auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos || s.size() > 254) return false;
  auto dot = s.find('.', at + 2);
  if (dot == std::string::npos || dot + 1 >= s.size()) return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string country_code_digits(const std::string& raw) {
  std::string cc = !raw.empty() && raw.front() == '+' ? raw.substr(1) : raw;
  if (cc.empty() || cc.size() > 3 || cc.find_first_not_of("0123456789") != std::string::npos)
    fail(422, "invalid_country_code", "country_code must be a calling code such as \"1\".", "country_code");
  return cc;
}

json page_json(bool has_more, json data) { return {{"has_more", has_more}, {"data", std::move(data)}}; }

user_record require_user(database& db, const std::string& app_id, const std::string& user_id) {
  auto user = find_user(db, app_id, user_id);
  if (!user) fail(404, "user_not_found", "No user with this id.");
  return *user;
}

namespace {

json sent_json(const sandbox& sb, const phone& to) {
  return {{"sent_to", mask_phone(to)}, {"resend_in", sb.cfg.resend_cooldown_s}, {"expires_in", sb.cfg.code_ttl_s}};
}

// ---- flows ----

void create_flow(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  auto steps_it = body.find("steps");
  if (steps_it == body.end() || steps_it->is_null()) fail(422, "missing_field", "steps is required.", "steps");
  auto steps = read_steps(*steps_it, "steps");
  auto user_id = opt_string(body, "user_id");
  auto metadata = read_metadata(body);
  flow_record flow = sb.db->transaction([&](database& db) {
    flow_record f;
    f.app_id = require_app(db, creds);
    if (user_id && !find_user(db, f.app_id, *user_id))
      fail(422, "user_not_found", "user_id does not name a user of this app.", "user_id");
    if (user_id && steps.empty())
      fail(422, "invalid_steps", "A flow for an existing user needs at least one step.", "steps");
    f.id = new_uuid();
    f.user_id = user_id;
    f.created_with_user = user_id.has_value();
    f.steps = steps;
    f.metadata = metadata;
    f.created_ms = now_ms();
    insert_flow(db, f);
    return f;
  });
  send_json(res, 200, flow_json(flow, sb.link_for(flow.id)));
}

void get_flow(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  flow_record flow = sb.db->transaction([&](database& db) {
    auto app_id = require_app(db, creds);
    auto f = find_flow(db, id);
    if (!f || f->app_id != app_id) fail(404, "flow_not_found", "No flow with this id.");
    return *f;
  });
  send_json(res, 200, flow_json(flow, sb.link_for(flow.id)));
}

void list_flows_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  auto page = sb.db->transaction([&](database& db) { return list_flows(db, require_app(db, creds), page_req); });
  json data = json::array();
  for (const auto& f : page.data) data.push_back(flow_json(f, sb.link_for(f.id)));
  send_json(res, 200, page_json(page.has_more, std::move(data)));
}

// ---- users ----

void create_user(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  json body = parse_object_body(req);
  user_record given;
  given.first_name = need_string(body, "first_name");
  given.last_name = need_string(body, "last_name");
  given.email = need_string(body, "email");
  const std::string cc = country_code_digits(need_string(body, "country_code"));
  const std::string number = need_string(body, "phone_number");
  given.username = opt_string(body, "username");
  given.metadata = read_metadata(body);
  if (!looks_like_email(*given.email)) fail(422, "invalid_email", "email is not a valid email address.", "email");
  auto normalized = normalize_phone(cc, number);
  if (!normalized) fail(422, "invalid_phone_number", "phone_number is not a valid phone number.", "phone_number");
  given.phone_number = *normalized;
  user_record user = sb.db->transaction([&](database& db) {
    given.app_id = require_app(db, creds);
    if (auto existing = find_user_by_phone(db, given.app_id, given.phone_number.e164)) {
      fill_missing_user_fields(db, *existing, given);
      return *existing;
    }
    given.id = new_uuid();
    given.created_ms = now_ms();
    insert_user(db, given);
    return given;
  });
  send_json(res, 200, user_json(user));
}

void get_user(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  auto user = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());  // a failed payout's reversal shows in the wallet
    return require_user(db, app_id, id);
  });
  send_json(res, 200, user_json(user));
}

// Money must never become unreachable: a deleted user cannot be paid out or pulled from. So a
// user is deleted only when their wallet is empty, no open payout link holds escrow for them and
// no payout of theirs is still on the rail (a failure would return money to the wallet).
static void refuse_deleting_user_with_money(database& db, const std::string& user_id) {
  if (std::int64_t balance = ledger::balance(db, ledger::user_wallet(user_id)); balance > 0)
    fail(409, "user_has_balance",
         "The user's wallet holds money. Move it back to the app wallet (POST /api/v2/transfers with a positive "
         "amount) or pay it out before deleting the user.",
         "", {{"balance", balance}});
  {
    auto st = db.query("SELECT id FROM payout_links WHERE user_id = ?1 AND status IN ('created', 'sent', "
                       "'delivery_failed') ORDER BY seq LIMIT 1",
                       user_id);
    if (st.step())
      fail(409, "user_has_open_payout_link",
           "An open payout link for this user holds money in escrow. Cancel it (DELETE /api/v2/payout-links/{id}) "
           "before deleting the user.",
           "", {{"payout_link_id", st.text(0)}});
  }
  auto st = db.query("SELECT id FROM transfers WHERE user_id = ?1 AND status IN ('created', 'pending') ORDER BY seq "
                     "LIMIT 1",
                     user_id);
  if (st.step())
    fail(409, "user_has_payout_in_flight",
         "A payout of this user is still on the rail. Delete the user after it completes.", "",
         {{"transfer_id", st.text(0)}});
}

void delete_user(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  auto user = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());  // a settled or reversed payout counts as it ends
    auto u = require_user(db, app_id, id);
    refuse_deleting_user_with_money(db, u.id);
    mark_user_deleted(db, u.id, now_ms());
    return u;
  });
  send_json(res, 200, user_json(user));
}

void list_users_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  auto page_req = read_page_request(req);
  auto page = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    advance_rail(db, app_id, now_ms());
    return list_users(db, app_id, page_req);
  });
  json data = json::array();
  for (const auto& u : page.data) data.push_back(user_json(u));
  send_json(res, 200, page_json(page.has_more, std::move(data)));
}

void send_verification_token(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  struct sent {
    std::string app_id;
    phone to;
    issued_code code;
  };
  sent s = sb.db->transaction([&](database& db) {
    sent out;
    out.app_id = require_app(db, creds);
    auto user = require_user(db, out.app_id, id);
    out.to = user.phone_number;
    out.code = issue_code(db, sb.codes(), "user:" + user.id, out.app_id, user.id, out.to, now_ms());
    return out;
  });
  if (s.code.throttled) fail_code_throttled(s.code);
  sb.outbox.send({s.app_id, s.to.e164, "Your flowkit code is " + s.code.code, s.code.code, now_ms()});
  send_json(res, 202, sent_json(sb, s.to));
}

void verify_user(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json body = parse_object_body(req);
  const std::string token = need_string(body, "token");
  struct verified {
    checked_code check;
    user_record user;
  };
  verified v = sb.db->transaction([&](database& db) {
    verified out;
    out.user = require_user(db, require_app(db, creds), id);
    out.check = check_code(db, sb.codes(), "user:" + out.user.id, token, now_ms());
    if (out.check.result == code_check::ok) {
      set_user_status(db, out.user.id, "verified");
      out.user.status = "verified";
    }
    return out;
  });
  switch (v.check.result) {
    case code_check::ok: return send_json(res, 200, user_json(v.user));
    case code_check::no_code: fail(409, "no_code_sent", "No verification token is pending; send one first.");
    case code_check::locked:
      fail(429, "too_many_attempts", "Too many wrong tokens; send a new one.");
    case code_check::phone_locked: fail_phone_locked(v.check.retry_after_s);
    case code_check::expired: fail(400, "token_expired", "The token has expired; send a new one.", "token");
    case code_check::wrong:
      fail(400, "invalid_token", "The token is not correct.", "token", {{"attempts_left", v.check.attempts_left}});
  }
}

// Dots' SDK sends forms without the parts a platform attests on its own side: the legal name
// (the user's name on file), the signature block (the platform collected the form; it signs
// "today") and the bank account holder. The app API fills them in; the widget always asks.
std::string name_on_file(const user_record& u) {
  std::string name = u.first_name.value_or("");
  if (u.last_name && !u.last_name->empty()) name += (name.empty() ? "" : " ") + *u.last_name;
  return name;
}

void fill_dots_compliance(json& body, const user_record& u, std::int64_t now) {
  const std::string today = iso_time(now).substr(0, 10);
  for (const char* form : {"w9", "w8ben"}) {
    auto f = body.find(form);
    if (f == body.end() || !f->is_object()) continue;
    if (!f->contains("name")) (*f)["name"] = name_on_file(u);
    json& sig = (*f)["signature"];
    if (sig.is_null()) sig = json::object();
    if (!sig.is_object()) continue;  // a wrong type is the parser's to report
    if (!sig.contains("name")) sig["name"] = (*f)["name"];
    if (!sig.contains("date")) sig["date"] = today;
    if (!sig.contains("consent")) sig["consent"] = true;
  }
}

void fill_dots_payout_method(json& body, const user_record& u) {
  const auto platform = body.find("platform");
  if (platform == body.end() || !platform->is_string()) return;
  if ((*platform == "ach" || *platform == "intl_transfer") && !body.contains("account_holder_name"))
    body["account_holder_name"] = name_on_file(u);
}

// PUT /users/{id}/compliance: {"w9": {...}} | {"w8ben": {...}} (flow/tax.h). Answers the user
// plus a masked summary; replaces an earlier submission; stores nothing when anything is wrong.
void submit_compliance(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json body = parse_object_body(req);
  json summary;
  user_record user = sb.db->transaction([&](database& db) {
    auto u = require_user(db, require_app(db, creds), id);
    const std::int64_t now = now_ms();
    fill_dots_compliance(body, u, now);
    compliance_submission sub = check_compliance(body, now);
    store_compliance(db, sb.data_key, u.id, sub, now);
    u.compliance = sub.state;
    summary = std::move(sub.summary);
    return u;
  });
  json out = user_json(user);
  out["summary"] = std::move(summary);
  send_json(res, 200, out);
}

// ---- payout methods ----

// PUT /users/{id}/payout-methods (Dots addPayoutMethod): body per flow/payout_methods.h. Answers
// the saved method (masks only); the same account again answers the method already on file.
void add_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json body = parse_object_body(req);
  json method = sb.db->transaction([&](database& db) {
    auto u = require_user(db, require_app(db, creds), id);
    fill_dots_payout_method(body, u);
    fk::payout::method m = check_payout_method(body);
    return add_payout_method(db, sb.data_key, u.id, m, now_ms()).method;
  });
  send_json(res, 200, method);
}

// GET /users/{id}/payout-methods (Dots getPayoutMethods: Array<payment_method>): a plain array.
void list_payout_methods_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json list = sb.db->transaction([&](database& db) {
    auto u = require_user(db, require_app(db, creds), id);
    return list_payout_methods(db, sb.data_key, u.id);
  });
  send_json(res, 200, list);
}

// flowkit: DELETE /users/{id}/payout-methods/{method_id} -> the user (shows the new default).
void remove_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1], method_id = req.matches[2];
  user_record user = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    remove_payout_method(db, require_user(db, app_id, id).id, method_id);
    return require_user(db, app_id, id);
  });
  send_json(res, 200, user_json(user));
}

// flowkit: POST /users/{id}/payout-methods/{method_id}/default -> the method, now the default.
void set_default_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1], method_id = req.matches[2];
  json method = sb.db->transaction([&](database& db) {
    auto u = require_user(db, require_app(db, creds), id);
    return set_default_payout_method(db, sb.data_key, u.id, method_id);
  });
  send_json(res, 200, method);
}

// flowkit: PUT /users/{id}/auto-payout {"enabled": bool} -> the user.
void set_auto_payout_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  const std::string id = req.matches[1];
  json body = parse_object_body(req);
  auto enabled = opt_bool(body, "enabled");
  if (!enabled) fail(422, "missing_field", "enabled is required.", "enabled");
  user_record user = sb.db->transaction([&](database& db) {
    const std::string app_id = require_app(db, creds);
    set_auto_payout(db, require_user(db, app_id, id).id, *enabled);
    return require_user(db, app_id, id);
  });
  send_json(res, 200, user_json(user));
}

// ---- sandbox outbox ----

void list_sms(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  auto creds = require_credentials(req);
  std::optional<std::string> to;
  if (req.has_param("phone_number")) {
    auto p = parse_e164(req.get_param_value("phone_number"));
    if (!p) fail(400, "invalid_parameter", "phone_number must be an E.164 number such as +14155550123.", "phone_number");
    to = p->e164;
  }
  int limit = 20;
  if (req.has_param("limit")) limit = read_page_request(req).limit;
  auto app_id = sb.db->transaction([&](database& db) { return require_app(db, creds); });
  json data = json::array();
  for (const auto& m : sb.outbox.list(app_id, to, static_cast<std::size_t>(limit))) {
    json item = {{"to", m.to}, {"body", m.body}, {"created", iso_time(m.created_ms)}};
    if (!m.code.empty()) item["code"] = m.code;  // payout link messages carry no code
    data.push_back(std::move(item));
  }
  send_json(res, 200, {{"data", std::move(data)}});
}

}  // namespace

void register_app_api(httplib::Server& server, sandbox& sb) {
  auto route = [&sb](void (*fn)(sandbox&, const httplib::Request&, httplib::Response&)) {
    return guarded([&sb, fn](const httplib::Request& req, httplib::Response& res) { fn(sb, req, res); });
  };
  server.Post("/api/v2/flows", route(create_flow));
  server.Get("/api/v2/flows", route(list_flows_route));
  server.Get(R"(/api/v2/flows/([^/]+))", route(get_flow));
  server.Post("/api/v2/users", route(create_user));
  server.Get("/api/v2/users", route(list_users_route));
  server.Get(R"(/api/v2/users/([^/]+))", route(get_user));
  server.Delete(R"(/api/v2/users/([^/]+))", route(delete_user));
  server.Put(R"(/api/v2/users/([^/]+)/compliance)", route(submit_compliance));
  server.Put(R"(/api/v2/users/([^/]+)/payout-methods)", route(add_payout_method_route));
  server.Get(R"(/api/v2/users/([^/]+)/payout-methods)", route(list_payout_methods_route));
  server.Delete(R"(/api/v2/users/([^/]+)/payout-methods/([^/]+))", route(remove_payout_method_route));
  server.Post(R"(/api/v2/users/([^/]+)/payout-methods/([^/]+)/default)", route(set_default_payout_method_route));
  server.Put(R"(/api/v2/users/([^/]+)/auto-payout)", route(set_auto_payout_route));
  server.Post(R"(/api/v2/users/([^/]+)/send-verification-token)", route(send_verification_token));
  server.Post(R"(/api/v2/users/([^/]+)/verify)", route(verify_user));
  server.Get("/api/v2/sandbox/sms", route(list_sms));
  register_money_api(server, sb);
}

}  // namespace flowkit::sandbox
