// Cents parsing and formatting (see money.h).
#include "money.h"

namespace fk::money {

std::optional<int64_t> parse(const std::string& typed) {
    std::string s;
    for (char c : typed)
        if (c != ' ' && c != ',' && c != '$') s += c;
    if (s.empty()) return std::nullopt;
    int64_t whole = 0, frac = 0;
    int frac_digits = -1;  // -1: no dot seen
    bool any_digit = false;
    for (char c : s) {
        if (c == '.') {
            if (frac_digits >= 0) return std::nullopt;
            frac_digits = 0;
        } else if (c >= '0' && c <= '9') {
            any_digit = true;
            if (frac_digits >= 0) {
                if (++frac_digits > 2) return std::nullopt;
                frac = frac * 10 + (c - '0');
            } else {
                whole = whole * 10 + (c - '0');
                if (whole > 10'000'000) return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
    }
    if (!any_digit) return std::nullopt;
    if (frac_digits == 1) frac *= 10;
    const int64_t cents = whole * 100 + frac;
    if (cents > 1'000'000'000) return std::nullopt;
    return cents;
}

std::string format_plain(int64_t cents) {
    const bool neg = cents < 0;
    const uint64_t v = neg ? uint64_t(-(cents + 1)) + 1 : uint64_t(cents);
    std::string frac = std::to_string(v % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return (neg ? "-" : "") + std::to_string(v / 100) + "." + frac;
}

std::string format(int64_t cents) {
    const bool neg = cents < 0;
    const uint64_t v = neg ? uint64_t(-(cents + 1)) + 1 : uint64_t(cents);
    std::string whole = std::to_string(v / 100), grouped;
    for (size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    std::string frac = std::to_string(v % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return (neg ? "-$" : "$") + grouped + "." + frac;
}

}  // namespace fk::money
