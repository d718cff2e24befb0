// Payout methods for the app API (/api/v2/users/{id}/payout-methods, /auto-payout) and the widget
// API (/api/widget/v1/payout-methods, /auto-payout): checking a method with the shared rules of
// flow/payout_methods.h (the widget runs the same code; the server never trusts it), storing it
// sealed under the data key, the default method and the auto-payout switch. Responses show masks
// only. Every function here runs inside the caller's database::transaction().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "flow/payout_methods.h"
#include "http_util.h"

namespace flowkit::sandbox {

constexpr std::size_t k_max_payout_methods = 10;  // per user; one more -> 409 too_many_methods

// Parses and validates a request body (an object) with fk::payout::parse_request + validate.
// Any problem -> 422 invalid_payout_method with `field`/`message` of the first problem and
// `errors: [{field, message}]` listing all.
fk::payout::method check_payout_method(const json& body);

struct added_method {
  json method;           // the saved method as the API shows it (masks only)
  bool existing = false; // true: the same account was already on file; nothing was written
};

// Adds a method (the first one becomes the default). An identical method already on file (same
// platform and account/email/phone/tag/IBAN) is returned instead. 409 too_many_methods at the limit.
added_method add_payout_method(database& db, const std::string& data_key, const std::string& user_id,
                               const fk::payout::method& m, std::int64_t now);

// The user's methods in the order they were added, as the API shows them.
json list_payout_methods(database& db, const std::string& data_key, const std::string& user_id);

// Removes a method (404 payout_method_not_found unless it is the user's). When it was the default,
// the most recently added remaining method becomes the default; with none left, auto-payout is off.
void remove_payout_method(database& db, const std::string& user_id, const std::string& method_id);

// Makes a method the user's only default (404 unless it is the user's); returns it as shown.
json set_default_payout_method(database& db, const std::string& data_key, const std::string& user_id,
                               const std::string& method_id);

// Turns auto-payout on (422 no_default_payout_method without a default method) or off.
void set_auto_payout(database& db, const std::string& user_id, bool enabled);

// {"data": [...], "default_payout_method_id": id|null, "auto_payout": bool}
json payout_methods_envelope(database& db, const std::string& data_key, const std::string& user_id);

}  // namespace flowkit::sandbox
