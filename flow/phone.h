// Phone numbers with libphonenumber: the country list, as-you-type formatting and the
// plausibility check the onboarding step uses. Same code and metadata natively and in wasm.
#pragma once
#include <string>
#include <vector>

namespace fk::phone {

struct region {
    std::string code;   // ISO 3166-1 alpha-2, "US"
    std::string name;   // "United States"
    int calling_code;   // 1
};
const std::vector<region>& regions();          // every region libphonenumber knows, sorted by name
int region_index(const std::string& code);     // index into regions(), or -1
std::string region_label(const region& r);     // "United States (+1)"

std::string digits_only(const std::string& s);
// Reformats what the person typed (digits and a leading '+' are kept) for `region`:
// "4155550123" -> "(415) 555-0123" for US.
std::string format_as_you_type(const std::string& region, const std::string& text);

enum class verdict { empty, incomplete, too_long, invalid, ok };
struct check_result {
    verdict v = verdict::empty;
    std::string country_code;     // "1" (of the parsed number)
    std::string national_number;  // "4155550123"
    std::string e164;             // "+14155550123"
    std::string region;           // region of the number, "US"
};
check_result check(const std::string& region, const std::string& text);
// Words for a person, empty when nothing needs saying (empty, incomplete, ok).
std::string problem(const check_result& r, const std::string& region_name);

}  // namespace fk::phone
