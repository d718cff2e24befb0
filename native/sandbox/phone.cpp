// Phone validation and formatting through libphonenumber (Debian's libphonenumber8).
// PhoneNumberUtil::GetInstance() is thread-safe after its first call.
#include "phone.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cctype>

namespace flowkit::sandbox {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static std::optional<phone> from_parsed(const PhoneNumber& pn) {
  auto* util = PhoneNumberUtil::GetInstance();
  if (!util->IsValidNumber(pn)) return std::nullopt;
  phone p;
  p.country_code = std::to_string(pn.country_code());
  util->GetNationalSignificantNumber(pn, &p.national);
  util->Format(pn, PhoneNumberUtil::E164, &p.e164);
  return p;
}

static bool is_reasonable(std::string_view text) {  // bounded length, printable ASCII only
  return !text.empty() && text.size() <= 32 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::optional<phone> normalize_phone(std::string_view country_code, std::string_view number) {
  if (!country_code.empty() && country_code.front() == '+') country_code.remove_prefix(1);
  if (country_code.empty() || country_code.size() > 3 ||
      !std::all_of(country_code.begin(), country_code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  if (!is_reasonable(number)) return std::nullopt;
  auto* util = PhoneNumberUtil::GetInstance();
  const int calling_code = std::stoi(std::string(country_code));
  std::string region;
  util->GetRegionCodeForCountryCode(calling_code, &region);
  if (region == "ZZ") return std::nullopt;
  PhoneNumber pn;
  if (util->Parse(std::string(number), region, &pn) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (static_cast<int>(pn.country_code()) != calling_code) return std::nullopt;  // "+44..." given with country code 1
  return from_parsed(pn);
}

std::optional<phone> parse_e164(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);  // a '+' decoded from a query string
  if (!is_reasonable(text)) return std::nullopt;
  std::string full = text.front() == '+' ? std::string(text) : "+" + std::string(text);
  PhoneNumber pn;
  if (PhoneNumberUtil::GetInstance()->Parse(full, "ZZ", &pn) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  return from_parsed(pn);
}

std::string last4(const phone& p) {
  return p.national.size() <= 4 ? p.national : p.national.substr(p.national.size() - 4);
}

std::string mask_phone(const phone& p) {
  std::string tail = last4(p);
  if (p.country_code == "1" && p.national.size() == 10) return "+1 ***-***-" + tail;
  return "+" + p.country_code + " " + std::string(p.national.size() - tail.size(), '*') + tail;
}

}  // namespace flowkit::sandbox
