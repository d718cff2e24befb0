// Payout methods (see payout_methods.h): routing and account numbers, email, Venmo, Cash App,
// IBAN and SWIFT/BIC checks, then whole-method checks in form order. Pure: std and fk::phone
// (libphonenumber), no <regex>, no exceptions.
#include "payout_methods.h"
#include "phone.h"
#include <algorithm>

namespace fk::payout {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_letter(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_letter(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char to_upper(char c) { return is_lower(c) ? char(c - 'a' + 'A') : c; }
char to_lower(char c) { return is_upper(c) ? char(c - 'A' + 'a') : c; }

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}
bool blank(const std::string& s) { return std::all_of(s.begin(), s.end(), is_space); }
std::string digits(const std::string& s) {
    std::string d;
    for (char c : s)
        if (is_digit(c)) d += c;
    return d;
}
std::string last4(const std::string& s) { return s.size() <= 4 ? s : s.substr(s.size() - 4); }

// The digits of a number typed with optional spaces and dashes; nullopt when anything else is there.
std::optional<std::string> plain_digits(const std::string& s) {
    std::string d;
    for (char c : s) {
        if (is_digit(c)) d += c;
        else if (!is_space(c) && c != '-') return std::nullopt;
    }
    return d;
}

// ---- US bank ----

struct range {
    int lo, hi;
};
// First two digits of an ABA routing number: Federal Reserve districts (00-12), thrifts (21-32),
// electronic (61-72) and traveler's checks (80). Everything else is unassigned.
constexpr range k_routing_prefixes[] = {{0, 12}, {21, 32}, {61, 72}, {80, 80}};

// ---- IBAN ----

struct iban_country {
    const char* code;
    int length;
};
// SWIFT's IBAN registry (release 100 and later additions): every country that issues IBANs.
constexpr iban_country k_iban_countries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
    {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
    {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22},
    {"MK", 19}, {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23},
    {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30}};

// Territories with their own ISO code (in BICs and addresses) whose banks issue the parent's IBANs.
struct territory {
    const char* code;
    const char* iban_country;
};
constexpr territory k_iban_territories[] = {
    {"GG", "GB"}, {"JE", "GB"}, {"IM", "GB"}, {"AX", "FI"}, {"GF", "FR"}, {"GP", "FR"}, {"MQ", "FR"}, {"RE", "FR"},
    {"YT", "FR"}, {"NC", "FR"}, {"PF", "FR"}, {"PM", "FR"}, {"WF", "FR"}, {"BL", "FR"}, {"MF", "FR"}, {"TF", "FR"}};

// True when a bank in `country` (a BIC's or the chosen country) issues IBANs starting with `iban_cc`.
bool banks_in(const std::string& iban_cc, const std::string& country) {
    if (country == iban_cc) return true;
    return std::any_of(std::begin(k_iban_territories), std::end(k_iban_territories),
                       [&](const territory& t) { return country == t.code && iban_cc == t.iban_country; });
}

// ISO 7064 mod 97-10 of the IBAN with its first four characters moved to the end, letters as
// 10..35, one character at a time so the remainder stays small.
int iban_mod97(const std::string& iban) {
    int r = 0;
    for (size_t i = 0; i < iban.size(); ++i) {
        char c = iban[(i + 4) % iban.size()];
        r = is_digit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
    }
    return r;
}

// The IBAN's country when its first two letters are an IBAN country, else "".
std::string iban_country_of(const std::string& normalized) {
    if (normalized.size() < 2) return {};
    std::string cc = normalized.substr(0, 2);
    return iban_length(cc) > 0 ? cc : std::string();
}

std::string normalize_bic(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!is_space(c)) out += to_upper(c);
    return out;
}

// ---- Venmo ----

constexpr const char* k_venmo_entry = "Enter the phone number or @username of your Venmo account.";

bool looks_like_phone(const std::string& s) {
    bool digit = false;
    for (char c : s) {
        if (is_digit(c)) digit = true;
        else if (!is_space(c) && c != '+' && c != '-' && c != '(' && c != ')' && c != '.') return false;
    }
    return digit;
}

std::string check_venmo_phone(const std::string& s) {
    if (blank(s)) return k_venmo_entry;
    if (!looks_like_phone(s)) return "Enter a phone number like (415) 555-0123.";
    switch (phone::check("US", s).v) {
        case phone::verdict::ok: return {};
        case phone::verdict::too_long: return "That's too many digits for a phone number.";
        case phone::verdict::invalid:
            return "That isn't a valid phone number. Check it, and start with + and the country code outside the US.";
        default: return "Enter the whole phone number, with + and the country code outside the US.";
    }
}

std::string check_venmo_handle(const std::string& s) {
    std::string t = trim(s);
    if (!t.empty() && t[0] == '@') t.erase(0, 1);
    if (t.empty()) return "Enter your Venmo username after the @.";
    const bool ok = t.size() >= 5 && t.size() <= 30 &&
                    std::all_of(t.begin(), t.end(), [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
    return ok ? std::string() : "A Venmo username has 5 to 30 letters, digits, dashes or underscores.";
}

// "j***@example.com": the first character of the local part (a whole UTF-8 sequence), the domain in lower case.
std::string masked_email(const std::string& email) {
    const std::string s = trim(email);
    const size_t at = s.find('@');
    if (at == 0 || at == std::string::npos) return "***";
    size_t first = 1;
    while (first < at && (static_cast<unsigned char>(s[first]) & 0xC0) == 0x80) ++first;
    std::string domain = s.substr(at + 1);
    std::transform(domain.begin(), domain.end(), domain.begin(), to_lower);
    return s.substr(0, first) + "***@" + domain;
}

std::string without_prefix(const std::string& s, char prefix) {
    std::string t = trim(s);
    if (!t.empty() && t[0] == prefix) t.erase(0, 1);
    return t;
}
}  // namespace

// ---- single checks ----

std::string check_routing_number(const std::string& s) {
    const auto d = plain_digits(s);
    if (!d || d->size() != 9) return "Enter the 9-digit routing number.";
    int n[9];
    for (int i = 0; i < 9; ++i) n[i] = (*d)[i] - '0';
    const int sum = 3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8]);
    const int prefix = n[0] * 10 + n[1];
    const bool known_prefix = std::any_of(std::begin(k_routing_prefixes), std::end(k_routing_prefixes),
                                          [prefix](const range& r) { return prefix >= r.lo && prefix <= r.hi; });
    if (sum % 10 != 0 || !known_prefix) return "This routing number isn't valid. Check it on a check or in your bank app.";
    return {};
}

