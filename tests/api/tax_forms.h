// A valid W-9 request body (today's UTC date in the signature) for tests that need a tax form on
// file before the compliance step completes (the sandbox enforces it, like the widget).
#pragma once
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

namespace flowkit::test {

inline nlohmann::json w9_form() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  return {{"w9",
           {{"entity_type", "individual"},
            {"tax_classification", "individual"},
            {"name", "Ada Lovelace"},
            {"tin_type", "ssn"},
            {"tin", "123-45-6789"},
            {"date_of_birth", "1990-04-15"},
            {"address",
             {{"line_1", "12 Analytical Engine Way"},
              {"city", "Springfield"},
              {"state", "IL"},
              {"country", "US"},
              {"postcode", "62701"}}},
            {"signature", {{"name", "Ada Lovelace"}, {"date", std::string(day)}, {"consent", true}}}}}};
}

}  // namespace flowkit::test
