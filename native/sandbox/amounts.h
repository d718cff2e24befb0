// Money amounts in requests and the sandbox's payout fee table: integer cents only (int64), with
// limits, and the fee a payout costs per platform and who pays it. Pure: no database.
#pragma once
#include <cstdint>
#include <string>

#include "http_util.h"

namespace flowkit::sandbox {

constexpr std::int64_t k_max_amount = 10'000'000;  // $100,000.00: any amount above -> 422 amount_too_large
constexpr std::int64_t k_min_payout = 100;         // $1.00: a smaller payout -> 422 amount_too_small

std::string dollars(std::int64_t cents);  // "$12.50", "-$0.05"

enum class amount_rule { positive, nonzero };  // payouts, links, funding: > 0; transfers: != 0 (sign = direction)

// Reads body[field] as integer cents. Absent -> 422 missing_field; not a number (a string, a bool,
// ...) -> 400 invalid_type; a number with a fraction -> 422 invalid_amount; against the rule ->
// 422 invalid_amount; |amount| > k_max_amount -> 422 amount_too_large. Errors name `field`.
std::int64_t read_amount(const json& body, const char* field, amount_rule rule);

// The sandbox fee table, in cents (rounded half up):
//   ach 25 flat; paypal 2% (min 25, max 2000); venmo 1.75%; cash_app 1.5%; intl_transfer 300 + 1%.
std::int64_t payout_fee(const std::string& platform, std::int64_t amount);

struct payout_quote {
  std::int64_t amount = 0;  // debited from the user's wallet
  std::int64_t fee = 0;     // to fees revenue, from the user (fee party "user") or the app wallet ("platform")
  std::int64_t net = 0;     // what the payee receives on the rail: amount - fee ("user") or amount ("platform")
  std::string fee_party;    // "user" | "platform"
};

// Checks the amount for a payout on `platform` and prices it. 422 amount_too_small (below
// k_min_payout, or, when the user pays, not more than the fee; with `minimum`), 422 amount_too_large.
payout_quote quote_payout(const std::string& platform, std::int64_t amount, const std::string& fee_party);

// Reads an optional fee party ("user" | "platform"; absent -> fallback). 400/422 naming `field`.
std::string read_fee_party(const json& body, const char* field, const std::string& fallback);

}  // namespace flowkit::sandbox
