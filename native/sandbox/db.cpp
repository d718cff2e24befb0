// SQLite connection, statement cache and schema migrations for the sandbox.
// The schema is versioned with PRAGMA user_version; pending steps run in one transaction on open.
#include "db.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <vector>

namespace flowkit::sandbox {

namespace {

// Migration N brings the schema from user_version N to N+1. Append only; never edit a shipped step.
const std::vector<const char*> k_migrations = {
    R"sql(
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE apps (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  api_key TEXT NOT NULL,
  webhook_url TEXT,
  webhook_secret TEXT,
  created_ms INTEGER NOT NULL);
CREATE TABLE users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  first_name TEXT, last_name TEXT, email TEXT, username TEXT,
  country_code TEXT NOT NULL,
  national_number TEXT NOT NULL,
  phone_e164 TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unverified',
  metadata TEXT,
  created_ms INTEGER NOT NULL,
  deleted_ms INTEGER);
CREATE UNIQUE INDEX users_live_phone ON users(app_id, phone_e164) WHERE deleted_ms IS NULL;
CREATE INDEX users_app_seq ON users(app_id, seq);
CREATE TABLE flows (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  user_id TEXT,
  created_with_user INTEGER NOT NULL,
  steps TEXT NOT NULL,
  completed_steps TEXT NOT NULL,
  metadata TEXT,
  payout_link_id TEXT,
  created_ms INTEGER NOT NULL);
CREATE INDEX flows_app_seq ON flows(app_id, seq);
CREATE TABLE widget_sessions (
  token_hash TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL REFERENCES flows(id),
  verified_user_id TEXT,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL);
CREATE INDEX widget_sessions_expiry ON widget_sessions(expires_ms);
CREATE TABLE one_time_codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scope TEXT NOT NULL,
  app_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  phone_e164 TEXT NOT NULL,
  salt TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  consumed_ms INTEGER);
CREATE INDEX one_time_codes_scope ON one_time_codes(scope, id);
)sql",
    // 1 -> 2: tax information (W-9 / W-8BEN), one current submission per user. The form itself is
    // only in `sealed` (crypto_secretbox under the data key); the other columns hold nothing personal.
    R"sql(
CREATE TABLE compliance (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  form TEXT NOT NULL,
  tin_type TEXT,
  tin_masked TEXT,
  tax_id_collected INTEGER NOT NULL,
  address_collected INTEGER NOT NULL,
  date_of_birth_collected INTEGER NOT NULL,
  tin_verification TEXT NOT NULL,
  sealed TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL);
)sql",
    // 2 -> 3: payout methods, several per user, at most one default (the partial unique index
    // refuses a second one), and the user's auto-payout switch. Account numbers, routing numbers,
    // IBANs, phone numbers and emails are only in `sealed` (crypto_secretbox under the data key);
    // `identity_hash` is a keyed BLAKE2b of the user and the account, to find a method already on file.
    R"sql(
CREATE TABLE payout_methods (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  platform TEXT NOT NULL,
  description TEXT NOT NULL,
  mask TEXT NOT NULL,
  account_type TEXT,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  identity_hash TEXT NOT NULL,
  sealed TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL);
CREATE UNIQUE INDEX payout_methods_one_default ON payout_methods(user_id) WHERE is_default = 1;
CREATE UNIQUE INDEX payout_methods_identity ON payout_methods(user_id, identity_hash);
CREATE INDEX payout_methods_user_seq ON payout_methods(user_id, seq);
ALTER TABLE users ADD COLUMN auto_payout INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3 -> 4: money. The ledger (ledger.h): every movement is a posting of transactions (source ->
    // destination, amount > 0), each written as two entries (-amount, +amount), so entries sum to zero;
    // ledger_balances caches each account's sum (only sandbox funding may go below zero). Transfers
    // (balance moves and payouts on the simulated rail), payout links with their escrow, payout
    // requests, and idempotency keys stored with the response they produced.
    R"sql(
CREATE TABLE ledger_transactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id TEXT NOT NULL,
  posting_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  destination TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  transfer_id TEXT,
  payout_link_id TEXT,
  user_id TEXT,
  metadata TEXT,
  created_ms INTEGER NOT NULL);
CREATE INDEX ledger_transactions_app ON ledger_transactions(app_id, id);
CREATE INDEX ledger_transactions_transfer ON ledger_transactions(transfer_id) WHERE transfer_id IS NOT NULL;
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  posting_id TEXT NOT NULL,
  account TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount != 0));
CREATE INDEX ledger_entries_account ON ledger_entries(account);
CREATE INDEX ledger_entries_posting ON ledger_entries(posting_id);
CREATE TABLE ledger_balances (
  account TEXT PRIMARY KEY,
  app_id TEXT NOT NULL,
  balance INTEGER NOT NULL,
  CHECK (balance >= 0 OR account LIKE 'funding:%'));
CREATE TABLE transfers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  user_id TEXT,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  amount INTEGER NOT NULL,
  fee INTEGER NOT NULL DEFAULT 0,
  net INTEGER NOT NULL DEFAULT 0,
  fee_party TEXT,
  funded INTEGER NOT NULL DEFAULT 0,
  platform TEXT,
  payout_method_id TEXT,
  description TEXT,
  payout_link_id TEXT,
  flow_id TEXT,
  external_id TEXT,
  tax_exempt INTEGER NOT NULL DEFAULT 0,
  metadata TEXT,
  failure_code TEXT,
  created_ms INTEGER NOT NULL,
  due_ms INTEGER,
  settles_ms INTEGER,
  completed_ms INTEGER,
  failed_ms INTEGER);
