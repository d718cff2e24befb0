// Payout requests in SQLite (see payout_requests.h): creation with its checks, approval (which
// creates the payout link) and rejection, each once, and the Dots JSON.
#include "payout_requests.h"

#include "amounts.h"
#include "api_common.h"
#include "crypto.h"
#include "phone.h"
#include "records.h"

namespace flowkit::sandbox {

namespace {

constexpr const char* k_request_columns =
    "id, app_id, amount, status, user_id, payee, memo, metadata, payout_link_id, created_ms, decided_ms";

payout_request_record read_request(const statement& st) {
  payout_request_record r;
  r.id = st.text(0);
  r.app_id = st.text(1);
  r.amount = st.integer(2);
  r.status = st.text(3);
  r.user_id = st.opt_text(4);
  if (!st.is_null(5)) {
    r.payee = json::parse(st.text(5), nullptr, false);
    if (r.payee.is_discarded()) r.payee = nullptr;
  }
  r.memo = st.opt_text(6);
  r.metadata = st.opt_text(7);
  r.payout_link_id = st.opt_text(8);
  r.created_ms = st.integer(9);
  if (!st.is_null(10)) r.decided_ms = st.integer(10);
  return r;
}

payout_request_record require_request(database& db, const std::string& app_id, const std::string& id) {
  auto r = find_payout_request(db, id);
  if (!r || r->app_id != app_id) fail(404, "payout_request_not_found", "No payout request with this id.");
  if (r->status != "created")
    fail(409, "payout_request_decided", "This payout request was already " + r->status + ".");
  return *r;
}

}  // namespace

payout_request_record create_payout_request(database& db, const std::string& app_id, const json& body,
                                            std::int64_t now) {
  payout_request_record r;
  r.amount = read_amount(body, "amount", amount_rule::positive);
  r.user_id = opt_string(body, "user_id");
  if (auto it = body.find("payee"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) fail(400, "invalid_type", "payee must be an object.", "payee");
    auto cc = opt_string(*it, "country_code");
    auto number = opt_string(*it, "phone_number");
    if (!number) fail(422, "missing_field", "payee.phone_number is required.", "payee.phone_number");
    auto p = normalize_phone(cc.value_or("1"), *number);
    if (!p) fail(422, "invalid_phone_number", "payee.phone_number is not a valid phone number.", "payee.phone_number");
    r.payee = {{"country_code", p->country_code}, {"phone_number", p->national}};
  }
  if (!r.user_id && r.payee.is_null()) fail(422, "missing_field", "user_id or payee is required.", "user_id");
  if (auto memo = opt_string(body, "memo"); memo && memo->size() > 500)
    fail(422, "invalid_value", "memo must be at most 500 characters.", "memo");
  r.memo = opt_string(body, "memo");
  r.metadata = read_metadata(body);
  if (r.user_id && !find_user(db, app_id, *r.user_id))
    fail(422, "user_not_found", "user_id does not name a user of this app.", "user_id");
  r.id = new_uuid();
  r.app_id = app_id;
  r.status = "created";
  r.created_ms = now;
  db.query(
        "INSERT INTO payout_requests (id, app_id, amount, status, user_id, payee, memo, metadata, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        r.id, r.app_id, r.amount, r.status, r.user_id,
        r.payee.is_null() ? std::optional<std::string>() : std::optional<std::string>(r.payee.dump()), r.memo,
        r.metadata, now)
      .run();
  return r;
}

approved_request approve_payout_request(database& db, const std::string& app_id, const std::string& id,
                                        std::int64_t now) {
  approved_request out;
  out.request = require_request(db, app_id, id);
  link_order o;
  o.app_id = app_id;
  o.amount = out.request.amount;
  o.user_id = out.request.user_id;
  o.payee = out.request.payee;
  o.delivery_method = "sms";
  o.memo = out.request.memo;
  o.metadata = out.request.metadata;
  o.payout_request_id = out.request.id;
  out.link = create_payout_link(db, o, now);
  db.query(
        "UPDATE payout_requests SET status = 'approved', payout_link_id = ?2, decided_ms = ?3 WHERE id = ?1 "
        "AND status = 'created'",
        id, out.link.link.id, now)
      .run();
  out.request.status = "approved";
  out.request.payout_link_id = out.link.link.id;
  out.request.decided_ms = now;
  return out;
}

payout_request_record reject_payout_request(database& db, const std::string& app_id, const std::string& id,
                                            std::int64_t now) {
  payout_request_record r = require_request(db, app_id, id);
  db.query("UPDATE payout_requests SET status = 'rejected', decided_ms = ?2 WHERE id = ?1 AND status = 'created'", id,
           now)
      .run();
  r.status = "rejected";
  r.decided_ms = now;
  return r;
}

std::optional<payout_request_record> find_payout_request(database& db, const std::string& id) {
  auto st = db.query(std::string("SELECT ") + k_request_columns + " FROM payout_requests WHERE id = ?1", id);
  if (!st.step()) return std::nullopt;
  return read_request(st);
}

page<payout_request_record> list_payout_requests(database& db, std::string_view app_id, const page_request& req) {
  return list_page<payout_request_record>(db, "payout_requests", "payout_requests", k_request_columns, "", app_id, req,
                                          &read_request);
}

json payout_request_json(database& db, const payout_request_record& r,
                         const std::function<std::string(const std::string&)>& url_for) {
  json link = nullptr, user = nullptr;
  if (r.payout_link_id)
    if (auto l = find_payout_link(db, *r.payout_link_id)) link = payout_link_json(*l, url_for(l->flow_id));
  if (r.user_id)
    if (auto u = find_user(db, r.app_id, *r.user_id)) user = user_json(*u);
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  return {
      {"id", r.id},
      {"created", iso_time(r.created_ms)},
      {"amount", r.amount},
      {"status", r.status},
      {"payee", r.payee},
      {"payout-link", std::move(link)},
      {"user", std::move(user)},
      {"metadata", metadata_json(r.metadata)},
      {"memo", opt(r.memo)},
      {"user_id", opt(r.user_id)},
      {"payout_link_id", opt(r.payout_link_id)},
  };
}

}  // namespace flowkit::sandbox
