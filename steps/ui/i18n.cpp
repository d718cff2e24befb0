// Draw-time translation (see i18n.h): the table is split once into exact rows (a hash map) and
// templates (literal parts and {n} slots, most literal text first); tr() matches against them.
#include "i18n.h"
#include <algorithm>
#include <cassert>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fk::ui {
namespace {

const table_row k_rows[] = {
#include "i18n_table.inc"
};

// "{0}, tax ID {1}." -> literals {"", ", tax ID ", "."}, slots {0, 1}: literals.size() == slots.size() + 1.
struct templ {
    std::vector<std::string_view> literals;
    std::vector<int> slots;
    std::string_view out;
    size_t literal_size = 0;
};

struct compiled {
    std::unordered_map<std::string_view, std::string_view> exact;
    std::vector<templ> templates;
};

bool is_slot(std::string_view s, size_t i) {
    return i + 2 < s.size() && s[i] == '{' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] == '}';
}

const compiled& spanish() {
    static const compiled c = [] {  // built once from constant data
        compiled out;
        for (const table_row& r : k_rows) {
            const std::string_view en = r.en;
            templ t;
            size_t start = 0;
            for (size_t i = 0; i < en.size(); ++i) {
                if (!is_slot(en, i)) continue;
                t.literals.push_back(en.substr(start, i - start));
                t.slots.push_back(en[i + 1] - '0');
                start = i + 3;
                i += 2;
            }
            if (t.slots.empty()) {
                out.exact.emplace(en, r.es);
                continue;
            }
            t.literals.push_back(en.substr(start));
            for (size_t i = 1; i + 1 < t.literals.size(); ++i) assert(!t.literals[i].empty() && "adjacent {n} slots");
            for (auto l : t.literals) t.literal_size += l.size();
            assert(t.literal_size > 0 && "a template needs literal text");
            t.out = r.es;
            out.templates.push_back(std::move(t));
        }
        std::stable_sort(out.templates.begin(), out.templates.end(),
                         [](const templ& a, const templ& b) { return a.literal_size > b.literal_size; });
        return out;
    }();
    return c;
}

// `rest` follows literal i; slot i comes next. Backtracks over where the next literal starts.
bool match_from(std::string_view rest, const templ& t, size_t i, std::string_view (&caps)[10]) {
    const std::string_view next = t.literals[i + 1];
    if (i + 2 == t.literals.size()) {  // the last literal ends the text
        if (rest.size() <= next.size() || rest.substr(rest.size() - next.size()) != next) return false;
        caps[t.slots[i]] = rest.substr(0, rest.size() - next.size());
        return true;
    }
    for (size_t p = rest.find(next, 1); p != std::string_view::npos; p = rest.find(next, p + 1)) {
        caps[t.slots[i]] = rest.substr(0, p);
        if (match_from(rest.substr(p + next.size()), t, i + 1, caps)) return true;
    }
    return false;
}

std::string translate(std::string_view s, const compiled& c) {
    if (auto it = c.exact.find(s); it != c.exact.end()) return std::string(it->second);
    for (const templ& t : c.templates) {
        std::string_view caps[10];
        if (s.substr(0, t.literals[0].size()) != t.literals[0]) continue;
        if (!match_from(s.substr(t.literals[0].size()), t, 0, caps)) continue;
        std::string out;
        for (size_t i = 0; i < t.out.size(); ++i) {
            if (is_slot(t.out, i)) {
                out += translate(caps[t.out[i + 1] - '0'], c);  // captures are shorter: this ends
                i += 2;
            } else {
                out += t.out[i];
            }
        }
        return out;
    }
    return std::string(s);
}

std::string g_locale = "en";

std::string language_of(const std::string& tag) {
    std::string lang;
    for (char ch : tag) {
        if (ch == '-' || ch == '_') break;
        lang += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
    }
    return lang;
}

}  // namespace

bool has_locale(const std::string& tag) {
    const std::string lang = language_of(tag);
    return lang == "en" || lang == "es";
}

const std::string& set_locale(const std::string& tag) {
    g_locale = has_locale(tag) ? language_of(tag) : "en";
    return g_locale;
}

const std::string& locale() { return g_locale; }

std::string tr(const std::string& english) {
    if (g_locale == "en" || english.empty()) return english;
    const size_t id = english.find("##");  // "##id" / "###id": hidden, and the id; never translated
    std::string out = translate(std::string_view(english).substr(0, id), spanish());
    if (id != std::string::npos) out.append(english, id, std::string::npos);
    return out;
}

std::span<const table_row> table() { return k_rows; }

}  // namespace fk::ui
