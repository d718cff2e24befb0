// The web edge: turns the browser into actions (DOM events, fetch answers, timers) and effects
// into the browser (emscripten_fetch, setTimeout, postMessage, navigation). Only web/ includes
// emscripten headers.
#pragma once
#include "flow/effects.h"
#include "steps/app.h"

namespace fk::web {

void dispatch(app::action a);     // queue an action and ask for a frame
void request_frame();             // draw soon (render on demand)
void execute(const effect& e);    // effects_web.cpp
int64_t now_ms();

}  // namespace fk::web
