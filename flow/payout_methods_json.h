// Payout methods <-> the API's JSON (shape in payout_methods.h). Parsing is for untrusted input:
// wrong types, unknown platforms and oversize strings become field errors, never exceptions.
#pragma once
#include "payout_methods.h"
#include <nlohmann/json.hpp>

namespace fk::payout {

inline constexpr size_t k_max_text = 200;

nlohmann::json request_json(const method& m);                      // the PUT body (full numbers: API only)
std::optional<method> parse_request(const nlohmann::json& body, errors& errs);  // nullopt when errs is not empty

// A saved method as the API shows it (the widget reads these).
struct saved {
    std::string id, platform, description, mask, account_type;
    bool is_default = false;
    bool operator==(const saved&) const = default;
};
std::optional<saved> parse_saved(const nlohmann::json& j);          // nullopt for a wrong shape
nlohmann::json saved_json(const saved& s, const method& m);         // masks only (sandbox responses)

}  // namespace fk::payout
