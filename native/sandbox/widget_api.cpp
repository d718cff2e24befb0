// The widget API under /api/widget/v1 (docs/widget-api.md): link-secret -> session exchange,
// onboarding by SMS code, reading the flow and completing steps, tax information and payout
// methods. Bearer tokens are scoped to one flow, stored hashed and expire. CORS for the
// sandbox's own origin and allowed origins.
#include <algorithm>
#include <initializer_list>

#include "compliance.h"
#include "crypto.h"
#include "http_util.h"
#include "payout_links.h"
#include "payout_store.h"
#include "records.h"
#include "sandbox.h"
#include "widget_auth.h"

namespace flowkit::sandbox {

widget_session require_session(database& db, const httplib::Request& req, std::int64_t now) {
  auto token = bearer_token(req);
  if (!token) fail(401, "session_expired", "No session; open the flow's link again.");
  widget_session s;
  s.token_hash = hash_hex(*token);
  auto st = db.query("SELECT flow_id, verified_user_id, expires_ms FROM widget_sessions WHERE token_hash = ?1",
                     s.token_hash);
  if (!st.step() || st.integer(2) <= now) fail(401, "session_expired", "The session has expired; open the link again.");
  s.flow_id = st.text(0);
  s.verified_user_id = st.opt_text(1);
  return s;
}

flow_record require_flow(database& db, const std::string& id) {
  auto flow = find_flow(db, id);
  if (!flow) fail(404, "flow_not_found", "No flow with this id.");
  return *flow;
}

bool is_authorized(const sandbox& sb, const flow_record& f, const widget_session& s, std::int64_t now) {
  if (!f.user_id) return false;
  if (s.verified_user_id && *s.verified_user_id == *f.user_id) return true;
  return f.created_with_user && now < f.created_ms + sb.cfg.preauth_window_s * 1000;
}

namespace {

// <widget flow> of docs/widget-api.md.
json widget_flow_json(database& db, const sandbox& sb, const flow_record& f, const widget_session& s,
                      std::int64_t now) {
  json steps = json::array();
  if (!f.created_with_user) steps.push_back({{"name", "onboarding"}, {"options", json::object()}});
  for (const auto& step : f.steps) steps.push_back({{"name", step.name}, {"options", step.options}});
  json hint = nullptr;
  if (f.user_id)
    if (auto user = find_user(db, f.app_id, *f.user_id))
      hint = {{"country_code", user->phone_number.country_code}, {"last4", last4(user->phone_number)}};
  // A payout link's flow: what the payee is being paid, so the page can say it before asking
  // for anything (the amount and the platform's memo; never the payee's own details).
  json link = nullptr;
  if (f.payout_link_id)
    if (auto l = find_payout_link(db, *f.payout_link_id))
      link = {{"amount", l->amount}, {"memo", l->memo ? json(*l->memo) : json(nullptr)}, {"status", l->status}};
  return {
      {"id", f.id},
      {"steps", std::move(steps)},
      {"completed_steps", f.completed_steps},
      {"user_id", f.user_id ? json(*f.user_id) : json(nullptr)},
      {"authorized", is_authorized(sb, f, s, now)},
      {"phone_hint", std::move(hint)},
      {"app_name", sb.cfg.app_name},
      {"payout_link", std::move(link)},
  };
}

std::optional<std::string> phone_field(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(400, "invalid_phone_number", std::string(field) + " must be a string of digits.", field);
  return it->get<std::string>();
}

}  // namespace

void apply_cors(const sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  res.set_header("Vary", "Origin");
  if (!origin.empty() && std::find(sb.cors_origins.begin(), sb.cors_origins.end(), origin) != sb.cors_origins.end())
    res.set_header("Access-Control-Allow-Origin", origin);
}

namespace {

// ---- routes ----

void preflight(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  if (std::find(sb.cors_origins.begin(), sb.cors_origins.end(), origin) == sb.cors_origins.end())
    fail(403, "origin_not_allowed", "This origin may not call the widget API; start the sandbox with --allowed-origin.");
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key");
  res.set_header("Access-Control-Max-Age", "600");
}

void create_session(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string flow_id = req.matches[1];
  json body = parse_object_body(req);
  const std::string secret = need_string(body, "link_secret");
  const std::string token = random_hex(32);
  json flow = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto f = require_flow(db, flow_id);
    if (!equal_constant_time(secret, sb.link_secret(f.id)))
      fail(403, "invalid_link", "This link is not valid; ask for a new one.");
    db.query("DELETE FROM widget_sessions WHERE expires_ms < ?1", now - 24 * 3600 * 1000).run();
    widget_session s{hash_hex(token), f.id, std::nullopt};
    db.query("INSERT INTO widget_sessions (token_hash, flow_id, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
             s.token_hash, f.id, now, now + sb.cfg.widget_session_ttl_s * 1000)
        .run();
    return widget_flow_json(db, sb, f, s, now);
  });
  send_json(res, 200, {{"token", token}, {"expires_in", sb.cfg.widget_session_ttl_s}, {"flow", std::move(flow)}});
}

