// Localization at draw time: update() functions keep producing English, and views pass every
// visible string through tr(), which looks it up in the table (i18n_table.inc) for the current
// locale. Text built with numbers or names matches a template row ("You have {0} attempts left.").
// Depends on std only.
#pragma once
#include <span>
#include <string>

namespace fk::ui {

// Chooses the language views draw in from a BCP 47 tag, case-insensitive: "es", "es-MX", "es_419"
// -> "es"; a language without a table ("fr", "", "x") -> "en". Returns the locale now in use.
const std::string& set_locale(const std::string& tag);
const std::string& locale();               // "en" until set_locale
bool has_locale(const std::string& tag);   // a table exists for the tag's language ("es-MX": yes, "fr": no)

// The text in the current locale. Exact rows first, then templates, most specific first: their
// literal parts must match and each {n} captures the rest (at least one character); the captures
// are themselves translated ("Remove Checking ...6789" -> "Eliminar Cuenta corriente ...6789") and
// substituted. A "##id" / "###id" suffix is kept as it is, so ImGui ids do not change with the
// language. Text with no row (names, numbers, masks, country names) comes back unchanged.
std::string tr(const std::string& english);

// The table, for tests: one row per English text ({n} marks a template).
struct table_row {
    const char* en;
    const char* es;
};
std::span<const table_row> table();

}  // namespace fk::ui
