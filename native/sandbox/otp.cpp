// One-time codes (hashed in SQLite) and the in-memory SMS outbox.
// The code hash is BLAKE2b keyed with a random per-code salt, compared in constant time.
#include "otp.h"

#include "crypto.h"
#include "http_util.h"

namespace flowkit::sandbox {

issued_code issue_code(database& db, const code_policy& policy, std::string_view scope, std::string_view app_id,
                       std::string_view user_id, const phone& to, std::int64_t now) {
  issued_code out;
  {
    auto st = db.query("SELECT created_ms FROM one_time_codes WHERE scope = ?1 ORDER BY id DESC LIMIT 1", scope);
    if (st.step()) {
      std::int64_t ready_at = st.integer(0) + policy.cooldown_s * 1000;
      if (now < ready_at) {
        out.throttled = true;
        out.retry_after_s = (ready_at - now + 999) / 1000;
        return out;
      }
    }
  }
  out.code = random_digits(6);
  const std::string salt = random_hex(16);
  db.query("UPDATE one_time_codes SET consumed_ms = ?1 WHERE scope = ?2 AND consumed_ms IS NULL", now, scope).run();
  db.query(
        "INSERT INTO one_time_codes (scope, app_id, user_id, phone_e164, salt, code_hash, created_ms, expires_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        scope, app_id, user_id, to.e164, salt, hash_hex(out.code, salt), now, now + policy.ttl_s * 1000)
      .run();
  return out;
}

checked_code check_code(database& db, const code_policy& policy, std::string_view scope, std::string_view code,
                        std::int64_t now) {
  checked_code out;
  std::int64_t id = 0, expires = 0;
  std::string user_id, phone_e164, salt, hash;
  int attempts = 0;
  {
    auto st = db.query(
        "SELECT id, user_id, phone_e164, salt, code_hash, attempts, expires_ms, consumed_ms FROM one_time_codes "
        "WHERE scope = ?1 ORDER BY id DESC LIMIT 1",
        scope);
    if (!st.step() || !st.is_null(7)) return out;  // nothing sent, or the last code was used
    id = st.integer(0);
    user_id = st.text(1);
    phone_e164 = st.text(2);
    salt = st.text(3);
    hash = st.text(4);
    attempts = static_cast<int>(st.integer(5));
    expires = st.integer(6);
  }
  if (attempts >= policy.max_attempts) {
    out.result = code_check::locked;
    return out;
  }
  if (now >= expires) {
    out.result = code_check::expired;
    return out;
  }
  if (!equal_constant_time(hash_hex(code, salt), hash)) {
    db.query("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = ?1", id).run();
    out.result = code_check::wrong;
    out.attempts_left = policy.max_attempts - (attempts + 1);
    return out;
  }
  db.query("UPDATE one_time_codes SET consumed_ms = ?1 WHERE id = ?2", now, id).run();
  out.result = code_check::ok;
  out.user_id = user_id;
  out.phone_e164 = phone_e164;
  return out;
}

void sms_outbox::send(sms_message message) {
  log_line(label_ + " to " + message.to + ": " + message.body);
  std::lock_guard<std::mutex> lock(mutex_);
  messages_.push_back(std::move(message));
  if (messages_.size() > k_capacity) messages_.pop_front();
}

std::vector<sms_message> sms_outbox::list(std::string_view app_id, const std::optional<std::string>& to_e164,
                                          std::size_t limit) const {
  std::vector<sms_message> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = messages_.rbegin(); it != messages_.rend() && out.size() < limit; ++it)
    if (it->app_id == app_id && (!to_e164 || it->to == *to_e164)) out.push_back(*it);
  return out;
}

}  // namespace flowkit::sandbox
