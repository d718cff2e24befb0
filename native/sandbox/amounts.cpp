// Amount parsing and the payout fee table (see amounts.h). The table is documented in
// native/sandbox/README.md ("Money"); change both together.
#include "amounts.h"

#include <algorithm>
#include <cstdio>

namespace flowkit::sandbox {

namespace {

// amount * basis_points / 10000, rounded half up (amounts are at most k_max_amount: no overflow).
std::int64_t percent_of(std::int64_t amount, std::int64_t basis_points) { return (amount * basis_points + 5000) / 10000; }

// The smallest amount >= k_min_payout that is more than its own fee on this platform.
std::int64_t smallest_user_paid(const std::string& platform) {
  for (std::int64_t a = k_min_payout; a <= k_max_amount; ++a)
    if (payout_fee(platform, a) < a) return a;
  return k_max_amount;
}

}  // namespace

std::string dollars(std::int64_t cents) {
  char buf[40];
  const long long abs = cents < 0 ? -static_cast<long long>(cents) : static_cast<long long>(cents);
  std::snprintf(buf, sizeof buf, "%s$%lld.%02lld", cents < 0 ? "-" : "", abs / 100, abs % 100);
  return buf;
}

std::int64_t read_amount(const json& body, const char* field, amount_rule rule) {
  auto it = body.find(field);
  const std::string f = field;
  if (it == body.end() || it->is_null()) fail(422, "missing_field", f + " is required (integer cents).", f);
  if (!it->is_number()) fail(400, "invalid_type", f + " must be a whole number of cents, such as 1250.", f);
  const bool positive_only = rule == amount_rule::positive;
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (d > static_cast<double>(k_max_amount) || d < -static_cast<double>(k_max_amount))
      fail(422, "amount_too_large", f + " must be at most " + std::to_string(k_max_amount) + " cents.", f,
           {{"maximum", k_max_amount}});
    fail(422, "invalid_amount", f + " must be a whole number of cents, such as 1250 for $12.50.", f);
  }
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(k_max_amount))
      fail(422, "amount_too_large", f + " must be at most " + std::to_string(k_max_amount) + " cents.", f,
           {{"maximum", k_max_amount}});
    if (u == 0) fail(422, "invalid_amount", f + " must not be zero.", f);
    return static_cast<std::int64_t>(u);
  }
  const auto v = it->get<std::int64_t>();
  if (v == 0) fail(422, "invalid_amount", f + " must not be zero.", f);
  if (v < 0 && positive_only) fail(422, "invalid_amount", f + " must be a positive number of cents.", f);
  if (v > k_max_amount || v < -k_max_amount)
    fail(422, "amount_too_large", f + " must be at most " + std::to_string(k_max_amount) + " cents.", f,
         {{"maximum", k_max_amount}});
  return v;
}

std::int64_t payout_fee(const std::string& platform, std::int64_t amount) {
  if (platform == "ach") return 25;
  if (platform == "paypal") return std::clamp<std::int64_t>(percent_of(amount, 200), 25, 2000);
  if (platform == "venmo") return percent_of(amount, 175);
  if (platform == "cash_app") return percent_of(amount, 150);
  if (platform == "intl_transfer") return 300 + percent_of(amount, 100);
  return 0;
}

payout_quote quote_payout(const std::string& platform, std::int64_t amount, const std::string& fee_party) {
  if (amount > k_max_amount)
    fail(422, "amount_too_large", "The largest payout is " + std::to_string(k_max_amount) + " cents.", "amount",
         {{"maximum", k_max_amount}});
  payout_quote q;
  q.amount = amount;
  q.fee = payout_fee(platform, amount);
  q.fee_party = fee_party;
  const std::int64_t minimum = fee_party == "user" ? smallest_user_paid(platform) : k_min_payout;
  if (amount < minimum)
    fail(422, "amount_too_small",
         "The smallest payout" + std::string(minimum > k_min_payout ? " to this method" : "") + " is " +
             std::to_string(minimum) + " cents.",
         "amount", {{"minimum", minimum}});
  q.net = fee_party == "user" ? amount - q.fee : amount;
  return q;
}

std::string read_fee_party(const json& body, const char* field, const std::string& fallback) {
  auto value = opt_string(body, field);
  if (!value) return fallback;
  if (*value != "user" && *value != "platform")
    fail(422, "invalid_fee_party", std::string(field) + " must be \"user\" or \"platform\".", field);
  return *value;
}

}  // namespace flowkit::sandbox
