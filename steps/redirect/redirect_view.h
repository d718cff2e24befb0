// redirect view: one button that names where it goes.
#pragma once
#include "redirect.h"
#include <functional>

namespace fk::redirect {
void draw(const model& m, const std::function<void(action)>& dispatch);
}
