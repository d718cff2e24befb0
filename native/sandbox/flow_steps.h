// The steps of a flow as the app asks for them (POST /flows `steps`, POST /payout-links
// `additional_steps`): names, per-step options and their checks, shared by flows and payout links.
// Pure input checking: no database.
#pragma once
#include <string>
#include <vector>

#include "http_util.h"
#include "records.h"

namespace flowkit::sandbox {

// Reads a JSON array of step names or {name, ...options} objects. Errors name `field` ("steps[1].name"):
// 400 invalid_type for wrong types, 422 invalid_step / duplicate_step / invalid_option / missing_field.
// The redirect step's redirect_url must be https, or http on localhost / 127.0.0.1 (sandbox).
std::vector<step_spec> read_steps(const json& list, const std::string& field);

bool is_allowed_redirect_url(const std::string& url);  // https://host..., or http://localhost|127.0.0.1[:port]...

}  // namespace flowkit::sandbox
