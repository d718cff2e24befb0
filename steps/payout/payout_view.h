// payout view: amount, method, fee and net before Confirm; the receipt after.
#pragma once
#include "payout.h"
#include <functional>

namespace fk::payout_step {
void draw(const model& m, const std::function<void(action)>& dispatch);
}