void get_widget_flow(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json flow = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto s = require_session(db, req, now);
    return widget_flow_json(db, sb, require_flow(db, s.flow_id), s, now);
  });
  send_json(res, 200, flow);
}

// Per client address (the widget's calls are not authenticated by the app): 429 too_many_requests.
void limit_address(hourly_limiter& limiter, const httplib::Request& req, int per_hour, const char* what) {
  std::int64_t retry_after = 0;
  if (!limiter.allow(req.remote_addr, now_ms(), per_hour, retry_after))
    fail(429, "too_many_requests",
         std::string("Too many ") + what + " from this address in the last hour; try again in " +
             std::to_string((retry_after + 59) / 60) + " minutes.",
         "", {{"retry_after", retry_after}});
}

void send_code(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  limit_address(sb.address_sends, req, sb.cfg.address_sends_per_hour, "code requests");
  json body = parse_object_body(req);
  auto cc = phone_field(body, "country_code");
  auto number = phone_field(body, "phone_number");
  std::optional<phone> given;
  if (cc || number) {
    if (!number) fail(422, "invalid_phone_number", "phone_number is required.", "phone_number");
    given = normalize_phone(cc.value_or(""), *number);
    if (!given)
      fail(422, "invalid_phone_number", "This is not a valid phone number for the country code.", "phone_number");
  }
  struct sent {
    std::string app_id;
    phone to;
    issued_code code;
  };
  sent s = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto session = require_session(db, req, now);
    auto flow = require_flow(db, session.flow_id);
    sent out;
    out.app_id = flow.app_id;
    std::string user_id;
    if (flow.user_id) {  // "Verify it's you": the code goes to the phone on file
      auto user = find_user(db, flow.app_id, *flow.user_id);
      if (!user) fail(409, "user_unavailable", "The flow's user no longer exists.");
      if (given && given->e164 != user->phone_number.e164)
        fail(422, "phone_mismatch", "Use the phone number on file for this flow.", "phone_number");
      out.to = user->phone_number;
      user_id = user->id;
    } else {  // onboarding: find or create the (unverified) user for this phone
      if (!given) fail(422, "invalid_phone_number", "country_code and phone_number are required.", "phone_number");
      out.to = *given;
      if (auto user = find_user_by_phone(db, flow.app_id, given->e164)) {
        user_id = user->id;
      } else {
        user_record u;
        u.id = new_uuid();
        u.app_id = flow.app_id;
        u.phone_number = *given;
        u.created_ms = now;
        insert_user(db, u);
        user_id = u.id;
      }
    }
    out.code = issue_code(db, sb.codes(), "flow:" + flow.id, flow.app_id, user_id, out.to, now);
    if (out.code.throttled) fail_code_throttled(out.code);  // rolls back a user created above
    return out;
  });
  sb.outbox.send({s.app_id, s.to.e164, "Your flowkit code is " + s.code.code, s.code.code, now_ms()});
  send_json(res, 200,
            {{"sent_to", mask_phone(s.to)}, {"resend_in", sb.cfg.resend_cooldown_s}, {"expires_in", sb.cfg.code_ttl_s}});
}

void verify_code(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  limit_address(sb.address_verifies, req, sb.cfg.address_verifies_per_hour, "code checks");
  json body = parse_object_body(req);
  const std::string code = need_string(body, "code");
  struct verified {
    checked_code check;
    json flow;
  };
  verified v = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto session = require_session(db, req, now);
    auto flow = require_flow(db, session.flow_id);
    verified out;
    out.check = check_code(db, sb.codes(), "flow:" + flow.id, code, now);
    if (out.check.result != code_check::ok) return out;  // commit the used attempt, answer below
    const std::string& user_id = out.check.user_id;
    if (!find_user(db, flow.app_id, user_id)) fail(409, "user_unavailable", "The user no longer exists.");
    if (!flow.user_id) flow.user_id = user_id;
    if (*flow.user_id != user_id) fail(409, "user_unavailable", "The code was sent for another user.");
    set_user_status(db, user_id, "verified");
    if (!flow.created_with_user &&
        std::find(flow.completed_steps.begin(), flow.completed_steps.end(), "onboarding") == flow.completed_steps.end())
      flow.completed_steps.insert(flow.completed_steps.begin(), "onboarding");
    save_flow_progress(db, flow);
    db.query("UPDATE widget_sessions SET verified_user_id = ?1 WHERE token_hash = ?2", user_id, session.token_hash)
        .run();
    session.verified_user_id = user_id;
    out.flow = widget_flow_json(db, sb, flow, session, now);
    return out;
  });
  switch (v.check.result) {
    case code_check::ok: return send_json(res, 200, {{"user_id", v.check.user_id}, {"flow", std::move(v.flow)}});
    case code_check::no_code: fail(409, "no_code_sent", "No code is pending; ask for a code first.");
    case code_check::locked: fail(429, "too_many_attempts", "Too many wrong codes; ask for a new code.");
    case code_check::phone_locked: fail_phone_locked(v.check.retry_after_s);
    case code_check::expired: fail(422, "code_expired", "This code has expired; ask for a new one.", "code");
    case code_check::wrong:
      fail(422, "invalid_code", "This code is not correct.", "code", {{"attempts_left", v.check.attempts_left}});
  }
}

