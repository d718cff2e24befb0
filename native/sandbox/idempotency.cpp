// Idempotency keys in SQLite (see idempotency.h). The (app, scope:key) primary key makes a second
// insert impossible, and every request runs in one BEGIN IMMEDIATE transaction, so two requests
// with one key can never both do the work.
#include "idempotency.h"

#include "crypto.h"

namespace flowkit::sandbox {

std::optional<std::string> read_idempotency_key(const json& body, const httplib::Request& req, const char* field) {
  std::optional<std::string> key = opt_string(body, field);
  if (!key && req.has_header("Idempotency-Key")) key = req.get_header_value("Idempotency-Key");
  if (!key) return std::nullopt;
  if (key->empty() || key->size() > k_max_idempotency_key)
    fail(422, "invalid_idempotency_key", "idempotency_key must hold 1 to 255 characters.", field);
  return key;
}

std::string request_hash(const json& request) {
  return hash_hex(request.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::optional<json> replay(database& db, const std::string& app_id, const std::string& scope, const std::string& key,
                           const std::string& hash) {
  auto st = db.query("SELECT request_hash, response FROM idempotency_keys WHERE app_id = ?1 AND key = ?2", app_id,
                     scope + ":" + key);
  if (!st.step()) return std::nullopt;
  if (!equal_constant_time(st.text(0), hash))
    fail(409, "idempotency_conflict",
         "This idempotency key was already used with a different request; use a new key for a new request.",
         "idempotency_key");
  json response = json::parse(st.text(1), nullptr, false);
  if (response.is_discarded()) throw db_error("a stored idempotent response is not JSON");
  return response;
}

void remember(database& db, const std::string& app_id, const std::string& scope, const std::string& key,
              const std::string& hash, const json& response, std::int64_t now) {
  db.query("INSERT INTO idempotency_keys (app_id, key, request_hash, response, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
           app_id, scope + ":" + key, hash, response.dump(-1, ' ', false, json::error_handler_t::replace), now)
      .run();
}

}  // namespace flowkit::sandbox
