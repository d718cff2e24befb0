// Expiry of stored data nobody can use any more: expired widget sessions, spent one-time codes,
// unverified users that never did anything, and delivered webhook events. purge_expired is pure
// SQL against a given `now` (tests pass their own clock); purge_worker runs it at start and then
// periodically on its own thread.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "db.h"

namespace flowkit::sandbox {

struct purge_policy {
  std::int64_t code_keep_ms = 24LL * 3600 * 1000;              // codes stay a day (the per-phone limits count them)
  std::int64_t unverified_user_keep_ms = 30LL * 24 * 3600 * 1000;  // unverified users without any activity
  std::int64_t delivered_event_keep_ms = 7LL * 24 * 3600 * 1000;   // delivered webhook events
};

struct purge_counts {
  std::int64_t sessions = 0, codes = 0, users = 0, events = 0;
};

// Inside a transaction: deletes widget sessions past their expiry, codes expired and older than
// code_keep_ms, unverified users older than unverified_user_keep_ms that nothing refers to (no
// flow, payout link, transfer, wallet, tax form or payout method), and webhook events delivered
// more than delivered_event_keep_ms ago. Returns how many rows of each went.
purge_counts purge_expired(database& db, std::int64_t now, const purge_policy& policy = {});

// Runs purge_expired (wall clock) right away and then every interval_ms. stop() wakes and joins it.
class purge_worker {
 public:
  purge_worker(database& db, std::int64_t interval_ms);
  ~purge_worker() { stop(); }
  purge_worker(const purge_worker&) = delete;
  purge_worker& operator=(const purge_worker&) = delete;
  void stop();

 private:
  void run();
  database& db_;
  std::int64_t interval_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace flowkit::sandbox
