// SQL for users and flows, cursor pagination (newest first, by insertion order), and the
// JSON shapes of the app API. Statements are prepared once and cached by the database.
#include "records.h"

#include <algorithm>
#include <limits>

#include "webhooks.h"

namespace flowkit::sandbox {

namespace {

// Users come with their compliance row's clear columns (LEFT JOIN: NULLs when none), their
// auto-payout switch and their default payout method's id and platform (NULLs when none).
constexpr const char* k_user_columns =
    "users.id, users.app_id, users.first_name, users.last_name, users.email, users.username, users.country_code, "
    "users.national_number, users.phone_e164, users.status, users.metadata, users.created_ms, compliance.form, "
    "compliance.tax_id_collected, compliance.address_collected, compliance.date_of_birth_collected, "
    "compliance.tin_type, compliance.tin_masked, compliance.tin_verification, users.auto_payout, "
    "(SELECT pm.id FROM payout_methods pm WHERE pm.user_id = users.id AND pm.is_default = 1), "
    "(SELECT pm.platform FROM payout_methods pm WHERE pm.user_id = users.id AND pm.is_default = 1), "
    "(SELECT lb.balance FROM ledger_balances lb WHERE lb.account = 'user:' || users.id)";
constexpr const char* k_user_from = "users LEFT JOIN compliance ON compliance.user_id = users.id";
constexpr const char* k_flow_columns =
    "id, app_id, user_id, created_with_user, steps, completed_steps, metadata, payout_link_id, created_ms";

user_record read_user(const statement& st) {
  user_record u;
  u.id = st.text(0);
  u.app_id = st.text(1);
  u.first_name = st.opt_text(2);
  u.last_name = st.opt_text(3);
  u.email = st.opt_text(4);
  u.username = st.opt_text(5);
  u.phone_number = phone{st.text(6), st.text(7), st.text(8)};
  u.status = st.text(9);
  u.metadata = st.opt_text(10);
  u.created_ms = st.integer(11);
  if (!st.is_null(12)) {
    u.compliance.form = st.text(12);
    u.compliance.tax_id_collected = st.integer(13) != 0;
    u.compliance.address_collected = st.integer(14) != 0;
    u.compliance.date_of_birth_collected = st.integer(15) != 0;
    u.compliance.tin_type = st.text(16);
    u.compliance.tin_masked = st.text(17);
    u.compliance.tax_id_verification = st.text(18);
  }
  u.payouts.auto_payout = st.integer(19) != 0;
  u.payouts.default_id = st.opt_text(20);
  u.payouts.default_platform = st.opt_text(21);
  u.wallet = st.integer(22);  // the cached ledger balance of "user:<id>" (ledger.h); 0 when none
  return u;
}

flow_record read_flow(const statement& st) {
  flow_record f;
  f.id = st.text(0);
  f.app_id = st.text(1);
  f.user_id = st.opt_text(2);
  f.created_with_user = st.integer(3) != 0;
  json steps = json::parse(st.text(4), nullptr, false);
  if (steps.is_array())
    for (const json& s : steps)
      if (s.is_object() && s.contains("name") && s["name"].is_string())
        f.steps.push_back({s["name"].get<std::string>(), s.value("options", json::object())});
  json done = json::parse(st.text(5), nullptr, false);
  if (done.is_array())
    for (const json& s : done)
      if (s.is_string()) f.completed_steps.push_back(s.get<std::string>());
  f.metadata = st.opt_text(6);
  f.payout_link_id = st.opt_text(7);
  f.created_ms = st.integer(8);
  return f;
}

json names_json(const std::vector<std::string>& names) {
  json out = json::array();
  for (const auto& n : names) out.push_back(n);
  return out;
}

}  // namespace

std::optional<user_record> find_user(database& db, std::string_view app_id, std::string_view id) {
  auto st = db.query(std::string("SELECT ") + k_user_columns + " FROM " + k_user_from +
                         " WHERE users.app_id = ?1 AND users.id = ?2 AND users.deleted_ms IS NULL",
                     app_id, id);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

std::optional<user_record> find_user_by_phone(database& db, std::string_view app_id, std::string_view e164) {
  auto st = db.query(std::string("SELECT ") + k_user_columns + " FROM " + k_user_from +
                         " WHERE users.app_id = ?1 AND users.phone_e164 = ?2 AND users.deleted_ms IS NULL",
                     app_id, e164);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

void insert_user(database& db, const user_record& u) {
  db.query(
        "INSERT INTO users (id, app_id, first_name, last_name, email, username, country_code, national_number, "
        "phone_e164, status, metadata, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        u.id, u.app_id, u.first_name, u.last_name, u.email, u.username, u.phone_number.country_code,
        u.phone_number.national, u.phone_number.e164, u.status, u.metadata, u.created_ms)
      .run();
}

void fill_missing_user_fields(database& db, user_record& u, const user_record& given) {
  if (!u.first_name) u.first_name = given.first_name;
  if (!u.last_name) u.last_name = given.last_name;
  if (!u.email) u.email = given.email;
  if (!u.username) u.username = given.username;
  if (!u.metadata) u.metadata = given.metadata;
  db.query("UPDATE users SET first_name = ?1, last_name = ?2, email = ?3, username = ?4, metadata = ?5 WHERE id = ?6",
           u.first_name, u.last_name, u.email, u.username, u.metadata, u.id)
      .run();
}

void set_user_status(database& db, std::string_view id, std::string_view status) {
  db.query("UPDATE users SET status = ?1 WHERE id = ?2", status, id).run();
}

void mark_user_deleted(database& db, std::string_view id, std::int64_t now) {
  db.query("UPDATE users SET deleted_ms = ?1 WHERE id = ?2", now, id).run();
}

page<user_record> list_users(database& db, std::string_view app_id, const page_request& req) {
  return list_page<user_record>(db, "users", k_user_from, k_user_columns, " AND users.deleted_ms IS NULL", app_id, req,
                                &read_user);
}

std::optional<flow_record> find_flow(database& db, std::string_view id) {
  auto st = db.query(std::string("SELECT ") + k_flow_columns + " FROM flows WHERE id = ?1", id);
  if (!st.step()) return std::nullopt;
  return read_flow(st);
}

static std::string steps_text(const flow_record& f) {
  json steps = json::array();
  for (const auto& s : f.steps) steps.push_back({{"name", s.name}, {"options", s.options}});
  return steps.dump();
}

void insert_flow(database& db, const flow_record& f) {
  db.query(
        "INSERT INTO flows (id, app_id, user_id, created_with_user, steps, completed_steps, metadata, "
        "payout_link_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        f.id, f.app_id, f.user_id, f.created_with_user, steps_text(f), json(f.completed_steps).dump(), f.metadata,
        f.payout_link_id, f.created_ms)
      .run();
}

void save_flow_progress(database& db, const flow_record& f) {
  db.query("UPDATE flows SET user_id = ?1, completed_steps = ?2 WHERE id = ?3 AND (user_id IS NOT ?1 OR "
           "completed_steps IS NOT ?2)",
           f.user_id, json(f.completed_steps).dump(), f.id)
      .run();
  if (db.changes() == 1) webhooks::flow_updated(db, f.app_id, f.id, now_ms());  // only when something changed
}

page<flow_record> list_flows(database& db, std::string_view app_id, const page_request& req) {
  return list_page<flow_record>(db, "flows", "flows", k_flow_columns, "", app_id, req, &read_flow);
}

json metadata_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  json value = json::parse(*text, nullptr, false);
  return value.is_discarded() ? json(nullptr) : value;
}

json compliance_flags_json(const compliance_state& c) {
  return {
      {"tax_id_collected", c.tax_id_collected},
      {"address_collected", c.address_collected},
      {"date_of_birth_collected", c.date_of_birth_collected},
      {"1099_collected", false},  // no 1099 is filed in the sandbox
      {"w9_collected", c.form == "w9"},
      {"w8_ben_collected", c.form == "w8ben"},
      {"flagged", false},
  };
}

json user_json(const user_record& u) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  return {
      {"id", u.id},
      {"first_name", opt(u.first_name)},
      {"last_name", opt(u.last_name)},
      {"email", opt(u.email)},
      {"phone_number", {{"country_code", u.phone_number.country_code}, {"phone_number", u.phone_number.national}}},
      {"status", u.status},
      {"wallet", {{"amount", u.wallet}, {"withdrawable_amount", u.wallet}, {"credit_balance", 0}}},
      {"compliance", compliance_flags_json(u.compliance)},
      {"tax_id_verification", u.compliance.tax_id_verification},
      {"default_payout_method", opt(u.payouts.default_platform)},  // Dots: the default method's platform
      {"default_payout_method_id", opt(u.payouts.default_id)},       // flowkit
      {"auto_payout", u.payouts.auto_payout},                        // flowkit
      {"metadata", metadata_json(u.metadata)},
      {"created", iso_time(u.created_ms)},
  };
}

json flow_json(const flow_record& f, const std::string& link) {
  // CONTRACT.md: onboarding is added first when the flow has no user, and shows as completed
  // once the phone is verified, so `steps` and `completed_steps` tell the whole story.
  std::vector<std::string> names;
  if (!f.created_with_user) names.push_back("onboarding");
  for (const auto& s : f.steps) names.push_back(s.name);
  return {
      {"id", f.id},
      {"created", iso_time(f.created_ms)},
      {"user_id", f.user_id ? json(*f.user_id) : json(nullptr)},
      {"steps", names_json(names)},
      {"completed_steps", names_json(f.completed_steps)},
      {"link", link},
      {"metadata", metadata_json(f.metadata)},
      {"payout_link_id", f.payout_link_id ? json(*f.payout_link_id) : json(nullptr)},
  };
}

}  // namespace flowkit::sandbox
