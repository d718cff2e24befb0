// Effects: what an update() asks the edge (web/ or native/) to do, as plain data so tests can
// compare them. The edge executes them and feeds the results back as actions (api_result,
// timer_fired). Depends on nothing but the standard library.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fk {

struct http_request {
    std::string method;                                       // "GET", "POST", ...
    std::string path;                                         // "/api/widget/v1/..." (relative to the API base)
    std::string body;                                         // JSON text, empty for GET
    std::vector<std::pair<std::string, std::string>> headers; // e.g. Authorization
    bool operator==(const http_request&) const = default;
};

struct http_response {
    int status = 0;       // 0: no response at all (network error, timeout)
    std::string body;
    bool operator==(const http_response&) const = default;
};

// Send `request`; the answer comes back as api_result{tag, response}.
struct api_call {
    std::string tag;
    http_request request;
    bool operator==(const api_call&) const = default;
};
// Post one message (already-encoded JSON) to the host page, if there is one.
struct post_to_host {
    std::string message;
    bool operator==(const post_to_host&) const = default;
};
// Call back with timer_fired{tag} after delay_ms.
struct start_timer {
    std::string tag;
    int64_t delay_ms = 0;
    bool operator==(const start_timer&) const = default;
};
// Leave the widget for url (top-level navigation where allowed).
struct navigate {
    std::string url;
    bool operator==(const navigate&) const = default;
};

// Keep the widget's session token for this tab (web: sessionStorage, keyed by flow), so a reload
// resumes instead of costing a new SMS code; "" forgets it. Never personal data: only the token.
struct keep_session {
    std::string flow_id, token;
    bool operator==(const keep_session&) const = default;
};

using effect = std::variant<api_call, post_to_host, start_timer, navigate, keep_session>;
using effects = std::vector<effect>;

// Results the edge feeds back.
struct api_result {
    std::string tag;
    http_response response;
};
struct timer_fired {
    std::string tag;
};

}  // namespace fk
