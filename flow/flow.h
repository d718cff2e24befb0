// The flow machine: opens a session from the link, decides which step is current, records
// completed steps with the server and tells the host. Steps themselves live in steps/; they
// report back with step_finished. Pure: update() does no I/O and reads no clock.
#pragma once
#include "api.h"
#include "effects.h"
#include <string>
#include <variant>

namespace fk::flow {

enum class phase {
    starting,   // nothing asked yet
    loading,    // session or step completion in flight
    in_step,    // current_step is shown
    done,       // every step completed
    failed,     // error holds why; retryable errors offer "Try again"
    expired,    // the widget's credentials lapsed
};

struct model {
    std::string flow_id;
    std::string link_secret;
    std::string token;              // widget bearer token (never the app key)
    api::widget_flow info;
    phase ph = phase::starting;
    std::string current_step;       // "onboarding", "compliance", ...
    bool reverify = false;          // current step is onboarding as "Verify it's you"
    api::api_error error;
    std::string error_text;         // for people
    std::string redirect_to;        // set when the redirect step finished: navigate once it is recorded
};

struct start {              // the page is up: resume the tab's session, else open one
    std::string kept_token;  // what keep_session stored for this flow in this tab ("" : none)
};
struct retry {};            // "Try again" after a retryable failure, or "Start again" after expiry
// A step is finished. For onboarding `updated` is the flow the verify call returned; other
// steps are recorded with the server by the flow machine.
struct step_finished {
    std::string step;
    std::string status = "completed";
    std::optional<api::widget_flow> updated;
};
// A step's call came back 401: the credentials lapsed.
struct session_lapsed {};

using action = std::variant<start, retry, step_finished, session_lapsed, api_result>;

struct result {
    model m;
    effects fx;
};

model init(std::string flow_id, std::string link_secret);
result update(model m, const action& a);

// Splits a link or a page URL "…/flow/{id}#s={secret}" (query and other fragment keys ignored).
// Returns false when there is no flow id.
bool parse_link(const std::string& url, std::string& flow_id, std::string& link_secret);

// The words a person sees for an API error (never raw codes).
std::string describe(const api::api_error& e);

}  // namespace fk::flow
