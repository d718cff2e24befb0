// One-time SMS codes and the sandbox's SMS outbox.
// Codes: random 6 digits, stored only as a salted BLAKE2b hash, one live code per scope
// ("flow:<id>" for the widget, "user:<id>" for the app API), expiry, attempt limit, resend
// cooldown. The outbox lives in memory only, so the raw code never reaches the database.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "db.h"
#include "phone.h"

namespace flowkit::sandbox {

struct code_policy {
  std::int64_t ttl_s = 600;       // a code expires this long after it was sent
  std::int64_t cooldown_s = 30;   // no new code for the same scope before this
  int max_attempts = 5;           // wrong codes allowed before the code locks
  // Per phone number, across every flow and the app API, in any rolling hour:
  int phone_sends_per_hour = 10;     // codes sent; more -> 429 too_many_codes
  int phone_failures_per_hour = 10;  // wrong codes; then the phone is locked (429 phone_locked), also for sends
};

enum class code_throttle { none, cooldown, phone_sends, phone_locked };

struct issued_code {
  bool throttled = false;
  code_throttle reason = code_throttle::none;
  std::int64_t retry_after_s = 0;  // when throttled
  std::string code;                // when sent: the raw code, for the outbox only
};

// Inside a transaction: stores a new code for `scope` (superseding older ones) unless the
// last one was sent less than cooldown_s ago, the phone got phone_sends_per_hour codes in the
// last hour, or the phone is locked after phone_failures_per_hour wrong codes.
issued_code issue_code(database& db, const code_policy& policy, std::string_view scope, std::string_view app_id,
                       std::string_view user_id, const phone& to, std::int64_t now);

enum class code_check { ok, no_code, expired, wrong, locked, phone_locked };
struct checked_code {
  code_check result = code_check::no_code;
  int attempts_left = 0;  // after a wrong code
  std::int64_t retry_after_s = 0;  // phone_locked: when the phone's oldest failure leaves the hour
  std::string user_id;    // when ok: whom the code was sent for
  std::string phone_e164;
};

// Inside a transaction: checks `code` against the live code of `scope`; a wrong code uses an
// attempt, a right one consumes the code. While the code's phone is locked (phone_failures_per_hour
// wrong codes in the last hour, across all scopes) nothing is checked: phone_locked. Commit the
// transaction in every case.
checked_code check_code(database& db, const code_policy& policy, std::string_view scope, std::string_view code,
                        std::int64_t now);

// The HTTP answer for a code that was not sent: 429 resend_throttled, too_many_codes or
// phone_locked, each with a message and retry_after (seconds).
[[noreturn]] void fail_code_throttled(const issued_code& code);
[[noreturn]] void fail_phone_locked(std::int64_t retry_after_s);  // 429 phone_locked

// Counts events per key (a client address) in a rolling hour, in memory. allow() records the
// event and returns true while the key had fewer than `per_hour` in the last hour; otherwise sets
// retry_after_s. Thread-safe; forgets keys idle for an hour.
class hourly_limiter {
 public:
  bool allow(const std::string& key, std::int64_t now_ms, int per_hour, std::int64_t& retry_after_s);

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>> events_;
  std::int64_t last_sweep_ms_ = 0;
};

struct sms_message {
  std::string app_id, to, body, code;
  std::int64_t created_ms = 0;
};

// The "sent" SMS messages (or, labelled "Email", e-mails), newest last, capped in size. Thread-safe.
class sms_outbox {
 public:
  explicit sms_outbox(std::string label = "SMS") : label_(std::move(label)) {}
  void send(sms_message message);  // stores it and prints "SMS to +1...: body" on the log
  std::vector<sms_message> list(std::string_view app_id, const std::optional<std::string>& to_e164,
                                std::size_t limit) const;  // newest first

 private:
  static constexpr std::size_t k_capacity = 2000;
  std::string label_;
  mutable std::mutex mutex_;
  std::deque<sms_message> messages_;
};

}  // namespace flowkit::sandbox
