// Helpers of the app API (/api/v2) shared by its route files (app_api.cpp, money_api.cpp): app
// credentials, metadata, e-mail and country code checks, list envelopes. Defined in app_api.cpp.
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "db.h"
#include "http_util.h"
#include "records.h"

namespace flowkit::sandbox {

using app_creds = std::pair<std::string, std::string>;  // client id, api key
app_creds require_credentials(const httplib::Request& req);    // 401 without Basic auth
std::string require_app(database& db, const app_creds& creds);  // the app id; 401 on bad credentials
std::optional<std::string> read_metadata(const json& body);     // JSON text of "metadata" (object or string); 400 otherwise
bool looks_like_email(const std::string& s);
std::string country_code_digits(const std::string& raw);        // "1" from "1"/"+1"; 422 invalid_country_code
json page_json(bool has_more, json data);                        // {has_more, data}
user_record require_user(database& db, const std::string& app_id, const std::string& user_id);  // 404 user_not_found

}  // namespace flowkit::sandbox
