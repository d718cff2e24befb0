// Start-up state of the sandbox: the app's credentials, the link key, the public origins.
// Credentials are kept in the database so a restarted sandbox accepts the same api key.
#include "sandbox.h"

#include "crypto.h"
#include "http_util.h"

namespace flowkit::sandbox {

namespace {

std::optional<std::string> setting(database& db, std::string_view key) {
  auto st = db.query("SELECT value FROM settings WHERE key = ?1", key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void put_setting(database& db, std::string_view key, std::string_view value) {
  db.query("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
           key, value)
      .run();
}

std::string origin_of(const std::string& url) {  // "http://h:1/x" -> "http://h:1"
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto path = url.find('/', scheme_end + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

std::string sandbox::link_secret(const std::string& flow_id) const {
  return hash_hex("flowkit-link-v1:" + flow_id, link_key, 16);
}

std::string sandbox::link_for(const std::string& flow_id) const {
  return cfg.public_url + "/flow/" + flow_id + "#s=" + link_secret(flow_id);
}

app_credentials prepare_sandbox(sandbox& sb) {
  return sb.db->transaction([&](database& db) {
    app_credentials c;
    c.client_id = sb.cfg.client_id.value_or(setting(db, "default_client_id").value_or(""));
    if (c.client_id.empty()) {
      c.client_id = new_uuid();
      c.generated = true;
    }
    std::optional<std::string> stored_key;
    {
      auto st = db.query("SELECT id, api_key FROM apps WHERE client_id = ?1", c.client_id);
      if (st.step()) {
        c.app_id = st.text(0);
        stored_key = st.text(1);
      }
    }
    c.api_key = sb.cfg.api_key.value_or(stored_key.value_or(""));
    if (c.api_key.empty()) {
      c.api_key = "sk_sandbox_" + random_hex(24);
      c.generated = true;
    }
    if (c.app_id.empty()) {
      c.app_id = new_uuid();
      db.query("INSERT INTO apps (id, client_id, api_key, created_ms) VALUES (?1, ?2, ?3, ?4)", c.app_id, c.client_id,
               c.api_key, now_ms())
          .run();
    } else {
      db.query("UPDATE apps SET api_key = ?1 WHERE id = ?2", c.api_key, c.app_id).run();
    }
    if (sb.cfg.webhook_url) db.query("UPDATE apps SET webhook_url = ?1 WHERE id = ?2", *sb.cfg.webhook_url, c.app_id).run();
    if (sb.cfg.webhook_secret)
      db.query("UPDATE apps SET webhook_secret = ?1 WHERE id = ?2", *sb.cfg.webhook_secret, c.app_id).run();
    put_setting(db, "default_client_id", c.client_id);

    auto key = setting(db, "link_key");
    if (!key) {
      key = random_hex(32);
      put_setting(db, "link_key", *key);
    }
    sb.link_key = *key;
    return c;
  });
}

void set_public_origins(sandbox& sb, int bound_port) {
  const std::string own = "http://" + sb.cfg.host + ":" + std::to_string(bound_port);
  if (sb.cfg.public_url.empty()) sb.cfg.public_url = own;
  while (!sb.cfg.public_url.empty() && sb.cfg.public_url.back() == '/') sb.cfg.public_url.pop_back();
  sb.cors_origins = {origin_of(sb.cfg.public_url), own};
  if (sb.cfg.host == "127.0.0.1") sb.cors_origins.push_back("http://localhost:" + std::to_string(bound_port));
  for (const auto& o : sb.cfg.allowed_origins) sb.cors_origins.push_back(o);
}

std::optional<std::string> authenticate_app(database& db, const std::string& client_id, const std::string& api_key) {
  auto st = db.query("SELECT id, api_key FROM apps WHERE client_id = ?1", client_id);
  if (!st.step()) return std::nullopt;
  // Compare digests so the comparison time does not depend on where the keys differ.
  if (!equal_constant_time(hash_hex(api_key), hash_hex(st.text(1)))) return std::nullopt;
  return st.text(0);
}

}  // namespace flowkit::sandbox
