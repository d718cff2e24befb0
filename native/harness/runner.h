// Runs the widget natively: the app's update loop, its effects executed against a real API over
// HTTP, timers on the real clock, host messages recorded and printed. One run_frame() draws the
// views headlessly; flowkit-harness drives it from a script or on autopilot.
#pragma once
#include "flow/effects.h"
#include "steps/app.h"
#include "steps/ui/driver.h"
#include "steps/ui/headless.h"
#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace fk::harness {

// Sends one request to the API and waits for the answer (status 0 on a network failure).
using transport = std::function<http_response(const http_request&)>;

class runner {
public:
    runner(std::string flow_id, std::string link_secret, transport t);

    void start();                 // opens the session
    void run_frame();             // draws one frame and applies what the views dispatched
    // Runs frames, due timers and pending calls until nothing is left to do now.
    void pump();
    // Pumps until pred() holds or timeout_ms passes; returns pred().
    bool wait_for(const std::function<bool()>& pred, int timeout_ms);

    const app::model& model() const { return model_; }
    ui::driver& driver() { return driver_; }
    const std::vector<std::string>& host_messages() const { return host_messages_; }
    bool saw_host_message(const std::string& type) const;  // an envelope type, e.g. "flow_completed"
    std::function<void(const std::string&)> log = [](const std::string&) {};

private:
    void dispatch(const app::action& a);
    void execute(const effect& e);
    int64_t now_ms() const;

    ui::headless ctx_;
    app::model model_;
    transport transport_;
    ui::driver driver_;
    std::deque<app::action> queue_;
    struct timer { std::string tag; int64_t due_ms; };
    std::vector<timer> timers_;
    std::vector<std::string> host_messages_;
    std::string last_step_;
    std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

}  // namespace fk::harness
