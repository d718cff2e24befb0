// The harness's HTTP side: a transport for the widget's calls (cpp-httplib) and the sandbox
// outbox reader that autopilot and `code` script lines use to read one-time codes.
#pragma once
#include "runner.h"
#include <optional>
#include <string>

namespace fk::harness {

struct origin {
    std::string scheme_host_port;  // "http://127.0.0.1:8080"
};
// Splits a link "http://host:port/flow/{id}#s=…" into origin, flow id and secret.
bool split_link(const std::string& link, origin& o, std::string& flow_id, std::string& secret);

transport http_transport(const origin& o);

// The newest one-time code the sandbox "sent" to `e164` (app credentials), if any.
std::optional<std::string> latest_code(const origin& o, const std::string& client_id, const std::string& api_key,
                                       const std::string& e164);

// The E.164 phone of the user a flow belongs to (app API), for re-verification; nullopt if none.
std::optional<std::string> phone_on_file(const origin& o, const std::string& client_id, const std::string& api_key,
                                         const std::string& flow_id);

}  // namespace fk::harness
