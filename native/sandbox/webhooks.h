// Webhooks: thin events (`flow.updated`, `payout_link.updated`, `transfer.updated`) written to the
// `webhook_events` outbox in the same transaction as the change that causes them, and delivered by
// one background thread, signed the way Svix signs (svix-id, svix-timestamp, svix-signature:
// v1,<base64 HMAC-SHA256 of "id.timestamp.body">). Undelivered events stay in the database, are
// retried with exponential backoff and survive a restart; an API request never waits on delivery.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "db.h"

namespace httplib {
class Client;
}

namespace flowkit::sandbox::webhooks {

// Inside the caller's transaction: records one event for the app when it has a webhook URL (no-op
// otherwise). The body is {"event", "<object>_id", "created"} and never carries personal data.
void flow_updated(database& db, const std::string& app_id, const std::string& flow_id, std::int64_t now);
void payout_link_updated(database& db, const std::string& app_id, const std::string& link_id, std::int64_t now);
void transfer_updated(database& db, const std::string& app_id, const std::string& transfer_id, std::int64_t now);

// Svix signing. A secret is "whsec_<base64 key>" (the key is the decoded part) or any other text
// (used as the key as is). key_of returns nullopt for "whsec_" followed by malformed base64.
std::optional<std::string> key_of(std::string_view secret);
std::string signature(std::string_view key, std::string_view msg_id, std::int64_t timestamp_s,
                      std::string_view body);  // "v1,<base64 HMAC-SHA256>"
std::string new_secret();                       // "whsec_" + base64 of 32 random bytes
bool valid_url(std::string_view url);          // http(s)://host[:port][/path]

struct settings {
  std::optional<std::string> url, secret;
  bool secret_generated = false;
};
// At start, after the app's credentials: the app's webhook URL and secret; when a URL is set and no
// secret was ever given, generates one and keeps it in the database (so it stays the same). The
// secret is stored sealed under the data key (seal_secret); one stored in clear by an older sandbox
// is sealed now.
settings prepare(database& db, const std::string& app_id, const std::string& data_key);
std::string seal_secret(std::string_view secret, const std::string& data_key);  // what apps.webhook_secret holds
std::optional<std::string> open_secret(const std::optional<std::string>& stored,
                                       const std::string& data_key);  // sealed -> clear; clear (older) as is

struct delivery_policy {
  std::int64_t retry_base_ms = 1000;           // first retry after this long, doubling after each failure
  std::int64_t retry_cap_ms = 10 * 60 * 1000;  // longest wait between two attempts
  int max_attempts = 15;                       // then the event is "dead"
  int timeout_s = 5;                           // connect / read / write timeout of one attempt
};

// The delivery thread: POSTs due pending events (oldest first), marks them delivered on 2xx and
// otherwise reschedules them (retry_base_ms * 2^(attempts-1), capped) until max_attempts. Woken by
// new events. stop() (also the destructor) aborts an attempt in flight (the event stays pending)
// and joins the thread.
class worker {
 public:
  worker(database& db, delivery_policy policy, std::string data_key);  // data_key opens the stored secret
  ~worker() { stop(); }
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;
  void stop();

 private:
  void run();
  database& db_;
  delivery_policy policy_;
  std::string data_key_;
  std::atomic<bool> stopping_{false};
  std::mutex client_mutex_;
  httplib::Client* active_ = nullptr;  // the attempt in flight (guarded by client_mutex_), stopped by stop()
  std::thread thread_;
};

}  // namespace flowkit::sandbox::webhooks