CREATE INDEX transfers_app_seq ON transfers(app_id, seq);
CREATE INDEX transfers_due ON transfers(due_ms) WHERE due_ms IS NOT NULL;
CREATE TABLE payout_links (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  user_id TEXT,
  claimed_user_id TEXT,
  payee TEXT,
  delivery TEXT,
  memo TEXT,
  metadata TEXT,
  tax_exempt INTEGER NOT NULL DEFAULT 0,
  payout_fee_party TEXT NOT NULL DEFAULT 'user',
  payout_request_id TEXT,
  created_ms INTEGER NOT NULL,
  claimed_ms INTEGER,
  delivered_ms INTEGER,
  canceled_ms INTEGER);
CREATE INDEX payout_links_app_seq ON payout_links(app_id, seq);
CREATE TABLE payout_requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL,
  user_id TEXT,
  payee TEXT,
  memo TEXT,
  metadata TEXT,
  payout_link_id TEXT,
  created_ms INTEGER NOT NULL,
  decided_ms INTEGER);
CREATE INDEX payout_requests_app_seq ON payout_requests(app_id, seq);
CREATE TABLE idempotency_keys (
  app_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (app_id, key));
)sql",
    // 4 -> 5: the webhook outbox (webhooks.h). One row per event, written in the transaction of the
    // change that causes it; status pending -> delivered | dead (after the last retry).
    R"sql(
CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  msg_id TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL REFERENCES apps(id),
  event TEXT NOT NULL,
  object_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  created_ms INTEGER NOT NULL,
  delivered_ms INTEGER);
CREATE INDEX webhook_events_due ON webhook_events(next_attempt_ms) WHERE status = 'pending';
)sql",
    // 5 -> 6: api keys at rest only as a keyed hash (sandbox.cpp); `api_key` is left empty. A generated
    // key is derived from `api_key_nonce` and the data key. A NULL hash is a revoked key.
    R"sql(
ALTER TABLE apps ADD COLUMN api_key_hash TEXT;
ALTER TABLE apps ADD COLUMN api_key_nonce TEXT;
)sql",
    // 6 -> 7: the ledger check (GET /api/v2/sandbox/ledger) looks up the entries of each transaction;
    // without this index every lookup scanned all entries (quadratic, under the database lock).
    R"sql(
CREATE INDEX ledger_entries_transaction ON ledger_entries(transaction_id);
)sql",
    // 7 -> 8: the per-phone limits on one-time codes count a phone's codes of the last hour.
    R"sql(
CREATE INDEX one_time_codes_phone ON one_time_codes(phone_e164, created_ms);
)sql",
};

[[noreturn]] void throw_sqlite(sqlite3* conn, std::string_view what) {
  throw db_error(std::string(what) + ": " + (conn ? sqlite3_errmsg(conn) : "out of memory"));
}

}  // namespace

statement::~statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

statement& statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    throw_sqlite(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

statement& statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

statement& statement::bind(int index, std::nullopt_t) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), "bind");
  return *this;
}

statement& statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind(index, std::nullopt);
}

statement& statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind(index, std::nullopt);
}

bool statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(sqlite3_db_handle(stmt_), "step");
}

bool statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> statement::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

database::database(const std::string& path, bool durable) {
  // The database, its WAL and SHM hold secrets (webhook secret, link key, hashes): owner only.
  // SQLite creates the WAL and SHM with the database file's mode; the umask covers the first
  // creation, the chmod files left by an older sandbox.
  const mode_t old_mask = ::umask(077);
  struct restore_mask {
    mode_t mask;
    ~restore_mask() { ::umask(mask); }
  } restore{old_mask};
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) ::chmod(file.c_str(), 0600);
  }
  if (sqlite3_open_v2(path.c_str(), &conn_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = conn_ ? sqlite3_errmsg(conn_) : "out of memory";
    sqlite3_close(conn_);
    conn_ = nullptr;
    throw db_error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(conn_, 5000);
  exec("PRAGMA journal_mode=WAL");
  // FULL: a committed ledger posting survives power loss (NORMAL in WAL mode may lose the last
  // commits). Costs one fsync of the WAL per transaction (see native/sandbox/README.md).
  exec(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  migrate();
}

database::~database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(conn_);
}

void database::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(conn_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw db_error("exec: " + msg);
  }
}

std::int64_t database::changes() const { return sqlite3_changes(conn_); }

statement database::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(conn_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      throw_sqlite(conn_, "prepare");
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return statement(it->second);
}

void database::rollback_quietly() noexcept {
  sqlite3_exec(conn_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void database::migrate() {
  std::lock_guard<std::mutex> lock(mutex_);
  exec("BEGIN IMMEDIATE");
  try {
    std::int64_t version = 0;
    {
      statement st = prepare("PRAGMA user_version");
      if (st.step()) version = st.integer(0);
    }
    if (version > static_cast<std::int64_t>(k_migrations.size()))
      throw db_error("database schema version " + std::to_string(version) + " is newer than this sandbox (" +
                     std::to_string(k_migrations.size()) + ")");
    for (auto v = static_cast<std::size_t>(version); v < k_migrations.size(); ++v) {
      exec(k_migrations[v]);
      exec("PRAGMA user_version=" + std::to_string(v + 1));
    }
    exec("COMMIT");
  } catch (...) {
    rollback_quietly();
    throw;
  }
}

}  // namespace flowkit::sandbox
