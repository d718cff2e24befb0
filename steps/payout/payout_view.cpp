// payout screens (see payout_view.h).
#include "payout_view.h"
#include "flow/money.h"
#include "steps/manage_payouts/manage_payouts_view.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"

namespace fk::payout_step {
namespace {

using dispatch_fn = std::function<void(action)>;

void enter_screen(const model& m, const dispatch_fn& dispatch) {
    ui::heading(ui::tr("Withdraw").c_str());
    ui::text(ui::tr("Available: " + money::format(m.wallet ? m.wallet->withdrawable : 0)), ui::role::paragraph, "##available");
    ui::spacing();
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
                 ui::role::paragraph, "##fee");
        ui::text(ui::tr("You receive: " + money::format(m.quote->net)), ui::role::status, "##net");
    } else if (amount(m)) {
        ui::text(ui::tr("Working out the fee\xE2\x80\xA6"), ui::role::status, "##net");
    }
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
    ui::spacing();
    std::string label = m.sending ? "Sending\xE2\x80\xA6" : m.uncertain ? "Try again" : "Withdraw " + money::format(amount(m).value_or(0));
    label += "###confirm";
    if (ui::button(ui::tr(label).c_str(), true, can_confirm(m))) dispatch(confirm_pressed{});
    if (ui::button(ui::tr("Add a payout method").c_str(), false, !m.sending)) dispatch(add_method_pressed{});
}

void receipt_screen(const model& m, const dispatch_fn& dispatch) {
    const api::transfer& t = *m.transfer;
    const bool failed = t.status == "failed" || t.status == "reversed";
    ui::heading(ui::tr(failed ? "Withdrawal failed" : t.status == "completed" ? "Money sent" : "Withdrawal on its way").c_str());
    if (failed) ui::text(ui::tr("The payout method refused it. The money is back in your balance."), ui::role::alert, "##failed");
    ui::text(ui::tr("Amount: " + money::format(t.amount)), ui::role::paragraph, "##r_amount");
    ui::text(ui::tr("Fee: " + money::format(t.fee)), ui::role::paragraph, "##r_fee");
    ui::text(ui::tr("You receive: " + money::format(t.net)), ui::role::paragraph, "##r_net");
    if (!t.description.empty()) ui::text(ui::tr("To: " + t.description), ui::role::paragraph, "##r_to");
    ui::text(ui::tr("Status: " + t.status), ui::role::status, "##r_status");  // the status word is translated too
    ui::text(ui::tr("Reference: " + t.id), ui::role::paragraph, "##r_id");
    ui::spacing();
    if (ui::button(ui::tr("Done").c_str(), true)) dispatch(done_pressed{});
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
        case screen::no_method:
            ui::heading(ui::tr("Withdraw").c_str());
            ui::text(ui::tr("Available: " + money::format(m.wallet ? m.wallet->withdrawable : 0)), ui::role::paragraph, "##available");
            ui::text(ui::tr("Add where you want to be paid first."));
            if (ui::button(ui::tr("Add a payout method").c_str(), true)) dispatch(add_method_pressed{});
            break;
        case screen::adding:
            if (m.adding) manage_payouts::draw(*m.adding, [&](manage_payouts::action a) { dispatch(adding{std::move(a)}); });
            break;
        case screen::receipt: receipt_screen(m, dispatch); break;
    }
}

}  // namespace fk::payout_step