std::string check_account_number(const std::string& s) {
    if (blank(s)) return "Enter the account number.";
    const auto d = plain_digits(s);
    if (!d || d->size() < 4 || d->size() > 17) return "An account number has 4 to 17 digits.";
    return {};
}

// One @, a non-empty local part, a domain of non-empty dot-separated labels (at least two), no
// spaces or control characters, at most 254 characters. Non-ASCII is allowed (international addresses).
std::string check_email(const std::string& raw) {
    const std::string s = trim(raw);
    if (s.empty()) return "Enter the email address of your PayPal account.";
    if (s.size() > 254) return "An email address has at most 254 characters.";
    const std::string shape = "Enter an email address like name@example.com.";
    if (std::count(s.begin(), s.end(), '@') != 1) return shape;
    if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
        return shape;
    const size_t at = s.find('@');
    const std::string domain = s.substr(at + 1);
    if (at == 0 || domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string::npos)
        return shape;
    return {};
}

// '@' (or any letter or underscore) means a username, else a phone number.
std::string check_venmo(const std::string& s) {
    const std::string t = trim(s);
    if (t.empty()) return k_venmo_entry;
    const bool handle = t[0] == '@' || std::any_of(t.begin(), t.end(), [](char c) { return is_letter(c) || c == '_'; });
    return handle ? check_venmo_handle(t) : check_venmo_phone(t);
}

