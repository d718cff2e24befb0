// Onboarding step: the person proves a phone number with an SMS code (or, for a flow whose
// pre-authorization lapsed, re-verifies the phone on file: "Verify it's you").
// Model, actions and a pure update(); the view is onboarding_view.cpp.
#pragma once
#include "flow/api.h"
#include "flow/effects.h"
#include "flow/flow.h"
#include "flow/phone.h"
#include <optional>
#include <string>
#include <variant>

namespace fk::onboarding {

inline constexpr int k_code_length = 6;

// landing: a payout link's first screen: who pays, how much and why, before anything is asked.
enum class screen { landing, phone, code, locked };

struct model {
    bool reverify = false;          // "Verify it's you" with the phone on file
    std::string payer;              // landing: the platform's name
    int64_t link_amount = 0;        // landing: cents waiting for the payee
    std::string memo;               // landing: the platform's note
    std::string hint;               // reverify: "•••0123"
    screen scr = screen::phone;
    std::string region = "US";      // country picker (ISO code)
    std::string phone;              // as shown, formatted as typed
    phone::verdict verdict = phone::verdict::empty;
    std::string phone_error;        // inline, next to the field
    bool busy = false;              // a request is in flight
    std::string sent_to;            // masked number the code went to
    std::string code;
    std::string code_error;         // inline, next to the code field
    int attempts_left = 5;
    int64_t resend_at_ms = 0;       // resend allowed from then
    int64_t now_ms = 0;
    std::string notice;             // general problem (network), with a way forward
    std::string info;               // a confirmation ("We sent a new code ...")
    int codes_sent = 0;             // counts sends: the code field takes the focus after each
    bool operator==(const model&) const = default;
};

struct region_chosen { std::string region; };
struct phone_edited { std::string text; };
struct send_pressed {};             // Continue on the phone screen, "Send code" when re-verifying
struct code_edited { std::string text; };
struct verify_pressed {};
struct resend_pressed {};
struct different_number_pressed {};
struct landing_continue_pressed {};  // the payout link's landing -> the phone screen
using action = std::variant<region_chosen, phone_edited, send_pressed, code_edited, verify_pressed, resend_pressed,
                            different_number_pressed, landing_continue_pressed, api_result, timer_fired>;

struct result {
    model m;
    effects fx;
    std::optional<flow::step_finished> finished;  // set when the phone is verified
    bool session_lapsed = false;                  // a call came back 401
};

model init(const flow::model& f);
// `token` is the widget's bearer token; `now_ms` the edge's clock when the action happened.
result update(model m, const action& a, const std::string& token, int64_t now_ms);

bool can_send(const model& m);                 // phone screen: Continue enabled
int resend_wait_seconds(const model& m);       // 0 when "Resend code" may be pressed

}  // namespace fk::onboarding
