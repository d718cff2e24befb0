// libphonenumber wrapper (see phone.h). The country names table is generated at build time
// from Debian's iso-codes (countries.inc).
#include "phone.h"
#include <algorithm>
#include <memory>
#include <phonenumbers/asyoutypeformatter.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <set>
#include <string_view>

namespace fk::phone {
using i18n::phonenumbers::AsYouTypeFormatter;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {
struct country_name { const char* code; const char* name; };
const country_name k_names[] = {
#include "countries.inc"
};
const char* name_of(const std::string& code) {
    for (const auto& c : k_names)
        if (code == c.code) return c.name;
    return nullptr;
}
}  // namespace

const std::vector<region>& regions() {
    static const std::vector<region> list = [] {
        const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
        std::set<std::string> codes;
        util->GetSupportedRegions(&codes);
        std::vector<region> out;
        for (const std::string& c : codes) {
            const char* n = name_of(c);
            out.push_back({c, n ? n : c, util->GetCountryCodeForRegion(c)});
        }
        std::sort(out.begin(), out.end(), [](const region& a, const region& b) { return a.name < b.name; });
        return out;
    }();
    return list;
}

int region_index(const std::string& code) {
    const auto& rs = regions();
    for (size_t i = 0; i < rs.size(); ++i)
        if (rs[i].code == code) return (int)i;
    return -1;
}

std::string region_label(const region& r) { return r.name + " (+" + std::to_string(r.calling_code) + ")"; }

std::string digits_only(const std::string& s) {
    std::string d;
    for (char c : s)
        if (c >= '0' && c <= '9') d += c;
    return d;
}

std::string format_as_you_type(const std::string& region, const std::string& text) {
    std::string input = (!text.empty() && text.find('+') != std::string::npos ? "+" : "") + digits_only(text);
    if (input.empty()) return {};
    std::unique_ptr<AsYouTypeFormatter> f(PhoneNumberUtil::GetInstance()->GetAsYouTypeFormatter(region));
    std::string out;
    for (char c : input) f->InputDigit(static_cast<i18n::phonenumbers::char32>(c), &out);
    return out;
}

check_result check(const std::string& region, const std::string& text) {
    check_result r;
    const std::string d = digits_only(text);
    if (d.empty()) return r;
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber n;
    const std::string input = (text.find('+') != std::string::npos ? "+" : "") + d;
    const auto err = util->Parse(input, region, &n);
    if (err == PhoneNumberUtil::TOO_LONG_NSN) { r.v = verdict::too_long; return r; }
    if (err != PhoneNumberUtil::NO_PARSING_ERROR) { r.v = verdict::incomplete; return r; }
    r.country_code = std::to_string(n.country_code());
    util->GetNationalSignificantNumber(n, &r.national_number);
    util->Format(n, PhoneNumberUtil::E164, &r.e164);
    util->GetRegionCodeForNumber(n, &r.region);
    switch (util->IsPossibleNumberWithReason(n)) {
        case PhoneNumberUtil::IS_POSSIBLE:
        case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
            r.v = util->IsValidNumber(n) ? verdict::ok : verdict::invalid;
            break;
        case PhoneNumberUtil::TOO_LONG: r.v = verdict::too_long; break;
        case PhoneNumberUtil::INVALID_COUNTRY_CODE: r.v = verdict::invalid; break;
        default: r.v = verdict::incomplete; break;  // TOO_SHORT, INVALID_LENGTH: still typing
    }
    return r;
}

std::string problem(const check_result& r, const std::string& region_name) {
    switch (r.v) {
        case verdict::too_long: return "That's too many digits for a " + region_name + " phone number.";
        case verdict::invalid: return "That isn't a valid " + region_name + " phone number. Check the number and the country.";
        default: return {};
    }
}

}  // namespace fk::phone
