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
#include "webhooks.h"

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

namespace {

// The key of the api key hashes: derived from the data key (kept outside the database), set once
// at start before the server takes requests and never changed afterwards.
std::string g_api_key_hash_key;

std::string api_key_hash(std::string_view api_key) { return hash_hex("flowkit-api-key-v1:" + std::string(api_key), g_api_key_hash_key); }

// A generated api key is derived from a random nonce (stored) and the data key (not stored), so
// a restart can print it again while the database holds only its hash.
std::string derived_api_key(std::string_view nonce) {
  return "sk_sandbox_" + hash_hex("flowkit-api-key-derive-v1:" + std::string(nonce), g_api_key_hash_key, 24);
}

}  // namespace

app_credentials prepare_sandbox(sandbox& sb) {
  if (sb.data_key.size() != k_data_key_bytes) throw db_error("prepare_data_key must run before prepare_sandbox");
  g_api_key_hash_key = hash_hex("flowkit-api-key-hash-key-v1", sb.data_key, 32).substr(0, 64);
  return sb.db->transaction([&](database& db) {
    app_credentials c;
    c.client_id = sb.cfg.client_id.value_or(setting(db, "default_client_id").value_or(""));
    if (c.client_id.empty()) {
      c.client_id = new_uuid();
      c.generated = true;
    }
    std::optional<std::string> stored_clear, stored_hash, stored_nonce;
    {
      auto st = db.query("SELECT id, api_key, api_key_hash, api_key_nonce FROM apps WHERE client_id = ?1", c.client_id);
      if (st.step()) {
        c.app_id = st.text(0);
        if (!st.text(1).empty()) stored_clear = st.text(1);  // written by an older sandbox: hashed now
        stored_hash = st.opt_text(2);
        stored_nonce = st.opt_text(3);
      }
    }
    std::optional<std::string> nonce;
    std::optional<std::string> hash;
    if (sb.cfg.api_key) {
      c.api_key = *sb.cfg.api_key;
    } else if (stored_clear) {
      c.api_key = *stored_clear;
    } else if (stored_nonce && stored_hash && equal_constant_time(api_key_hash(derived_api_key(*stored_nonce)), *stored_hash)) {
      c.api_key = derived_api_key(*stored_nonce);
      nonce = stored_nonce;
    } else if (stored_hash) {
      hash = stored_hash;  // given by a flag on an earlier start: only its hash is known, and it stays valid
    } else {
      nonce = random_hex(16);
      c.api_key = derived_api_key(*nonce);
      c.generated = true;
    }
    if (!hash) hash = api_key_hash(c.api_key);
    if (c.app_id.empty()) {
      c.app_id = new_uuid();
      db.query("INSERT INTO apps (id, client_id, api_key, api_key_hash, api_key_nonce, created_ms) "
               "VALUES (?1, ?2, '', ?3, ?4, ?5)",
               c.app_id, c.client_id, *hash, nonce, now_ms())
          .run();
    } else {
      db.query("UPDATE apps SET api_key = '', api_key_hash = ?1, api_key_nonce = ?2 WHERE id = ?3", *hash, nonce,
               c.app_id)
          .run();
    }
    // Rotation: only the app started now answers; the credentials of every other app stop working
    // (their data stays, and starting with their client id and a key again brings them back).
    db.query("UPDATE apps SET api_key = '', api_key_hash = NULL, api_key_nonce = NULL WHERE id != ?1", c.app_id).run();
    if (sb.cfg.webhook_url) db.query("UPDATE apps SET webhook_url = ?1 WHERE id = ?2", *sb.cfg.webhook_url, c.app_id).run();
    if (sb.cfg.webhook_secret)
      db.query("UPDATE apps SET webhook_secret = ?1 WHERE id = ?2", webhooks::seal_secret(*sb.cfg.webhook_secret, sb.data_key),
               c.app_id)
          .run();
    put_setting(db, "default_client_id", c.client_id);
    ledger::ensure_app_funded(db, c.app_id, now_ms());  // a new app starts with $100.00

    // The link key (it derives every flow's link secret) is stored sealed under the data key; one
    // stored in clear by an older sandbox is sealed now (flows keep their links).
    static const std::string tag = "flowkit-link-key-v1:";
    auto stored = setting(db, "link_key");
    std::optional<std::string> key;
    if (stored) {
      auto clear = unseal(*stored, sb.data_key);
      key = clear && clear->rfind(tag, 0) == 0 ? clear->substr(tag.size()) : *stored;
    }
    if (!key) key = random_hex(32);
    if (!stored || *key == *stored) put_setting(db, "link_key", seal(tag + *key, sb.data_key));
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
  auto st = db.query("SELECT id, api_key_hash FROM apps WHERE client_id = ?1", client_id);
  if (!st.step() || st.is_null(1)) return std::nullopt;  // unknown, or revoked by a rotation
  // Keyed digests of the same size: the comparison time does not depend on where the keys differ.
  if (!equal_constant_time(api_key_hash(api_key), st.text(1))) return std::nullopt;
  return st.text(0);
}

}  // namespace flowkit::sandbox
