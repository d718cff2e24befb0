// Encoders for host messages (see host_events.h).
#include "host_events.h"
#include <nlohmann/json.hpp>

namespace fk::host {
using json = nlohmann::json;

namespace {
std::string envelope(const char* type, const std::string& flow_id, json payload) {
    return json{{"source", "flowkit"}, {"version", k_protocol_version}, {"type", type},
                {"flow_id", flow_id}, {"payload", std::move(payload)}}.dump();
}
}  // namespace

std::string ready(const std::string& flow_id) { return envelope("ready", flow_id, json::object()); }
std::string resize(const std::string& flow_id, int height) { return envelope("resize", flow_id, {{"height", height}}); }
std::string step_started(const std::string& flow_id, const std::string& step) {
    return envelope("step_started", flow_id, {{"step", step}});
}
std::string step_completed(const std::string& flow_id, const std::string& step, const std::string& status) {
    return envelope("step_completed", flow_id, {{"step", step}, {"status", status}});
}
std::string flow_completed(const std::string& flow_id, const std::string& user_id) {
    return envelope("flow_completed", flow_id, {{"user_id", user_id}});
}
std::string payout_created(const std::string& flow_id, const std::string& transfer_id, int64_t amount) {
    return envelope("payout_created", flow_id, {{"transfer_id", transfer_id}, {"amount", amount}});
}
std::string session_expired(const std::string& flow_id) { return envelope("session_expired", flow_id, json::object()); }
std::string error(const std::string& flow_id, const std::string& code, const std::string& message, bool retryable) {
    return envelope("error", flow_id, {{"code", code}, {"message", message}, {"retryable", retryable}});
}
std::string redirect(const std::string& flow_id, const std::string& url) { return envelope("redirect", flow_id, {{"url", url}}); }
std::string exit(const std::string& flow_id, const std::string& reason) { return envelope("exit", flow_id, {{"reason", reason}}); }

std::optional<from_host> parse_from_host(const std::string& json_text) {
    const json j = json::parse(json_text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto field = [&](const char* k) { auto it = j.find(k); return it == j.end() ? json() : *it; };
    if (field("source") != "flowkit-host" || field("version") != k_protocol_version || !field("type").is_string()) return std::nullopt;
    from_host m{field("type").get<std::string>(), std::nullopt, std::nullopt};
    const json payload = field("payload");
    if (m.type == "configure") {
        if (!payload.is_object()) return std::nullopt;
        if (auto s = payload.find("styles"); s != payload.end() && s->is_object()) m.styles_json = s->dump();
        if (auto l = payload.find("locale"); l != payload.end() && l->is_string() && l->get<std::string>().size() <= 35)
            m.locale = l->get<std::string>();
        return m;
    }
    if (m.type == "close") return m;
    return std::nullopt;
}

std::string dots_height(int height) { return json{{"height", height}}.dump(); }
std::string dots_step(const std::string& step, const std::string& status) {
    return json{{"step", step}, {"status", status}}.dump();
}

}  // namespace fk::host
