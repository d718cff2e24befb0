// The ledger check at a size a busy sandbox reaches: it must stay fast (it runs under the
// database lock and stalls every other request), so each transaction's entries are found by index.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "crypto.h"
#include "db.h"
#include "ledger.h"

using namespace flowkit::sandbox;
namespace fs = std::filesystem;

TEST(ledger_scale, check_finds_entries_by_transaction_through_an_index) {
  crypto_init();
  std::string dir = (fs::temp_directory_path() / "flowkit-ledger-scale-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    database db(dir + "/ledger.db");
    const std::int64_t now = 1700000000000;
    const std::string app = db.transaction([&](database& d) {
      std::string id = new_uuid();
      d.query("INSERT INTO apps (id, client_id, api_key, created_ms) VALUES (?1, ?2, '', ?3)", id, new_uuid(), now).run();
      for (int i = 0; i < 6000; ++i) ledger::fund_app(d, id, 100 + i, now + i);  // 6,000 transactions, 12,000 entries
      return id;
    });

    db.transaction([&](database& d) {
      auto plan = d.query("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ledger_entries e WHERE e.transaction_id = ?1",
                          std::int64_t{1});
      std::string text;
      while (plan.step()) text += plan.text(3) + "\n";
      EXPECT_NE(text.find("INDEX"), std::string::npos) << text;
      return 0;
    });

    auto start = std::chrono::steady_clock::now();
    auto report = db.transaction([&](database& d) { return ledger::check_integrity(d, app); });
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(report.problems.empty());
    EXPECT_EQ(report.entries, 12000);
    EXPECT_EQ(report.entries_sum, 0);
    // Without the index this took seconds (quadratic); with it, a few milliseconds. The bound is loose
    // for a loaded machine and a debug build.
    EXPECT_LT(ms, 1500.0) << "the ledger check took " << ms << " ms";
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
