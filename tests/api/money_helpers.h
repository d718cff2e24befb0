// Helpers for the money tests against the real sandbox: users with funded wallets and payout
// methods, widget sessions (pre-authorized or verified by SMS code), waiting for a transfer's rail
// status, and the sandbox's own ledger check (GET /api/v2/sandbox/ledger).
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "sandbox_process.h"

namespace flowkit::test {

inline json paypal_method(const std::string& email = "ada.payee@example.com") {
  return {{"platform", "paypal"}, {"email", email}};
}

inline std::string id_of(const json& j) { return j.is_object() && j["id"].is_string() ? j["id"].get<std::string>() : ""; }

// A user (phone 415-555-01xx) with `balance` cents moved from the app wallet and one method; returns the user.
inline json funded_user(const sandbox_process& sb, const std::string& national, std::int64_t balance) {
  json user = sb.create_user(national);
  if (balance > 0) {
    reply r = sb.app("POST", "/api/v2/transfers", json{{"amount", -balance}, {"user_id", user["id"]}});
    EXPECT_EQ(r.status, 200) << r.raw;
  }
  return user;
}

inline std::string add_method(const sandbox_process& sb, const json& user, const json& method) {
  reply r = sb.app("PUT", "/api/v2/users/" + id_of(user) + "/payout-methods", method);
  EXPECT_EQ(r.status, 200) << r.raw;
  return id_of(r.body);
}

inline std::int64_t user_balance(const sandbox_process& sb, const json& user) {
  reply r = sb.app("GET", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body["wallet"].value("amount", std::int64_t{-1});
}

inline std::int64_t app_balance(const sandbox_process& sb) {
  reply r = sb.app("GET", "/api/v2/sandbox/wallet");
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body.value("amount", std::int64_t{-1});
}

// The sandbox's ledger check: entries sum to zero, balances match their entries, none below zero.
inline json expect_ledger_balanced(const sandbox_process& sb) {
  reply r = sb.app("GET", "/api/v2/sandbox/ledger");
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["balanced"], true) << r.raw;
  EXPECT_EQ(r.body["entries_sum"], 0) << r.raw;
  return r.body;
}

// Polls GET /api/v2/transfers/{id} until its status is one of `until` (or the timeout).
inline json wait_transfer(const sandbox_process& sb, const std::string& id, std::initializer_list<const char*> until,
                          int timeout_ms = 8000) {
  json last;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    reply r = sb.app("GET", "/api/v2/transfers/" + id);
    EXPECT_EQ(r.status, 200) << r.raw;
    last = r.body;
    for (const char* s : until)
      if (last.value("status", "") == s) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "transfer " << id << " did not reach the expected status: " << last.dump();
  return last;
}

// Counts a transfer's ledger transactions of one type ("payout", "fee", "reversal", ...).
inline int count_kind(const json& transfer, const std::string& kind) {
  int n = 0;
  if (transfer.contains("transactions") && transfer["transactions"].is_array())
    for (const json& t : transfer["transactions"])
      if (t.value("type", "") == kind) ++n;
  return n;
}

// A widget session that has proved the flow user's phone (flows of payout links need it).
inline std::string verified_session(const sandbox_process& sb, const json& flow, const std::string& e164) {
  std::string token = sb.session_for(flow);
  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, json::object());
  EXPECT_EQ(sent.status, 200) << sent.raw;
  reply ok = sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", sb.last_code_for(e164)}});
  EXPECT_EQ(ok.status, 200) << ok.raw;
  return token;
}

// Every status of a reply set is a 4xx with a JSON error (never a 500 or a transport failure).
inline void expect_client_error(const reply& r, int status, const std::string& code, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.raw;
  EXPECT_TRUE(r.body.is_object() && r.body.contains("error")) << what << ": " << r.raw;
  if (!code.empty() && r.body.is_object() && r.body.contains("error"))
    EXPECT_EQ(r.body["error"].value("code", ""), code) << what << ": " << r.raw;
}

}  // namespace flowkit::test
