// Native widget runner (see runner.h).
#include "runner.h"
#include <nlohmann/json.hpp>
#include <ctime>
#include <random>
#include <thread>

namespace fk::harness {

namespace {
tax::date local_today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
std::string random_hex() {
    std::random_device rd;
    std::string out;
    for (int i = 0; i < 4; ++i) {
        char buf[9];
        snprintf(buf, sizeof buf, "%08x", rd());
        out += buf;
    }
    return out;
}
}  // namespace

runner::runner(std::string flow_id, std::string link_secret, transport t)
    : model_(app::init(flow_id, link_secret, local_today(), random_hex())), transport_(std::move(t)), driver_([this] { run_frame(); }) {}

int64_t runner::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0_).count();
}

void runner::start() {
    queue_.push_back(flow::start{});
    pump();
}

void runner::run_frame() {
    std::vector<app::action> dispatched;
    ctx_.frame([&] { app::draw(model_, [&](app::action a) { dispatched.push_back(std::move(a)); }); });
    for (auto& a : dispatched) dispatch(a);
}

void runner::dispatch(const app::action& a) {
    app::result r = app::update(std::move(model_), a, now_ms());
    model_ = std::move(r.m);
    for (const effect& e : r.fx) execute(e);
    const std::string step = model_.flow.ph == flow::phase::in_step ? model_.step_key : std::string();
    if (step != last_step_) {
        last_step_ = step;
        if (!step.empty()) log("STEP " + step);
    }
}

void runner::execute(const effect& e) {
    if (auto* call = std::get_if<api_call>(&e)) {
        queue_.push_back(api_result{call->tag, transport_(call->request)});
    } else if (auto* msg = std::get_if<post_to_host>(&e)) {
        host_messages_.push_back(msg->message);
        log("HOST " + msg->message);
    } else if (auto* t = std::get_if<start_timer>(&e)) {
        timers_.push_back({t->tag, now_ms() + t->delay_ms});
    } else if (auto* nav = std::get_if<navigate>(&e)) {
        log("NAVIGATE " + nav->url);
    }
}

void runner::pump() {
    for (int guard = 0; guard < 1000; ++guard) {
        const int64_t now = now_ms();
        for (size_t i = 0; i < timers_.size();) {
            if (timers_[i].due_ms <= now) {
                queue_.push_back(timer_fired{timers_[i].tag});
                timers_.erase(timers_.begin() + (long)i);
            } else {
                ++i;
            }
        }
        while (!queue_.empty()) {
            app::action a = std::move(queue_.front());
            queue_.pop_front();
            dispatch(a);
        }
        driver_.settle(2);  // frames may dispatch more (and queue their results)
        if (queue_.empty()) break;
    }
}

bool runner::wait_for(const std::function<bool()>& pred, int timeout_ms) {
    const int64_t until = now_ms() + timeout_ms;
    while (true) {
        pump();
        if (pred()) return true;
        if (now_ms() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool runner::saw_host_message(const std::string& type) const {
    for (const auto& m : host_messages_) {
        auto j = nlohmann::json::parse(m, nullptr, false);
        if (j.is_object() && j.value("type", "") == type) return true;
    }
    return false;
}

}  // namespace fk::harness
