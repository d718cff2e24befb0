// payout step: the payee withdraws from their wallet to a payout method, with the fee and the
// net amount shown before Confirm, exactly once: the idempotency key is made once per intended
// payout (amount + method) and reused by every retry. Namespace payout_step (fk::payout is the
// payout-method validation in flow/). Model, actions and a pure update(); view in payout_view.cpp.
#pragma once
#include "flow/api.h"
#include "flow/effects.h"
#include "flow/flow.h"
#include "steps/manage_payouts/manage_payouts.h"
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fk::payout_step {

enum class screen { loading, enter, no_method, adding, receipt };

struct model {
    screen scr = screen::loading;
    std::string flow_id;
    std::optional<api::wallet> wallet;
    std::optional<api::payout_methods> methods;
    std::string method_id;
    std::string amount_typed;
    std::string amount_error;
    std::optional<api::quote> quote;     // for exactly the amount and method shown
    std::string key_seed;                // per page load, from the edge's entropy
    int intents = 0;                     // how many intended payouts got a key
    std::string key;                     // the key of the payout being sent or retried
    int64_t key_amount = 0;
    std::string key_method;
    bool sending = false;
    bool uncertain = false;              // the last send got no clear answer: retry with the same key
    std::string notice;
    std::optional<api::transfer> transfer;
    std::optional<manage_payouts::model> adding;  // "Add a payout method" reuses manage-payouts' form
    bool operator==(const model&) const = default;
};

struct amount_edited { std::string text; };
struct method_chosen { std::string id; };
struct confirm_pressed {};
struct add_method_pressed {};
struct adding { manage_payouts::action a; };  // the embedded add form
struct done_pressed {};
struct reload_pressed {};
using action = std::variant<amount_edited, method_chosen, confirm_pressed, add_method_pressed, adding, done_pressed,
                            reload_pressed, api_result, timer_fired>;

struct result {
    model m;
    effects fx;
    std::optional<flow::step_finished> finished;
    bool session_lapsed = false;
};

// `entropy`: random text from the edge, unique per page load (idempotency keys build on it).
result enter(const flow::model& f, const std::string& entropy);
result update(model m, const action& a, const std::string& token);

std::optional<int64_t> amount(const model& m);  // the typed amount when it is valid
bool can_confirm(const model& m);

}  // namespace fk::payout_step
