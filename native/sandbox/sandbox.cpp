// Start-up state of the sandbox: the app's credentials, the link key, the public origins.
// Credentials are kept in the database so a restarted sandbox accepts the same api key.
#include "sandbox.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crypto.h"
#include "http_util.h"
#include "ledger.h"

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
    ledger::ensure_app_funded(db, c.app_id, now_ms());  // a new app starts with $100.00

    auto key = setting(db, "link_key");
    if (!key) {
      key = random_hex(32);
      put_setting(db, "link_key", *key);
    }
    sb.link_key = *key;
    return c;
  });
}

namespace {

std::string key_from_hex(const std::string& hex, const std::string& where) {
  auto raw = hex.size() == 2 * k_data_key_bytes ? hex_decode(hex) : std::nullopt;
  if (!raw) throw db_error(where + " must hold 64 hex characters (a 32-byte data key)");
  return *raw;
}

std::optional<std::string> read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  std::string key = key_from_hex(text, "the data key file " + path);
  wipe(text);
  return key;
}

std::string create_key_file(const std::string& path) {
  std::string hex = random_hex(k_data_key_bytes);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw db_error("cannot create the data key file " + path + ": " + std::strerror(errno));
  std::string line = hex + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  wipe(line);
  if (!ok) {
    ::unlink(path.c_str());
    throw db_error("cannot write the data key file " + path);
  }
  std::string key = key_from_hex(hex, path);
  wipe(hex);
  return key;
}

}  // namespace

void prepare_data_key(sandbox& sb) {
  const std::string key_path = sb.cfg.db_path + ".key";
  std::optional<std::string> check = sb.db->transaction([](database& db) { return setting(db, "data_key_check"); });
  std::string key;
  bool created = false;
  if (sb.cfg.data_key_hex) {
    key = key_from_hex(*sb.cfg.data_key_hex, "--data-key (or FLOWKIT_DATA_KEY)");
  } else if (auto stored = read_key_file(key_path)) {
    key = std::move(*stored);
  } else if (check) {
    throw db_error("the data key file " + key_path + " is missing, but the database holds data encrypted with it; "
                   "restore the file or pass --data-key");
  } else {
    key = create_key_file(key_path);
    created = true;
  }
  // A keyed hash of a fixed text: tells whether a key is the database's one without revealing it.
  const std::string fingerprint = hash_hex("flowkit-data-key-check-v1", key, 16);
  if (check && !equal_constant_time(*check, fingerprint))
    throw db_error("the data key does not match the one " + sb.cfg.db_path + " was written with");
  if (!check) sb.db->transaction([&](database& db) { put_setting(db, "data_key_check", fingerprint); });
  sb.data_key = std::move(key);
  if (created) log_line("flowkit-sandbox: generated a new data key in " + key_path);
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
