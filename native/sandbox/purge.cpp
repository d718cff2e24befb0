// Expiry of stored sessions, codes, idle unverified users and delivered webhook events (purge.h).
#include "purge.h"

#include <chrono>
#include <string>

#include "http_util.h"

namespace flowkit::sandbox {

purge_counts purge_expired(database& db, std::int64_t now, const purge_policy& policy) {
  purge_counts n;
  db.query("DELETE FROM widget_sessions WHERE expires_ms <= ?1", now).run();
  n.sessions = db.changes();
  db.query("DELETE FROM one_time_codes WHERE expires_ms <= ?1 AND created_ms <= ?2", now, now - policy.code_keep_ms)
      .run();
  n.codes = db.changes();
  db.query(
        "DELETE FROM users WHERE status = 'unverified' AND created_ms <= ?1"
        " AND NOT EXISTS (SELECT 1 FROM flows f WHERE f.user_id = users.id)"
        " AND NOT EXISTS (SELECT 1 FROM payout_links l WHERE l.user_id = users.id OR l.claimed_user_id = users.id)"
        " AND NOT EXISTS (SELECT 1 FROM payout_requests r WHERE r.user_id = users.id)"
        " AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.user_id = users.id)"
        " AND NOT EXISTS (SELECT 1 FROM ledger_balances b WHERE b.account = 'user:' || users.id)"
        " AND NOT EXISTS (SELECT 1 FROM compliance c WHERE c.user_id = users.id)"
        " AND NOT EXISTS (SELECT 1 FROM payout_methods m WHERE m.user_id = users.id)",
        now - policy.unverified_user_keep_ms)
      .run();
  n.users = db.changes();
  db.query("DELETE FROM webhook_events WHERE status = 'delivered' AND delivered_ms <= ?1",
           now - policy.delivered_event_keep_ms)
      .run();
  n.events = db.changes();
  return n;
}

purge_worker::purge_worker(database& db, std::int64_t interval_ms)
    : db_(db), interval_ms_(interval_ms), thread_([this] { run(); }) {}

void purge_worker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void purge_worker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      auto n = db_.transaction([](database& db) { return purge_expired(db, now_ms()); });
      if (n.sessions + n.codes + n.users + n.events > 0)
        log_line("flowkit-sandbox: purged " + std::to_string(n.sessions) + " expired sessions, " +
                 std::to_string(n.codes) + " codes, " + std::to_string(n.users) + " idle unverified users, " +
                 std::to_string(n.events) + " delivered webhook events");
    } catch (const std::exception& e) {
      log_line(std::string("error: the purge failed: ") + e.what());
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
  }
}

}  // namespace flowkit::sandbox
