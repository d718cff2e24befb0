// Payout requests (Dots models/payout_request.ts): a person asks to be paid (by phone number or
// user id); the app approves (flowkit: POST /payout-requests/{id}/approve), which sends them a
// payout link by SMS, or rejects. Statuses: created -> approved | rejected. Runs inside a transaction.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "db.h"
#include "http_util.h"
#include "paging.h"
#include "payout_links.h"

namespace flowkit::sandbox {

struct payout_request_record {
  std::string id, app_id;
  std::int64_t amount = 0;
  std::string status;  // created | approved | rejected
  std::optional<std::string> user_id;
  json payee = nullptr;  // {country_code, phone_number} (normalized) | null
  std::optional<std::string> memo, metadata, payout_link_id;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> decided_ms;
};

// POST /payout-requests {amount, user_id? | payee? {country_code, phone_number}, metadata?, memo?}.
// 422 missing_field (neither user_id nor payee), user_not_found, invalid_phone_number.
payout_request_record create_payout_request(database& db, const std::string& app_id, const json& body, std::int64_t now);

// Approves a "created" request: a payout link by SMS to the payee (or the user's phone), reserved from
// the app wallet (422 insufficient_funds). 404 payout_request_not_found; 409 payout_request_decided.
struct approved_request {
  payout_request_record request;
  created_link link;
};
approved_request approve_payout_request(database& db, const std::string& app_id, const std::string& id,
                                        std::int64_t now);
payout_request_record reject_payout_request(database& db, const std::string& app_id, const std::string& id,
                                            std::int64_t now);

std::optional<payout_request_record> find_payout_request(database& db, const std::string& id);  // any app
page<payout_request_record> list_payout_requests(database& db, std::string_view app_id, const page_request& req);

// {id, created, amount, status, payee, "payout-link": <payout_link>|null, user: <user>|null, metadata, memo}
// + flowkit: user_id, payout_link_id. url_for(flow_id) gives a link's URL.
json payout_request_json(database& db, const payout_request_record& r,
                         const std::function<std::string(const std::string&)>& url_for);

}  // namespace flowkit::sandbox
