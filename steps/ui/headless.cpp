// Headless ImGui context (see headless.h).
#include "headless.h"
#include "kit.h"

namespace fk::ui {

headless::headless(float width, float height) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    // ui::font_role order (body, heading, strong, small, hero), in ImGui's built-in font.
    for (float px : {13.0f, 20.0f, 13.0f, 12.0f, 26.0f}) {
        ImFontConfig cfg;
        cfg.SizePixels = px;
        io.Fonts->AddFontDefault(&cfg);
    }
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)1);
}

headless::~headless() { ImGui::DestroyContext(); }

void headless::frame(const std::function<void()>& draw) {
    ImGui::NewFrame();
    begin_frame();
    draw();
    end_frame();
    ImGui::Render();
    ++frames_;
}

}  // namespace fk::ui
