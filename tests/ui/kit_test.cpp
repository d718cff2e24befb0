// The widget kit by itself: layout that wraps instead of running off a narrow screen, and the
// focus moves a model asks for. Headless ImGui, no window.
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include "steps/ui/kit.h"
#include <gtest/gtest.h>

using namespace fk;

namespace {
struct narrow {
    ui::headless ctx{320, 568};
    std::function<void()> body;
    ui::driver drive{[this] { ctx.frame([this] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        body();
        ImGui::End();
    }); }};
};
}  // namespace

TEST(kit, long_labels_wrap_inside_a_320_px_screen) {
    narrow s;
    bool on = false;
    int chosen = 0;
    std::string v;
    s.body = [&] {
        ui::checkbox("Certifico que todo lo anterior es verdadero, correcto y completo bajo pena de perjurio", &on);
        ui::button("Make Checking ...6789 the default and send every future payout there###b", ui::button_style::link);
        ui::button("Eliminar Cuenta corriente ...6789 y todos sus datos guardados", false);
        ui::text_field("Nombre (como aparece en tu declaración de impuestos sobre la renta)", v, ui::field_kind::name);
        ui::select("Clasificación tributaria federal", &chosen, {"Persona física/empresa unipersonal o LLC de un solo miembro"});
    };
    s.drive.settle();
    for (const ui::item& it : ui::items()) {
        EXPECT_GE(it.min.x, 0) << it.label;
        EXPECT_LE(it.max.x, 320) << it.label << " runs off the screen";
        if (it.label_max.x > 0) EXPECT_LE(it.label_max.x, 320) << it.label << "'s label runs off the screen";
    }
    const ui::item* box = s.drive.find("Certifico", ui::role::checkbox);
    ASSERT_TRUE(box);
    EXPECT_GT(box->max.y - box->min.y, 2 * ImGui::GetFontSize()) << "the checkbox's text wrapped onto more lines";
}

TEST(kit, a_refused_submit_focuses_the_first_invalid_field_once) {
    narrow s;
    int rejected = 0;
    std::string a = "x", b;
    s.body = [&] {
        ui::text_field("First", a, ui::field_kind::text);
        ui::text_field("Second", b, ui::field_kind::text, nullptr, 0, rejected ? "Enter the second." : "");
        ui::text_field("Third", b, ui::field_kind::text, nullptr, 0, rejected ? "Enter the third." : "");
        ui::focus_first_invalid_on(rejected);
    };
    s.drive.settle();
    auto focused = [] {
        std::string out;
        for (const ui::item& it : ui::items())
            if (it.flags & ui::f_focus) out += it.label;
        return out;
    };
    EXPECT_EQ(focused(), "");
    rejected = 1;
    s.drive.settle(1);
    EXPECT_EQ(focused(), "Second") << "the first invalid field, not every invalid one";
    const ui::item* second = s.drive.find("Second", ui::role::text_field);
    EXPECT_NE(second->described_by, 0u) << "the error is tied to its field";
    s.drive.settle(1);
    EXPECT_EQ(focused(), "") << "a redraw does not move the focus again";
}
