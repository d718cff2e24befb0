// One-time codes (hashed in SQLite) and the in-memory SMS outbox.
// The code hash is BLAKE2b keyed with a random per-code salt, compared in constant time.
#include "otp.h"

#include <algorithm>

#include "crypto.h"
#include "http_util.h"

namespace flowkit::sandbox {

namespace {

constexpr std::int64_t k_hour_ms = 3600 * 1000;

// Wrong codes entered for `phone_e164` in the last hour (codes sent in it), and when the oldest of
// those codes leaves the hour.
std::pair<std::int64_t, std::int64_t> phone_failures(database& db, std::string_view phone_e164, std::int64_t now) {
  auto st = db.query(
      "SELECT COALESCE(SUM(attempts), 0), MIN(created_ms) FROM one_time_codes "
      "WHERE phone_e164 = ?1 AND created_ms > ?2 AND attempts > 0",
      phone_e164, now - k_hour_ms);
  if (!st.step()) return {0, now};
  return {st.integer(0), st.is_null(1) ? now : st.integer(1) + k_hour_ms};
}

std::int64_t seconds_until(std::int64_t at_ms, std::int64_t now) { return std::max<std::int64_t>(1, (at_ms - now + 999) / 1000); }

}  // namespace

issued_code issue_code(database& db, const code_policy& policy, std::string_view scope, std::string_view app_id,
                       std::string_view user_id, const phone& to, std::int64_t now) {
  issued_code out;
  {
    auto st = db.query("SELECT created_ms FROM one_time_codes WHERE scope = ?1 ORDER BY id DESC LIMIT 1", scope);
    if (st.step()) {
      std::int64_t ready_at = st.integer(0) + policy.cooldown_s * 1000;
      if (now < ready_at) {
        out.throttled = true;
        out.reason = code_throttle::cooldown;
        out.retry_after_s = (ready_at - now + 999) / 1000;
        return out;
      }
    }
  }
  if (auto [failures, unlock_at] = phone_failures(db, to.e164, now); failures >= policy.phone_failures_per_hour) {
    out.throttled = true;
    out.reason = code_throttle::phone_locked;
    out.retry_after_s = seconds_until(unlock_at, now);
    return out;
  }
  {
    auto st = db.query("SELECT COUNT(*), MIN(created_ms) FROM one_time_codes WHERE phone_e164 = ?1 AND created_ms > ?2",
                       to.e164, now - k_hour_ms);
    if (st.step() && st.integer(0) >= policy.phone_sends_per_hour) {
      out.throttled = true;
      out.reason = code_throttle::phone_sends;
      out.retry_after_s = seconds_until(st.integer(1) + k_hour_ms, now);
      return out;
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
  if (auto [failures, unlock_at] = phone_failures(db, phone_e164, now); failures >= policy.phone_failures_per_hour) {
    out.result = code_check::phone_locked;
    out.retry_after_s = seconds_until(unlock_at, now);
    return out;
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

void fail_code_throttled(const issued_code& code) {
  json extra = {{"retry_after", code.retry_after_s}};
  switch (code.reason) {
    case code_throttle::phone_sends:
      fail(429, "too_many_codes",
           "Too many codes were sent to this phone number in the last hour; try again in " +
               std::to_string((code.retry_after_s + 59) / 60) + " minutes.",
           "", extra);
    case code_throttle::phone_locked: fail_phone_locked(code.retry_after_s);
    case code_throttle::cooldown:
    case code_throttle::none: break;
  }
  fail(429, "resend_throttled", "A code was sent moments ago; wait before asking for another.", "", extra);
}

void fail_phone_locked(std::int64_t retry_after_s) {
  fail(429, "phone_locked",
       "Too many wrong codes were entered for this phone number; it is locked for " +
           std::to_string((retry_after_s + 59) / 60) + " minutes.",
       "", {{"retry_after", retry_after_s}});
}

bool hourly_limiter::allow(const std::string& key, std::int64_t now_ms, int per_hour, std::int64_t& retry_after_s) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t since = now_ms - k_hour_ms;
  if (now_ms - last_sweep_ms_ > 60 * 1000) {  // forget idle keys
    for (auto it = events_.begin(); it != events_.end();)
      it = (it->second.empty() || it->second.back() <= since) ? events_.erase(it) : std::next(it);
    last_sweep_ms_ = now_ms;
  }
  auto& times = events_[key];
  while (!times.empty() && times.front() <= since) times.pop_front();
  if (static_cast<int>(times.size()) >= per_hour) {
    retry_after_s = seconds_until(times.front() + k_hour_ms, now_ms);
    return false;
  }
  times.push_back(now_ms);
  return true;
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
