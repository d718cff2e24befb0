// Theme parsing (see styles.h).
#include "styles.h"
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace fk::styles {
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)std::tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// "12, 34, 56" -> numbers; false when any part is not a plain number.
bool numbers(const std::string& inner, std::vector<double>& out) {
    size_t pos = 0;
    while (pos <= inner.size()) {
        size_t comma = inner.find(',', pos);
        std::string part = inner.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        while (!part.empty() && part.front() == ' ') part.erase(part.begin());
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (part.empty()) return false;
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (*end != '\0') return false;
        out.push_back(v);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return true;
}

}  // namespace

std::optional<rgba> parse_color(const std::string& s) {
    if (s.size() >= 4 && s[0] == '#') {
        std::vector<int> d;
        for (size_t i = 1; i < s.size(); ++i) {
            const int v = hex(s[i]);
            if (v < 0) return std::nullopt;
            d.push_back(v);
        }
        if (d.size() == 3) return rgba{d[0] * 17 / 255.f, d[1] * 17 / 255.f, d[2] * 17 / 255.f, 1};
        if (d.size() == 6 || d.size() == 8) {
            rgba c{(d[0] * 16 + d[1]) / 255.f, (d[2] * 16 + d[3]) / 255.f, (d[4] * 16 + d[5]) / 255.f, 1};
            if (d.size() == 8) c.a = (d[6] * 16 + d[7]) / 255.f;
            return c;
        }
        return std::nullopt;
    }
    const bool with_alpha = s.rfind("rgba(", 0) == 0;
    if ((with_alpha || s.rfind("rgb(", 0) == 0) && s.back() == ')') {
        const size_t open = s.find('(');
        std::vector<double> v;
        if (!numbers(s.substr(open + 1, s.size() - open - 2), v) || v.size() != (with_alpha ? 4u : 3u)) return std::nullopt;
        for (int i = 0; i < 3; ++i)
            if (v[i] < 0 || v[i] > 255) return std::nullopt;
        if (with_alpha && (v[3] < 0 || v[3] > 1)) return std::nullopt;
        return rgba{float(v[0] / 255), float(v[1] / 255), float(v[2] / 255), with_alpha ? float(v[3]) : 1.f};
    }
    return std::nullopt;
}

theme parse(const std::string& json_text, std::vector<std::string>& warnings) {
    theme t;
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        warnings.push_back("styles: not a JSON object, ignored");
        return t;
    }
    if (auto th = j.find("theme"); th != j.end()) {
        if (th->is_string() && (*th == "light" || *th == "dark")) t.dark = *th == "dark";
        else warnings.push_back("styles.theme: expected \"light\" or \"dark\", ignored");
    }
    auto vars = j.find("variables");
    if (vars == j.end()) return t;
    if (!vars->is_object()) {
        warnings.push_back("styles.variables: not an object, ignored");
        return t;
    }
    struct color_var { const char* name; std::optional<rgba> theme::*field; };
    static const color_var colors[] = {
        {"backgroundColor", &theme::background}, {"primaryTextColor", &theme::primary_text},
        {"secondaryTextColor", &theme::secondary_text}, {"tertiaryTextColor", &theme::tertiary_text},
        {"primaryColor", &theme::primary}, {"inputBackgroundColor", &theme::input_background},
        {"inputBorderColor", &theme::input_border}, {"inputPlaceholderColor", &theme::input_placeholder},
        {"buttonBackgroundColor", &theme::button_background}, {"buttonTextColor", &theme::button_text},
        {"tabBackgroundColor", &theme::tab_background}, {"tabTextColor", &theme::tab_text},
    };
    struct radius_var { const char* name; std::optional<float> theme::*field; };
    static const radius_var radii[] = {{"borderRadius", &theme::border_radius}, {"buttonBorderRadius", &theme::button_border_radius}};
    for (const auto& [key, value] : vars->items()) {
        bool known = false;
        for (const auto& c : colors) {
            if (key != c.name) continue;
            known = true;
            auto parsed = value.is_string() ? parse_color(value.get<std::string>()) : std::nullopt;
            if (parsed) t.*c.field = parsed;
            else warnings.push_back("styles.variables." + key + ": not a color (#rrggbb, rgb(), rgba()), ignored");
        }
        for (const auto& r : radii) {
            if (key != r.name) continue;
            known = true;
            std::optional<float> px;
            if (value.is_number()) px = value.get<float>();
            if (value.is_string()) {
                std::string s = value.get<std::string>();
                if (s.size() > 2 && s.compare(s.size() - 2, 2, "px") == 0) s.resize(s.size() - 2);
                char* end = nullptr;
                const float v = std::strtof(s.c_str(), &end);
                if (!s.empty() && *end == '\0') px = v;
            }
            if (px && *px >= 0 && *px <= 32) t.*r.field = *px;
            else warnings.push_back("styles.variables." + key + ": expected 0 to 32 (px), ignored");
        }
        if (!known) warnings.push_back("styles.variables." + key + ": unknown, ignored");
    }
    return t;
}

theme merge(const theme& base, const theme& update, bool update_names_theme) {
    theme out = update_names_theme && update.dark != base.dark ? theme{} : base;
    out.dark = update_names_theme ? update.dark : base.dark;
    auto take = [](auto& dst, const auto& src) { if (src) dst = src; };
    take(out.background, update.background); take(out.primary_text, update.primary_text);
    take(out.secondary_text, update.secondary_text); take(out.tertiary_text, update.tertiary_text);
    take(out.primary, update.primary); take(out.input_background, update.input_background);
    take(out.input_border, update.input_border); take(out.input_placeholder, update.input_placeholder);
    take(out.button_background, update.button_background); take(out.button_text, update.button_text);
    take(out.tab_background, update.tab_background); take(out.tab_text, update.tab_text);
    take(out.border_radius, update.border_radius); take(out.button_border_radius, update.button_border_radius);
    return out;
}

}  // namespace fk::styles
