// Widget sessions as the widget API's route files (widget_api.cpp, widget_money.cpp) check them:
// the bearer token, the flow, whether the session may act for the flow's user now, and CORS.
// Defined in widget_api.cpp. Every function but apply_cors runs inside database::transaction().
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "db.h"
#include "http_util.h"
#include "records.h"
#include "sandbox.h"

namespace flowkit::sandbox {

struct widget_session {
  std::string token_hash, flow_id;
  std::optional<std::string> verified_user_id;  // set once the person proved this user's phone
};

widget_session require_session(database& db, const httplib::Request& req, std::int64_t now);  // 401 session_expired
flow_record require_flow(database& db, const std::string& id);                                  // 404 flow_not_found
bool is_authorized(const sandbox& sb, const flow_record& f, const widget_session& s, std::int64_t now);
// The flow's user, when the flow has one of `steps` (else 404 step_not_found with `missing`) and the
// session is authorized (else 403 not_authorized with `verify_first`); 409 user_unavailable.
user_record require_step_user(database& db, const sandbox& sb, const httplib::Request& req, std::int64_t now,
                              std::initializer_list<const char*> steps, const char* missing, const char* verify_first);
void apply_cors(const sandbox& sb, const httplib::Request& req, httplib::Response& res);  // Allow-Origin for known origins

}  // namespace flowkit::sandbox
