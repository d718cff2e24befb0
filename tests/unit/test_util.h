// Small builders for the unit tests: server responses as the sandbox sends them.
#pragma once
#include "flow/effects.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fk::test {
using json = nlohmann::json;

inline json widget_flow_json(std::vector<std::string> steps, std::vector<std::string> completed = {},
                             std::string user_id = "", bool authorized = false) {
    json s = json::array();
    for (auto& n : steps) s.push_back({{"name", n}, {"options", json::object()}});
    json j{{"id", "flow_1"}, {"steps", s}, {"completed_steps", completed}, {"authorized", authorized}};
    j["user_id"] = user_id.empty() ? json(nullptr) : json(user_id);
    if (!user_id.empty()) j["phone_hint"] = {{"country_code", "1"}, {"last4", "0123"}};
    return j;
}
inline http_response respond(int status, const json& body) { return {status, body.dump()}; }
inline http_response error_response(int status, const std::string& code, json extra = json::object()) {
    json e{{"code", code}, {"message", "server says " + code}};
    for (auto& [k, v] : extra.items()) e[k] = v;
    return {status, json{{"error", e}}.dump()};
}
template <class T>
std::vector<T> only(const effects& fx) {
    std::vector<T> out;
    for (const auto& e : fx)
        if (auto* p = std::get_if<T>(&e)) out.push_back(*p);
    return out;
}
inline std::vector<std::string> host_types(const effects& fx) {
    std::vector<std::string> out;
    for (const auto& p : only<post_to_host>(fx)) {
        json j = json::parse(p.message);
        out.push_back(j.contains("type") ? j["type"].get<std::string>() : "dots:" + j.dump());
    }
    return out;
}
}  // namespace fk::test