// The server's side of the step rules the widget follows: a step is complete only when what it
// collects is on file. 422 step_incomplete names the step and the missing field.
void require_step_done(database& db, const flow_record& f, const step_spec& step) {
  if (step.name != "compliance" && step.name != "manage-payouts") return;
  auto user = find_user(db, f.app_id, *f.user_id);
  if (!user) fail(409, "user_unavailable", "The flow's user no longer exists.");
  auto incomplete = [&](const std::string& field, const std::string& message) {
    fail(422, "step_incomplete", message, field, {{"step", step.name}});
  };
  auto option = [&](const char* name) {
    auto it = step.options.find(name);
    return it != step.options.end() && it->is_boolean() && it->get<bool>();
  };
  if (step.name == "compliance" && user->compliance.form.empty())
    incomplete("compliance", "No tax information is on file: submit a W-9 or W-8BEN (PUT /api/widget/v1/compliance) "
                             "before completing the compliance step.");
  if (step.name == "manage-payouts" && option("require_default_payout_method") && !user->payouts.default_id)
    incomplete("default_payout_method",
               "This flow requires a default payout method: add one before completing the manage-payouts step.");
  if (step.name == "manage-payouts" && option("require_auto_payout_method") && !user->payouts.auto_payout)
    incomplete("auto_payout",
               "This flow requires automatic payouts: turn them on before completing the manage-payouts step.");
}

void complete_step(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string step = req.matches[1];
  json body = parse_object_body(req);
  const std::string status = opt_string(body, "status").value_or("completed");
  if (status != "completed" && status != "completed-saved")
    fail(422, "invalid_status", "status must be \"completed\" or \"completed-saved\".", "status");
  json flow = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto session = require_session(db, req, now);
    auto f = require_flow(db, session.flow_id);
    if (step == "onboarding")
      fail(422, "invalid_step", "Onboarding completes through /onboarding/verify.");
    if (std::none_of(f.steps.begin(), f.steps.end(), [&](const step_spec& s) { return s.name == step; }))
      fail(404, "step_not_found", "This flow has no such step.");
    if (!is_authorized(sb, f, session, now))
      fail(403, "not_authorized", "Verify the phone number before completing steps.");
    auto spec = std::find_if(f.steps.begin(), f.steps.end(), [&](const step_spec& s) { return s.name == step; });
    require_step_done(db, f, *spec);
    if (std::find(f.completed_steps.begin(), f.completed_steps.end(), step) == f.completed_steps.end()) {
      f.completed_steps.push_back(step);
      save_flow_progress(db, f);
    }
    return widget_flow_json(db, sb, f, session, now);
  });
  send_json(res, 200, flow);
}

}  // namespace

// The compliance and payout-method calls act for the flow's user: the session must be
// authorized now, and the flow must have a step that collects the data (a session is no key to
// data its flow does not collect).
user_record require_step_user(database& db, const sandbox& sb, const httplib::Request& req, std::int64_t now,
                              std::initializer_list<const char*> steps, const char* missing, const char* verify_first) {
  auto session = require_session(db, req, now);
  auto f = require_flow(db, session.flow_id);
  if (std::none_of(f.steps.begin(), f.steps.end(), [&](const step_spec& s) {
        return std::any_of(steps.begin(), steps.end(), [&](const char* name) { return s.name == name; });
      }))
    fail(404, "step_not_found", missing);
  if (!is_authorized(sb, f, session, now)) fail(403, "not_authorized", verify_first);
  auto user = find_user(db, f.app_id, *f.user_id);
  if (!user) fail(409, "user_unavailable", "The flow's user no longer exists.");
  return *user;
}

