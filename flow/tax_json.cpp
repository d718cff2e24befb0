// W-9 / W-8BEN <-> the API's JSON (see tax_json.h). The parser reads untrusted input: every value's
// type is checked before get<>(), null counts as absent, problems become field errors.
#include "tax_json.h"
#include <cmath>

namespace fk::tax {
using json = nlohmann::json;

namespace {
// "123-45-6789" (SSN, ITIN) or "12-3456789" (EIN) when there are 9 digits, else the digits.
std::string formatted_tin(const std::string& type, const std::string& tin) {
    std::string d = digits(tin);
    if (d.size() != 9) return d;
    return type == "ein" ? d.substr(0, 2) + "-" + d.substr(2) : d.substr(0, 3) + "-" + d.substr(3, 2) + "-" + d.substr(5);
}

void put(json& j, const char* key, const std::string& value) {  // optional text: only when given
    if (!value.empty()) j[key] = value;
}

json address_json(const address& a) {
    json j{{"line_1", a.line_1}, {"city", a.city}, {"country", a.country}};
    put(j, "line_2", a.line_2);
    put(j, "state", a.state);
    put(j, "postcode", a.postcode);
    return j;
}

// "15" -> 0.15, "12.5" -> 0.125; nullopt when the percent isn't digits with up to 2 decimals.
std::optional<double> rate_fraction(const std::string& percent) {
    size_t dot = percent.find('.');
    std::string whole = percent.substr(0, dot), frac = dot == std::string::npos ? "" : percent.substr(dot + 1);
    if (whole.empty() || whole.size() > 3 || frac.size() > 2 || (dot != std::string::npos && frac.empty())) return std::nullopt;
    frac.resize(2, '0');
    int hundredths = 0;
    for (char c : whole + frac) {
        if (c < '0' || c > '9') return std::nullopt;
        hundredths = hundredths * 10 + (c - '0');
    }
    return hundredths / 10000.0;
}
// 1250 hundredths of a percent -> "12.5"
std::string percent_text(long hundredths) {
    std::string s = std::to_string(hundredths / 100);
    long frac = hundredths % 100;
    if (frac == 0) return s;
    if (frac % 10 == 0) return s + "." + std::to_string(frac / 10);
    return s + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
}

// Reads fields of one object, reporting problems under `path` ("w9.address.").
struct reader {
    const json& obj;
    std::string path;
    errors& errs;

    const json* find(const char* key) const {
        if (!obj.is_object()) return nullptr;
        auto it = obj.find(key);
        return it == obj.end() || it->is_null() ? nullptr : &*it;
    }
    void fail(const char* key, std::string message) const { errs.push_back({path + key, std::move(message)}); }

    std::string text(const char* key) const {
        const json* v = find(key);
        if (!v) return {};
        if (!v->is_string()) {
            fail(key, "Expected text.");
            return {};
        }
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > k_max_text) {
            fail(key, "Keep this under " + std::to_string(k_max_text) + " characters.");
            return {};
        }
        return s;
    }
    // Text that must be one of `allowed` (when given).
    std::string choice(const char* key, std::initializer_list<const char*> allowed, const char* message) const {
        std::string s = text(key);
        if (s.empty()) return s;
        for (const char* a : allowed)
            if (s == a) return s;
        fail(key, message);
        return {};
    }
    std::string choice(const char* key, const std::vector<std::pair<std::string, std::string>>& allowed, const char* message) const {
        std::string s = text(key);
        if (s.empty()) return s;
        for (const auto& a : allowed)
            if (s == a.first) return s;
        fail(key, message);
        return {};
    }
    bool flag(const char* key) const {
        const json* v = find(key);
        if (!v) return false;
        if (!v->is_boolean()) fail(key, "Expected true or false.");
        return v->is_boolean() && v->get<bool>();
    }
    // A TIN typed with spaces and dashes is kept as its digits; anything else stays as typed so
    // validate() can say what is wrong.
    std::string tin(const char* key) const {
        std::string s = text(key);
        std::string d = digits(s);
        for (char c : s)
            if (c != ' ' && c != '-' && (c < '0' || c > '9')) return s;
        return d;
    }
    // A nested object: nullopt when absent, an error when not an object.
    std::optional<reader> child(const char* key) const {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_object()) {
            fail(key, "Expected an object.");
            return std::nullopt;
        }
        return reader{*v, path + key + ".", errs};
    }
};

address read_address(const reader& r) {
    return {r.text("line_1"), r.text("line_2"), r.text("city"), r.text("state"), r.text("postcode"), r.text("country")};
}
signature read_signature(const reader& r) {
    signature s;
    s.consent = r.flag("consent");
    s.name = r.text("name");
    s.email = r.text("email");
    s.capacity = r.text("capacity");
    s.date = r.text("date");
    return s;
}

w9 read_w9(const reader& r) {
    w9 f;
    std::string entity = r.choice("entity_type", {"individual", "business"}, "Use individual or business.");
    f.tax_classification = r.choice("tax_classification", tax_classifications(), "Choose a federal tax classification.");
    if (f.tax_classification.empty() && !entity.empty())  // a Dots-only body
        f.tax_classification = entity == "individual" ? "individual" : "c_corporation";
    else if (!entity.empty() && (entity == "individual") != (f.tax_classification == "individual"))
        r.fail("entity_type", "This doesn't match the tax classification.");
    f.llc_tax_classification = r.choice("llc_tax_classification", {"C", "S", "P"}, "Use C, S or P.");
    f.name = r.text("name");
    f.business_name = r.text("business_name");
    f.tin_type = r.choice("tin_type", {"ssn", "ein", "itin"}, "Use ssn, ein or itin.");
    if (f.tin_type.empty()) f.tin_type = f.tax_classification == "individual" || f.tax_classification.empty() ? "ssn" : "ein";
    f.tin = r.tin("tin");
    f.date_of_birth = r.text("date_of_birth");
    if (auto a = r.child("address")) {
        address full = read_address(*a);
        f.address = {full.line_1, full.line_2, full.city, full.state, full.postcode};
        if (!full.country.empty() && full.country != "US")
            a->fail("country", "A W-9 needs a US address; people outside the US use the W-8BEN.");
    }
    if (auto s = r.child("signature")) f.sig = read_signature(*s);
    return f;
}

