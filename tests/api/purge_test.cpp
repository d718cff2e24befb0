// Expiry of stored data (native/sandbox/purge.h), in process on a temporary database with the
// clock passed in: what is past its age goes, what is fresh or still referenced stays.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "purge.h"

using namespace flowkit::sandbox;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t k_hour = 3600 * 1000;
constexpr std::int64_t k_day = 24 * k_hour;

std::int64_t count(database& db, const std::string& sql) {
  auto st = db.query(sql);
  return st.step() ? st.integer(0) : -1;
}

}  // namespace

TEST(purge, removes_what_is_past_its_age_and_keeps_the_rest) {
  crypto_init();
  std::string dir = (fs::temp_directory_path() / "flowkit-purge-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    database db(dir + "/purge.db");
    const std::int64_t t0 = 1700000000000;  // when everything below was created
    db.transaction([&](database& d) {
      d.query("INSERT INTO apps (id, client_id, api_key, created_ms) VALUES ('app', 'client', '', ?1)", t0).run();
      auto user = [&](const char* id, const char* phone, const char* status) {
        d.query("INSERT INTO users (id, app_id, country_code, national_number, phone_e164, status, created_ms) "
                "VALUES (?1, 'app', '1', ?2, ?3, ?4, ?5)",
                std::string(id), std::string(phone).substr(2), std::string(phone), std::string(status), t0)
            .run();
      };
      user("idle", "+14155550101", "unverified");       // goes after 30 days
      user("verified", "+14155550102", "verified");     // stays
      user("with-flow", "+14155550103", "unverified");  // referenced by a flow: stays
      user("with-money", "+14155550104", "unverified"); // has a wallet: stays
      d.query("INSERT INTO flows (id, app_id, user_id, created_with_user, steps, completed_steps, created_ms) "
              "VALUES ('flow', 'app', 'with-flow', 1, '[]', '[]', ?1)",
              t0)
          .run();
      ledger::posting p;
      p.app_id = "app";
      p.legs.push_back({"funding", ledger::funding("app"), ledger::user_wallet("with-money"), 100});
      ledger::post(d, p, t0);
      d.query("INSERT INTO widget_sessions (token_hash, flow_id, created_ms, expires_ms) VALUES ('old', 'flow', ?1, ?2)",
              t0, t0 + k_hour)
          .run();
      d.query("INSERT INTO widget_sessions (token_hash, flow_id, created_ms, expires_ms) VALUES ('live', 'flow', ?1, ?2)",
              t0, t0 + 60 * k_day)
          .run();
      d.query("INSERT INTO one_time_codes (scope, app_id, user_id, phone_e164, salt, code_hash, created_ms, expires_ms) "
              "VALUES ('s', 'app', 'idle', '+14155550101', 'x', 'y', ?1, ?2)",
              t0, t0 + 600 * 1000)
          .run();
      auto event = [&](const char* msg, const char* status, std::optional<std::int64_t> delivered) {
        d.query("INSERT INTO webhook_events (msg_id, app_id, event, object_id, payload, status, next_attempt_ms, "
                "created_ms, delivered_ms) VALUES (?1, 'app', 'flow.updated', 'flow', '{}', ?2, ?3, ?3, ?4)",
                std::string(msg), std::string(status), t0, delivered)
            .run();
      };
      event("msg_delivered", "delivered", t0);
      event("msg_pending", "pending", std::nullopt);
      return 0;
    });

    auto at = [&](std::int64_t now) { return db.transaction([&](database& d) { return purge_expired(d, now); }); };

    // Two hours on: the expired session goes; the code is kept for the per-phone limits (a day).
    purge_counts n = at(t0 + 2 * k_hour);
    EXPECT_EQ(n.sessions, 1);
    EXPECT_EQ(n.codes, 0);
    EXPECT_EQ(n.users, 0);
    EXPECT_EQ(n.events, 0);

    // Eight days on: the code and the delivered event go; the pending event stays.
    n = at(t0 + 8 * k_day);
    EXPECT_EQ(n.codes, 1);
    EXPECT_EQ(n.events, 1);
    EXPECT_EQ(n.users, 0);

    // Thirty-one days on: only the idle unverified user goes.
    n = at(t0 + 31 * k_day);
    EXPECT_EQ(n.users, 1);
    db.transaction([&](database& d) {
      EXPECT_EQ(count(d, "SELECT COUNT(*) FROM users WHERE id = 'idle'"), 0);
      EXPECT_EQ(count(d, "SELECT COUNT(*) FROM users"), 3);
      EXPECT_EQ(count(d, "SELECT COUNT(*) FROM widget_sessions WHERE token_hash = 'live'"), 1);
      EXPECT_EQ(count(d, "SELECT COUNT(*) FROM webhook_events WHERE status = 'pending'"), 1);
      return 0;
    });
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
