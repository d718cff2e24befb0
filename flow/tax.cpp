// W-9 / W-8BEN validation (see tax.h): TIN, date, ZIP and state checks, then whole-form checks
// that collect every problem in form order. Pure: std only, no clock, no <regex>.
#include "tax.h"
#include <algorithm>
#include <cstdio>
#include <tuple>

namespace fk::tax {

namespace {
struct range {
    int lo, hi;
};
// IRS campus prefixes in use (everything else, e.g. 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79, 89, 96-97, is not).
constexpr range k_ein_prefixes[] = {{1, 6},   {10, 16}, {20, 27}, {30, 39}, {40, 48},
                                    {50, 68}, {71, 77}, {80, 88}, {90, 95}, {98, 99}};
// ITIN 4th-5th digits.
constexpr range k_itin_groups[] = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};

template <size_t N>
bool in_ranges(int n, const range (&table)[N]) {
    return std::any_of(table, table + N, [n](const range& r) { return n >= r.lo && n <= r.hi; });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_country_code(const std::string& s) { return s.size() == 2 && is_upper(s[0]) && is_upper(s[1]); }
int number(const std::string& s, size_t pos, size_t len) {
    int n = 0;
    for (size_t i = pos; i < pos + len; ++i) n = n * 10 + (s[i] - '0');
    return n;
}
bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}
bool one_of(const std::vector<std::pair<std::string, std::string>>& list, const std::string& key) {
    return std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == key; });
}

// The 9 digits of a TIN typed with optional spaces and dashes; "" when anything else is there.
std::string nine_digits(const std::string& s) {
    std::string d;
    for (char c : s) {
        if (is_digit(c)) d += c;
        else if (c != ' ' && c != '-') return {};
    }
    return d.size() == 9 ? d : std::string();
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}
bool has_date_shape(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(s[i])) return false;
    return true;
}
auto key(const date& d) { return std::tie(d.year, d.month, d.day); }
bool before(const date& a, const date& b) { return key(a) < key(b); }

// Lowercase ASCII, runs of whitespace as one space, no leading or trailing space.
std::string normalized_name(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    return out;
}

// Percent as typed ("15", "12.5", "0.25") in hundredths of a percent; -1 when not of that shape.
int percent_hundredths(const std::string& s) {
    size_t dot = s.find('.');
    std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 3 || frac.size() > 2 || (dot != std::string::npos && frac.empty())) return -1;
    if (!std::all_of(whole.begin(), whole.end(), is_digit) || !std::all_of(frac.begin(), frac.end(), is_digit)) return -1;
    frac.resize(2, '0');
    return number(whole, 0, whole.size()) * 100 + number(frac, 0, 2);
}

// Collects errors under a prefix: "w9." + "address.city".
struct collector {
    std::string prefix;
    errors out;
    void add(const std::string& field, std::string message) {
        if (!message.empty()) out.push_back({prefix + field, std::move(message)});
    }
    void require(const std::string& field, const std::string& value, const char* message) {
        if (blank(value)) add(field, message);
    }
};

// Consent, name, (W-8BEN: email, capacity), date. On a W-9 the signer is the person named; on a
// W-8BEN someone else may sign and then says in what capacity.
void check_signature(collector& c, const signature& sig, const std::string& name, const date& today, bool w9) {
    if (!sig.consent) c.add("signature.consent", "Confirm the certification to sign.");
    const bool other_signer = !blank(sig.name) && normalized_name(sig.name) != normalized_name(name);
    if (blank(sig.name)) c.add("signature.name", "Type your full legal name to sign.");
    else if (w9 && other_signer) c.add("signature.name", "Type your full legal name exactly as above to sign.");
    if (!w9 && !sig.email.empty()) {
        size_t at = sig.email.find('@');
        if (at == 0 || at == std::string::npos || at + 1 == sig.email.size() || sig.email.find(' ') != std::string::npos)
            c.add("signature.email", "Enter an email address like name@example.com, or leave this empty.");
    }
    if (!w9 && other_signer && blank(sig.capacity))
        c.add("signature.capacity", "Say in what capacity you sign for this person.");
    auto d = parse_date(sig.date);
    if (!d || !(*d == today)) c.add("signature.date", "Sign with today's date, " + format_date(today) + ".");
}

void check_foreign_address(collector& c, const std::string& path, const address& a) {
    c.require(path + ".line_1", a.line_1, "Enter the street address.");
    c.require(path + ".city", a.city, "Enter the city or town.");
    if (blank(a.country)) c.add(path + ".country", "Choose the country.");
    else if (!is_country_code(a.country)) c.add(path + ".country", "Use the 2-letter country code, e.g. DE.");
}
}  // namespace

std::string digits(const std::string& s) {
    std::string d;
    for (char c : s)
        if (is_digit(c)) d += c;
    return d;
}

std::string check_ssn(const std::string& s) {
    std::string d = nine_digits(s);
    if (d.empty()) return "Enter the 9 digits of your SSN.";
    int area = number(d, 0, 3);
    if (area == 0 || area == 666 || area >= 900) return "An SSN can't start with 000, 666 or 9.";
    if (number(d, 3, 2) == 0) return "The middle two digits of an SSN can't be 00.";
    if (number(d, 5, 4) == 0) return "The last four digits of an SSN can't be 0000.";
    return {};
}

