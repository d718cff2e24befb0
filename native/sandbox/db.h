// SQLite access for the sandbox: one connection guarded by a mutex, cached prepared
// statements, and the schema migration run on open (PRAGMA user_version).
// Callers do all their reads and writes inside database::transaction().
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace flowkit::sandbox {

struct db_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A prepared statement borrowed from the connection's cache; reset when it goes away.
// Two live statements with the same SQL text share one handle: finish one before the other.
class statement {
 public:
  explicit statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  statement(statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ~statement();

  statement& bind(int index, std::string_view value);  // 1-based index, like SQLite
  statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  statement& bind(int index, std::int64_t value);
  statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  statement& bind(int index, std::nullopt_t);
  statement& bind(int index, const std::optional<std::string>& value);
  statement& bind(int index, const std::optional<std::int64_t>& value);

  bool step();                                          // true while a row is available; throws db_error
  void run() { while (step()) {} }                      // steps to completion
  bool is_null(int column) const;                       // 0-based columns
  std::string text(int column) const;                   // "" when NULL
  std::optional<std::string> opt_text(int column) const;
  std::int64_t integer(int column) const;               // 0 when NULL

 private:
  sqlite3_stmt* stmt_;
};

class database {
 public:
  // Opens (creating, mode 0600), sets WAL + busy_timeout, migrates; throws db_error. durable = false
  // (synchronous=NORMAL) only for measuring what FULL costs (--sqlite-synchronous normal).
  explicit database(const std::string& path, bool durable = true);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  template <class... Args>
  statement query(std::string_view sql, const Args&... args) {  // caller must hold the lock (inside transaction())
    statement st = prepare(sql);
    int i = 0;
    (st.bind(++i, args), ...);
    return st;
  }
  void exec(std::string_view sql);  // runs one or more statements without parameters
  std::int64_t changes() const;     // rows changed by the last statement

  // Runs fn(*this) under the connection lock inside BEGIN IMMEDIATE ... COMMIT; an exception
  // rolls back and propagates. Returns what fn returns.
  template <class Fn>
  auto transaction(Fn&& fn) -> decltype(fn(*this)) {
    std::lock_guard<std::mutex> lock(mutex_);
    exec("BEGIN IMMEDIATE");
    try {
      if constexpr (std::is_void_v<decltype(fn(*this))>) {
        fn(*this);
        exec("COMMIT");
      } else {
        auto result = fn(*this);
        exec("COMMIT");
        return result;
      }
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

 private:
  statement prepare(std::string_view sql);
  void migrate();
  void rollback_quietly() noexcept;

  sqlite3* conn_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::mutex mutex_;
};

}  // namespace flowkit::sandbox
