// Root view: one window filling the display, the current step or a flow-level screen.
#include "app.h"
#include "steps/compliance/compliance_view.h"
#include "steps/manage_payouts/manage_payouts_view.h"
#include "steps/onboarding/onboarding_view.h"
#include "steps/payout/payout_view.h"
#include "steps/redirect/redirect_view.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"
#include "steps/ui/theme.h"
#include <algorithm>

namespace fk::app {

namespace {
// "Step 2 of 4" over the flow's steps (onboarding counts), while a step is on screen.
void flow_progress(const flow::model& f) {
    const auto& steps = f.info.steps;
    int current = 0;
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].name == f.current_step) current = (int)i + 1;
    if (steps.size() < 2 || current == 0) return;
    ui::progress(current, (int)steps.size(),
                 ui::tr("Step " + std::to_string(current) + " of " + std::to_string(steps.size())));
    ui::spacing(4);
}
}  // namespace

void draw(const model& m, const std::function<void(action)>& dispatch) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    // A column at most k_max_content_width wide, centred: fields are not 1240 px wide on a laptop.
    const float pad_x = std::max(20.0f, (io.DisplaySize.x - ui::k_max_content_width) * 0.5f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad_x, 20));
    ImGui::Begin("flowkit", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    ImGui::PushItemWidth(-FLT_MIN);

    const flow::model& f = m.flow;
    switch (f.ph) {
        case flow::phase::starting:
        case flow::phase::loading: ui::text(ui::tr("Loading\xE2\x80\xA6"), ui::role::status, "##loading"); break;
        case flow::phase::in_step:
            flow_progress(f);
            if (auto* s = std::get_if<onboarding::model>(&m.step)) {
                onboarding::draw(*s, [&](onboarding::action a) { dispatch(std::move(a)); });
            } else if (auto* c = std::get_if<compliance::model>(&m.step)) {
                compliance::draw(*c, [&](compliance::action a) { dispatch(std::move(a)); });
            } else if (auto* p = std::get_if<manage_payouts::model>(&m.step)) {
                manage_payouts::draw(*p, [&](manage_payouts::action a) { dispatch(std::move(a)); });
            } else if (auto* w = std::get_if<payout_step::model>(&m.step)) {
                payout_step::draw(*w, [&](payout_step::action a) { dispatch(std::move(a)); });
            } else if (auto* r = std::get_if<redirect::model>(&m.step)) {
                redirect::draw(*r, [&](redirect::action a) { dispatch(std::move(a)); });
            } else if (auto* u = std::get_if<unsupported_step>(&m.step)) {
                ui::heading(ui::tr("This step isn't available yet").c_str());
                ui::text(ui::tr("The \"" + u->name + "\" step is not part of this version of flowkit. Contact the sender of this link."));
            }
            break;
        case flow::phase::done:
            ui::status_mark(true);
            ui::heading(ui::tr("You're all set").c_str());
            ui::text(ui::tr("Everything is done. You can close this window."), ui::role::status, "##done");
            break;
        case flow::phase::failed:
            ui::status_mark(false);
            ui::heading(ui::tr("Something went wrong").c_str());
            ui::text(ui::tr(f.error_text), ui::role::alert, "##error");
            if (f.error.retryable() && ui::button(ui::tr("Try again").c_str(), true)) dispatch(flow::retry{});
            break;
        case flow::phase::expired:
            ui::heading(ui::tr("Your session has ended").c_str());
            ui::text(ui::tr("For your security, sessions end after a while. Start again to continue where you left off."),
                     ui::role::paragraph, "##expired");
            if (ui::button(ui::tr("Start again").c_str(), true)) dispatch(flow::retry{});
            break;
    }
    ImGui::PopItemWidth();
    ui::set_content_height(ImGui::GetCursorPosY() + 20.0f);
    ImGui::End();
}

}  // namespace fk::app