std::string check_cash_tag(const std::string& s) {
    const std::string t = without_prefix(s, '$');
    if (t.empty()) return "Enter your $Cashtag.";
    if (t.size() > 20 || !std::all_of(t.begin(), t.end(), [](char c) { return is_alnum(c) || c == '_'; }))
        return "A $Cashtag has 1 to 20 letters, digits or underscores.";
    if (!std::any_of(t.begin(), t.end(), is_letter)) return "A $Cashtag needs at least one letter.";
    return {};
}

int iban_length(const std::string& country) {
    for (const auto& c : k_iban_countries)
        if (country == c.code) return c.length;
    return 0;
}

std::string normalize_iban(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!is_space(c)) out += to_upper(c);
    return out;
}

std::string format_iban(const std::string& s) {
    const std::string n = normalize_iban(s);
    std::string out;
    for (size_t i = 0; i < n.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += n[i];
    }
    return out;
}

std::string check_iban(const std::string& s) {
    const std::string n = normalize_iban(s);
    if (n.empty()) return "Enter the IBAN.";
    if (!std::all_of(n.begin(), n.end(), is_alnum)) return "An IBAN has only letters and digits.";
    if (n.size() < 2 || !is_upper(n[0]) || !is_upper(n[1])) return "An IBAN starts with the 2-letter country code, e.g. DE.";
    const std::string cc = n.substr(0, 2);
    const int length = iban_length(cc);
    if (length == 0) return "No country's IBANs start with " + cc + ": check the first two letters.";
    if ((int)n.size() != length)
        return "IBANs starting with " + cc + " have " + std::to_string(length) + " characters; this one has " +
               std::to_string(n.size()) + ".";
    if (!is_digit(n[2]) || !is_digit(n[3])) return "The country code is followed by 2 check digits: check for a typo.";
    // 00, 01 and 99 are never issued; 01 and 99 would pass mod 97 in place of 98 and 02.
    const std::string check = n.substr(2, 2);
    if (check == "00" || check == "01" || check == "99" || iban_mod97(n) != 1)
        return "The check digits don't match: check for a typo.";
    return {};
}

std::string check_swift(const std::string& s) {
    const std::string n = normalize_bic(s);
    if (n.empty()) return "Enter the bank's SWIFT/BIC code.";
    if (!std::all_of(n.begin(), n.end(), is_alnum)) return "A SWIFT/BIC code has only letters and digits.";
    if (n.size() != 8 && n.size() != 11) return "A SWIFT/BIC code has 8 or 11 characters.";
    if (!std::all_of(n.begin(), n.begin() + 4, is_upper)) return "A SWIFT/BIC code starts with 4 letters for the bank.";
    if (!is_upper(n[4]) || !is_upper(n[5]))
        return "Characters 5 and 6 of a SWIFT/BIC code are the bank's country, e.g. DE.";
    return {};
}

const std::vector<std::pair<std::string, std::string>>& currencies() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"EUR", "Euro"},
        {"GBP", "British pound"},
        {"CHF", "Swiss franc"},
        {"SEK", "Swedish krona"},
        {"NOK", "Norwegian krone"},
        {"DKK", "Danish krone"},
        {"PLN", "Polish zloty"},
        {"CZK", "Czech koruna"},
        {"HUF", "Hungarian forint"},
        {"RON", "Romanian leu"},
        {"CAD", "Canadian dollar"},
        {"AUD", "Australian dollar"},
        {"NZD", "New Zealand dollar"},
        {"MXN", "Mexican peso"},
        {"BRL", "Brazilian real"},
        {"INR", "Indian rupee"},
        {"JPY", "Japanese yen"},
        {"SGD", "Singapore dollar"},
        {"HKD", "Hong Kong dollar"},
        {"AED", "UAE dirham"},
        {"ILS", "Israeli new shekel"},
        {"TRY", "Turkish lira"},
        {"ZAR", "South African rand"},
        {"USD", "US dollar"},
    };
    return list;
}

