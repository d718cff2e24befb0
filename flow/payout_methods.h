// Payout methods: where a payee is paid (US bank/ACH, PayPal, Venmo, Cash App, international
// bank). The data, the validation rules and the API's JSON, shared by the widget (inline errors)
// and the sandbox (server-side checks, never trusting the widget). No I/O.
//
// JSON follows Dots' payment_method (PUT /api/v2/users/{id}/payout-methods) and extends it where
// marked "flowkit":
//   request:  {"platform": "ach", "routing_number", "account_number", "account_type": "checking"|"savings",
//              "account_holder_name" (flowkit)}
//             {"platform": "paypal", "email"}
//             {"platform": "venmo", "phone_number": "+14155550123" | "handle": "@name" (flowkit)}
//             {"platform": "cash_app", "cash_tag": "$name"}
//             {"platform": "intl_transfer", "country": "DE", "iban", "swift", "currency": "EUR",
//              "account_holder_name"}                                          (iban/swift: flowkit)
//   response: {"id", "platform", "description": "Checking ...6789", "mask": "6789", "email"?, "phone_number"?,
//              "cash_tag"?, "country"?, "currency"?, "account_type"?, "default": bool (flowkit), "created"}
//   Only masks ever come back: never a full account number, routing number or IBAN.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fk::payout {

struct field_error {
    std::string field;    // JSON name, e.g. "routing_number"
    std::string message;  // words for a person
    bool operator==(const field_error&) const = default;
};
using errors = std::vector<field_error>;

// Single checks: "" when fine, else the message. Inputs may hold spaces (and dashes where usual).
std::string check_routing_number(const std::string& s);  // 9 digits, ABA checksum 3-7-1
std::string check_account_number(const std::string& s);  // 4-17 digits
std::string check_email(const std::string& s);           // one @, a dot in the domain, no spaces
std::string check_venmo(const std::string& s);           // a phone number (libphonenumber, US default) or @handle (5-30 of A-Z a-z 0-9 _ -)
std::string check_cash_tag(const std::string& s);        // $ + 1-20 of letters/digits/_ , at least one letter
std::string check_iban(const std::string& s);            // country length table + mod-97 == 1
std::string check_swift(const std::string& s);           // 8 or 11: 4 letters bank, 2 letters country, 2 alnum location, 3 alnum branch
std::string check_currency(const std::string& s);        // one of currencies()

const std::vector<std::pair<std::string, std::string>>& currencies();  // {"EUR", "Euro"}, the ones the sandbox pays
int iban_length(const std::string& country);             // 0 when the country has no IBAN
std::string normalize_iban(const std::string& s);        // upper case, no spaces
std::string format_iban(const std::string& s);           // groups of 4: "DE89 3704 0044 0532 0130 00"

struct method {
    std::string platform;             // ach | paypal | venmo | cash_app | intl_transfer
    std::string routing_number, account_number, account_type = "checking", account_holder_name;  // ach (+ holder: intl)
    std::string email;                // paypal
    std::string phone_number, handle; // venmo: one of them
    std::string cash_tag;             // cash_app
    std::string country, iban, swift, currency;  // intl_transfer
    bool operator==(const method&) const = default;
};

// Every problem at once, in form order; field names are the JSON names.
errors validate(const method& m);

// What the person sees of a saved method: "Checking ...6789", "PayPal j***@example.com",
// "Venmo ...0123" / "Venmo @name", "Cash App $name", "IBAN DE89 ...3000".
std::string describe(const method& m);
std::string mask_of(const method& m);  // last 4 of the account / IBAN / phone, "" for email and tags

}  // namespace fk::payout
