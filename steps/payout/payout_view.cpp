// payout screens (see payout_view.h): amount and method, a review before any money moves, the
// receipt (success, on its way, or failed with a way forward), and the empty state.
#include "payout_view.h"
#include "flow/money.h"
#include "steps/manage_payouts/manage_payouts_view.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"
#include <cctype>

namespace fk::payout_step {
namespace {

using dispatch_fn = std::function<void(action)>;

std::string balance(const model& m) { return money::format(m.wallet ? m.wallet->withdrawable : 0); }

const payout::saved* chosen_method(const model& m) {
    if (!m.methods) return nullptr;
    for (const auto& s : m.methods->methods)
        if (s.id == m.method_id) return &s;
    return nullptr;
}

// When the money arrives, in words a person uses: instant methods vs bank transfers.
std::string arrival(const std::string& platform) {
    if (platform == "paypal" || platform == "venmo" || platform == "cash_app") return "Usually within minutes";
    return "Usually 1 to 3 business days";
}

void enter_screen(const model& m, const dispatch_fn& dispatch) {
    ui::heading(ui::tr("Withdraw").c_str());
    ui::amount_hero(ui::tr("Available to withdraw"), balance(m), "##available");
    ui::spacing(4);
    std::vector<std::string> labels;
    int index = 0;
    const auto& list = m.methods->methods;
    for (size_t i = 0; i < list.size(); ++i) {
        labels.push_back(ui::tr(list[i].description + (list[i].id == m.methods->default_id ? " (default)" : "")));
        if (list[i].id == m.method_id) index = (int)i;
    }
    if (ui::select(ui::tr("Pay to").c_str(), &index, labels)) dispatch(method_chosen{list[(size_t)index].id});
    std::string typed = m.amount_typed;
    if (ui::text_field(ui::tr("Amount (USD)").c_str(), typed, ui::field_kind::amount, "0.00", 20, ui::tr(m.amount_error)))
        dispatch(amount_edited{typed});
    if (m.quote) {
        ui::text(ui::tr("Fee: " + money::format(m.quote->fee) + (m.quote->fee_party == "platform" ? " (paid by the platform)" : "")),
                 ui::role::paragraph, "##fee", ui::text_style::secondary);
        ui::text(ui::tr("You receive: " + money::format(m.quote->net)), ui::role::status, "##net", ui::text_style::strong);
    } else if (amount(m)) {
        ui::text(ui::tr("Working out the fee\xE2\x80\xA6"), ui::role::status, "##net", ui::text_style::secondary);
    }
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::spacing();
    // The primary action only leads to the review: Enter in the amount field never sends money.
    if (ui::button(ui::tr("Review withdrawal").c_str(), true, can_review(m))) dispatch(review_pressed{});
    if (ui::button(ui::tr("Add a payout method").c_str(), false, !m.sending)) dispatch(add_method_pressed{});
}

void review_screen(const model& m, const dispatch_fn& dispatch) {
    ui::heading(ui::tr("Review your withdrawal").c_str());
    const payout::saved* to = chosen_method(m);
    ui::begin_card();
    ui::text(ui::tr("Amount: " + money::format(m.quote->amount)), ui::role::paragraph, "##v_amount");
    ui::text(ui::tr("Fee: " + money::format(m.quote->fee) + (m.quote->fee_party == "platform" ? " (paid by the platform)" : "")),
             ui::role::paragraph, "##v_fee", ui::text_style::secondary);
    ui::divider();
    ui::text(ui::tr("You receive: " + money::format(m.quote->net)), ui::role::paragraph, "##v_net", ui::text_style::strong);
    if (to) ui::text(ui::tr("To: " + to->description), ui::role::paragraph, "##v_to");
    ui::text(ui::tr("Arrives: " + ui::tr(arrival(to ? to->platform : ""))), ui::role::paragraph, "##v_when", ui::text_style::secondary);
    ui::end_card();
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::spacing();
    std::string label = m.sending ? "Sending\xE2\x80\xA6" : m.uncertain ? "Try again" : "Withdraw " + money::format(m.quote->amount);
    label += "###confirm";
    if (ui::button(ui::tr(label).c_str(), true, can_confirm(m))) dispatch(confirm_pressed{});
    if (ui::cancel_button(ui::tr("Edit").c_str(), !m.sending)) dispatch(edit_pressed{});
}

// "tr_8f14e45f-ceea-..." -> "8F14E45F": enough to quote to support, short enough to read.
std::string short_reference(const std::string& id) {
    std::string out;
    for (char c : id.substr(id.find('_') == std::string::npos ? 0 : id.find('_') + 1)) {
        if (out.size() == 8) break;
        if (std::isalnum((unsigned char)c)) out += (char)std::toupper((unsigned char)c);
    }
    return out;
}

void receipt_screen(const model& m, const dispatch_fn& dispatch) {
    const api::transfer& t = *m.transfer;
    if (failed(m)) {  // a way forward, never a "Done" that records success
        ui::status_mark(false);
        ui::heading(ui::tr("Withdrawal failed").c_str());
        ui::text(ui::tr("The payout method refused it. The money is back in your balance."), ui::role::alert, "##failed");
        ui::text(ui::tr("Amount: " + money::format(t.amount)), ui::role::paragraph, "##r_amount", ui::text_style::secondary);
        if (!t.description.empty()) ui::text(ui::tr("To: " + t.description), ui::role::paragraph, "##r_to", ui::text_style::secondary);
        ui::text(ui::tr("Try again, or choose or add another payout method."), ui::role::paragraph, "##r_next");
        ui::spacing();
        if (ui::button(ui::tr("Try again").c_str(), true)) dispatch(try_again_pressed{});
        return;
    }
    const bool completed = t.status == "completed";
    ui::status_mark(true);
    ui::heading(ui::tr(completed ? "Money sent" : "Withdrawal on its way").c_str());
    ui::text(ui::tr(completed ? "It has reached your payout method." : "On its way. " + ui::tr(arrival(""))  + "."),
             ui::role::status, "##r_status", ui::text_style::secondary);
    ui::begin_card();
    ui::text(ui::tr("Amount: " + money::format(t.amount)), ui::role::paragraph, "##r_amount");
    ui::text(ui::tr("Fee: " + money::format(t.fee)), ui::role::paragraph, "##r_fee", ui::text_style::secondary);
    ui::text(ui::tr("You receive: " + money::format(t.net)), ui::role::paragraph, "##r_net", ui::text_style::strong);
    if (!t.description.empty()) ui::text(ui::tr("To: " + t.description), ui::role::paragraph, "##r_to");
    ui::text(ui::tr("Reference: " + short_reference(t.id)), ui::role::paragraph, "##r_id", ui::text_style::small);
    ui::end_card();
    ui::spacing();
    if (ui::button(ui::tr("Done").c_str(), true)) dispatch(done_pressed{});
}

void empty_screen(const model& m, const dispatch_fn& dispatch) {
    ui::heading(ui::tr("Nothing to withdraw yet").c_str());
    ui::amount_hero(ui::tr("Available to withdraw"), balance(m), "##available");
    const int64_t have = m.wallet ? m.wallet->withdrawable : 0;
    ui::text(ui::tr(have > 0 ? "The smallest withdrawal is " + money::format(m.wallet->min_payout) +
                                   ". You can withdraw once your balance reaches it."
                             : "When money is sent to you, you can withdraw it here."),
             ui::role::paragraph, "##empty", ui::text_style::secondary);
    ui::spacing();
    if (ui::button(ui::tr("Continue").c_str(), true)) dispatch(finish_pressed{});
}

}  // namespace

void draw(const model& m, const std::function<void(action)>& dispatch) {
    switch (m.scr) {
        case screen::loading:
            if (m.notice.empty()) {
                ui::text(ui::tr("Loading\xE2\x80\xA6"), ui::role::status, "##loading");
            } else {
                ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
                if (ui::button(ui::tr("Try again").c_str(), true)) dispatch(reload_pressed{});
            }
            break;
        case screen::enter: enter_screen(m, dispatch); break;
        case screen::review: review_screen(m, dispatch); break;
        case screen::empty: empty_screen(m, dispatch); break;
        case screen::no_method:
            ui::heading(ui::tr("Withdraw").c_str());
            ui::amount_hero(ui::tr("Available to withdraw"), balance(m), "##available");
            ui::text(ui::tr("Add where you want to be paid first."), ui::role::paragraph, nullptr, ui::text_style::secondary);
            ui::spacing();
            if (ui::button(ui::tr("Add a payout method").c_str(), true)) dispatch(add_method_pressed{});
            break;
        case screen::adding:
            if (m.adding) manage_payouts::draw(*m.adding, [&](manage_payouts::action a) { dispatch(adding{std::move(a)}); });
            break;
        case screen::receipt: receipt_screen(m, dispatch); break;
    }
}

}  // namespace fk::payout_step
