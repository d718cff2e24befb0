// manage-payouts view: the saved methods, the add form per type, the removal confirmation.
#pragma once
#include "manage_payouts.h"
#include <functional>

namespace fk::manage_payouts {
void draw(const model& m, const std::function<void(action)>& dispatch);
}