namespace {

user_record require_compliance_user(database& db, const sandbox& sb, const httplib::Request& req, std::int64_t now) {
  return require_step_user(db, sb, req, now, {"compliance"}, "This flow has no compliance step.",
                           "Verify the phone number before entering tax information.");
}

user_record require_payouts_user(database& db, const sandbox& sb, const httplib::Request& req, std::int64_t now) {
  return require_step_user(db, sb, req, now, {"manage-payouts", "payout"}, "This flow has no payout step.",
                           "Verify the phone number before managing payout methods.");
}

void get_compliance(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json out = sb.db->transaction([&](database& db) {
    auto user = require_compliance_user(db, sb, req, now_ms());
    auto summary = stored_compliance_summary(db, sb.data_key, user.id);
    return json{{"collected", summary.has_value()},
                {"tax_id_verification", user.compliance.tax_id_verification},
                {"summary", summary ? std::move(*summary) : json(nullptr)}};
  });
  send_json(res, 200, out);
}

void put_compliance(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json body = parse_object_body(req);
  json out = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto user = require_compliance_user(db, sb, req, now);
    compliance_submission sub = check_compliance(body, now);
    store_compliance(db, sb.data_key, user.id, sub, now);
    return json{{"compliance", compliance_flags_json(sub.state)},
                {"tax_id_verification", sub.state.tax_id_verification},
                {"summary", std::move(sub.summary)}};
  });
  send_json(res, 200, out);
}

// ---- payout methods: every answer is the whole list, so the widget redraws from one reply ----

void get_payout_methods_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json out = sb.db->transaction([&](database& db) {
    auto user = require_payouts_user(db, sb, req, now_ms());
    return payout_methods_envelope(db, sb.data_key, user.id);
  });
  send_json(res, 200, out);
}

void add_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json body = parse_object_body(req);
  json out = sb.db->transaction([&](database& db) {
    const std::int64_t now = now_ms();
    auto user = require_payouts_user(db, sb, req, now);
    fk::payout::method m = check_payout_method(body);
    added_method added = add_payout_method(db, sb.data_key, user.id, m, now);
    json envelope = payout_methods_envelope(db, sb.data_key, user.id);
    envelope["saved"] = std::move(added.method);
    return envelope;
  });
  send_json(res, 200, out);
}

void remove_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string method_id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    auto user = require_payouts_user(db, sb, req, now_ms());
    remove_payout_method(db, user.id, method_id);
    return payout_methods_envelope(db, sb.data_key, user.id);
  });
  send_json(res, 200, out);
}

void set_default_payout_method_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  const std::string method_id = req.matches[1];
  json out = sb.db->transaction([&](database& db) {
    auto user = require_payouts_user(db, sb, req, now_ms());
    json saved = set_default_payout_method(db, sb.data_key, user.id, method_id);
    json envelope = payout_methods_envelope(db, sb.data_key, user.id);
    envelope["saved"] = std::move(saved);
    return envelope;
  });
  send_json(res, 200, out);
}

void set_auto_payout_route(sandbox& sb, const httplib::Request& req, httplib::Response& res) {
  json body = parse_object_body(req);
  auto enabled = opt_bool(body, "enabled");
  if (!enabled) fail(422, "missing_field", "enabled is required.", "enabled");
  json out = sb.db->transaction([&](database& db) {
    auto user = require_payouts_user(db, sb, req, now_ms());
    set_auto_payout(db, user.id, *enabled);
    return payout_methods_envelope(db, sb.data_key, user.id);
  });
  send_json(res, 200, out);
}

}  // namespace

void register_widget_api(httplib::Server& server, sandbox& sb) {
  auto route = [&sb](void (*fn)(sandbox&, const httplib::Request&, httplib::Response&)) {
    return guarded([&sb, fn](const httplib::Request& req, httplib::Response& res) {
      apply_cors(sb, req, res);
      fn(sb, req, res);
    });
  };
  server.Options(R"(/api/widget/v1/.*)", route(preflight));
  server.Post(R"(/api/widget/v1/flows/([^/]+)/session)", route(create_session));
  server.Get("/api/widget/v1/flow", route(get_widget_flow));
  server.Post("/api/widget/v1/onboarding/send-code", route(send_code));
  server.Post("/api/widget/v1/onboarding/verify", route(verify_code));
  server.Post(R"(/api/widget/v1/flow/steps/([^/]+)/complete)", route(complete_step));
  server.Get("/api/widget/v1/compliance", route(get_compliance));
  server.Put("/api/widget/v1/compliance", route(put_compliance));
  server.Get("/api/widget/v1/payout-methods", route(get_payout_methods_route));
  server.Put("/api/widget/v1/payout-methods", route(add_payout_method_route));
  server.Delete(R"(/api/widget/v1/payout-methods/([^/]+))", route(remove_payout_method_route));
  server.Post(R"(/api/widget/v1/payout-methods/([^/]+)/default)", route(set_default_payout_method_route));
  server.Put("/api/widget/v1/auto-payout", route(set_auto_payout_route));
  register_widget_money(server, sb);
}

}  // namespace flowkit::sandbox
