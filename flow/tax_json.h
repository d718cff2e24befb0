// W-9 / W-8BEN <-> the API's JSON (shape in tax.h). Parsing is for untrusted input: wrong types,
// missing objects and oversize strings become field errors, never exceptions.
#pragma once
#include "tax.h"
#include <nlohmann/json.hpp>

namespace fk::tax {

inline constexpr size_t k_max_text = 200;  // longest accepted string field

// The request body {"w9": {...}} / {"w8ben": {...}} (full TIN: only ever sent to the API).
nlohmann::json request_json(const w9& f);
nlohmann::json request_json(const w8ben& f);

// Parses one form from a body that holds exactly one of "w9" / "w8ben". Type problems
// (not an object, a number where text belongs, a string over k_max_text, unknown enum values)
// go to `errs` with the field's path; the result is then nullopt.
struct parsed {
    std::optional<w9> w9_form;
    std::optional<w8ben> w8ben_form;
};
parsed parse_request(const nlohmann::json& body, errors& errs);

}  // namespace fk::tax
