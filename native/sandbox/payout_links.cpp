// Payout links in SQLite (see payout_links.h): reading the request, the link's flow, the escrow
// postings (reserve, claim, cancel) guarded by the link's status so each happens once.
#include "payout_links.h"

#include <algorithm>

#include "amounts.h"
#include "api_common.h"
#include "crypto.h"
#include "flow_steps.h"
#include "ledger.h"
#include "phone.h"
#include "webhooks.h"

namespace flowkit::sandbox {

namespace {

constexpr const char* k_link_columns =
    "id, app_id, amount, status, flow_id, user_id, claimed_user_id, payee, delivery, memo, metadata, tax_exempt, "
    "payout_fee_party, payout_request_id, created_ms, claimed_ms, delivered_ms, canceled_ms";
constexpr const char* k_open_statuses = "('created', 'sent', 'delivery_failed')";  // the escrow still holds the amount
constexpr std::size_t k_max_text = 500;

json parse_json_text(const std::optional<std::string>& text, json fallback) {
  if (!text) return fallback;
  json j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

std::optional<std::int64_t> opt_int(const statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.integer(col);
}

payout_link_record read_link(const statement& st) {
  payout_link_record l;
  l.id = st.text(0);
  l.app_id = st.text(1);
  l.amount = st.integer(2);
  l.status = st.text(3);
  l.flow_id = st.text(4);
  l.user_id = st.opt_text(5);
  l.claimed_user_id = st.opt_text(6);
  l.payee = parse_json_text(st.opt_text(7), nullptr);
  l.delivery = parse_json_text(st.opt_text(8), json::object());
  l.memo = st.opt_text(9);
  l.metadata = st.opt_text(10);
  l.tax_exempt = st.integer(11) != 0;
  l.fee_party = st.text(12);
  l.payout_request_id = st.opt_text(13);
  l.created_ms = st.integer(14);
  l.claimed_ms = opt_int(st, 15);
  l.delivered_ms = opt_int(st, 16);
  l.canceled_ms = opt_int(st, 17);
  return l;
}

std::optional<std::string> short_text(const json& obj, const char* field, const std::string& path) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(400, "invalid_type", path + " must be a string.", path);
  if (it->get<std::string>().size() > k_max_text)
    fail(422, "invalid_value", path + " must be at most 500 characters.", path);
  return it->get<std::string>();
}


// The flow a link opens: the additional steps (+ compliance when forced) and the payout step,
// which goes before a redirect step.
std::vector<step_spec> link_steps(const link_order& o) {
  std::vector<step_spec> steps = o.additional_steps;
  auto has = [&](const char* name) {
    return std::any_of(steps.begin(), steps.end(), [&](const step_spec& s) { return s.name == name; });
  };
  if (o.force_compliance && !has("compliance")) steps.insert(steps.begin(), step_spec{"compliance", json::object()});
  step_spec payout{"payout", {{"payout_fee_party", o.fee_party}}};
  auto redirect = std::find_if(steps.begin(), steps.end(), [](const step_spec& s) { return s.name == "redirect"; });
  steps.insert(redirect, payout);
  return steps;
}

}  // namespace

link_order read_link_order(const json& body) {
  link_order o;
  o.amount = read_amount(body, "amount", amount_rule::positive);
  o.user_id = opt_string(body, "user_id");
  if (auto it = body.find("payee"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) fail(400, "invalid_type", "payee must be an object.", "payee");
    json payee = json::object();
    for (const char* f : {"first_name", "last_name", "email", "country_code", "phone_number"})
      if (auto v = short_text(*it, f, std::string("payee.") + f)) payee[f] = *v;
    o.payee = std::move(payee);
  }
  if (auto it = body.find("delivery"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) fail(400, "invalid_type", "delivery must be an object.", "delivery");
    if (auto m = short_text(*it, "method", "delivery.method")) {
      if (*m != "link" && *m != "sms" && *m != "email")
        fail(422, "invalid_delivery_method", "delivery.method must be sms, email or link.", "delivery.method");
      o.delivery_method = *m;
    }
    o.delivery_message = short_text(*it, "message", "delivery.message");
  }
  if (auto it = body.find("additional_steps"); it != body.end() && !it->is_null()) {
    o.additional_steps = read_steps(*it, "additional_steps");
    for (std::size_t i = 0; i < o.additional_steps.size(); ++i)
      if (o.additional_steps[i].name == "payout")
        fail(422, "duplicate_step", "A payout link's flow has its payout step already.",
             "additional_steps[" + std::to_string(i) + "]");
  }
  o.memo = short_text(body, "memo", "memo");
  o.metadata = read_metadata(body);
  o.tax_exempt = opt_bool(body, "tax_exempt").value_or(false);
  o.force_compliance = opt_bool(body, "force_collect_compliance_information").value_or(false);
  o.fee_party = read_fee_party(body, "payout_fee_party", "user");
  return o;
}

created_link create_payout_link(database& db, const link_order& o, std::int64_t now) {
  created_link out;
  payout_link_record& l = out.link;
  l.id = new_uuid();
  l.app_id = o.app_id;
  l.amount = o.amount;
  l.memo = o.memo;
  l.metadata = o.metadata;
  l.tax_exempt = o.tax_exempt;
  l.fee_party = o.fee_party;
  l.payout_request_id = o.payout_request_id;
  l.created_ms = now;
  l.payee = o.payee;

  std::optional<user_record> user;
  if (o.user_id) {
    user = find_user(db, o.app_id, *o.user_id);
    if (!user) fail(422, "user_not_found", "user_id does not name a user of this app.", "user_id");
  }
  // The payee's phone and e-mail: given, valid or not.
  const json payee = o.payee.is_object() ? o.payee : json::object();
  std::optional<phone> payee_phone;
  const bool phone_given = payee.contains("phone_number");
  if (phone_given)
    payee_phone = normalize_phone(payee.value("country_code", "1"), payee["phone_number"].get<std::string>());
  const bool email_given = payee.contains("email");
  const bool email_valid = email_given && looks_like_email(payee["email"].get<std::string>());

  // Delivery: where the link goes, or why it cannot go.
  const std::string method = o.delivery_method;
  l.delivery = {{"method", method}};
  if (o.delivery_message) l.delivery["message"] = *o.delivery_message;
  l.status = "created";
  if (method == "sms") {
    std::optional<phone> to = phone_given ? payee_phone : (user ? std::optional<phone>(user->phone_number) : std::nullopt);
    if (!phone_given && !user)
      fail(422, "missing_field", "Delivery by sms needs payee.phone_number (or a user_id).", "payee.phone_number");
    if (to) {
      l.status = "sent";
      l.delivery["country_code"] = to->country_code;
      l.delivery["phone_number"] = to->national;
      out.message = {"sms", to->e164, o.delivery_message.value_or(o.memo.value_or(""))};
    } else {
      l.status = "delivery_failed";
      l.delivery["phone_number"] = payee["phone_number"];
    }
  } else if (phone_given && !payee_phone) {
    fail(422, "invalid_phone_number", "payee.phone_number is not a valid phone number.", "payee.phone_number");
  }
  if (method == "email") {
    std::optional<std::string> to;
    if (email_given && email_valid) to = payee["email"].get<std::string>();
    if (!email_given && user) to = user->email;
    if (!email_given && !(user && user->email))
      fail(422, "missing_field", "Delivery by email needs payee.email (or a user with an e-mail).", "payee.email");
    if (to) {
      l.status = "sent";
      l.delivery["email"] = *to;
      out.message = {"email", *to, o.delivery_message.value_or(o.memo.value_or(""))};
    } else {
      l.status = "delivery_failed";
      l.delivery["email"] = payee["email"];
    }
  } else if (email_given && !email_valid) {
    fail(422, "invalid_email", "payee.email is not a valid email address.", "payee.email");
  }

  // Whom the flow is for: the given user, else the user with the payee's phone (created, unverified,
  // when new), else whoever onboards with the link.
  if (user) {
    l.user_id = user->id;
  } else if (payee_phone) {
    if (auto existing = find_user_by_phone(db, o.app_id, payee_phone->e164)) {
      l.user_id = existing->id;
    } else {
      user_record u;
      u.id = new_uuid();
      u.app_id = o.app_id;
      u.phone_number = *payee_phone;
      if (payee.contains("first_name")) u.first_name = payee["first_name"].get<std::string>();
      if (payee.contains("last_name")) u.last_name = payee["last_name"].get<std::string>();
      if (email_valid) u.email = payee["email"].get<std::string>();
      u.created_ms = now;
      insert_user(db, u);
      l.user_id = u.id;
    }
  }

  flow_record f;
  f.id = new_uuid();
  f.app_id = o.app_id;
  f.user_id = l.user_id;
  f.created_with_user = false;  // the person proves the phone by SMS: a link is not a key to the money
  f.steps = link_steps(o);
  f.metadata = o.metadata;
  f.payout_link_id = l.id;
  f.created_ms = now;
  insert_flow(db, f);
  l.flow_id = f.id;

  db.query(
        "INSERT INTO payout_links (id, app_id, amount, status, flow_id, user_id, payee, delivery, memo, metadata, "
        "tax_exempt, payout_fee_party, payout_request_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14)",
        l.id, l.app_id, l.amount, l.status, l.flow_id, l.user_id,
        l.payee.is_null() ? std::optional<std::string>() : std::optional<std::string>(l.payee.dump()), l.delivery.dump(),
        l.memo, l.metadata, l.tax_exempt, l.fee_party, l.payout_request_id, now)
      .run();
  webhooks::payout_link_updated(db, l.app_id, l.id, now);
  ledger::post(db, {o.app_id, std::nullopt, l.id, l.user_id, std::nullopt,
                    {{"payout_link_escrow", ledger::app_wallet(o.app_id), ledger::escrow(l.id), l.amount}}},
               now);
  return out;
}

payout_link_record cancel_payout_link(database& db, const std::string& app_id, const std::string& id, std::int64_t now) {
  auto l = find_payout_link(db, id);
  if (!l || l->app_id != app_id) fail(404, "payout_link_not_found", "No payout link with this id.");
  db.query(std::string("UPDATE payout_links SET status = 'canceled', canceled_ms = ?2 WHERE id = ?1 AND status IN ") +
               k_open_statuses,
           id, now)
      .run();
  if (db.changes() != 1) {
    if (l->status == "canceled") fail(409, "payout_link_canceled", "This payout link is already canceled.");
    fail(409, "payout_link_claimed", "This payout link was claimed; it can no longer be canceled.");
  }
  webhooks::payout_link_updated(db, app_id, id, now);
  ledger::post(db, {app_id, std::nullopt, id, l->user_id, std::nullopt,
                    {{"payout_link_release", ledger::escrow(id), ledger::app_wallet(app_id), l->amount}}},
               now);
  l->status = "canceled";
  l->canceled_ms = now;
  return *l;
}

void claim_payout_link(database& db, const flow_record& flow, const std::string& user_id, std::int64_t now) {
  if (!flow.payout_link_id) return;
  auto l = find_payout_link(db, *flow.payout_link_id);
  if (!l || l->app_id != flow.app_id || l->flow_id != flow.id) return;
  if (l->user_id && *l->user_id != user_id) return;
  db.query(std::string("UPDATE payout_links SET status = 'claimed', claimed_user_id = ?2, claimed_ms = ?3 "
                       "WHERE id = ?1 AND status IN ") +
               k_open_statuses,
           l->id, user_id, now)
      .run();
  if (db.changes() != 1) return;
  webhooks::payout_link_updated(db, l->app_id, l->id, now);
  ledger::post(db, {l->app_id, std::nullopt, l->id, user_id, std::nullopt,
                    {{"payout_link_claim", ledger::escrow(l->id), ledger::user_wallet(user_id), l->amount}}},
               now);
}

void mark_link_delivered(database& db, const std::string& link_id, const std::string& user_id, std::int64_t now) {
  db.query(
        "UPDATE payout_links SET status = 'delivered', delivered_ms = ?3 WHERE id = ?1 AND claimed_user_id = ?2 "
        "AND status = 'claimed'",
        link_id, user_id, now)
      .run();
  if (db.changes() != 1) return;
  std::string app_id;
  {
    auto st = db.query("SELECT app_id FROM payout_links WHERE id = ?1", link_id);
    if (st.step()) app_id = st.text(0);
  }
  webhooks::payout_link_updated(db, app_id, link_id, now);
}

std::optional<payout_link_record> find_payout_link(database& db, const std::string& id) {
  auto st = db.query(std::string("SELECT ") + k_link_columns + " FROM payout_links WHERE id = ?1", id);
  if (!st.step()) return std::nullopt;
  return read_link(st);
}

page<payout_link_record> list_payout_links(database& db, std::string_view app_id, const page_request& req) {
  return list_page<payout_link_record>(db, "payout_links", "payout_links", k_link_columns, "", app_id, req, &read_link);
}

json payout_link_json(const payout_link_record& l, const std::string& url) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  auto opt_time = [](const std::optional<std::int64_t>& ms) { return ms ? json(iso_time(*ms)) : json(nullptr); };
  return {
      {"id", l.id},
      {"created", iso_time(l.created_ms)},
      {"link", url},
      {"amount", l.amount},
      // Dots' SDK (models/payout_link.ts) knows claimed | delivery_pending | delivery_failed |
      // delivered | canceled: a link not claimed yet is delivery_pending, whether it was texted
      // ("sent") or is to be passed on by the platform ("created"); delivery_status keeps which.
      {"status", l.status == "created" || l.status == "sent" ? std::string("delivery_pending") : l.status},
      {"delivery_status", l.status == "created" ? "not_sent" : l.status == "sent" ? "sent" : "done"},
      {"payee", l.payee},
      {"delivery", l.delivery},
      {"tax_exempt", l.tax_exempt},
      {"claimed_user_id", opt(l.claimed_user_id)},
      {"metadata", metadata_json(l.metadata)},
      {"flow_id", l.flow_id},
      {"user_id", opt(l.user_id)},
      {"memo", opt(l.memo)},
      {"payout_fee_party", l.fee_party},
      {"payout_request_id", opt(l.payout_request_id)},
      {"claimed", opt_time(l.claimed_ms)},
      {"delivered", opt_time(l.delivered_ms)},
      {"canceled", opt_time(l.canceled_ms)},
  };
}

std::string link_message_text(const payout_link_record& l, const std::string& prefix, const std::string& url) {
  std::string text = prefix.empty() ? "" : prefix + " ";
  return text + "You have a " + dollars(l.amount) + " payout waiting. Claim it: " + url;
}

}  // namespace flowkit::sandbox
