// Payout links (Dots models/payout_link.ts): one reserves its amount (app wallet -> its escrow) and
// opens a flow of onboarding (+ additional steps) + payout. The flow's verified user claims it once
// (escrow -> their wallet); their payout completing makes it "delivered"; canceling returns the escrow
// once. Statuses: created | sent | delivery_failed -> claimed -> delivered; canceled.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "http_util.h"
#include "paging.h"
#include "records.h"

namespace flowkit::sandbox {

struct payout_link_record {
  std::string id, app_id;
  std::int64_t amount = 0;
  std::string status;  // created | sent | delivery_failed | claimed | delivered | canceled
  std::string flow_id;
  std::optional<std::string> user_id;          // whom the flow is for (given, or found/created by payee phone)
  std::optional<std::string> claimed_user_id;
  json payee = nullptr;                        // {first_name, last_name, email, country_code, phone_number} | null
  json delivery = json::object();              // {method, message?, country_code?, phone_number?, email?}
  std::optional<std::string> memo, metadata, payout_request_id;
  bool tax_exempt = false;
  std::string fee_party = "user";
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> claimed_ms, delivered_ms, canceled_ms;
};

struct link_order {
  std::string app_id;
  std::int64_t amount = 0;
  std::optional<std::string> user_id;
  json payee = nullptr;                   // as read by read_link_order (strings only)
  std::string delivery_method = "link";   // link | sms | email
  std::optional<std::string> delivery_message, memo, metadata, payout_request_id;
  std::vector<step_spec> additional_steps;
  bool tax_exempt = false, force_compliance = false;
  std::string fee_party = "user";
};

// POST /payout-links body (Dots createPayoutLink + flowkit additional_steps, payout_fee_party):
// types and values checked; 400/422 naming the field. app_id is left empty.
link_order read_link_order(const json& body);

struct outgoing_message {  // sent after the commit, when channel is not empty
  std::string channel;     // "sms" | "email" | ""
  std::string to;          // E.164 phone number or e-mail address
  std::string text;        // the memo / message, without the link (added by the caller)
};
struct created_link {
  payout_link_record link;
  outgoing_message message;
};

// Creates the link, its flow and the escrow posting. 422 user_not_found, insufficient_funds (the app
// wallet), missing_field (sms without a phone, email without an address), invalid_phone_number /
// invalid_email (an address not used for delivery). An unusable delivery address -> delivery_failed.
created_link create_payout_link(database& db, const link_order& order, std::int64_t now);

// Cancels (escrow -> app wallet, once). 404 payout_link_not_found; 409 payout_link_claimed (claimed or
// delivered) / payout_link_canceled (already canceled).
payout_link_record cancel_payout_link(database& db, const std::string& app_id, const std::string& id, std::int64_t now);

// The flow's link, claimed for user_id when it is still open (escrow -> user wallet, once). No-op
// for flows without a link and for links claimed, delivered or canceled.
void claim_payout_link(database& db, const flow_record& flow, const std::string& user_id, std::int64_t now);

// A claimed link whose user's payout completed becomes "delivered".
void mark_link_delivered(database& db, const std::string& link_id, const std::string& user_id, std::int64_t now);

std::optional<payout_link_record> find_payout_link(database& db, const std::string& id);  // any app
page<payout_link_record> list_payout_links(database& db, std::string_view app_id, const page_request& req);

// Dots payout_link: {id, created, link, amount, status, payee, delivery, tax_exempt, claimed_user_id,
// metadata} + flowkit: flow_id, user_id, memo, payout_fee_party, payout_request_id.
json payout_link_json(const payout_link_record& link, const std::string& url);
std::string link_message_text(const payout_link_record& link, const std::string& prefix, const std::string& url);

}  // namespace flowkit::sandbox
