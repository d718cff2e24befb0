// manage-payouts step: the payee's saved payout methods (masks only), adding one (US bank, PayPal,
// Venmo, Cash App, international bank), choosing the default, removing, automatic payouts.
// Step options: require_default_payout_method, require_auto_payout_method, hide_continue_button.
// Model, actions and a pure update(); the view is manage_payouts_view.cpp.
#pragma once
#include "flow/api.h"
#include "flow/effects.h"
#include "flow/flow.h"
#include "flow/payout_methods.h"
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fk::manage_payouts {

enum class screen { loading, list, add, confirm_remove };

struct model {
    screen scr = screen::loading;
    api::step_options opts;
    std::vector<payout::saved> methods;
    std::string default_id;
    bool auto_payout = false;
    std::optional<bool> auto_payout_pending;   // the toggle as clicked, until the server answers
    bool changed = false;                       // something was saved during this visit
    payout::method draft;                       // the add form (draft.platform: the type chosen)
    std::string account_confirm;                // "Confirm account number"
    std::string venmo_typed;                    // phone or @handle, as typed
    std::map<std::string, std::string> errors;  // by JSON field name
    bool tried = false;
    std::string removing;                       // id waiting for confirmation
    bool busy = false;
    std::string notice;
    int rejected = 0;  // saves refused for field errors (focus goes to the first)
    bool operator==(const model&) const = default;
};

struct add_pressed {};
struct platform_chosen { std::string platform; };
struct edited { std::string field; std::string value; };  // JSON names, plus "account_confirm" and "venmo"
struct save_pressed {};
struct cancel_pressed {};
struct make_default_pressed { std::string id; };
struct remove_pressed { std::string id; };
struct remove_confirmed {};
struct auto_payout_toggled { bool on; };
struct continue_pressed {};
struct retry_pressed {};
using action = std::variant<add_pressed, platform_chosen, edited, save_pressed, cancel_pressed, make_default_pressed,
                            remove_pressed, remove_confirmed, auto_payout_toggled, continue_pressed, retry_pressed, api_result>;

struct result {
    model m;
    effects fx;
    std::optional<flow::step_finished> finished;
    bool session_lapsed = false;
};

result enter(const flow::model& f);
result update(model m, const action& a, const std::string& token);

// Continue is possible (the step's requirements hold); otherwise why_not() says what is missing.
bool can_continue(const model& m);
std::string why_not(const model& m);
const payout::saved* find(const model& m, const std::string& id);

}  // namespace fk::manage_payouts
