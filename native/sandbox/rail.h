// The simulated payout rail: a payout is "created", "pending" from half of --rail-delay-ms, then
// "completed" (rail -> payees) or, when its amount ends in 13 cents (sandbox test rule), "failed"
// with its posting reversed once (money and fee back to who paid). Advanced lazily by reads and
// by a background thread.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "db.h"

namespace flowkit::sandbox {

bool rail_fails(std::int64_t amount);  // the test rule: amount % 100 == 13 (e.g. 1013)

// Inside a transaction: moves every due payout of the app ("" = all apps) one step on. Each step
// happens exactly once (guarded by the transfer's status). Returns how many transfers moved.
int advance_rail(database& db, const std::string& app_id, std::int64_t now);

// Calls advance_rail for all apps every few milliseconds (a fifth of the delay, 20-250 ms) on
// its own thread. stop() (also the destructor) wakes and joins it.
class rail_worker {
 public:
  rail_worker(database& db, std::int64_t delay_ms);
  ~rail_worker() { stop(); }
  rail_worker(const rail_worker&) = delete;
  rail_worker& operator=(const rail_worker&) = delete;
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
