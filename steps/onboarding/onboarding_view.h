// Onboarding view: draws the phone, code and lockout screens with the widget kit and
// dispatches onboarding actions. Reads the model only.
#pragma once
#include "onboarding.h"
#include <functional>

namespace fk::onboarding {
void draw(const model& m, const std::function<void(action)>& dispatch);
}