std::string check_currency(const std::string& s) {
    if (blank(s)) return "Choose the currency.";
    const auto& list = currencies();
    const bool known = std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == s; });
    return known ? std::string() : "Choose one of the listed currencies.";
}

// ---- whole method ----

errors validate(const method& m) {
    errors out;
    auto add = [&out](const char* field, std::string message) {
        if (!message.empty()) out.push_back({field, std::move(message)});
    };
    const char* k_holder = "Enter the name on the account.";

    if (m.platform == "ach") {
        add("routing_number", check_routing_number(m.routing_number));
        add("account_number", check_account_number(m.account_number));
        if (m.account_type != "checking" && m.account_type != "savings") add("account_type", "Choose checking or savings.");
        if (blank(m.account_holder_name)) add("account_holder_name", k_holder);
    } else if (m.platform == "paypal") {
        add("email", check_email(m.email));
    } else if (m.platform == "venmo") {
        const bool phone = !blank(m.phone_number), handle = !blank(m.handle);
        if (phone && handle) add("handle", "Give the phone number or the username, not both.");
        else if (handle) add("handle", check_venmo_handle(m.handle));
        else add("phone_number", check_venmo_phone(m.phone_number));
    } else if (m.platform == "cash_app") {
        add("cash_tag", check_cash_tag(m.cash_tag));
    } else if (m.platform == "intl_transfer") {
        const std::string iban = normalize_iban(m.iban), bic = normalize_bic(m.swift);
        const std::string iban_cc = iban_country_of(iban);  // known even when the check digits are off
        const bool country_ok = m.country.size() == 2 && is_upper(m.country[0]) && is_upper(m.country[1]);
        if (blank(m.country)) add("country", "Choose the bank's country.");
        else if (!country_ok) add("country", "Use the 2-letter country code, e.g. DE.");
        else if (!iban_cc.empty() && !banks_in(iban_cc, m.country))
            add("country", "The IBAN is from " + iban_cc + ": choose that country, or check the IBAN.");
        add("iban", check_iban(m.iban));
        std::string swift = check_swift(m.swift);
        if (swift.empty() && !iban_cc.empty() && !banks_in(iban_cc, bic.substr(4, 2)))
            swift = "This SWIFT/BIC code is for a bank in " + bic.substr(4, 2) + ", but the IBAN is from " + iban_cc + ".";
        add("swift", std::move(swift));
        add("currency", check_currency(m.currency));
        if (blank(m.account_holder_name)) add("account_holder_name", k_holder);
    } else {
        add("platform", "Choose how you want to be paid: bank account, PayPal, Venmo, Cash App or international transfer.");
    }
    return out;
}

std::string describe(const method& m) {
    const std::string mask = mask_of(m);
    const std::string tail = mask.empty() ? "" : " ..." + mask;
    if (m.platform == "ach")
        return (m.account_type == "savings" ? "Savings" : m.account_type == "checking" ? "Checking" : "Bank account") + tail;
    if (m.platform == "paypal") return "PayPal " + masked_email(m.email);
    if (m.platform == "venmo") return blank(m.phone_number) ? "Venmo @" + without_prefix(m.handle, '@') : "Venmo" + tail;
    if (m.platform == "cash_app") return "Cash App $" + without_prefix(m.cash_tag, '$');
    if (m.platform == "intl_transfer") {
        const std::string n = normalize_iban(m.iban);
        return n.size() > 8 ? "IBAN " + n.substr(0, 4) + tail : "IBAN";
    }
    return {};
}

std::string mask_of(const method& m) {
    if (m.platform == "ach") return last4(digits(m.account_number));
    if (m.platform == "venmo") return last4(digits(m.phone_number));
    if (m.platform == "intl_transfer") {
        const std::string n = normalize_iban(m.iban);
        return n.size() > 8 ? last4(n) : std::string();  // never the whole of a short, mistyped IBAN
    }
    return {};
}

}  // namespace fk::payout