std::string check_ein(const std::string& s) {
    std::string d = nine_digits(s);
    if (d.empty()) return "Enter the 9 digits of your EIN.";
    if (!in_ranges(number(d, 0, 2), k_ein_prefixes)) return "No EIN starts with " + d.substr(0, 2) + "; check the first two digits.";
    return {};
}

std::string check_itin(const std::string& s) {
    std::string d = nine_digits(s);
    if (d.empty()) return "Enter the 9 digits of your ITIN.";
    if (d[0] != '9') return "An ITIN starts with 9.";
    if (!in_ranges(number(d, 3, 2), k_itin_groups))
        return "The 4th and 5th digits of an ITIN are 50-65, 70-88, 90-92 or 94-99; check what you typed.";
    return {};
}

std::string check_tin(const std::string& type, const std::string& s) {
    if (type == "ssn") return check_ssn(s);
    if (type == "ein") return check_ein(s);
    if (type == "itin") return check_itin(s);
    return "Choose SSN, EIN or ITIN.";
}

// Exactly "12345" or "12345-6789". Nine digits without the dash are not accepted: the stored
// postcode keeps one spelling, and the widget can insert the dash as the person types.
std::string check_us_zip(const std::string& s) {
    bool ok = (s.size() == 5 || (s.size() == 10 && s[5] == '-'));
    for (size_t i = 0; ok && i < s.size(); ++i) ok = i == 5 || is_digit(s[i]);
    return ok ? std::string() : "Enter a 5-digit ZIP code, or ZIP+4 like 94107-1234.";
}

std::optional<date> parse_date(const std::string& s) {
    if (!has_date_shape(s)) return std::nullopt;
    date d{number(s, 0, 4), number(s, 5, 2), number(s, 8, 2)};
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
    return d;
}

