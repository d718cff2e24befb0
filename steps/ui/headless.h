// A Dear ImGui context with no window and no GL: the headless harness and the UI tests draw
// real frames with it (layout, item rects, draw lists), they just never reach a screen.
#pragma once
#include <functional>

namespace fk::ui {

class headless {
public:
    explicit headless(float width = 420, float height = 760);
    ~headless();
    headless(const headless&) = delete;
    headless& operator=(const headless&) = delete;
    // One frame: NewFrame, kit::begin_frame, draw(), kit::end_frame, Render.
    void frame(const std::function<void()>& draw);
    int frames() const { return frames_; }

private:
    int frames_ = 0;
};

}  // namespace fk::ui
