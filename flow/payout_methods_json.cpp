// Payout methods <-> the API's JSON (see payout_methods_json.h). The parsers read untrusted input:
// every value's type is checked before get<>(), null counts as absent, problems become field
// errors (requests) or nullopt (responses), never exceptions.
#include "payout_methods_json.h"
#include "phone.h"
#include <algorithm>

namespace fk::payout {
using json = nlohmann::json;

namespace {
constexpr const char* k_platforms[] = {"ach", "paypal", "venmo", "cash_app", "intl_transfer"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// A number typed with spaces and dashes becomes its digits; anything else stays as typed so that
// validate() says what is wrong (dropping a stray letter could turn a typo into a valid number).
std::string digits_if_plain(const std::string& s) {
    std::string d;
    for (char c : s) {
        if (c >= '0' && c <= '9') d += c;
        else if (!is_space(c) && c != '-') return s;
    }
    return d;
}
std::string with_prefix(const std::string& s, char prefix) {
    std::string t = trim(s);
    return t.empty() || t[0] == prefix ? t : prefix + t;
}
std::string upper_no_spaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!is_space(c)) out += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    return out;
}
// Trimmed, the domain in lower case (the local part is the mail server's business).
std::string normalize_email(const std::string& s) {
    std::string t = trim(s);
    const size_t at = t.find('@');
    if (at != std::string::npos)
        std::transform(t.begin() + at, t.end(), t.begin() + at, [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    return t;
}
// E.164 when libphonenumber accepts it (US when there is no +), else as typed.
std::string normalize_phone(const std::string& s) {
    if (trim(s).empty()) return {};
    const auto r = phone::check("US", s);
    return r.v == phone::verdict::ok ? r.e164 : trim(s);
}

// The canonical spelling of every field the platform uses: what the API stores.
method normalized(const method& m) {
    method n = m;
    n.routing_number = digits_if_plain(m.routing_number);
    n.account_number = digits_if_plain(m.account_number);
    n.account_holder_name = trim(m.account_holder_name);
    n.email = normalize_email(m.email);
    n.phone_number = normalize_phone(m.phone_number);
    n.handle = with_prefix(m.handle, '@');
    n.cash_tag = with_prefix(m.cash_tag, '$');
    n.iban = normalize_iban(m.iban);
    n.swift = upper_no_spaces(m.swift);
    return n;
}

// Reads text fields of the request body, reporting type and size problems.
struct reader {
    const json& obj;
    errors& errs;

    std::string text(const char* key) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return {};
        if (!it->is_string()) {
            errs.push_back({key, "Expected text."});
            return {};
        }
        const auto& s = it->get_ref<const std::string&>();
        if (s.size() > k_max_text) {
            errs.push_back({key, "Keep this under " + std::to_string(k_max_text) + " characters."});
            return {};
        }
        return s;
    }
};

// A response's text field: absent or null is "", anything but a short string is a wrong shape.
bool read_text(const json& j, const char* key, std::string& out, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return !required;
    if (!it->is_string()) return false;
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > k_max_text || (required && s.empty())) return false;
    out = s;
    return true;
}
}  // namespace

json request_json(const method& raw) {
    const method m = normalized(raw);
    json j{{"platform", m.platform}};
    if (m.platform == "ach") {
        j["routing_number"] = m.routing_number;
        j["account_number"] = m.account_number;
        j["account_type"] = m.account_type;
        j["account_holder_name"] = m.account_holder_name;
    } else if (m.platform == "paypal") {
        j["email"] = m.email;
    } else if (m.platform == "venmo") {
        if (!m.phone_number.empty()) j["phone_number"] = m.phone_number;
        if (!m.handle.empty()) j["handle"] = m.handle;
    } else if (m.platform == "cash_app") {
        j["cash_tag"] = m.cash_tag;
    } else if (m.platform == "intl_transfer") {
        j["country"] = m.country;
        j["iban"] = m.iban;
        j["swift"] = m.swift;
        j["currency"] = m.currency;
        j["account_holder_name"] = m.account_holder_name;
    }
    return j;
}

