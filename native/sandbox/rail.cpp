// The simulated rail (see rail.h): status steps, settlement and the one-time reversal of a
// failed payout, and the background thread that advances it.
#include "rail.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "http_util.h"
#include "ledger.h"
#include "payout_links.h"
#include "transfers.h"
#include "webhooks.h"

namespace flowkit::sandbox {

namespace {

// Reverses a failed payout's posting: the rail returns the net, fees return the fee to whoever paid it.
void reverse_payout(database& db, const transfer_record& t, std::int64_t now) {
  const std::string user = ledger::user_wallet(*t.user_id);
  std::vector<ledger::leg> legs;
  legs.push_back({"reversal", ledger::rail(t.app_id), user, t.net});
  const bool user_paid = t.fee_party.value_or("user") == "user";
  legs.push_back({"fee_reversal", ledger::fees(t.app_id), user_paid ? user : ledger::app_wallet(t.app_id), t.fee});
  ledger::post(db, {t.app_id, t.id, t.payout_link_id, t.user_id, std::nullopt, std::move(legs)}, now);
}

bool step(database& db, const transfer_record& t, std::int64_t now) {
  if (t.status != "created" && t.status != "pending") return false;
  const std::int64_t settles = t.settles_ms.value_or(now);
  if (now < settles) {
    if (t.status != "created") return false;
    db.query("UPDATE transfers SET status = 'pending', due_ms = ?2 WHERE id = ?1 AND status = 'created'", t.id, settles)
        .run();
    if (db.changes() != 1) return false;
    webhooks::transfer_updated(db, t.app_id, t.id, now);
    return true;
  }
  const bool fails = rail_fails(t.amount);
  if (fails)
    db.query(
          "UPDATE transfers SET status = 'failed', due_ms = NULL, failed_ms = ?2, failure_code = 'rail_rejected' "
          "WHERE id = ?1 AND status IN ('created', 'pending')",
          t.id, now)
        .run();
  else
    db.query(
          "UPDATE transfers SET status = 'completed', due_ms = NULL, completed_ms = ?2 "
          "WHERE id = ?1 AND status IN ('created', 'pending')",
          t.id, now)
        .run();
  if (db.changes() != 1) return false;  // another caller settled it first
  webhooks::transfer_updated(db, t.app_id, t.id, now);
  if (fails) {
    reverse_payout(db, t, now);
  } else {
    ledger::post(db, {t.app_id, t.id, t.payout_link_id, t.user_id, std::nullopt,
                      {{"settlement", ledger::rail(t.app_id), ledger::payees(t.app_id), t.net}}},
                 now);
    if (t.payout_link_id) mark_link_delivered(db, *t.payout_link_id, *t.user_id, now);
  }
  return true;
}

}  // namespace

bool rail_fails(std::int64_t amount) { return amount % 100 == 13; }

int advance_rail(database& db, const std::string& app_id, std::int64_t now) {
  std::vector<std::string> due;
  {
    auto st = db.query(
        "SELECT id FROM transfers WHERE due_ms IS NOT NULL AND due_ms <= ?1 AND (?2 = '' OR app_id = ?2) "
        "ORDER BY due_ms LIMIT 1000",
        now, app_id);
    while (st.step()) due.push_back(st.text(0));
  }
  int moved = 0;
  for (const auto& id : due) {
    auto t = find_transfer(db, id);
    if (t && t->type == "payout" && step(db, *t, now)) ++moved;
  }
  return moved;
}

rail_worker::rail_worker(database& db, std::int64_t delay_ms)
    : db_(db), interval_ms_(std::clamp<std::int64_t>(delay_ms / 5, 20, 250)), thread_([this] { run(); }) {}

void rail_worker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void rail_worker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    try {
      db_.transaction([](database& db) { advance_rail(db, "", now_ms()); });
    } catch (const std::exception& e) {
      log_line(std::string("error: the payout rail could not advance: ") + e.what());
    }
    lock.lock();
  }
}

}  // namespace flowkit::sandbox
