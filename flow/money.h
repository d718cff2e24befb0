// Money as people type and read it: integer cents in, "$1,234.56" out. Never floating point.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace fk::money {

// "12", "12.3", "12.34", "$1,234.56", " 5 " -> cents. nullopt for anything else: more than two
// decimals, signs, letters, several dots, empty, or more than $10,000,000.00.
std::optional<int64_t> parse(const std::string& typed);
std::string format(int64_t cents);        // "$1,234.56", "-$0.05"
std::string format_plain(int64_t cents);  // "1234.56": what an amount field shows

}  // namespace fk::money