std::optional<method> parse_request(const json& body, errors& errs) {
    const size_t before = errs.size();
    if (!body.is_object()) {
        errs.push_back({"platform", "Expected a JSON object with a platform."});
        return std::nullopt;
    }
    const reader r{body, errs};
    method m;
    m.platform = r.text("platform");
    if (errs.size() != before) return std::nullopt;
    if (std::find(std::begin(k_platforms), std::end(k_platforms), m.platform) == std::end(k_platforms)) {
        errs.push_back({"platform", m.platform.empty() ? "Choose how you want to be paid."
                                                       : "Use ach, paypal, venmo, cash_app or intl_transfer."});
        return std::nullopt;
    }
    // Only the platform's own fields are read; others are ignored like any unknown key.
    if (m.platform == "ach") {
        m.routing_number = r.text("routing_number");
        m.account_number = r.text("account_number");
        m.account_type = r.text("account_type");  // required: no default on the API
        m.account_holder_name = r.text("account_holder_name");
    } else if (m.platform == "paypal") {
        m.email = r.text("email");
    } else if (m.platform == "venmo") {
        m.phone_number = r.text("phone_number");
        m.handle = r.text("handle");
    } else if (m.platform == "cash_app") {
        m.cash_tag = r.text("cash_tag");
    } else {
        m.country = r.text("country");
        m.iban = r.text("iban");
        m.swift = r.text("swift");
        m.currency = r.text("currency");
        m.account_holder_name = r.text("account_holder_name");
    }
    m = normalized(m);
    // Rule problems, except on fields that already failed their type or size check (Venmo's two
    // fields count as one: a rejected handle is not also a missing phone number).
    auto venmo = [](const std::string& f) { return f == "phone_number" || f == "handle"; };
    for (auto& e : validate(m)) {
        const bool seen = std::any_of(errs.begin() + (std::ptrdiff_t)before, errs.end(), [&](const field_error& x) {
            return x.field == e.field || (venmo(x.field) && venmo(e.field));
        });
        if (!seen) errs.push_back(std::move(e));
    }
    if (errs.size() != before) return std::nullopt;
    return m;
}

std::optional<saved> parse_saved(const json& j) {
    if (!j.is_object()) return std::nullopt;
    saved s;
    if (!read_text(j, "id", s.id, true) || !read_text(j, "platform", s.platform, true) ||
        !read_text(j, "description", s.description, false) || !read_text(j, "mask", s.mask, false) ||
        !read_text(j, "account_type", s.account_type, false))
        return std::nullopt;
    auto d = j.find("default");
    if (d != j.end() && !d->is_null()) {
        if (!d->is_boolean()) return std::nullopt;
        s.is_default = d->get<bool>();
    }
    return s;
}

// id and default come from `s`; everything shown is computed from the stored method, so a
// response can't carry more than describe() and mask_of() reveal.
json saved_json(const saved& s, const method& m) {
    json j{{"id", s.id},
           {"platform", m.platform},
           {"description", describe(m)},
           {"mask", mask_of(m)},
           {"default", s.is_default}};
    if (m.platform == "ach") {
        j["account_type"] = m.account_type;
    } else if (m.platform == "paypal") {
        const std::string d = describe(m);  // "PayPal j***@example.com"
        j["email"] = d.substr(d.find(' ') + 1);
    } else if (m.platform == "venmo") {
        if (!mask_of(m).empty()) j["phone_number"] = "..." + mask_of(m);
    } else if (m.platform == "cash_app") {
        j["cash_tag"] = with_prefix(m.cash_tag, '$');
    } else if (m.platform == "intl_transfer") {
        j["country"] = m.country;
        j["currency"] = m.currency;
    }
    return j;
}

}  // namespace fk::payout
