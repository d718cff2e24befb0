// Onboarding screens (see onboarding_view.h).
#include "onboarding_view.h"
#include "flow/money.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"

namespace fk::onboarding {
namespace {

const std::vector<std::string>& country_labels() {
    static const std::vector<std::string> labels = [] {  // computed once from constant data
        std::vector<std::string> out;
        for (const auto& r : phone::regions()) out.push_back(phone::region_label(r));
        return out;
    }();
    return labels;
}

std::string resend_label(const model& m, const char* text) {
    const int wait = resend_wait_seconds(m);
    std::string label = text;
    if (wait > 0) label += " in " + std::to_string(wait) + "s";
    return label + "###resend";
}

void notice(const model& m) {
    if (!m.notice.empty()) ui::text(ui::tr(m.notice), ui::role::alert, "##notice");
}

void landing_screen(const model& m, const std::function<void(action)>& dispatch) {
    const std::string payer = m.payer.empty() ? ui::tr("The sender of this link") : m.payer;
    ui::heading(ui::tr("You have money waiting").c_str());
    ui::amount_hero(ui::tr(payer + " sent you"), money::format(m.link_amount), "##link_amount");
    if (!m.memo.empty()) {
        ui::begin_card();
        ui::text(ui::tr("Note from " + payer), ui::role::paragraph, "##memo_from", ui::text_style::small);
        ui::text(m.memo, ui::role::paragraph, "##memo");  // the platform's own words, as written
        ui::end_card();
    }
    ui::text(ui::tr("To claim it, confirm your phone number with a code we text you. Then choose where the money goes."),
             ui::role::paragraph, "##how", ui::text_style::secondary);
    ui::spacing();
    if (ui::button(ui::tr("Continue").c_str(), true)) dispatch(landing_continue_pressed{});
}

void phone_screen(const model& m, const std::function<void(action)>& dispatch) {
    if (m.reverify) {
        ui::heading(ui::tr("Verify it's you").c_str());
        ui::text(ui::tr("For your security, we'll text a 6-digit code to your phone number ending in " +
                        m.hint.substr(m.hint.size() >= 4 ? m.hint.size() - 4 : 0) + "."));
        notice(m);
        ui::spacing();
        if (ui::button(ui::tr("Send code").c_str(), true, can_send(m))) dispatch(send_pressed{});
        return;
    }
    ui::heading(ui::tr("Enter your phone number").c_str());
    ui::text(ui::tr("We'll text you a 6-digit code to confirm it's you. Message and data rates may apply."), ui::role::paragraph,
             nullptr, ui::text_style::secondary);
    ui::spacing();
    int index = phone::region_index(m.region);
    if (ui::select(ui::tr("Country").c_str(), &index, country_labels()))  // country names stay English
        dispatch(region_chosen{phone::regions()[index].code});
    std::string typed = m.phone;
    const std::string hint = ui::tr(m.region == "US" ? "(555) 555-0123" : "Phone number");
    if (ui::text_field(ui::tr("Phone number").c_str(), typed, ui::field_kind::tel, hint.c_str(), 24, ui::tr(m.phone_error)))
        dispatch(phone_edited{typed});
    notice(m);
    ui::spacing();
    if (ui::button(ui::tr("Continue").c_str(), true, can_send(m))) dispatch(send_pressed{});
}

void code_screen(const model& m, const std::function<void(action)>& dispatch) {
    ui::heading(ui::tr("Enter the code").c_str());
    ui::text(ui::tr("We sent a 6-digit code to " + (m.sent_to.empty() ? std::string("your phone") : m.sent_to) + "."),
             ui::role::paragraph, "##sent_to", ui::text_style::secondary);
    std::string typed = m.code;
    ui::focus_next_field_on(m.codes_sent);  // after "Resend code", back in the code field
    if (ui::text_field(ui::tr("Verification code").c_str(), typed, ui::field_kind::one_time_code, ui::tr("6-digit code").c_str(),
                       k_code_length, ui::tr(m.code_error), true))
        dispatch(code_edited{typed});
    if (!m.info.empty()) ui::text(ui::tr(m.info), ui::role::status, "##info", ui::text_style::success);
    notice(m);
    ui::spacing();
    if (ui::button(ui::tr("Verify").c_str(), true, !m.busy && m.code.size() == k_code_length)) dispatch(verify_pressed{});
    // Secondary actions as links, one per line: they never run off a narrow screen.
    const std::string resend = ui::tr(resend_label(m, "Resend code"));
    if (ui::button(resend.c_str(), ui::button_style::link, !m.busy && resend_wait_seconds(m) == 0)) dispatch(resend_pressed{});
    if (!m.reverify && ui::button(ui::tr("Use a different number").c_str(), ui::button_style::link, !m.busy))
        dispatch(different_number_pressed{});
}

void locked_screen(const model& m, const std::function<void(action)>& dispatch) {
    ui::heading(ui::tr("Too many attempts").c_str());
    ui::text(ui::tr("The code was entered incorrectly 5 times, so it no longer works. Send a new code to try again" +
                    std::string(m.reverify ? "." : ", or use a different number.")),
             ui::role::alert, "##locked");
    notice(m);
    ui::spacing();
    const std::string resend = ui::tr(resend_label(m, "Send a new code"));
    if (ui::button(resend.c_str(), true, !m.busy && resend_wait_seconds(m) == 0)) dispatch(resend_pressed{});
    if (!m.reverify && ui::button(ui::tr("Use a different number").c_str(), false, !m.busy)) dispatch(different_number_pressed{});
}

}  // namespace

void draw(const model& m, const std::function<void(action)>& dispatch) {
    switch (m.scr) {
        case screen::landing: landing_screen(m, dispatch); break;
        case screen::phone: phone_screen(m, dispatch); break;
        case screen::code: code_screen(m, dispatch); break;
        case screen::locked: locked_screen(m, dispatch); break;
    }
}

}  // namespace fk::onboarding
