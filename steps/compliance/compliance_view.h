// Compliance view: the form choice, the W-9 and W-8BEN forms, and "on file". Reads the model only.
#pragma once
#include "compliance.h"
#include <functional>

namespace fk::compliance {
void draw(const model& m, const std::function<void(action)>& dispatch);
}
