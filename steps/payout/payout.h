// payout step: the payee withdraws from their wallet to a payout method: amount and method, then a
// review (amount, fee, what arrives, where, when) before "Withdraw", exactly once: the
// idempotency key is made once per intended payout (amount + method) and reused by every retry.
// A payout the rail refuses is a failure with a way forward (try again, another method), never a
// finished step; a balance too small to withdraw is an empty state the payee can finish from. Namespace payout_step (fk::payout is the
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

enum class screen { loading, enter, review, no_method, empty, adding, receipt };

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
struct review_pressed {};    // enter -> review
struct edit_pressed {};      // review -> enter
struct confirm_pressed {};   // review: "Withdraw $X"
struct try_again_pressed {}; // a failed payout's receipt -> enter, the same amount and method
struct finish_pressed {};    // nothing to withdraw: finish the step
struct add_method_pressed {};
struct adding { manage_payouts::action a; };  // the embedded add form
struct done_pressed {};
struct reload_pressed {};
using action = std::variant<amount_edited, method_chosen, review_pressed, edit_pressed, confirm_pressed, try_again_pressed,
                            finish_pressed, add_method_pressed, adding, done_pressed, reload_pressed, api_result, timer_fired>;

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
bool can_review(const model& m);   // enter: a valid amount whose fee is known for exactly what is shown
bool can_confirm(const model& m);  // review: the same, not already sending
bool failed(const model& m);       // the receipt is of a payout the rail refused (the money is back)

}  // namespace fk::payout_step
