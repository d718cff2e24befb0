// The widget's API client: pure request builders and response parsers for the sandbox's
// widget API (docs/widget-api.md). No I/O: the edge sends the requests. Every parser treats
// the body as untrusted and returns std::nullopt (or an api_error) instead of throwing.
#pragma once
#include "effects.h"
#include "payout_methods_json.h"
#include <optional>
#include <string>
#include <vector>

namespace fk::api {

struct step_options {
    bool hide_continue_button = false;
    bool require_default_payout_method = false;
    bool require_auto_payout_method = false;
    std::string payout_fee_party;  // "user" | "platform" | ""
    std::string redirect_url;
    bool operator==(const step_options&) const = default;
};
struct step_ref {
    std::string name;  // "onboarding", "compliance", ...
    step_options options;
    bool operator==(const step_ref&) const = default;
};
struct phone_hint {
    std::string country_code;  // "1"
    std::string last4;         // "0123"
    bool operator==(const phone_hint&) const = default;
};
// The flow as the widget sees it.
struct link_summary {  // a payout link as its payee may see it
    int64_t amount = 0;   // cents
    std::string memo;     // the platform's note; may be empty
    bool operator==(const link_summary&) const = default;
};
struct widget_flow {
    std::string id;
    std::vector<step_ref> steps;
    std::vector<std::string> completed_steps;
    std::string user_id;  // empty: no user yet
    bool authorized = false;
    std::optional<phone_hint> hint;
    std::string app_name;                   // the platform's display name ("" when not given)
    std::optional<link_summary> payout_link;  // the flow claims a payout link
    bool operator==(const widget_flow&) const = default;
};

// A failed call, read from {"error": {...}} (or made up for a network failure / bad body).
struct api_error {
    int status = 0;            // HTTP status; 0 when there was no response
    std::string code;          // "invalid_code", "session_expired", "network_error", ...
    std::string message;       // for people; may be empty
    std::string field;         // the input it is about, if any
    int attempts_left = -1;    // invalid_code
    int retry_after = -1;      // resend_throttled (seconds)
    int64_t available = -1;    // insufficient_funds (cents)
    std::vector<std::pair<std::string, std::string>> field_errors;  // {"w9.tin", "message"}, all of them
    bool retryable() const { return status == 0 || status >= 500 || status == 429; }
};

struct session {
    std::string token;
    int expires_in = 0;
    widget_flow flow;
};
struct code_sent {
    std::string sent_to;  // masked, e.g. "+1 ***-***-0123"
    int resend_in = 30;
    int expires_in = 600;
};
struct verified {
    std::string user_id;
    widget_flow flow;
};

// What the sandbox holds of the person's tax information (never the raw TIN).
struct compliance_status {
    bool collected = false;
    std::string form;              // "w9" | "w8ben" | ""
    std::string tin_masked;        // "***-**-6789"
    std::string verification;      // "matched" | "mismatched" | "not_collected"
    bool operator==(const compliance_status&) const = default;
};

// The person's payout methods as the widget sees them (masks only).
struct payout_methods {
    std::vector<payout::saved> methods;
    std::string default_id;
    bool auto_payout = false;
    bool operator==(const payout_methods&) const = default;
};

struct wallet {
    int64_t amount = 0, withdrawable = 0;
    int64_t min_payout = 100, max_payout = 0;  // 0: no maximum given
    bool operator==(const wallet&) const = default;
};
struct quote {
    int64_t amount = 0, fee = 0, net = 0;
    std::string fee_party;  // "user" | "platform"
    std::string payout_method_id;
    bool operator==(const quote&) const = default;
};
struct transfer {
    std::string id, status;  // created | pending | completed | failed | reversed
    int64_t amount = 0, fee = 0, net = 0;
    std::string description;  // the method, masked
    bool operator==(const transfer&) const = default;
};

// Request builders. `token` is the widget's bearer token.
http_request create_session(const std::string& flow_id, const std::string& link_secret);
http_request get_flow(const std::string& token);
http_request send_code(const std::string& token, const std::string& country_code, const std::string& national_number);
http_request send_code_to_phone_on_file(const std::string& token);
http_request verify_code(const std::string& token, const std::string& code);
http_request complete_step(const std::string& token, const std::string& step, const std::string& status);
http_request get_compliance(const std::string& token);
http_request put_compliance(const std::string& token, const std::string& body_json);
http_request get_payout_methods(const std::string& token);
http_request add_payout_method(const std::string& token, const std::string& body_json);
http_request remove_payout_method(const std::string& token, const std::string& id);
http_request set_default_payout_method(const std::string& token, const std::string& id);
http_request set_auto_payout(const std::string& token, bool enabled);
http_request get_wallet(const std::string& token);
http_request quote_payout(const std::string& token, int64_t amount, const std::string& method_id);
// The key makes a retry of the same payout return the same transfer (never a second payout).
http_request create_payout(const std::string& token, int64_t amount, const std::string& method_id, const std::string& key);
http_request get_transfer(const std::string& token, const std::string& id);

// Response parsers: a value for a 2xx with the expected shape, otherwise nullopt.
std::optional<session> parse_session(const http_response& r);
std::optional<widget_flow> parse_widget_flow(const http_response& r);
std::optional<code_sent> parse_code_sent(const http_response& r);
std::optional<verified> parse_verified(const http_response& r);
std::optional<compliance_status> parse_compliance(const http_response& r);  // GET or PUT answer
std::optional<payout_methods> parse_payout_methods(const http_response& r); // GET or any mutation's answer
std::optional<wallet> parse_wallet(const http_response& r);
std::optional<quote> parse_quote(const http_response& r);
std::optional<transfer> parse_transfer(const http_response& r);
// The error of a non-2xx (or unparseable 2xx) response; always returns something usable.
api_error parse_error(const http_response& r);
bool ok(const http_response& r);  // 2xx

}  // namespace fk::api
