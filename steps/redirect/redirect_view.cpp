// redirect screen (see redirect_view.h).
#include "redirect_view.h"
#include "steps/ui/kit.h"

namespace fk::redirect {

void draw(const model& m, const std::function<void(action)>& dispatch) {
    ui::heading("Almost done");
    if (m.url.empty()) {
        ui::text("There is nowhere to continue to. You can close this window.", ui::role::status, "##nowhere");
        return;
    }
    ui::text("Continue to " + m.host + " to finish.", ui::role::paragraph, "##where");
    const std::string label = "Continue to " + m.host;
    if (ui::button(label.c_str(), true)) dispatch(continue_pressed{});
}

}  // namespace fk::redirect
