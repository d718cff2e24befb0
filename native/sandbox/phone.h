// Phone numbers for the sandbox: validation and E.164 normalization with libphonenumber,
// and the masked forms shown to people ("+1 ***-***-0123").
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace flowkit::sandbox {

struct phone {
  std::string country_code;  // calling code digits, "1"
  std::string national;      // national significant number, "4155550123"
  std::string e164;          // "+14155550123"
};

// Accepts a calling code ("1" or "+1") and a national number with common punctuation.
// Returns nullopt unless libphonenumber says the number is valid for that calling code.
std::optional<phone> normalize_phone(std::string_view country_code, std::string_view number);
std::optional<phone> parse_e164(std::string_view text);  // "+14155550123" (a leading space or no '+' is tolerated)
std::string mask_phone(const phone& p);                  // "+1 ***-***-0123"; other countries "+44 ******0123"
std::string last4(const phone& p);

}  // namespace flowkit::sandbox
