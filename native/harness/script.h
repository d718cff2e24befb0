// flowkit-harness scripts and autopilot. A script is one action per line, by visible label:
//   type "Phone number" "4155550123"     click "Continue"        choose "Country" "United Kingdom"
//   check "I agree" on                    code "Verification code" [+14155550123]
//   expect step onboarding | expect text "Enter the code" | expect message step_completed
//   expect enabled "Continue" | expect disabled "Continue" | expect done       wait 1.5
// `code` types the newest one-time code from the sandbox outbox (needs app credentials).
// Lines starting with # are comments. Each expect waits up to the timeout.
#pragma once
#include "http_client.h"
#include "runner.h"
#include <string>
#include <vector>

namespace fk::harness {

struct options {
    origin api;
    std::string client_id, api_key;
    std::string phone = "";      // autopilot's phone (national US digits); random test number when empty
    int expect_timeout_ms = 10000;
};

// Splits one script line into words; "quoted strings" keep their spaces. Returns false on an
// unterminated quote.
bool split_words(const std::string& line, std::vector<std::string>& words);

// Runs a script; returns 0 when every line passed and the flow completed, else prints why and
// returns 1.
int run_script(runner& r, const std::string& script_text, const options& opt);
// Completes every step with sandbox test data; 0 when the flow completed.
int run_autopilot(runner& r, const options& opt);

}  // namespace fk::harness
