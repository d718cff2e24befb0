// Webhooks (see webhooks.h): the outbox writes, Svix signatures, and the delivery thread.
#include "webhooks.h"

#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "crypto.h"
#include "http_util.h"

namespace flowkit::sandbox::webhooks {

namespace {

constexpr std::string_view k_secret_prefix = "whsec_";

// Wakes the delivery thread when an event is written (it may run before the writer commits: the
// thread then waits on the database lock, and finds the event once the commit is done).
struct wake_state {
  std::mutex mutex;
  std::condition_variable cv;
  std::uint64_t seq = 0;
};
wake_state& wake() {
  static wake_state w;
  return w;
}
void poke() {
  {
    std::lock_guard<std::mutex> lock(wake().mutex);
    ++wake().seq;
  }
  wake().cv.notify_all();
}

void enqueue(database& db, const std::string& app_id, const char* event, const char* id_field, const std::string& id,
             std::int64_t now) {
  const std::string body = nlohmann::ordered_json{{"event", event}, {id_field, id}, {"created", iso_time(now)}}.dump();
  db.query(
        "INSERT INTO webhook_events (msg_id, app_id, event, object_id, payload, next_attempt_ms, created_ms) "
        "SELECT ?1, id, ?2, ?3, ?4, ?5, ?5 FROM apps WHERE id = ?6 AND webhook_url IS NOT NULL AND webhook_url != ''",
        "msg_" + random_hex(12), event, id, body, now, app_id)
      .run();
  if (db.changes() > 0) poke();
}

std::string base64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// "http://h:1/a?b" -> {"http://h:1", "/a?b"}; nullopt when it is not an http(s) URL with a host.
std::optional<std::pair<std::string, std::string>> split_url(std::string_view url) {
  std::size_t scheme_end = 0;
  if (url.rfind("http://", 0) == 0) scheme_end = 7;
  else if (url.rfind("https://", 0) == 0) scheme_end = 8;
  else return std::nullopt;
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  std::size_t path = url.find_first_of("/?#", scheme_end);
  std::string origin(url.substr(0, path));
  if (origin.size() == scheme_end || origin.find('@') != std::string::npos) return std::nullopt;
  std::string rest = path == std::string_view::npos ? "/" : std::string(url.substr(path));
  if (auto hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
  if (rest.empty() || rest[0] != '/') rest.insert(0, "/");
  return std::make_pair(origin, rest);
}

std::int64_t backoff_ms(const delivery_policy& p, int attempts) {  // wait after the attempts-th failure
  std::int64_t wait = std::max<std::int64_t>(p.retry_base_ms, 1);
  const std::int64_t cap = std::max(p.retry_cap_ms, wait);
  for (int i = 1; i < attempts && wait < cap; ++i) wait *= 2;
  return std::min(wait, cap);
}

struct due_event {
  std::int64_t id = 0;
  std::string msg_id, event, payload;
  int attempts = 0;
  std::optional<std::string> url, secret;
};

struct outcome {
  bool delivered = false;
  bool aborted = false;  // stopped by shutdown: the attempt does not count
  int status = 0;        // HTTP status, 0 when none
  std::string error;
};

}  // namespace

void flow_updated(database& db, const std::string& app_id, const std::string& flow_id, std::int64_t now) {
  enqueue(db, app_id, "flow.updated", "flow_id", flow_id, now);
}

void payout_link_updated(database& db, const std::string& app_id, const std::string& link_id, std::int64_t now) {
  enqueue(db, app_id, "payout_link.updated", "payout_link_id", link_id, now);
}

void transfer_updated(database& db, const std::string& app_id, const std::string& transfer_id, std::int64_t now) {
  enqueue(db, app_id, "transfer.updated", "transfer_id", transfer_id, now);
}

std::optional<std::string> key_of(std::string_view secret) {
  if (secret.substr(0, k_secret_prefix.size()) != k_secret_prefix) return std::string(secret);
  auto key = base64_decode(secret.substr(k_secret_prefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string signature(std::string_view key, std::string_view msg_id, std::int64_t timestamp_s, std::string_view body) {
  const std::string signed_content = std::string(msg_id) + "." + std::to_string(timestamp_s) + "." + std::string(body);
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_content.data()),
                                signed_content.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return "v1," + base64(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string new_secret() {
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string secret = std::string(k_secret_prefix) + base64(raw);
  wipe(raw);
  return secret;
}

bool valid_url(std::string_view url) { return split_url(url).has_value(); }

std::string seal_secret(std::string_view secret, const std::string& data_key) {
  return seal("flowkit-webhook-secret-v1:" + std::string(secret), data_key);
}

std::optional<std::string> open_secret(const std::optional<std::string>& stored, const std::string& data_key) {
  if (!stored || stored->empty()) return stored;
  static const std::string tag = "flowkit-webhook-secret-v1:";
  if (auto clear = unseal(*stored, data_key); clear && clear->rfind(tag, 0) == 0) return clear->substr(tag.size());
  return stored;  // written in clear by an older sandbox
}

settings prepare(database& db, const std::string& app_id, const std::string& data_key) {
  return db.transaction([&](database& db) {
    settings s;
    std::optional<std::string> stored;
    {
      auto st = db.query("SELECT webhook_url, webhook_secret FROM apps WHERE id = ?1", app_id);
      if (st.step()) {
        s.url = st.opt_text(0);
        stored = st.opt_text(1);
      }
    }
    s.secret = open_secret(stored, data_key);
    if (s.url && s.url->empty()) s.url.reset();
    if (s.url && (!s.secret || s.secret->empty())) {
      s.secret = new_secret();
      s.secret_generated = true;
    }
    if (s.secret && !s.secret->empty() && (s.secret_generated || open_secret(stored, data_key) == stored))
      db.query("UPDATE apps SET webhook_secret = ?1 WHERE id = ?2", seal_secret(*s.secret, data_key), app_id).run();
    return s;
  });
}

worker::worker(database& db, delivery_policy policy, std::string data_key)
    : db_(db), policy_(policy), data_key_(std::move(data_key)), thread_([this] { run(); }) {}

void worker::stop() {
  {
    std::lock_guard<std::mutex> lock(wake().mutex);  // no lost wake-up between the check and the wait
    stopping_ = true;
  }
  wake().cv.notify_all();
  // Abort an attempt in flight; repeat until the thread has let go of it (a stop() can land just
  // before the request opens its socket).
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(client_mutex_);
      if (!active_) break;
      active_->stop();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (thread_.joinable()) thread_.join();
}

void worker::run() {
  auto attempt = [&](const due_event& e) -> outcome {
    outcome out;
    auto target = e.url ? split_url(*e.url) : std::nullopt;
    auto key = e.secret ? key_of(*e.secret) : std::nullopt;
    if (!target) return {false, false, 0, "no valid webhook url"};
    if (!key) return {false, false, 0, "no valid webhook secret"};
    httplib::Client client(target->first);
    if (!client.is_valid()) return {false, false, 0, "cannot reach " + target->first};
    client.set_connection_timeout(policy_.timeout_s);
    client.set_read_timeout(policy_.timeout_s);
    client.set_write_timeout(policy_.timeout_s);
    client.set_keep_alive(false);
    client.set_follow_location(false);
    const std::int64_t timestamp = now_ms() / 1000;
    httplib::Headers headers = {
        {"svix-id", e.msg_id},
        {"svix-timestamp", std::to_string(timestamp)},
        {"svix-signature", signature(*key, e.msg_id, timestamp, e.payload)},
        {"User-Agent", "flowkit-sandbox-webhooks/1"},
    };
    {
      std::lock_guard<std::mutex> lock(client_mutex_);
      if (stopping_) return {false, true, 0, "stopped"};
      active_ = &client;
    }
    httplib::Result res = client.Post(target->second, headers, e.payload, "application/json");
    {
      std::lock_guard<std::mutex> lock(client_mutex_);
      active_ = nullptr;
    }
    if (res && res->status >= 200 && res->status < 300) return {true, false, res->status, ""};
    if (stopping_) return {false, true, 0, "stopped"};
    if (res) return {false, false, res->status, "HTTP " + std::to_string(res->status)};
    return {false, false, 0, httplib::to_string(res.error())};
  };

  auto record = [&](const due_event& e, const outcome& o) {
    const int attempts = e.attempts + 1;
    const std::int64_t now = now_ms();
    std::string note;
    db_.transaction([&](database& db) {
      if (o.delivered) {
        db.query(
              "UPDATE webhook_events SET status = 'delivered', attempts = ?2, last_status = ?3, last_error = NULL, "
              "delivered_ms = ?4 WHERE id = ?1 AND status = 'pending'",
              e.id, attempts, o.status, now)
            .run();
      } else if (attempts >= policy_.max_attempts) {
        db.query(
              "UPDATE webhook_events SET status = 'dead', attempts = ?2, last_status = ?3, last_error = ?4 "
              "WHERE id = ?1 AND status = 'pending'",
              e.id, attempts, o.status, o.error)
            .run();
        note = "gave up after " + std::to_string(attempts) + " attempts";
      } else {
        const std::int64_t wait = backoff_ms(policy_, attempts);
        db.query(
              "UPDATE webhook_events SET attempts = ?2, last_status = ?3, last_error = ?4, next_attempt_ms = ?5 "
              "WHERE id = ?1 AND status = 'pending'",
              e.id, attempts, o.status, o.error, now + wait)
            .run();
        note = "retrying in " + std::to_string(wait) + " ms";
      }
    });
    if (!o.delivered)
      log_line("flowkit-sandbox webhook " + e.msg_id + " (" + e.event + "): attempt " + std::to_string(attempts) +
               " failed (" + o.error + "); " + note);
  };

  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> lock(wake().mutex);
      if (stopping_) return;
      seen = wake().seq;
    }
    std::vector<due_event> due;
    std::optional<std::int64_t> next_due;
    try {
      db_.transaction([&](database& db) {
        const std::int64_t now = now_ms();
        {
          auto st = db.query(
              "SELECT e.id, e.msg_id, e.event, e.payload, e.attempts, a.webhook_url, a.webhook_secret "
              "FROM webhook_events e JOIN apps a ON a.id = e.app_id "
              "WHERE e.status = 'pending' AND e.next_attempt_ms <= ?1 ORDER BY e.id LIMIT 16",
              now);
          while (st.step())
            due.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), static_cast<int>(st.integer(4)),
                           st.opt_text(5), open_secret(st.opt_text(6), data_key_)});
        }
        if (due.empty()) {
          auto st = db.query("SELECT MIN(next_attempt_ms) FROM webhook_events WHERE status = 'pending'");
          if (st.step() && !st.is_null(0)) next_due = st.integer(0);
        }
      });
    } catch (const std::exception& ex) {
      log_line(std::string("error: webhooks could not read the outbox: ") + ex.what());
    }

    for (const auto& e : due) {
      outcome o = attempt(e);
      if (o.aborted) return;  // shutting down: the event stays pending for the next start
      try {
        record(e, o);
      } catch (const std::exception& ex) {
        log_line(std::string("error: webhooks could not record a delivery: ") + ex.what());
      }
    }
    if (!due.empty()) continue;

    // Nothing due: sleep until the next retry, a new event or stop (at most a minute, in case the
    // clock moves).
    std::int64_t wait_ms = 60 * 1000;
    if (next_due) wait_ms = std::clamp<std::int64_t>(*next_due - now_ms(), 0, wait_ms);
    std::unique_lock<std::mutex> lock(wake().mutex);
    wake().cv.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stopping_ || wake().seq != seen; });
  }
}

}  // namespace flowkit::sandbox::webhooks