w8ben read_w8ben(const reader& r) {
    w8ben f;
    f.name = r.text("name");
    f.citizenship_country = r.text("citizenship_country");
    f.date_of_birth = r.text("date_of_birth");
    if (auto a = r.child("address")) f.residence = read_address(*a);
    if (auto a = r.child("mailing_address")) f.mailing = read_address(*a);
    f.foreign_tax_id = r.text("foreign_tax_id");
    f.foreign_tax_id_reason = r.choice("foreign_tax_id_reason", {"not_issued", "not_required"}, "Use not_issued or not_required.");
    f.us_tin = r.tin("tin");
    f.treaty_country = r.text("tax_treaty_country");
    f.treaty_citation = r.text("tax_treaty_citation");
    if (const json* rate = r.find("tax_treaty_rate")) {
        double v = rate->is_number() ? rate->get<double>() : -1;
        long hundredths = v >= 0 && v <= 0.3000001 ? std::lround(v * 10000) : -1;
        if (!rate->is_number()) r.fail("tax_treaty_rate", "Expected a number.");
        else if (hundredths < 0 || hundredths > 3000) r.fail("tax_treaty_rate", "Use a fraction from 0 to 0.30, e.g. 0.15 for 15%.");
        else if (std::fabs(v * 10000 - double(hundredths)) > 1e-6)
            r.fail("tax_treaty_rate", "Use at most 2 decimals in the percent, e.g. 0.125 for 12.5%.");
        else f.treaty_rate = percent_text(hundredths);
    }
    f.treaty_income_type = r.choice("tax_treaty_income_type", treaty_income_types(), "Choose a listed income type.");
    f.treaty_explanation = r.text("tax_treaty_explanation");
    f.treaty_claim = !f.treaty_country.empty() || !f.treaty_citation.empty() || !f.treaty_rate.empty() ||
                     !f.treaty_income_type.empty() || !f.treaty_explanation.empty();
    if (auto s = r.child("signature")) f.sig = read_signature(*s);
    return f;
}
}  // namespace

json request_json(const w9& f) {
    json j{{"entity_type", f.tax_classification == "individual" ? "individual" : "business"},
           {"tax_classification", f.tax_classification},
           {"name", f.name},
           {"tin_type", f.tin_type},
           {"tin", formatted_tin(f.tin_type, f.tin)}};
    if (f.tax_classification == "llc") put(j, "llc_tax_classification", f.llc_tax_classification);
    put(j, "business_name", f.business_name);
    put(j, "date_of_birth", f.date_of_birth);
    j["address"] = {{"line_1", f.address.line_1}, {"city", f.address.city}, {"state", f.address.state},
                    {"country", "US"},            {"postcode", f.address.postcode}};
    put(j["address"], "line_2", f.address.line_2);
    j["signature"] = {{"name", f.sig.name}, {"date", f.sig.date}, {"consent", f.sig.consent}};
    return json{{"w9", std::move(j)}};
}

json request_json(const w8ben& f) {
    json j{{"name", f.name},
           {"citizenship_country", f.citizenship_country},
           {"date_of_birth", f.date_of_birth},
           {"address", address_json(f.residence)}};
    if (f.mailing) j["mailing_address"] = address_json(*f.mailing);
    put(j, "foreign_tax_id", f.foreign_tax_id);
    put(j, "foreign_tax_id_reason", f.foreign_tax_id_reason);
    put(j, "tin", digits(f.us_tin).size() == 9 ? formatted_tin("ssn", f.us_tin) : f.us_tin);
    if (f.treaty_claim) {  // the treaty fields travel only with a claim; their presence is the claim
        put(j, "tax_treaty_country", f.treaty_country);
        put(j, "tax_treaty_citation", f.treaty_citation);
        if (auto rate = rate_fraction(f.treaty_rate)) j["tax_treaty_rate"] = *rate;
        put(j, "tax_treaty_income_type", f.treaty_income_type);
        put(j, "tax_treaty_explanation", f.treaty_explanation);
    }
    json sig{{"consent", f.sig.consent}, {"name", f.sig.name}, {"date", f.sig.date}};
    put(sig, "email", f.sig.email);
    put(sig, "capacity", f.sig.capacity);
    j["signature"] = std::move(sig);
    return json{{"w8ben", std::move(j)}};
}

parsed parse_request(const json& body, errors& errs) {
    const size_t before = errs.size();
    const bool has_w9 = body.is_object() && body.contains("w9");
    const bool has_w8ben = body.is_object() && body.contains("w8ben");
    if (has_w9 == has_w8ben) {
        errs.push_back({"w9", "Send exactly one form: w9 or w8ben."});
        return {};
    }
    reader top{body, "", errs};
    auto form = top.child(has_w9 ? "w9" : "w8ben");
    if (!form) {
        if (errs.size() == before) errs.push_back({has_w9 ? "w9" : "w8ben", "Expected an object."});
        return {};
    }
    parsed p;
    if (has_w9) p.w9_form = read_w9(*form);
    else p.w8ben_form = read_w8ben(*form);
    if (errs.size() != before) return {};
    return p;
}

}  // namespace fk::tax
