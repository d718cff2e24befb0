// redirect screen (see redirect_view.h).
#include "redirect_view.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"

namespace fk::redirect {

void draw(const model& m, const std::function<void(action)>& dispatch) {
    ui::heading(ui::tr("Almost done").c_str());
    if (m.url.empty()) {
        ui::text(ui::tr("There is nowhere to continue to. You can close this window."), ui::role::status, "##nowhere");
        return;
    }
    ui::text(ui::tr("Continue to " + m.host + " to finish."), ui::role::paragraph, "##where");
    const std::string label = ui::tr("Continue to " + m.host);
    if (ui::button(label.c_str(), true)) dispatch(continue_pressed{});
}

}  // namespace fk::redirect
