// Messages to the host page (CONTRACT.md section 3), encoded as JSON text: the Dots-compatible
// shapes and the flowkit envelope {source:"flowkit", version:1, type, flow_id, payload}.
// Nothing personal goes in here: ids, step names, statuses, heights, codes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace fk::host {

inline constexpr int k_protocol_version = 1;

std::string ready(const std::string& flow_id);
std::string resize(const std::string& flow_id, int height);
std::string step_started(const std::string& flow_id, const std::string& step);
std::string step_completed(const std::string& flow_id, const std::string& step, const std::string& status);
std::string flow_completed(const std::string& flow_id, const std::string& user_id);
std::string session_expired(const std::string& flow_id);
std::string payout_created(const std::string& flow_id, const std::string& transfer_id, int64_t amount);
std::string error(const std::string& flow_id, const std::string& code, const std::string& message, bool retryable);
std::string redirect(const std::string& flow_id, const std::string& url);
std::string exit(const std::string& flow_id, const std::string& reason);

// Dots-compatible messages, sent beside the envelope for apps written against Dots.
std::string dots_height(int height);                                      // {"height": 480}
std::string dots_step(const std::string& step, const std::string& status);  // {"step": "...", "status": "completed"}

// Messages from the host: only {source: "flowkit-host", version: 1, type, payload} with a known
// type; anything else is nullopt (and must be ignored without side effects).
struct from_host {
    std::string type;               // "configure" | "close"
    std::optional<std::string> styles_json;  // configure: the styles object as JSON text
    std::optional<std::string> locale;       // configure
};
std::optional<from_host> parse_from_host(const std::string& json_text);

}  // namespace fk::host