std::string format_date(const date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

// Month/day compared as numbers: a Feb 29 birthday is reached on Mar 1 in common years.
int age_on(const date& birth, const date& today) {
    int age = today.year - birth.year;
    if (std::tie(today.month, today.day) < std::tie(birth.month, birth.day)) --age;
    return age;
}

std::string check_birth_date(const std::string& s, const date& today) {
    if (blank(s)) return "Enter your date of birth.";
    if (!has_date_shape(s)) return "Enter the date as YYYY-MM-DD, e.g. 1990-04-25.";
    auto d = parse_date(s);
    if (!d) return "That day doesn't exist; check the month and day.";
    if (before(*d, date{1900, 1, 1})) return "Enter a birth date from 1900 on.";
    if (before(today, *d)) return "A birth date can't be in the future.";
    if (age_on(*d, today) < 18) return "You must be 18 or older.";
    return {};
}

const std::vector<std::pair<std::string, std::string>>& us_states() {
    static const std::vector<std::pair<std::string, std::string>> states = {
        {"AL", "Alabama"}, {"AK", "Alaska"}, {"AS", "American Samoa"}, {"AZ", "Arizona"}, {"AR", "Arkansas"},
        {"AA", "Armed Forces Americas"}, {"AE", "Armed Forces Europe"}, {"AP", "Armed Forces Pacific"},
        {"CA", "California"}, {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"},
        {"DC", "District of Columbia"}, {"FL", "Florida"}, {"GA", "Georgia"}, {"GU", "Guam"}, {"HI", "Hawaii"},
        {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"},
        {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"}, {"MA", "Massachusetts"},
        {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"}, {"MO", "Missouri"}, {"MT", "Montana"},
        {"NE", "Nebraska"}, {"NV", "Nevada"}, {"NH", "New Hampshire"}, {"NJ", "New Jersey"},
        {"NM", "New Mexico"}, {"NY", "New York"}, {"NC", "North Carolina"}, {"ND", "North Dakota"},
        {"MP", "Northern Mariana Islands"}, {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"OR", "Oregon"},
        {"PA", "Pennsylvania"}, {"PR", "Puerto Rico"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"},
        {"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"}, {"UM", "U.S. Minor Outlying Islands"},
        {"VI", "U.S. Virgin Islands"}, {"UT", "Utah"}, {"VT", "Vermont"}, {"VA", "Virginia"},
        {"WA", "Washington"}, {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"}};
    return states;
}
bool is_us_state(const std::string& code) { return one_of(us_states(), code); }

std::string mask_tin(const std::string& type, const std::string& tin) {
    std::string d = digits(tin);
    if (d.size() < 4) return "****";
    return (type == "ein" ? "**-***" : "***-**-") + d.substr(d.size() - 4);
}

bool needs_business_name(const std::string& tax_classification) { return tax_classification != "individual"; }

const std::vector<std::pair<std::string, std::string>>& tax_classifications() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"individual", "Individual or sole proprietor"}, {"c_corporation", "C corporation"},
        {"s_corporation", "S corporation"},              {"partnership", "Partnership"},
        {"trust_estate", "Trust or estate"},             {"llc", "Limited liability company (LLC)"}};
    return list;
}

const std::vector<std::pair<std::string, std::string>>& treaty_income_types() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"interest1", "Interest"},
        {"dividend6", "Dividends"},
        {"dividend7", "Dividends qualifying for the direct dividend rate"},
        {"pension15", "Pensions and annuities"},
        {"socialSecurity", "Social security benefits"},
        {"equipment10", "Royalties for industrial equipment"},
        {"knowhow10", "Royalties for know-how"},
        {"patent10", "Royalties for patents"},
        {"film11", "Royalties for films and television"},
        {"copyright12", "Royalties for copyrights"}};
    return list;
}

errors validate(const w9& f, const date& today) {
    collector c{"w9.", {}};
    const bool individual = f.tax_classification == "individual";
    if (!one_of(tax_classifications(), f.tax_classification))
        c.add("tax_classification", "Choose a federal tax classification.");
    if (f.tax_classification == "llc" && f.llc_tax_classification != "C" && f.llc_tax_classification != "S" &&
        f.llc_tax_classification != "P")
        c.add("llc_tax_classification", "Choose how the LLC is taxed: C corporation, S corporation or partnership.");
    c.require("name", f.name, "Enter the name shown on your income tax return.");
    if (needs_business_name(f.tax_classification)) c.require("business_name", f.business_name, "Enter the business name.");

    const bool known_type = f.tin_type == "ssn" || f.tin_type == "ein" || f.tin_type == "itin";
    if (!known_type) c.add("tin_type", "Choose SSN, EIN or ITIN.");
    else if (individual && f.tin_type == "ein")
        c.add("tin_type", "An individual or sole proprietor gives an SSN or ITIN here.");
    else if (!individual && f.tin_type != "ein")
        c.add("tin_type", "A business gives its EIN; choose Individual or sole proprietor to use an SSN or ITIN.");
    if (known_type) c.add("tin", check_tin(f.tin_type, f.tin));

    if (individual || !blank(f.date_of_birth)) c.add("date_of_birth", check_birth_date(f.date_of_birth, today));

    c.require("address.line_1", f.address.line_1, "Enter the street address.");
    c.require("address.city", f.address.city, "Enter the city.");
    if (!is_us_state(f.address.state)) c.add("address.state", "Choose a state.");
    c.add("address.postcode", check_us_zip(f.address.postcode));

    check_signature(c, f.sig, f.name, today, true);
    return std::move(c.out);
}

errors validate(const w8ben& f, const date& today) {
    collector c{"w8ben.", {}};
    c.require("name", f.name, "Enter your full name.");
    if (!is_country_code(f.citizenship_country)) c.add("citizenship_country", "Choose your country of citizenship.");
    c.add("date_of_birth", check_birth_date(f.date_of_birth, today));

    check_foreign_address(c, "address", f.residence);
    if (f.residence.country == "US") c.add("address.country", "A W-8BEN is for people outside the US; US persons use the W-9.");
    if (f.mailing) check_foreign_address(c, "mailing_address", *f.mailing);

    const bool known_reason = f.foreign_tax_id_reason == "not_issued" || f.foreign_tax_id_reason == "not_required";
    if (!f.foreign_tax_id_reason.empty() && !known_reason)
        c.add("foreign_tax_id_reason", "Choose why you have no tax ID: not issued, or not required.");
    else if (blank(f.foreign_tax_id) && !known_reason)
        c.add("foreign_tax_id", "Enter the tax ID from your country of residence, or say why you have none.");
    if (!blank(f.us_tin)) {
        std::string d = digits(f.us_tin);
        c.add("tin", !d.empty() && d[0] == '9' ? check_itin(f.us_tin) : check_ssn(f.us_tin));
    }

    const std::pair<const char*, const std::string*> treaty[] = {
        {"tax_treaty_country", &f.treaty_country},         {"tax_treaty_citation", &f.treaty_citation},
        {"tax_treaty_rate", &f.treaty_rate},               {"tax_treaty_income_type", &f.treaty_income_type},
        {"tax_treaty_explanation", &f.treaty_explanation}};
    if (f.treaty_claim) {
        if (!is_country_code(f.treaty_country)) c.add("tax_treaty_country", "Choose the treaty country.");
        else if (f.treaty_country != f.residence.country)
            c.add("tax_treaty_country", "The treaty must be with your country of residence (" + f.residence.country + ").");
        c.require("tax_treaty_citation", f.treaty_citation, "Enter the treaty article, e.g. Article 12.");
        int rate = percent_hundredths(f.treaty_rate);
        if (rate < 0 || rate > 3000)
            c.add("tax_treaty_rate", "Enter the treaty rate as a percent from 0 to 30, e.g. 15 or 12.5.");
        if (!one_of(treaty_income_types(), f.treaty_income_type)) c.add("tax_treaty_income_type", "Choose the type of income.");
    } else {
        for (const auto& [field, value] : treaty)
            if (!value->empty()) c.add(field, "Only fill this in when you claim treaty benefits.");
    }

    check_signature(c, f.sig, f.name, today, false);
    return std::move(c.out);
}

}  // namespace fk::tax
