// Compliance step: the person gives tax information, a W-9 (US persons) or a W-8BEN (everyone
// else). The rules are flow/tax.h's, the same the sandbox enforces. Model, actions and a pure
// update(); the view is compliance_view.cpp.
#pragma once
#include "flow/api.h"
#include "flow/effects.h"
#include "flow/flow.h"
#include "flow/tax.h"
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace fk::compliance {

enum class screen {
    loading,   // asking the sandbox whether tax information is on file
    on_file,   // it is: keep it or replace it
    choose,    // "Are you a US person?"
    w9,
    w8ben,
};

struct model {
    screen scr = screen::loading;
    tax::date today;
    std::string form = "w9";                    // the choice on the choose screen
    api::compliance_status on_file;
    tax::w9 w9;
    tax::w8ben w8;
    std::string dob_typed;                      // "MM/DD/YYYY" as typed (both forms)
    std::map<std::string, std::string> errors;  // by JSON path ("w9.tin"), shown next to fields
    bool tried = false;                         // after a submit attempt, every edit rechecks
    bool busy = false;
    std::string notice;                         // a problem that belongs to no field
    int rejected = 0;                           // submits refused for field errors (focus goes to the first)
    bool operator==(const model&) const = default;
};

struct form_chosen { std::string form; };      // "w9" | "w8ben"
struct choose_continue_pressed {};
struct edited { std::string field; std::string value; };  // field: JSON path, "w9.address.city"
struct toggled { std::string field; bool on; };           // "w9.signature.consent", "w8ben.treaty_claim", "w8ben.mailing_address"
struct submit_pressed {};
struct back_pressed {};
struct replace_pressed {};
struct keep_pressed {};
using action = std::variant<form_chosen, choose_continue_pressed, edited, toggled, submit_pressed, back_pressed,
                            replace_pressed, keep_pressed, api_result>;

struct result {
    model m;
    effects fx;
    std::optional<flow::step_finished> finished;
    bool session_lapsed = false;
};

// Entering the step: asks whether information is on file. `today` is the person's calendar day.
result enter(const flow::model& f, const tax::date& today);
result update(model m, const action& a, const std::string& token);

// "MM/DD/YYYY" as the person types digits; and its ISO form ("" until complete).
std::string format_typed_date(const std::string& typed);
std::string iso_from_typed(const std::string& typed);
std::string error_for(const model& m, const std::string& field);  // "" when none

}  // namespace fk::compliance
