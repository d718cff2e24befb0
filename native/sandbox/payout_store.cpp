// Payout methods: validation with the shared rules (flow/payout_methods.h), the sealed rows, the
// keyed identity hash that finds a method already on file, the single default and auto-payout.
// No account number, routing number, IBAN, phone number or email is written in clear, logged,
// or sent back; the clear columns hold the masked description, the mask and the account type.
#include "payout_store.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "crypto.h"
#include "flow/payout_methods_json.h"
#include "phone.h"

namespace flowkit::sandbox {

namespace payout = fk::payout;

namespace {

constexpr const char* k_method_columns = "id, platform, description, mask, account_type, is_default, sealed, created_ms";

[[noreturn]] void fail_invalid(const payout::errors& errs) {
  json list = json::array();
  for (const auto& e : errs) list.push_back({{"field", e.field}, {"message", e.message}});
  fail(422, "invalid_payout_method", errs.front().message, errs.front().field, {{"errors", std::move(list)}});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string only_digits(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

std::string without_prefix(const std::string& s, char prefix) {
  std::string t = trimmed(s);
  return !t.empty() && t.front() == prefix ? t.substr(1) : t;
}

// What makes two methods the same account, whatever the spelling: the platform and the
// normalized account (ACH: routing + account number; venmo: the E.164 phone or the handle).
std::string identity_of(const payout::method& m) {
  if (m.platform == "ach") return "ach:" + only_digits(m.routing_number) + ":" + only_digits(m.account_number);
  if (m.platform == "paypal") return "paypal:" + lower(trimmed(m.email));
  if (m.platform == "venmo") {
    if (!trimmed(m.phone_number).empty()) {
      const std::string raw = trimmed(m.phone_number);
      auto p = raw.front() == '+' ? parse_e164(raw) : normalize_phone("1", raw);
      return "venmo:phone:" + (p ? p->e164 : only_digits(raw));
    }
    return "venmo:handle:" + lower(without_prefix(m.handle, '@'));
  }
  if (m.platform == "cash_app") return "cash_app:" + lower(without_prefix(m.cash_tag, '$'));
  if (m.platform == "intl_transfer") return "intl_transfer:" + payout::normalize_iban(m.iban);
  throw std::logic_error("a payout method with an unchecked platform");
}

// Keyed hash (BLAKE2b, key derived from the data key) of the user and the identity: finds a
// duplicate without storing the account in clear, and does not link one account across users.
std::string identity_hash(const std::string& data_key, const std::string& user_id, const payout::method& m) {
  std::string key_hex = hash_hex("flowkit-payout-identity-v1", data_key, 32);
  std::string key = hex_decode(key_hex).value_or("");
  std::string identity = identity_of(m);
  std::string out = hash_hex(user_id + "\n" + identity, key, 32);
  wipe(identity);
  wipe(key);
  wipe(key_hex);
  return out;
}

std::string seal_method(const std::string& data_key, const std::string& user_id, const payout::method& m) {
  // The user id inside the sealed text ties the ciphertext to its row (as for tax forms).
  std::string plaintext = json{{"user_id", user_id}, {"method", payout::request_json(m)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  std::string sealed = seal(plaintext, data_key);
  wipe(plaintext);
  return sealed;
}

payout::method unseal_method(const std::string& data_key, const std::string& user_id, const std::string& sealed) {
  auto plaintext = unseal(sealed, data_key);
  if (!plaintext) throw std::runtime_error("a payout method row does not open with the data key");
  json stored = json::parse(*plaintext, nullptr, false);
  wipe(*plaintext);
  if (!stored.is_object() || stored.value("user_id", "") != user_id || !stored.contains("method"))
    throw std::runtime_error("a payout method row does not belong to its user");
  payout::errors errs;
  auto m = payout::parse_request(stored["method"], errs);
  if (!m) throw std::runtime_error("a payout method row holds an unreadable method");
  return *m;
}

// A row of k_method_columns as the API shows it.
json method_json(const statement& st, const std::string& data_key, const std::string& user_id) {
  payout::saved s;
  s.id = st.text(0);
  s.platform = st.text(1);
  s.description = st.text(2);
  s.mask = st.text(3);
  s.account_type = st.text(4);
  s.is_default = st.integer(5) != 0;
  payout::method m = unseal_method(data_key, user_id, st.text(6));
  json out = payout::saved_json(s, m);
  if (!out.contains("default")) out["default"] = s.is_default;
  out["created"] = iso_time(st.integer(7));
  return out;
}

json find_method_json(database& db, const std::string& data_key, const std::string& user_id,
                      const std::string& method_id) {
  auto st = db.query(std::string("SELECT ") + k_method_columns + " FROM payout_methods WHERE id = ?1 AND user_id = ?2",
                     method_id, user_id);
  if (!st.step()) fail(404, "payout_method_not_found", "No payout method with this id.");
  return method_json(st, data_key, user_id);
}

bool has_default(database& db, const std::string& user_id) {
  auto st = db.query("SELECT 1 FROM payout_methods WHERE user_id = ?1 AND is_default = 1", user_id);
  return st.step();
}

}  // namespace

payout::method check_payout_method(const json& body) {
  payout::errors errs;
  auto m = payout::parse_request(body, errs);
  if (!errs.empty()) fail_invalid(errs);
  if (!m) fail_invalid({{"platform", "Choose how to be paid."}});
  errs = payout::validate(*m);
  if (!errs.empty()) fail_invalid(errs);
  return *m;
}

added_method add_payout_method(database& db, const std::string& data_key, const std::string& user_id,
                               const payout::method& m, std::int64_t now) {
  const std::string hash = identity_hash(data_key, user_id, m);
  std::optional<std::string> existing_id;
  {
    auto st = db.query("SELECT id FROM payout_methods WHERE user_id = ?1 AND identity_hash = ?2", user_id, hash);
    if (st.step()) existing_id = st.text(0);
  }
  if (existing_id) return {find_method_json(db, data_key, user_id, *existing_id), true};

  std::int64_t count = 0;
  {
    auto st = db.query("SELECT COUNT(*) FROM payout_methods WHERE user_id = ?1", user_id);
    if (st.step()) count = st.integer(0);
  }
  if (count >= static_cast<std::int64_t>(k_max_payout_methods))
    fail(409, "too_many_methods",
         "A user can keep at most " + std::to_string(k_max_payout_methods) + " payout methods; remove one first.");

  const std::string id = new_uuid();
  const bool first = count == 0;
  const std::string account_type = m.platform == "ach" ? m.account_type : "";
  db.query(
        "INSERT INTO payout_methods (id, user_id, platform, description, mask, account_type, is_default, "
        "identity_hash, sealed, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        id, user_id, m.platform, payout::describe(m), payout::mask_of(m),
        account_type.empty() ? std::optional<std::string>() : std::optional<std::string>(account_type), first, hash,
        seal_method(data_key, user_id, m), now)
      .run();
  return {find_method_json(db, data_key, user_id, id), false};
}

json list_payout_methods(database& db, const std::string& data_key, const std::string& user_id) {
  json out = json::array();
  auto st = db.query(std::string("SELECT ") + k_method_columns + " FROM payout_methods WHERE user_id = ?1 ORDER BY seq",
                     user_id);
  while (st.step()) out.push_back(method_json(st, data_key, user_id));
  return out;
}

void remove_payout_method(database& db, const std::string& user_id, const std::string& method_id) {
  bool was_default = false;
  {
    auto st = db.query("SELECT is_default FROM payout_methods WHERE id = ?1 AND user_id = ?2", method_id, user_id);
    if (!st.step()) fail(404, "payout_method_not_found", "No payout method with this id.");
    was_default = st.integer(0) != 0;
  }
  db.query("DELETE FROM payout_methods WHERE id = ?1 AND user_id = ?2", method_id, user_id).run();
  if (!was_default) return;
  std::optional<std::string> next;
  {
    auto st = db.query("SELECT id FROM payout_methods WHERE user_id = ?1 ORDER BY seq DESC LIMIT 1", user_id);
    if (st.step()) next = st.text(0);
  }
  if (next)
    db.query("UPDATE payout_methods SET is_default = 1, updated_ms = ?2 WHERE id = ?1", *next, now_ms()).run();
  else
    db.query("UPDATE users SET auto_payout = 0 WHERE id = ?1", user_id).run();
}

json set_default_payout_method(database& db, const std::string& data_key, const std::string& user_id,
                               const std::string& method_id) {
  {
    auto st = db.query("SELECT 1 FROM payout_methods WHERE id = ?1 AND user_id = ?2", method_id, user_id);
    if (!st.step()) fail(404, "payout_method_not_found", "No payout method with this id.");
  }
  const std::int64_t now = now_ms();
  // Clear the old default first: the partial unique index allows one default per user at a time.
  db.query("UPDATE payout_methods SET is_default = 0, updated_ms = ?3 WHERE user_id = ?1 AND is_default = 1 AND id != ?2",
           user_id, method_id, now)
      .run();
  db.query("UPDATE payout_methods SET is_default = 1, updated_ms = ?2 WHERE id = ?1 AND is_default = 0", method_id, now)
      .run();
  return find_method_json(db, data_key, user_id, method_id);
}

void set_auto_payout(database& db, const std::string& user_id, bool enabled) {
  if (enabled && !has_default(db, user_id))
    fail(422, "no_default_payout_method", "Choose a default payout method first.", "enabled");
  db.query("UPDATE users SET auto_payout = ?1 WHERE id = ?2", enabled, user_id).run();
}

json payout_methods_envelope(database& db, const std::string& data_key, const std::string& user_id) {
  json data = list_payout_methods(db, data_key, user_id);
  json default_id = nullptr;
  for (const json& m : data)
    if (m.value("default", false)) default_id = m["id"];
  bool auto_payout = false;
  {
    auto st = db.query("SELECT auto_payout FROM users WHERE id = ?1", user_id);
    if (st.step()) auto_payout = st.integer(0) != 0;
  }
  return {{"data", std::move(data)}, {"default_payout_method_id", std::move(default_id)}, {"auto_payout", auto_payout}};
}

}  // namespace flowkit::sandbox
