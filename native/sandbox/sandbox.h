// The sandbox's shared state: configuration from the flags, the database, the SMS outbox and
// the key that derives flow links. Route files (app_api, widget_api, static_files) register
// their handlers on the server and keep no state of their own.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "otp.h"

namespace flowkit::sandbox {

struct config {
  std::string host = "127.0.0.1";
  int port = 8080;                                // 0 picks a free port
  std::string db_path = "./flowkit-sandbox.db";
  std::optional<std::string> client_id, api_key;  // from flags or the environment
  std::vector<std::string> allowed_origins;       // host pages allowed to embed flows ("https://app.example")
  std::optional<std::string> webhook_url, webhook_secret;
  std::int64_t webhook_retry_base_ms = 1000;      // first webhook retry; doubles per failure (webhooks.h)
  int webhook_max_attempts = 15;                  // then the event is given up ("dead")
  std::optional<std::string> data_key_hex;        // --data-key / FLOWKIT_DATA_KEY: 64 hex characters
  std::string public_url;                         // base of links; "" -> http://HOST:PORT
  std::string widget_dir;                         // built widget files; "" -> /flow/{id} answers 503
  std::int64_t widget_session_ttl_s = 1800;
  std::int64_t preauth_window_s = 900;
  std::int64_t resend_cooldown_s = 30;
  std::int64_t code_ttl_s = 600;
  int phone_sends_per_hour = 10;       // codes to one phone number, across flows and the app API
  int phone_failures_per_hour = 10;    // wrong codes for one phone number; then it is locked
  int address_sends_per_hour = 100;    // widget code requests from one client address
  int address_verifies_per_hour = 300; // widget code checks from one client address
  std::int64_t rail_delay_ms = 3000;              // a payout settles this long after it was created
  bool log_requests = false;
  int request_timeout_ms = 10000;                 // headers, then body, each within this (http_server.h)
  bool durable = true;                            // --sqlite-synchronous full (default) | normal (benchmarks only)
  std::string app_name = "Sandbox Platform";       // the platform's display name: page titles, payout-link landings
};

struct sandbox {
  config cfg;
  std::unique_ptr<database> db;
  sms_outbox outbox;
  sms_outbox emails{"Email"};             // payout links delivered by e-mail
  std::string link_key;                   // hex; derives each flow's link secret
  std::string data_key;                   // 32 raw bytes; encrypts tax forms (crypto_secretbox)
  std::vector<std::string> cors_origins;  // own origin(s) + allowed origins

  hourly_limiter address_sends, address_verifies;  // per client address (widget only; the app API is authenticated)

  code_policy codes() const {
    return {cfg.code_ttl_s, cfg.resend_cooldown_s, 5, cfg.phone_sends_per_hour, cfg.phone_failures_per_hour};
  }
  std::string link_secret(const std::string& flow_id) const;  // 128-bit hex, stable for a flow
  std::string link_for(const std::string& flow_id) const;     // {public_url}/flow/{id}#s={secret}
};

struct app_credentials {
  std::string app_id, client_id, api_key;
  bool generated = false;  // true when this start created new credentials
};

// Resolves the app's credentials (flags/env, else the ones stored, else new random ones),
// stores them and the webhook settings, and loads (or creates) the link key. The database keeps
// only a keyed hash of the api key (key derived from the data key: call prepare_data_key first);
// a generated key is derived from a stored nonce and the data key, so it can be printed again.
// Every other app's credentials are revoked (rotation). api_key is "" when it was given by a flag
// on an earlier start and not now: only its hash is known (it still works).
app_credentials prepare_sandbox(sandbox& sb);
// Loads the data key: the flag/env value, else `<db path>.key` (created 0600 with a new random
// key on the first start). Refuses (db_error) a key that does not match the one the database's
// encrypted rows were written with, and never replaces a lost key file silently.
void prepare_data_key(sandbox& sb);
void set_public_origins(sandbox& sb, int bound_port);  // fills public_url (when unset) and cors_origins
std::optional<std::string> authenticate_app(database& db, const std::string& client_id,
                                            const std::string& api_key);  // app id; inside a transaction

void register_app_api(httplib::Server& server, sandbox& sb);     // also calls register_money_api
void register_money_api(httplib::Server& server, sandbox& sb);   // money_api.cpp
void register_widget_api(httplib::Server& server, sandbox& sb);  // also calls register_widget_money
void register_widget_money(httplib::Server& server, sandbox& sb);  // widget_money.cpp
void register_static_files(httplib::Server& server, sandbox& sb);

}  // namespace flowkit::sandbox
