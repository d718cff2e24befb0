// Users and flows as stored in SQLite, and as the app API shows them (Dots v2 shapes:
// models/user.ts, models/flow.ts). Every function here must run inside database::transaction().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "http_util.h"
#include "paging.h"
#include "phone.h"

namespace flowkit::sandbox {

// What the user JSON shows about a user's tax information (the clear columns of `compliance`).
struct compliance_state {
  std::string form;                     // "w9" | "w8ben" | "" when nothing was submitted
  bool tax_id_collected = false, address_collected = false, date_of_birth_collected = false;
  std::string tin_type;                 // "ssn" | "ein" | "itin" | "foreign" | "" (W-8BEN without a TIN)
  std::string tin_masked;               // fk::tax::mask_tin(...), never the full TIN
  std::string tax_id_verification = "not_collected";  // "not_collected" | "matched" | "mismatched"
};

// What the user JSON shows about a user's payout methods (written by payout_store.cpp).
struct payout_state {
  std::optional<std::string> default_id, default_platform;  // the default method, when the user has any
  bool auto_payout = false;
};

struct user_record {
  std::string id, app_id;
  std::optional<std::string> first_name, last_name, email, username;
  phone phone_number;
  std::string status = "unverified";    // "unverified" | "verified"
  std::optional<std::string> metadata;  // JSON text
  std::int64_t created_ms = 0;
  compliance_state compliance;          // read-only here: written by compliance.cpp
  payout_state payouts;                 // read-only here: written by payout_store.cpp
  std::int64_t wallet = 0;              // read-only here: the user's ledger balance in cents (ledger.h)
};

struct step_spec {
  std::string name;
  json options = json::object();  // everything the app sent besides "name"
};

struct flow_record {
  std::string id, app_id;
  std::optional<std::string> user_id;
  bool created_with_user = false;           // true: pre-authorized for --preauth-window, no onboarding step
  std::vector<step_spec> steps;             // as the app asked (never "onboarding")
  std::vector<std::string> completed_steps; // in completion order; may hold "onboarding"
  std::optional<std::string> metadata;      // JSON text
  std::optional<std::string> payout_link_id;
  std::int64_t created_ms = 0;
};

std::optional<user_record> find_user(database& db, std::string_view app_id, std::string_view id);  // live users only
std::optional<user_record> find_user_by_phone(database& db, std::string_view app_id, std::string_view e164);
void insert_user(database& db, const user_record& user);
void fill_missing_user_fields(database& db, user_record& user, const user_record& given);  // only fields now null
void set_user_status(database& db, std::string_view id, std::string_view status);
void mark_user_deleted(database& db, std::string_view id, std::int64_t now);
page<user_record> list_users(database& db, std::string_view app_id, const page_request& req);  // 400 on unknown cursor

std::optional<flow_record> find_flow(database& db, std::string_view id);  // any app: callers check app_id
void insert_flow(database& db, const flow_record& flow);
void save_flow_progress(database& db, const flow_record& flow);  // writes user_id and completed_steps
page<flow_record> list_flows(database& db, std::string_view app_id, const page_request& req);

json metadata_json(const std::optional<std::string>& text);  // null when absent
json user_json(const user_record& user);
json compliance_flags_json(const compliance_state& c);  // the user JSON's "compliance" object
json flow_json(const flow_record& flow, const std::string& link);  // app API shape: step names, "onboarding" first for a flow without a user

}  // namespace flowkit::sandbox
